"""The recommendation pages and home panels run the same number of queries in a small and a large world: more
recommendations, each forwarded and answered with its history, more groups and agencies in the large one."""

import datetime

import pytest
from django.urls import reverse

from diaban.core.dates import today
from diaban.feedback.models import Agency, Recommendation, RecommendationGroup
from diaban.feedback.services import agency_work, groups, recording, routing
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.ical import feed_for
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.people.choices import Role
from tests.territory.test_query_counts import count_queries

D = datetime.date
TEXTS = [
    "Đường giao thông nông thôn xuống cấp, nhiều ổ gà",
    "Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn",
    "Đề nghị xét hộ cận nghèo cho gia đình khó khăn",
    "Cầu khỉ qua kênh đã mục, học sinh đi lại nguy hiểm",
]


def _world(tree, accounts, agencies, cadre_user, size: int) -> list[Recommendation]:
    staff = accounts[Role.ORGANIZATION]
    for i in range(size):  # agencies the routing form lists
        Agency.objects.create(name="Phòng thử số {}".format(i), unit=tree.district_a).topics.add(agencies.roads)
    made = []
    for i in range(size):
        unit = tree.hamlets_a[i % len(tree.hamlets_a)]
        recommendation = recording.recommendation_create(
            actor=cadre_user if unit == tree.hamlets_a[0] else staff, unit=unit,
            text="{} (số {})".format(TEXTS[i % len(TEXTS)], i), raised_on=today() - datetime.timedelta(days=30),
        )  # fmt: skip
        if i % 3 != 2:
            routing.forward(actor=staff, recommendation=recommendation, agency=agencies.transport,
                             topic=agencies.roads, on=today() - datetime.timedelta(days=29))  # fmt: skip
            agency_work.acknowledge(actor=agencies.transport_user, recommendation=recommendation)
        if i % 3 == 1:
            agency_work.answer(
                actor=agencies.transport_user, recommendation=recommendation, text="Trả lời {}".format(i)
            )
        made.append(recommendation)
    pairs = [made[i : i + 2] for i in range(0, size - 1, 6)]
    for pair in pairs:
        groups.group_create(actor=staff, recommendations=pair, title="Nhóm {}".format(pair[0].pk))
    return made


def _report(tree):
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=today(), planned_date=today(), status=MeetingStatus.HELD
    )
    attendance = Attendance.objects.create(meeting=meeting, person=tree.person_a)
    return MeetingReport.objects.create(attendance=attendance, due_date=today() + datetime.timedelta(days=5))


def _counts(client, tree, accounts, agencies, cadre_user, made, report) -> dict:
    first = made[0]
    pages = {
        (Role.ORGANIZATION, "list"): reverse("recommendation_list"),
        (Role.ORGANIZATION, "list overdue search"): reverse("recommendation_list") + "?q=duong&qua-han=1",
        (Role.ORGANIZATION, "detail"): first.get_absolute_url(),
        (Role.ORGANIZATION, "create"): reverse("recommendation_create"),
        (Role.ORGANIZATION, "similar"): reverse("recommendation_similar") + "?text=nuoc+ngot+mua+kho+xam+nhap+man",
        (Role.ORGANIZATION, "home"): reverse("home"),
        (Role.LEADER, "home"): reverse("home"),
        (Role.GRASSROOTS, "home"): reverse("home"),
        ("agency", "list"): reverse("recommendation_list"),
        ("agency", "detail"): made[0].get_absolute_url(),
        ("agency", "home"): reverse("home"),
        ("cadre", "home"): reverse("home"),
        ("cadre", "meeting report"): report.get_absolute_url(),
    }
    grouped = Recommendation.objects.filter(pk__in=[m.pk for m in made], group__isnull=False).first()
    pages[(Role.ORGANIZATION, "group")] = grouped.group.get_absolute_url()
    users = {"agency": agencies.transport_user, "cadre": cadre_user}
    counts = {}
    for (who, what), url in pages.items():
        client.force_login(users.get(who) or accounts[who])
        counts[(str(who), what)] = count_queries(client, url)
    return counts


@pytest.mark.django_db
def test_pages_do_not_grow_with_the_data(client, tree, accounts, agencies, cadre_user):
    report = _report(tree)
    feed_for(cadre_user)  # the home page makes the calendar address on the first visit
    args = (client, tree, accounts, agencies, cadre_user)
    small = _counts(*args, _world(tree, accounts, agencies, cadre_user, 12), report)
    Recommendation.objects.all().delete()
    RecommendationGroup.objects.all().delete()
    large = _counts(*args, _world(tree, accounts, agencies, cadre_user, 72), report)
    assert small == large
    assert max(large.values()) <= 35, large
