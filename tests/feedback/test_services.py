"""The life of a recommendation through the services: routing, the agency's work, deadlines in working days
against an independent count, escalation, the answer told back, groups, who sees what."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diaban.core.dates import format_date
from diaban.core.scoping import restrict
from diaban.feedback import selectors
from diaban.feedback.choices import EventAction, RaiserKind, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Recommendation
from diaban.feedback.services import agency_work, escalation, groups, recording, routing
from diaban.people.choices import Role
from diaban.people.reminders import reminder_sources
from tests.visits.test_fieldtime import HOLIDAYS_2025

D = datetime.date

# Vietnam's public holidays of 2024 as announced (Tết 08–14/02; 29/04 exchanged for Saturday 04/05), by hand.
HOLIDAYS_2024 = {
    D(2024, 1, 1),
    D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14),
    D(2024, 4, 18),
    D(2024, 4, 29), D(2024, 4, 30), D(2024, 5, 1),
    D(2024, 9, 2), D(2024, 9, 3),
}  # fmt: skip
HOLIDAYS = HOLIDAYS_2024 | HOLIDAYS_2025


def independent_deadline(start, days):
    """Step one calendar day at a time; count a day when it is Monday–Friday and not a holiday."""
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day.isoweekday() <= 5 and day not in HOLIDAYS:
            counted += 1
    return day


@pytest.fixture
def raised(tree, accounts, agencies, cadre_user):
    return recording.recommendation_create(
        actor=cadre_user,
        unit=tree.hamlets_a[0],
        text="Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ ven sông",
        source=RecommendationSource.MEETING,
        raised_on=D(2025, 1, 20),
        raiser_kind=RaiserKind.PERSON,
        raiser_name="Nguyễn Văn Tám",
        raiser_contact="0909 123 456, tổ 3",
    )


def test_the_whole_path_with_history(raised, accounts, agencies, tree, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    assert selectors.suggest_topic(raised.text) == agencies.land
    assert selectors.suggest_agency(raised.unit, agencies.land) == agencies.land_office
    forwarded = routing.forward(
        actor=staff, recommendation=raised, agency=agencies.land_office, topic=agencies.land, on=D(2025, 1, 22)
    )
    # 20 working days of Đất đai from Wednesday 22/01/2025, Tết 27–31/01 skipped.
    assert forwarded.deadline == independent_deadline(D(2025, 1, 22), 20) == D(2025, 2, 26)
    assert forwarded.status == S.FORWARDED
    with pytest.raises(PermissionDenied):
        agency_work.acknowledge(actor=agencies.transport_user, recommendation=forwarded)
    agency_work.acknowledge(actor=agencies.agency_user, recommendation=forwarded)
    agency_work.request_information(actor=agencies.agency_user, recommendation=forwarded, question="Số thửa đất?")
    with pytest.raises(PermissionDenied):
        agency_work.provide_information(actor=agencies.transport_user, recommendation=forwarded, information="x")
    agency_work.provide_information(actor=cadre_user, recommendation=forwarded, information="Thửa 112, tờ bản đồ 7")
    answered = agency_work.answer(
        actor=agencies.agency_user, recommendation=forwarded, text="Đã hướng dẫn hồ sơ; cấp trong tháng 3.",
        on=D(2025, 2, 20),
    )  # fmt: skip
    assert answered.status == S.ANSWERED
    assert answered.answered_by_name == agencies.land_office.name
    assert not answered.is_overdue(D(2025, 3, 1))
    assert [r.pk for r in selectors.answers_to_convey(tree.person_a)] == [raised.pk]
    agency_work.mark_conveyed(actor=cadre_user, recommendation=answered, on=D(2025, 3, 5))
    assert list(selectors.answers_to_convey(tree.person_a)) == []
    actions = list(raised.events.values_list("action", flat=True))
    assert actions == [
        EventAction.CREATED, EventAction.FORWARDED, EventAction.ACKNOWLEDGED, EventAction.INFO_REQUESTED,
        EventAction.INFO_PROVIDED, EventAction.ANSWERED, EventAction.CONVEYED,
    ]  # fmt: skip
    assert raised.events.get(action=EventAction.FORWARDED).actor == staff
    assert raised.events.get(action=EventAction.INFO_PROVIDED).comment == "Thửa 112, tờ bản đồ 7"


def test_deadlines_and_overdue_equal_an_independent_count(tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    generator = random.Random(6)
    topics = [agencies.land, agencies.roads, agencies.water]
    for _case in range(40):
        start = D(2024, 1, 2) + datetime.timedelta(days=generator.randrange(0, 700))
        topic = generator.choice(topics)
        recommendation = recording.recommendation_create(
            actor=cadre_user, unit=tree.hamlets_a[0], text="Kiến nghị {}".format(_case), raised_on=start
        )
        agency = agencies.land_office if topic == agencies.land else agencies.transport
        if topic == agencies.water:
            agency = agencies.commune_committee
        routing.forward(actor=staff, recommendation=recommendation, agency=agency, topic=topic, on=start)
        recommendation.refresh_from_db()
        expected = independent_deadline(start, topic.deadline_days)
        assert recommendation.deadline == expected, (start, topic.name)
        # Overdue from the day after the deadline, never on it.
        assert not recommendation.is_overdue(expected)
        assert recommendation.is_overdue(expected + datetime.timedelta(days=1))
        ids = set(Recommendation.objects.filter(selectors.overdue_q(expected)).values_list("pk", flat=True))
        assert recommendation.pk not in ids
        ids = set(
            Recommendation.objects.filter(selectors.overdue_q(expected + datetime.timedelta(days=1))).values_list(
                "pk", flat=True
            )
        )
        assert recommendation.pk in ids


def test_forward_refuses_an_agency_that_does_not_serve_the_unit(raised, accounts, agencies):
    staff = accounts[Role.ORGANIZATION]
    with pytest.raises(ValidationError) as error:
        routing.forward(actor=staff, recommendation=raised, agency=agencies.foreign, topic=agencies.land)
    assert "không phụ trách" in str(error.value)
    with pytest.raises(ValidationError) as error:
        routing.forward(actor=staff, recommendation=raised, agency=agencies.land_office)
    assert "lĩnh vực" in str(error.value)
    with pytest.raises(PermissionDenied):
        routing.forward(
            actor=accounts[Role.LEADER], recommendation=raised, agency=agencies.land_office, topic=agencies.land
        )
    raised.refresh_from_db()
    assert raised.status == S.NEW and raised.agency is None


def test_returned_as_not_its_own_goes_back_and_is_routed_again(raised, accounts, agencies):
    staff = accounts[Role.ORGANIZATION]
    routing.forward(actor=staff, recommendation=raised, agency=agencies.transport, topic=agencies.land,
                     on=D(2025, 2, 3))  # fmt: skip
    with pytest.raises(ValidationError):
        agency_work.return_to_sender(actor=agencies.transport_user, recommendation=raised, reason="")
    agency_work.return_to_sender(
        actor=agencies.transport_user, recommendation=raised, reason="Việc cấp giấy thuộc ngành tài nguyên"
    )
    raised.refresh_from_db()
    assert raised.status == S.RETURNED and raised.agency is None and raised.deadline is None
    event = raised.events.get(action=EventAction.RETURNED)
    assert event.agency == agencies.transport and event.actor == agencies.transport_user
    # The transport department no longer sees it; the land department sees it once forwarded there.
    assert not restrict(Recommendation.objects.all(), agencies.transport_user).filter(pk=raised.pk).exists()
    routing.forward(actor=staff, recommendation=raised, agency=agencies.land_office, on=D(2025, 2, 5))
    raised.refresh_from_db()
    assert raised.deadline == independent_deadline(D(2025, 2, 5), 20)
    assert restrict(Recommendation.objects.all(), agencies.agency_user).filter(pk=raised.pk).exists()


def test_agency_accounts_see_only_their_queue(raised, tree, accounts, agencies, cadre_user):
    other = recording.recommendation_create(actor=cadre_user, unit=tree.hamlets_a[0], text="Đường ấp 1 sạt lở")
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=other, agency=agencies.transport,
                     topic=agencies.roads)  # fmt: skip
    assert list(restrict(Recommendation.objects.all(), agencies.agency_user)) == []
    assert list(restrict(Recommendation.objects.all(), agencies.transport_user)) == [other]
    # Everyone else keeps the unit scope.
    assert restrict(Recommendation.objects.all(), accounts[Role.LEADER]).count() == 2


def test_personal_data_only_for_those_who_need_it(raised, accounts, agencies, cadre_user):
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.land_office,
                     topic=agencies.land)  # fmt: skip
    for user in (accounts[Role.ORGANIZATION], cadre_user, accounts[Role.ADMINISTRATOR]):
        assert selectors.can_see_personal_data(user, raised)
        assert "Nguyễn Văn Tám" in selectors.raiser_label(user, raised)
    for user in (accounts[Role.LEADER], accounts[Role.GRASSROOTS], agencies.agency_user):
        assert not selectors.can_see_personal_data(user, raised)
        assert selectors.raiser_label(user, raised) == "cá nhân (thông tin cá nhân được bảo vệ)"


def test_long_overdue_goes_to_the_standing_committee_once_with_the_reason(raised, accounts, agencies):
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.land_office,
                     topic=agencies.land, on=D(2025, 1, 22))  # fmt: skip
    raised.refresh_from_db()
    deadline = raised.deadline
    first_day = independent_deadline(deadline, agencies.land.escalate_after_days + 1)
    assert escalation.escalation_day(raised) == first_day
    assert escalation.escalate_overdue(first_day - datetime.timedelta(days=1)) == []
    escalated = escalation.escalate_overdue(first_day)
    assert [r.pk for r in escalated] == [raised.pk]
    raised.refresh_from_db()
    assert raised.status == S.ESCALATED and raised.agency == agencies.land_office
    event = raised.events.get(action=EventAction.AUTO_ESCALATED)
    assert event.actor is None
    assert "quá hạn 11 ngày làm việc" in event.comment and agencies.land_office.name in event.comment
    assert "(hạn {};".format(format_date(deadline)) in event.comment  # the deadline missed, not the new one
    assert escalation.escalate_overdue(first_day + datetime.timedelta(days=5)) == []
    # The leader who sees the unit decides it.
    agency_work.answer(actor=accounts[Role.LEADER], recommendation=raised, text="Giao UBND huyện xử lý dứt điểm.")
    raised.refresh_from_db()
    assert raised.answered_by_name.startswith("Thường trực cấp ủy")


def test_remind_tells_the_agency_of_overdue_ones_once(raised, accounts, agencies):
    from diaban.meetings.reminders import remind
    from diaban.people.models import Notification

    assert any(source.__name__ == "recommendation_reminders" for source in reminder_sources())
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.land_office,
                     topic=agencies.land, on=D(2025, 1, 22))  # fmt: skip
    raised.refresh_from_db()
    day = raised.deadline + datetime.timedelta(days=1)
    remind(day)
    remind(day)
    notes = Notification.objects.filter(user=agencies.agency_user, key__startswith="recommendation-overdue")
    assert notes.count() == 1
    assert "quá hạn" in notes.get().text


def test_a_group_answer_reaches_every_unit(tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    first = recording.recommendation_create(
        actor=staff, unit=tree.hamlets_a[0], text="Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn"
    )
    second = recording.recommendation_create(
        actor=staff, unit=tree.hamlets_a[2], text="Mùa hạn mặn bà con không có nước sạch để dùng"
    )
    with pytest.raises(ValidationError):
        groups.group_create(actor=staff, recommendations=[first], title="Nước ngọt mùa khô")
    group = groups.group_create(actor=staff, recommendations=[first, second], title="Nước ngọt mùa khô")
    assert group.unit == tree.district_a  # the smallest unit holding both communes
    groups.group_answer(actor=staff, group=group, text="Tỉnh bố trí xe chở nước ngọt và bồn chứa.")
    for member in (first, second):
        member.refresh_from_db()
        assert member.status == S.ANSWERED and member.answer == "Tỉnh bố trí xe chở nước ngọt và bồn chứa."
    assert {r.pk for r in selectors.answers_for_unit(tree.communes_a[1])} == {second.pk}


def test_similar_ones_come_first(tree, accounts, agencies):
    staff = accounts[Role.ORGANIZATION]
    texts = [
        "Đường giao thông nông thôn ấp 3 xuống cấp, nhiều ổ gà",
        "Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn",
        "Đề nghị xem xét hộ cận nghèo cho gia đình bà Tư",
        "Trạm bơm nước sạch của xã hư hỏng, người dân thiếu nước ngọt mùa hạn mặn",
    ]
    made = [recording.recommendation_create(actor=staff, unit=tree.hamlets_a[1], text=t) for t in texts]
    found = selectors.similar_recommendations(staff, "nuoc ngot mua kho bi man, dan thieu nuoc sinh hoat")
    assert [r.pk for r in found[:2]] == [made[1].pk, made[3].pk]
    assert made[2].pk not in [r.pk for r in found]
    assert all(0 < r.similarity <= 1 for r in found)
