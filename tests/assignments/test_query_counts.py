"""Pages and endpoints of people, assignments and coverage run the same number of queries at two data sizes."""

import datetime

import pytest
from django.urls import reverse

from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.models import Unit
from tests.territory.test_query_counts import build_province, count_queries

START = datetime.date(2021, 1, 4)


def staff_people(province: Unit) -> Unit:
    """A district cadre for every second hamlet, each following two hamlets, and a provincial cadre per commune."""
    hamlets = list(Unit.objects.within(province).filter(level__key="hamlet").order_by("path"))
    communes = list(Unit.objects.within(province).filter(level__key="commune").order_by("path"))
    district = Unit.objects.within(province).filter(level__key="district").order_by("path").first()
    titles = {t.level.key: t for t in PositionTitle.objects.filter(name__in=["Trưởng phòng", "Tỉnh ủy viên"])}
    people = []
    for i in range(len(hamlets) // 2):
        people.append(
            Person(code="{}-H{}".format(province.code, i), full_name="Lê Văn Số {}".format(i), home_unit=district)
        )
    for i in range(len(communes)):
        people.append(
            Person(code="{}-T{}".format(province.code, i), full_name="Trần Thị Tỉnh {}".format(i), home_unit=province)
        )
    for person in people:
        person.fill_keys()
    people = Person.objects.bulk_create(people, batch_size=2000)
    Position.objects.bulk_create(
        [
            Position(person=p, title=titles["district" if "-H" in p.code else "province"], start_date=START)
            for p in people
        ],
        batch_size=2000,
    )
    district_people = [p for p in people if "-H" in p.code]
    assignments = [
        Assignment(person=district_people[i // 2 % len(district_people)], unit=h, start_date=START)
        for i, h in enumerate(hamlets[: len(district_people) * 2])
    ]
    province_people = [p for p in people if "-T" in p.code]
    assignments += [
        Assignment(person=p, unit=c, start_date=START) for p, c in zip(province_people, communes, strict=True)
    ]
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    AssignmentEvent.objects.bulk_create(
        [AssignmentEvent(assignment=a, action="created") for a in assignments], batch_size=2000
    )
    return district


def count_queries_htmx(client, url, target) -> int:
    """Queries of one lazily loaded part of a page (an htmx request naming its target)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
    assert response.status_code == 200 and b"<html" not in response.content
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small = build_province(100, "01")
    large = build_province(3_000, "02")
    districts = [staff_people(small), staff_people(large)]
    assert (
        Assignment.objects.filter(unit__path__startswith=large.path).count()
        > 10 * Assignment.objects.filter(unit__path__startswith=small.path).count()
    )
    account = account_upsert(
        username="do", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small, large]
    )
    client.force_login(account.user)

    def per_size(make_url):
        return [count_queries(client, make_url(p)) for p in (small, large)]

    samples = {
        p.pk: Assignment.objects.filter(unit__path__startswith=p.path).order_by("id").first() for p in (small, large)
    }
    people = {p.pk: samples[p.pk].person for p in (small, large)}
    checks = {
        "coverage": lambda p: reverse("coverage_detail", kwargs={"pk": p.pk}) + "?ngay=01/06/2021",
        "coverage district": lambda p: reverse("coverage_detail", kwargs={"pk": districts[p.code == "02"].pk}),
        "api coverage": lambda p: reverse("api:coverage-detail", kwargs={"pk": p.pk}) + "?date=01/06/2021",
        "person list": lambda p: reverse("person_list") + "?home_unit={}".format(p.pk),
        "assignment list": lambda p: reverse("assignment_list") + "?within={}".format(p.pk),
        "api people": lambda p: reverse("api:person-list") + "?home_unit={}".format(p.pk),
        "api assignments": lambda p: reverse("api:assignment-list") + "?within={}".format(p.pk),
        "person detail": lambda p: reverse("person_detail", kwargs={"pk": people[p.pk].pk}),
        "assignment detail": lambda p: reverse("assignment_detail", kwargs={"pk": samples[p.pk].pk}),
        "api assignment history": lambda p: reverse("api:assignment-history", kwargs={"pk": samples[p.pk].pk}),
    }
    for part in ("uncovered", "coverage-people"):
        counts = [
            count_queries_htmx(client, reverse("coverage_detail", kwargs={"pk": p.pk}) + "?ngay=01/06/2021", part)
            for p in (small, large)
        ]
        assert counts[0] == counts[1] and counts[0] <= 10, (part, counts)
    for name, make_url in checks.items():
        counts = per_size(make_url)
        assert counts[0] == counts[1], (name, counts)
        assert counts[0] <= 20, (name, counts)
    assert count_queries(client, reverse("assignment_moves")) <= 10
