"""The trends page, its Excel file and its API run the same number of queries for a province with a handful of
recommendations and for one with twelve hundred over many more units; the API is described in the OpenAPI
schema."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from diaban.feedback.choices import AuthorityLevel, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Agency, Recommendation, Topic
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.territory.models import Unit
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date
PERIOD = {"tu": "01/01/2024", "den": "31/12/2024"}


def _world(province: Unit, size: int, tag: str) -> dict:
    """Three agencies of the province, each answering some topics, with an account; `size` recommendations over
    its units in 2024: a third answered, a third with an agency (half of them overdue), a third never forwarded."""
    topics = list(Topic.objects.filter(is_active=True))
    agencies = [Agency.objects.create(name="Sở {} số {}".format(tag, i), unit=province) for i in range(3)]
    for i, agency in enumerate(agencies):
        agency.topics.set(topics[i::3])
    agency_user = account_upsert(
        username="cq-" + tag, password="x-123456789", role=Role.AGENCY, view_units=[province]
    ).user
    agencies[0].members.add(agency_user)
    units = list(Unit.objects.within(province).order_by("path"))
    rows = []
    for i in range(size):
        raised = D(2024, 1, 1) + datetime.timedelta(days=(i * 7) % 360)
        fields = {"topic": topics[i % len(topics)] if i % 11 else None}
        agency = agencies[i % 3]
        if i % 3 == 0:
            fields.update(status=S.ANSWERED, level=AuthorityLevel.AGENCY, agency=agency, forwarded_on=raised,
                          deadline=raised + datetime.timedelta(days=28), answer="Đã trả lời",
                          answered_on=raised + datetime.timedelta(days=3 + i % 40))  # fmt: skip
        elif i % 3 == 1:
            fields.update(status=S.ACKNOWLEDGED, level=AuthorityLevel.AGENCY, agency=agency, forwarded_on=raised,
                          deadline=raised + datetime.timedelta(days=14 if i % 2 else 400))  # fmt: skip
        rows.append(
            Recommendation(
                unit=units[(i * 37) % len(units)],
                text="Kiến nghị {} số {}".format(tag, i),
                source=RecommendationSource.MEETING,
                raised_on=raised,
                **fields,
            )  # fmt: skip
        )
    Recommendation.objects.bulk_create(rows, batch_size=1000)
    return {"province": province, "agency_user": agency_user}


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small = _world(build_province(100, "01"), 4, "nho")
    large = _world(build_province(1_000, "02"), 1_200, "lon")
    staff = account_upsert(
        username="tc", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small["province"],
                                                                                       large["province"]],
    ).user  # fmt: skip
    pages = {
        "page": lambda w: "{}?don-vi={}&tu={}&den={}".format(
            reverse("recommendation_trends"), w["province"].pk, PERIOD["tu"], PERIOD["den"]
        ),
        "page, a district": lambda w: "{}?don-vi={}".format(
            reverse("recommendation_trends"), w["province"].children.order_by("path").first().pk
        ),
        "excel": lambda w: "{}?don-vi={}&tu={}&den={}".format(
            reverse("recommendation_trends_excel"), w["province"].pk, PERIOD["tu"], PERIOD["den"]
        ),
        "api": lambda w: "{}?tu={}&den={}".format(
            reverse("api:recommendation-trend-detail", args=[w["province"].pk]), PERIOD["tu"], PERIOD["den"]
        ),
    }
    measured = {}
    for who in ("staff", "agency"):
        for name, make_url in pages.items():
            counts = []
            for world in (small, large):
                client.force_login(staff if who == "staff" else world["agency_user"])
                counts.append(count_queries(client, make_url(world)))
            measured["{} ({})".format(name, who)] = counts
            assert counts[0] == counts[1] and counts[0] <= 15, (name, who, counts)
    print("\nSố truy vấn (nhỏ, lớn):", measured)
    # The large province's figures really are large, in the Vietnamese way.
    client.force_login(staff)
    html = client.get(pages["page"](large)).content.decode()
    assert re.search(r"data-total>1\.200<", html)


@pytest.mark.django_db
def test_the_openapi_description_documents_the_trends(client, tmp_path, accounts):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    client.force_login(accounts[Role.ORGANIZATION])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/recommendation-trends/{id}/"]["get"]
    assert {"tu", "den"} <= {p["name"] for p in operation["parameters"]}
    trends = schema["components"]["schemas"]["RecommendationTrends"]["properties"]
    assert {"from", "to", "by_topic", "by_unit", "by_month", "by_agency", "lead_time_by_agency", "oldest_open",
            "heat"} <= set(trends)  # fmt: skip
