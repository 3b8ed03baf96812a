"""A list page and its API filter through one FilterSet: for the same filter, on the demo, they hold the same rows in
the same order (the page names its parameters in Vietnamese)."""

import pytest
from django.contrib.auth import get_user_model

from diaban.feedback.models import Recommendation, Topic
from diaban.visits.models import VisitPlan


@pytest.fixture
def staff(demo, db, client):
    client.force_login(get_user_model().objects.get(username="tochuc"))
    return client


def _page_rows(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    context = response.context
    return context["paginator"].count, [row.pk for row in context["object_list"]]


def _api_rows(client, url, params, first: int):
    response = client.get(url, {**params, "page_size": first})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return body["count"], [row["id"] for row in body["results"]]


def _topic(name: str) -> str:
    return str(Topic.objects.get(name=name).pk)


RECOMMENDATION_FILTERS = [
    # (page parameters, API parameters)
    ({"q": "ba tri"}, {"q": "ba tri"}),  # a unit's name, without accents: the page searched it, the API did not
    ({"q": "duong"}, {"q": "duong"}),
    ({"linh-vuc": "Đất đai"}, {"topic": "Đất đai"}),
    ({"nguon": "meeting", "qua-han": "1"}, {"source": "meeting", "overdue": "true"}),
    ({"xem": "thuong-truc"}, {"view": "thuong-truc"}),
    ({"xem": "chua-thong-tin-lai", "q": "nuoc"}, {"view": "chua-thong-tin-lai", "q": "nuoc"}),
]


@pytest.mark.parametrize(("page_params", "api_params"), RECOMMENDATION_FILTERS)
def test_recommendations_page_and_api_list_the_same_rows(staff, page_params, api_params):
    page_params, api_params = dict(page_params), dict(api_params)
    if "linh-vuc" in page_params:
        page_params["linh-vuc"] = api_params["topic"] = _topic(page_params["linh-vuc"])
    count, rows = _page_rows(staff, "/kien-nghi/", page_params)
    assert (count, rows) == _api_rows(staff, "/api/recommendations/", api_params, len(rows) or 1)
    assert 0 < count < Recommendation.objects.count()  # the filter keeps some rows and drops others


PLAN_FILTERS = [
    ({"xem": "tat-ca", "q": "ba tri"}, {"q": "ba tri"}),  # a unit visited: the page searched it, the API did not
    ({"xem": "tat-ca", "q": "OWNER"}, {"q": "OWNER"}),  # an owner's code: the API matched it, the page did not
    ({"xem": "tat-ca", "nam": "2025", "thang": "3"}, {"from": "01/03/2025", "to": "31/03/2025"}),
    ({"xem": "tat-ca", "tinh_trang": "returned"}, {"returned": "true"}),
    ({"xem": "tat-ca", "tinh_trang": "approved", "q": "an hiep"}, {"status": "approved", "q": "an hiep"}),
]


@pytest.mark.parametrize(("page_params", "api_params"), PLAN_FILTERS)
def test_visit_plans_page_and_api_list_the_same_rows(staff, page_params, api_params):
    if page_params.get("q") == "OWNER":
        code = VisitPlan.objects.order_by("start_date", "id").values_list("owner__code", flat=True).first()
        page_params, api_params = {**page_params, "q": code}, {**api_params, "q": code}
    count, rows = _page_rows(staff, "/di-co-so/", page_params)
    assert (count, rows) == _api_rows(staff, "/api/visit-plans/", api_params, len(rows) or 1)
    assert 0 < count < VisitPlan.objects.count()


def test_a_bad_filter_on_the_page_is_told_not_a_server_error(staff):
    response = staff.get("/kien-nghi/", {"linh-vuc": "99999999999999999999", "xem": "khong-co"})
    assert response.status_code == 200
    assert 'class="alert alert-warning"' in response.content.decode()
