"""The recommendation pages as their users meet them: recording with similar ones shown, routing with the
suggested agency, the agency's queue and its work, the answer seen by the cadre and the grassroots and told back
at a cell meeting, groups, personal data, and clear messages for bad input."""

import datetime

import pytest
from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.feedback.choices import EventAction, RaiserKind, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Recommendation
from diaban.feedback.services import agency_work, recording, routing
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.people.choices import Role

D = datetime.date


@pytest.fixture
def raised(tree, accounts, agencies, cadre_user):
    return recording.recommendation_create(
        actor=cadre_user,
        unit=tree.hamlets_a[0],
        text="Đường đal ấp 1 bị sạt lở, đề nghị sửa chữa trước mùa mưa",
        source=RecommendationSource.MEETING,
        raised_on=today() - datetime.timedelta(days=3),
        raiser_kind=RaiserKind.PERSON,
        raiser_name="Lê Văn Bảy",
        raiser_contact="0918 000 111",
    )


def _page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_record_shows_similar_ones_and_names_missing_fields(client, tree, accounts, agencies, cadre_user, raised):
    client.force_login(cadre_user)
    similar = client.get(reverse("recommendation_similar"), {"text": "duong dal ap bi sat lo can sua chua"})
    assert similar.status_code == 200
    assert 'data-similar="{}"'.format(raised.pk) in similar.content.decode()
    form = client.get(reverse("recommendation_create"))
    assert tree.hamlets_a[0].name in form.content.decode()  # the unit the cadre follows, offered first
    bad = client.post(reverse("recommendation_create"), {"text": "", "source": "direct", "raised_on": "31/02/2025"})
    body = bad.content.decode()
    assert bad.status_code == 200 and "Cần ghi nội dung kiến nghị." in body
    assert "Ngày không hợp lệ" in body and "Cần chọn địa bàn" in body
    future = format_date(today() + datetime.timedelta(days=2))
    bad = client.post(
        reverse("recommendation_create"),
        {"unit": tree.hamlets_a[0].pk, "text": "Thiếu đèn đường", "source": "direct", "raised_on": future},
    )
    assert "chưa tới" in bad.content.decode()
    assert Recommendation.objects.count() == 1
    done = client.post(
        reverse("recommendation_create"),
        {"unit": tree.hamlets_a[0].pk, "text": "Thiếu đèn đường tổ 5", "source": "direct",
         "raised_on": format_date(today())},
    )  # fmt: skip
    created = Recommendation.objects.get(text="Thiếu đèn đường tổ 5")
    assert done.status_code == 302 and done["Location"] == created.get_absolute_url()
    assert created.carried_by == tree.person_a and created.status == S.NEW


def test_a_unit_outside_the_cadres_scope_is_refused(client, tree, cadre_user, agencies):
    client.force_login(cadre_user)
    response = client.post(
        reverse("recommendation_create"),
        {"unit": tree.hamlets_b[0].pk, "text": "Kiến nghị", "source": "direct", "raised_on": format_date(today())},
    )
    assert "Cần chọn địa bàn" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_staff_route_with_the_suggested_agency_and_the_agency_answers(client, tree, accounts, agencies, raised):
    staff = accounts[Role.ORGANIZATION]
    page = _page(client, staff, raised.get_absolute_url()).content.decode()
    # Roads in a commune of A: the commune's People's Committee is the nearest agency for the topic.
    assert 'value="{}" selected>UBND Xã Đức Hòa A — gợi ý'.format(agencies.commune_committee.pk) in page
    assert "Lê Văn Bảy" in page and "0918 000 111" in page
    response = client.post(
        raised.get_absolute_url(),
        {"action": "forward", "agency": agencies.transport.pk, "topic": agencies.roads.pk, "on": format_date(today())},
    )
    assert response.status_code == 302
    raised.refresh_from_db()
    assert raised.agency == agencies.transport and raised.status == S.FORWARDED
    # The transport department's account finds it in its queue, and works it.
    queue = _page(client, agencies.transport_user, reverse("recommendation_list")).content.decode()
    assert 'data-recommendation="{}"'.format(raised.pk) in queue
    detail = client.get(raised.get_absolute_url()).content.decode()
    assert "Lê Văn Bảy" not in detail and "0918 000 111" not in detail and "được bảo vệ" in detail
    client.post(raised.get_absolute_url(), {"action": "acknowledge"})
    empty = client.post(raised.get_absolute_url(), {"action": "answer", "text": ""})
    assert empty.status_code == 400 and "Cần ghi nội dung." in empty.content.decode()
    client.post(raised.get_absolute_url(), {"action": "answer", "text": "Đã bố trí kinh phí sửa trong tháng tới.",
                                            "on": format_date(today())})  # fmt: skip
    raised.refresh_from_db()
    assert raised.status == S.ANSWERED and raised.answered_by_name == agencies.transport.name
    history = [e.action for e in raised.events.all()]
    assert history == [EventAction.CREATED, EventAction.FORWARDED, EventAction.ACKNOWLEDGED, EventAction.ANSWERED]


def test_an_agency_neither_lists_nor_opens_nor_acts_outside_its_queue(client, tree, accounts, agencies, raised):
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.transport,
                     topic=agencies.roads)  # fmt: skip
    client.force_login(agencies.agency_user)  # the land department's account
    queue = client.get(reverse("recommendation_list")).content.decode()
    assert 'data-recommendation="{}"'.format(raised.pk) not in queue
    assert client.get(raised.get_absolute_url()).status_code == 404
    assert client.post(raised.get_absolute_url(), {"action": "answer", "text": "x"}).status_code == 404
    raised.refresh_from_db()
    assert raised.status == S.FORWARDED


