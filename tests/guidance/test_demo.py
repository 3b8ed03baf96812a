"""The Bến Tre demo's guidance, drafts and review sessions: monthly guidance with partial read receipts, drafts
of Ba Tri's communes with comments and silences, four quarterly sessions, and the demo accounts' pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.guidance import load_guidance
from diaban.guidance.choices import period_label
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.guidance.selectors import guidance_audience, session_members
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE


def _silent(*_args):
    pass


@pytest.fixture
def ben_tre(demo, db):
    return Unit.objects.get(level__key="province", code="83", valid_from=None)


def test_monthly_guidance_with_partial_receipts(ben_tre):
    ba_tri = ben_tre.children.get(code="836")
    guidance = list(Guidance.objects.filter(published_on__lt=REFORM_DATE).order_by("published_on", "unit__code"))
    months = sorted({(g.published_on.year, g.published_on.month) for g in guidance})
    assert months == [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 7)]
    assert sorted({g.unit_id for g in guidance}) == sorted([ben_tre.pk, ba_tri.pk]) and len(guidance) == 24
    # The recipients are those the app would choose on the day.
    first = guidance[0]
    assert set(first.recipients.values_list("person_id", flat=True)) == set(
        guidance_audience(first.unit, first.published_on).values_list("pk", flat=True)
    )
    counts = Guidance.objects.annotate(read=Count("recipients", filter=Q(recipients__read_at__isnull=False)))
    for g in counts:
        assert 0 < g.read < g.recipient_count, g.title  # most have read it, not everyone
        assert g.recipient_count == g.recipients.count()
    total = sum(g.recipient_count for g in counts)
    assert 0.75 < sum(g.read for g in counts) / total < 0.95
    # Some cadres never open any guidance at all.
    never = (
        GuidanceRecipient.objects.values("person")
        .annotate(received=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)))
        .filter(received__gte=12, read=0)
    )
    assert never.count() > 50
    # Reading follows publication.
    assert not GuidanceRecipient.objects.filter(read_at__lt=first.published_at, guidance=first).exists()


def test_demo_cadre_has_unread_guidance_and_recorded_what_he_conveyed(client, ben_tre):
    canbo = get_user_model().objects.get(username="canbo")
    unread = GuidanceRecipient.objects.filter(person__code=DEMO_CADRE, read_at__isnull=True)
    # June 2025's, and today's Vĩnh Long's of this month (see the next test).
    assert {(r.guidance.published_on.year, r.guidance.published_on.month) for r in unread} == {(2025, 6), (2026, 11)}
    client.force_login(canbo)
    home = client.get(reverse("home")).content.decode()
    assert "Định hướng chưa đọc ({})".format(unread.count()) in home
    links = GuidanceConveyed.objects.filter(person__code=DEMO_CADRE).select_related("guidance", "meeting_report")
    assert links.count() >= 6
    for link in links:
        assert link.guidance.published_on <= link.conveyed_on == link.meeting_report.attendance.meeting.date
    page = client.get(reverse("conveyed_meeting_report", kwargs={"pk": links[0].meeting_report_id})).content.decode()
    assert 'value="{}" id="g-{}" checked'.format(links[0].guidance_id, links[0].guidance_id) in page
    assert GuidanceConveyed.objects.exclude(person__code=DEMO_CADRE).exists()


def test_vinh_long_sends_guidance_after_the_reform_to_the_cadres_of_its_communes_and_hamlets(ben_tre):
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    after = list(Guidance.objects.filter(published_on__gte=REFORM_DATE).order_by("published_on"))
    assert {(g.unit_id, g.issuer) for g in after} == {(vinh_long.pk, "Ban Thường vụ Tỉnh ủy Vĩnh Long")}
    months = [(g.published_on.year, g.published_on.month) for g in after]
    assert months[0] == (2025, 7) and months[-1] == (2026, 11) and len(months) == len(set(months)) == 17
    latest = after[-1]
    assert set(latest.recipients.values_list("person_id", flat=True)) == set(
        guidance_audience(vinh_long, latest.published_on).values_list("pk", flat=True)
    )
    # The demo cadre, on Xã Ba Tri's party committee and following one of its hamlets from 15/07/2025, receives all
    # that was sent from that day, has the latest to read, and recorded in his reports what he conveyed at the
    # hamlet's meetings.
    following = Assignment.objects.filter(person__code=DEMO_CADRE).filter(subtree_q("unit__path", vinh_long.path))
    since = following.aggregate(first=Min("start_date"))["first"]
    assert since == datetime.date(2025, 7, 15)
    mine = GuidanceRecipient.objects.filter(person__code=DEMO_CADRE, guidance__in=after)
    assert {r.guidance for r in mine} == {g for g in after if g.published_on >= since}
    assert [r.guidance for r in mine.filter(read_at__isnull=True)] == [latest]
    assert GuidanceConveyed.objects.filter(person__code=DEMO_CADRE, guidance__in=after).count() >= 3


def test_drafts_of_ba_tri_communes_with_comments_and_silences(client, ben_tre):
    ba_tri = ben_tre.children.get(code="836")
    drafts = list(DraftDocument.objects.select_related("unit"))
    communes = [d for d in drafts if d.unit.level.key == "commune"]
    assert len(communes) >= 6 and all(d.unit.parent_id == ba_tri.pk for d in communes)
    assert all(d.sent_on <= d.deadline and d.recipient_count == d.recipients.count() > 0 for d in drafts)
    answered = {
        d.pk: d.recipients.filter(person__in=DraftComment.objects.filter(document=d).values("person")).count()
        for d in drafts
    }
    assert sum(answered.values()) > 0
    assert any(answered[d.pk] < d.recipient_count for d in drafts)  # some cadres never answered
    for comment in DraftComment.objects.select_related("document"):
        assert comment.document.sent_on <= timezone.localtime(comment.created_at).date() <= comment.document.deadline
    # The cell secretary sent one; the page says comments are closed.
    coso = get_user_model().objects.get(username="coso")
    mine = DraftDocument.objects.get(sent_by=coso)
    client.force_login(coso)
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Đã hết hạn góp ý ngày" in page and "data-answers=" in page


def test_four_quarterly_sessions_searchable(client, ben_tre):
    sessions = list(ReviewSession.objects.select_related("department").order_by("date"))
    assert len(sessions) == 4 and len({s.department_id for s in sessions}) == 1
    assert [period_label(s.period, s.date) for s in sessions] == ["quý III/2024", "quý IV/2024", "quý I/2025",
                                                                  "quý II/2025"]  # fmt: skip
    members = set(session_members(sessions[0].department).values_list("pk", flat=True))
    for session in sessions:
        attendees = set(session.attendees.values_list("pk", flat=True))
        assert attendees and attendees <= members and session.minutes
    client.force_login(get_user_model().objects.get(username="tochuc"))
    page = client.get(reverse("review_session_list"), {"q": "dang vien di lam an xa"}).content.decode()
    assert 'data-session="{}"'.format(sessions[2].pk) in page and "1 buổi rút kinh nghiệm" in page


def test_loading_again_changes_nothing(ben_tre):
    before = [m.objects.count() for m in (Guidance, GuidanceRecipient, GuidanceConveyed, DraftDocument, DraftComment,
                                          ReviewSession)]  # fmt: skip
    load_guidance(ben_tre, _silent)
    after = [m.objects.count() for m in (Guidance, GuidanceRecipient, GuidanceConveyed, DraftDocument, DraftComment,
                                         ReviewSession)]  # fmt: skip
    assert before == after