def test_the_agency_returns_what_is_not_its_own(client, accounts, agencies, raised):
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.transport,
                     topic=agencies.roads)  # fmt: skip
    client.force_login(agencies.transport_user)
    refused = client.post(raised.get_absolute_url(), {"action": "return", "text": ""})
    assert refused.status_code == 400
    client.post(raised.get_absolute_url(), {"action": "return", "text": "Đường ấp do UBND xã quản lý"})
    assert client.get(raised.get_absolute_url()).status_code == 404  # no longer in its queue
    staff_page = _page(client, accounts[Role.ORGANIZATION], reverse("recommendation_list"), xem="cho-phan-loai")
    assert 'data-recommendation="{}"'.format(raised.pk) in staff_page.content.decode()
    detail = client.get(raised.get_absolute_url()).content.decode()
    assert "Đường ấp do UBND xã quản lý" in detail and "Cơ quan đã trả lại" in detail


def test_others_see_no_action_and_cannot_post_one(client, accounts, agencies, raised):
    for role in (Role.LEADER, Role.GRASSROOTS):
        client.force_login(accounts[role])
        page = client.get(raised.get_absolute_url()).content.decode()
        assert 'value="forward"' not in page and "Lê Văn Bảy" not in page
        response = client.post(raised.get_absolute_url(), {"action": "forward", "agency": agencies.transport.pk,
                                                            "topic": agencies.roads.pk})  # fmt: skip
        assert response.status_code == 403
    raised.refresh_from_db()
    assert raised.status == S.NEW


def test_the_answer_reaches_the_cadre_and_the_cell_and_is_told_at_the_meeting(
    client, tree, accounts, agencies, cadre_user, raised
):
    routing.forward(actor=accounts[Role.ORGANIZATION], recommendation=raised, agency=agencies.transport,
                     topic=agencies.roads)  # fmt: skip
    agency_work.answer(actor=agencies.transport_user, recommendation=raised, text="Sở sẽ sửa đoạn sạt lở trong quý.")
    home = _page(client, cadre_user, reverse("home")).content.decode()
    assert "Sở sẽ sửa đoạn sạt lở trong quý." in home and "cần thông tin lại cho cơ sở" in home
    secretary_home = _page(client, accounts[Role.GRASSROOTS], reverse("home")).content.decode()
    assert "Sở sẽ sửa đoạn sạt lở trong quý." in secretary_home
    # The cadre's next meeting of the hamlet's cell: its report lists the answer to tell.
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=today(), planned_date=today(), status=MeetingStatus.HELD
    )
    attendance = Attendance.objects.create(meeting=meeting, person=tree.person_a)
    report = MeetingReport.objects.create(attendance=attendance, due_date=today() + datetime.timedelta(days=5))
    client.force_login(cadre_user)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-answer="{}"'.format(raised.pk) in page
    client.post(report.get_absolute_url(), {"action": "convey", "recommendation": raised.pk})
    raised.refresh_from_db()
    assert raised.conveyed_on == today() and raised.conveyed_by == tree.person_a
    assert list(report.answers_conveyed.all()) == [raised]
    assert 'data-conveyed="{}"'.format(raised.pk) in client.get(report.get_absolute_url()).content.decode()


def test_search_ignores_accents_and_overdue_ones_are_flagged(client, tree, accounts, agencies, raised):
    staff = accounts[Role.ORGANIZATION]
    routing.forward(actor=staff, recommendation=raised, agency=agencies.transport, topic=agencies.roads,
                     on=today() - datetime.timedelta(days=3))  # fmt: skip
    Recommendation.objects.filter(pk=raised.pk).update(deadline=today() - datetime.timedelta(days=1))
    page = _page(client, staff, reverse("recommendation_list"), q="sat lo").content.decode()
    assert 'data-recommendation="{}"'.format(raised.pk) in page and "quá hạn" in page
    assert (
        'data-recommendation="{}"'.format(raised.pk)
        not in client.get(reverse("recommendation_list"), {"q": "nuoc ngot"}).content.decode()
    )
    overdue = client.get(reverse("recommendation_list"), {"qua-han": "1"}).content.decode()
    assert 'data-recommendation="{}"'.format(raised.pk) in overdue


def test_staff_group_similar_ones_and_answer_them_together(client, tree, accounts, agencies):
    staff = accounts[Role.ORGANIZATION]
    first = recording.recommendation_create(actor=staff, unit=tree.hamlets_a[0],
                                           text="Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn")  # fmt: skip
    second = recording.recommendation_create(actor=staff, unit=tree.hamlets_a[2],
                                            text="Mùa hạn mặn bà con không có nước ngọt sinh hoạt")  # fmt: skip
    client.force_login(staff)
    page = client.get(first.get_absolute_url()).content.decode()
    assert 'data-similar="{}"'.format(second.pk) in page
    client.post(first.get_absolute_url(), {"action": "group", "others": [second.pk], "title": "Nước ngọt mùa khô"})
    first.refresh_from_db()
    assert first.group is not None and first.group.members.count() == 2
    group_url = first.group.get_absolute_url()
    client.post(group_url, {"action": "answer", "text": "Tỉnh bố trí bồn chứa nước cho các hộ.",
                            "on": format_date(today())})  # fmt: skip
    for member in (first, second):
        member.refresh_from_db()
        assert member.status == S.ANSWERED
    assert "Tỉnh bố trí bồn chứa nước cho các hộ." in client.get(group_url).content.decode()
