"""The Bến Tre demo's year of recommendations (01/07/2024–30/06/2025): every channel across the province, the real
bodies that answer them, each one's history, agencies at clearly different speeds, the overdue and what went up to
the Standing Committee, answers told back to the grassroots, personal data kept from those who need not see it, and
the groups of the same problem raised by several communes that the similarity suggestions must find."""

import datetime
import re
import statistics
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.utils.timezone import localtime

from diaban.core.dates import format_date, today
from diaban.core.models import subtree_q
from diaban.core.workdays import working_days_after
from diaban.demo import load_demo
from diaban.demo.feedback.facts import GROUP_TITLES, LOCAL_TOPICS, TOPICS
from diaban.demo.feedback.life import working_day
from diaban.demo.feedback.loading import load_feedback, load_feedback_after_reform
from diaban.feedback import rules, selectors
from diaban.feedback.choices import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    WITH_AGENCY,
    AgencyKind,
    AuthorityLevel,
    EventAction,
    RaiserKind,
    RecommendationSource,
)
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, RecommendationGroup, Topic
from diaban.feedback.services import escalation
from diaban.meetings.models import MeetingReport
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE
from tests.conftest import PASSWORD

START, END = datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)
NN = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre"
TNMT = "Sở Tài nguyên và Môi trường tỉnh Bến Tre"
POLICE = "Công an tỉnh Bến Tre"
API = "/api/recommendations/"
E = EventAction


def _silent(*_args):
    pass


@pytest.fixture
def ben_tre(demo, db):
    return Unit.objects.get(level__key="province", code="83", valid_from=None)


@pytest.fixture
def users(ben_tre):
    return {u.username: u for u in get_user_model().objects.all()}


def _all(ben_tre):
    return Recommendation.objects.filter(subtree_q("unit__path", ben_tre.path))


def _district_of(ben_tre) -> dict:
    return {d.path: d for d in ben_tre.children.filter(level__key="district")}


def _then(event) -> bool:
    return localtime(event.at).date() <= END


def _on_end(rec, events) -> tuple[str, datetime.date | None]:
    """Status and deadline of a recommendation on 30/06/2025, read from its history: those still open then were
    handed over to today's bodies after it (tests/feedback/test_demo_after_reform.py)."""
    # Recorded after it (a report on a June meeting sent in July): as it was recorded.
    then = events[:1] + [e for e in events[1:] if _then(e)]
    if len(then) == len(events):
        return rec.status, rec.deadline
    deadline = None
    for event in then:
        day = localtime(event.at).date()
        if event.action == E.FORWARDED:
            deadline = rules.deadline_for(rec.topic, day)
        elif event.action in (E.ESCALATED, E.AUTO_ESCALATED):
            deadline = rules.deadline_when_escalated(deadline, rec.topic, day)
        elif event.action == E.RETURNED:
            deadline = None
    return then[-1].status, deadline


def _states_on_end(ben_tre) -> list[tuple]:
    """(recommendation, status, deadline) of each of the year's on 30/06/2025."""
    recs = _all(ben_tre).select_related("topic").prefetch_related("events")
    return [(rec, *_on_end(rec, list(rec.events.all()))) for rec in recs]


# ---------------------------------------------------------------------------------------------------------
# The year and the bodies that answer


def test_a_year_of_recommendations_from_every_channel_across_the_province(ben_tre):
    year = _all(ben_tre).filter(raised_on__gte=START, raised_on__lte=END)
    assert 1200 <= year.count() <= 1600
    sources = Counter(year.values_list("source", flat=True))
    assert sources[RecommendationSource.MEETING] > 300 and sources[RecommendationSource.VISIT] > 200
    for channel in ("petition", "opinion", "unit_report", "direct"):
        assert sources[channel] >= 50, channel
    # Every district, in proportion to its size; none left without.
    districts = _district_of(ben_tre)
    per_district = Counter(districts[p[:8]].code for p in year.values_list("unit__path", flat=True))
    assert set(per_district) == {d.code for d in districts.values()} and min(per_district.values()) >= 60
    # Every one has a topic (the reports' own too); all ten topics are used; on the coast, the letters, reports and
    # opinions about water come in the dry season more than in the rainy one.
    assert not _all(ben_tre).filter(topic__isnull=True).exists()
    assert set(year.values_list("topic__name", flat=True)) == set(TOPICS.values())
    coast = [d.path for d in districts.values() if d.code in ("835", "836", "837")]
    water = year.filter(topic__name=TOPICS["water"]).exclude(source__in=["meeting", "visit"])
    water = list(water.values_list("raised_on", "unit__path"))
    dry = sum(1 for day, path in water if path[:8] in coast and day.month in (12, 1, 2, 3, 4, 5))
    wet = sum(1 for day, path in water if path[:8] in coast and day.month in (6, 7, 8, 9, 10, 11))
    assert dry > 1.5 * wet
    # Written in many ways, not one template repeated.
    texts = list(year.exclude(source__in=["meeting", "visit"]).values_list("text", flat=True))
    assert len(set(texts)) >= 0.97 * len(texts)
    # People who wrote a letter, with a name and a way to reach them.
    people = year.filter(source="petition", raiser_kind=RaiserKind.PERSON)
    assert people.count() >= 40 and not people.filter(raiser_name="").exists()
    assert not people.filter(raiser_contact="").exists()


def test_the_real_bodies_of_ben_tre_answer_them(ben_tre, users):
    names = set(Agency.objects.values_list("name", flat=True))
    departments = ["Sở Giao thông vận tải", "Sở Y tế", "Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục và Đào tạo"]
    for name in [NN, TNMT, POLICE] + [d + " tỉnh Bến Tre" for d in departments]:
        assert name in names
    local = {Topic.objects.get(name=TOPICS[k]) for k in LOCAL_TOPICS}
    for district in ben_tre.children.filter(level__key="district"):
        committee = Agency.objects.get(unit=district)
        assert committee.name == "Ủy ban nhân dân " + district.name[0].lower() + district.name[1:]
        assert committee.kind == AgencyKind.PEOPLES_COMMITTEE and set(committee.topics.all()) == local
    # The demo agency account works its department's queue (and, after the reform, that of the merged department
    # of today's Vĩnh Long, the one its account names today: tests/feedback/test_demo_after_reform.py).
    coquan = users["coquan"]
    assert NN in set(coquan.agencies.values_list("name", flat=True))
    assert coquan.account.organization == "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long"
    # What staff are offered: the district's committee for local matters, the province's police for order.
    commune = Unit.objects.get(code="29161")  # Xã An Hiệp, Ba Tri
    assert (
        selectors.suggest_agency(commune, Topic.objects.get(name=TOPICS["land"])).name == "Ủy ban nhân dân huyện Ba Tri"
    )
    assert selectors.suggest_agency(commune, Topic.objects.get(name=TOPICS["security"])).name == POLICE


# ---------------------------------------------------------------------------------------------------------
# Histories


def test_each_recommendation_has_its_history_in_order_with_who_did_what(ben_tre, users):
    staff = {users["tochuc"].pk, users["tochuchuyen"].pk}
    # The agency account's: the department's, and after the reform the merged department's of today's Vĩnh Long.
    coquan, its_agencies = users["coquan"].pk, set(users["coquan"].agencies.values_list("pk", flat=True))
    handed_over = working_day(REFORM_DATE)
    today_province = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    actions = Counter()
    returned_and_sent_again = waiting_on_end = carried_on = 0
    recs = _all(ben_tre).select_related("topic").prefetch_related("events")
    for rec in recs:
        events = list(rec.events.all())
        actions.update(e.action for e in events[:1] + [e for e in events[1:] if _then(e)])
        assert [e.action for e in events].count(E.CREATED) == 1 and events[0].action == E.CREATED, rec.pk
        assert all(a.at <= b.at for a, b in pairwise(events)), rec.pk
        assert events[-1].status == rec.status, rec.pk  # every change is in the history
        # Only what was open on 30/06/2025 goes on after it: handed over to the body that took over the work, or
        # answered by today's Standing Committee, on the first working days after the reform.
        later = [e for e in events[1:] if not _then(e)]  # (recorded after it: a report on a June meeting)
        if later:
            carried_on += 1
            assert events[-len(later) - 1].status in OPEN_STATUSES, rec.pk
            first = later[0]
            assert localtime(first.at).date() >= handed_over, rec.pk
            if first.action == E.FORWARDED:  # (one recorded after the reform, once it is in)
                day = max(handed_over, working_day(localtime(events[0].at).date()))
                assert localtime(first.at).date() == day and first.actor_id == users["tochuc"].pk
                if events[-len(later) - 1].status not in (S.NEW, S.RETURNED):  # was with a body that ended
                    assert first.comment.startswith("Bàn giao sau sắp xếp đơn vị hành chính: "), rec.pk
                assert Agency.objects.get(pk=first.agency_id).unit.path.startswith(today_province.path), rec.pk
            else:
                assert (first.action, first.actor_id) == (E.ANSWERED, users["lanhdao"].pk), rec.pk
        if rec.status == S.NEW:
            waiting_on_end += 1
        for event in events:
            if event.action in (E.FORWARDED, E.ESCALATED, E.ANSWERED_ON_SPOT, E.GROUPED):
                assert event.actor_id in staff, (rec.pk, event.action)
            elif event.action in (E.ACKNOWLEDGED, E.INFO_REQUESTED, E.RETURNED):
                assert event.actor_id == (coquan if event.agency_id in its_agencies else None), rec.pk
            elif event.action == E.AUTO_ESCALATED:
                assert event.actor_id is None and event.agency_id is not None
            elif event.action == E.ANSWERED:  # the agency's account (where it has one here) or the leader
                agency_account = coquan if event.agency_id in its_agencies else None
                assert event.actor_id in (agency_account, users["lanhdao"].pk), rec.pk
        if rec.status in WITH_AGENCY:
            assert rec.deadline == rules.deadline_for(rec.topic, rec.forwarded_on)
            forwarded = [e for e in events if e.action == E.FORWARDED][-1]
            if not later:
                assert forwarded.comment == "Hạn trả lời {}.".format(format_date(rec.deadline))
        gave_back = [e for e in events if e.action == E.RETURNED]
        if gave_back and rec.status != S.RETURNED:
            again = [e for e in events if e.action == E.FORWARDED and e.at > gave_back[-1].at]
            assert again and again[0].agency_id != gave_back[-1].agency_id, rec.pk
            returned_and_sent_again += 1
    assert actions[E.ANSWERED_ON_SPOT] >= 100 and actions[E.FORWARDED] >= 800 and actions[E.ACKNOWLEDGED] >= 800
    assert actions[E.INFO_REQUESTED] >= 15 and actions[E.INFO_PROVIDED] >= 15
    assert returned_and_sent_again >= 15 and actions[E.CLOSED] >= 500
    # Some were still waiting to be routed on 30/06/2025; today none of old Bến Tre's is.
    assert any(status == S.NEW for _rec, status, _deadline in _states_on_end(ben_tre))
    assert waiting_on_end == 0 and carried_on >= 20


def test_agencies_answer_at_clearly_different_speeds(ben_tre):
    """Median working days from receipt (forwarded_on) to the agency's own answer (answered_on)."""
    days = defaultdict(list)
    # Bến Tre's own bodies (those of what was handed over in 2025: tests/feedback/test_demo_after_reform.py).
    answered = _all(ben_tre).filter(agency__isnull=False, forwarded_on__isnull=False, answered_on__isnull=False)
    answered = answered.filter(subtree_q("agency__unit__path", ben_tre.path))
    for forwarded, answered_on, agency, by in answered.values_list(
        "forwarded_on", "answered_on", "agency__name", "answered_by_name"
    ):
        if by == agency:
            days[agency].append(working_days_after(forwarded, answered_on))
    medians = {agency: statistics.median(v) for agency, v in days.items() if len(v) >= 10}
    assert len(medians) >= 15
    fastest, slowest = min(medians.values()), max(medians.values())
    assert fastest <= 5 and slowest >= 18, medians
    assert medians[TNMT] == slowest and medians[POLICE] <= 5 and medians[NN] <= 6


def test_overdue_open_ones_and_the_automatic_escalation_as_the_daily_job_writes_it(ben_tre):
    overdue = [
        status
        for _rec, status, deadline in _states_on_end(ben_tre)
        if status in OPEN_STATUSES and rules.is_overdue(deadline, END)
    ]
    assert len(overdue) >= 8
    assert sum(1 for status in overdue if status in WITH_AGENCY) >= 3  # late, not yet past the topic's threshold
    assert S.ESCALATED in overdue  # sent up, and the new deadline passed too
    # The state is what `diaban remind` leaves when it has run every day: nothing more to send up on 30/06/2025.
    assert escalation.escalate_overdue(END) == []
    escalated = list(
        _all(ben_tre)
        .filter(events__action=E.AUTO_ESCALATED)
        .select_related("topic", "agency")
        .prefetch_related("events")
        .order_by("pk")
    )
    assert len(escalated) >= 20 and len({r.agency_id for r in escalated}) >= 4
    # Each went up on the day, and with the words, of the service: put back as it was the evening before, the
    # service sends it up on that day and not the day before, with the same reason. The date in the reason is the
    # deadline that was missed, the one of the forwarding.
    for rec in escalated:
        events = list(rec.events.all())
        up = next(i for i, e in enumerate(events) if e.action == E.AUTO_ESCALATED)
        day = localtime(events[up].at).date()
        Recommendation.objects.filter(pk=rec.pk).update(
            status=events[up - 1].status, level=AuthorityLevel.AGENCY, escalated_on=None, agency=events[up].agency,
            deadline=rules.deadline_for(rec.topic, rec.forwarded_on),
        )  # fmt: skip
        assert escalation.escalate_overdue(day - datetime.timedelta(days=1)) == [], rec.pk
        assert [r.pk for r in escalation.escalate_overdue(day)] == [rec.pk]
        written = RecommendationEvent.objects.filter(recommendation=rec, action=E.AUTO_ESCALATED).latest("id")
        missed = "(hạn {};".format(format_date(rules.deadline_for(rec.topic, rec.forwarded_on)))
        assert missed in events[up].comment and events[up].comment.startswith("Tự động trình Thường trực: ")
        assert _without_date(written.comment) == _without_date(events[up].comment), rec.pk


def _without_date(reason: str) -> str:
    return re.sub(r"\(hạn \d\d/\d\d/\d{4};", "(hạn …;", reason)


def test_the_standing_committee_answers_what_was_sent_up(ben_tre, users):
    leader = users["lanhdao"]
    name = "Thường trực cấp ủy ({})".format(Person.objects.get(user=leader).full_name)
    by_leader = _all(ben_tre).filter(answered_by_name__startswith="Thường trực cấp ủy")
    assert by_leader.count() >= 20
    assert set(by_leader.values_list("answered_by_name", "answered_by")) == {(name, leader.pk)}
    assert by_leader.filter(events__action=E.AUTO_ESCALATED).distinct().count() >= 5
    assert by_leader.filter(events__action=E.ESCALATED).distinct().count() >= 5
    staff_sent = RecommendationEvent.objects.filter(action=E.ESCALATED)
    assert staff_sent.count() >= 10 and not staff_sent.filter(comment="").exists()
    waiting = [rec for rec, status, _deadline in _states_on_end(ben_tre) if status == S.ESCALATED]
    assert len(waiting) >= 3  # still waiting on 30/06/2025


def test_answers_are_told_back_to_the_grassroots(ben_tre):
    answered = _all(ben_tre).filter(status__in=ANSWERED_STATUSES, answered_on__lt=datetime.date(2025, 6, 1))
    told = answered.filter(conveyed_on__isnull=False)
    assert told.count() >= 0.8 * answered.count()
    for answered_on, conveyed_on, carrier, teller in told.values_list(
        "answered_on", "conveyed_on", "carried_by", "conveyed_by"
    ):
        assert answered_on <= conveyed_on <= END and teller == carrier
    # At the cell's next meeting the cadre attended, listed in his report of that meeting.
    links = MeetingReport.answers_conveyed.through.objects.select_related(
        "meetingreport__attendance__meeting", "recommendation"
    )
    assert links.count() >= 100
    for link in links:
        report, rec = link.meetingreport, link.recommendation
        assert report.attendance.person_id == rec.carried_by_id
        assert report.attendance.meeting.date == rec.conveyed_on > rec.answered_on


def test_the_agency_account_sees_its_queue_and_no_personal_data(client, ben_tre, users):
    coquan, staff = users["coquan"], users["tochuc"]
    # Its own: those of any agency it works for (the department here, and the one that took it over in 2025).
    mine = set(coquan.agencies.values_list("pk", flat=True))
    assert Agency.objects.get(name=NN).pk in mine
    own = Recommendation.objects.filter(agency__in=mine)
    assert set(selectors.recommendations_visible(coquan)) == set(own) and own.count() > 100
    assert selectors.agency_queue(coquan).exists()
    client.force_login(coquan)
    listing = client.get(API, {"page_size": 500}).json()
    assert listing["count"] == own.count() and {row["agency"]["id"] for row in listing["results"]} <= mine
    elsewhere = _all(ben_tre).exclude(agency__in=mine).filter(agency__isnull=False).first()
    assert client.get("{}{}/".format(API, elsewhere.pk)).status_code == 404
    # A letter from a person in its queue: the agency reads that a person raised it, not who.
    letter = own.filter(raiser_kind=RaiserKind.PERSON).first()
    shown = client.get("{}{}/".format(API, letter.pk))
    body = shown.json()
    assert (body["raiser_name"], body["raiser_contact"]) == (None, None)
    assert body["raiser"] == "cá nhân (thông tin cá nhân được bảo vệ)"
    assert letter.raiser_name not in shown.content.decode() and letter.raiser_contact not in shown.content.decode()
    client.force_login(staff)
    body = client.get("{}{}/".format(API, letter.pk)).json()
    assert (body["raiser_name"], body["raiser_contact"]) == (letter.raiser_name, letter.raiser_contact)


def test_the_demo_cadre_and_the_cell_secretary_have_answers_to_see(ben_tre, users):
    cadre = Person.objects.get(user=users["canbo"])
    to_tell = list(selectors.answers_to_convey(cadre))
    assert len(to_tell) >= 2 and all(r.answered_on <= today() for r in to_tell)
    hamlet = users["coso"].account.grants.get(unit__valid_until__isnull=False).unit  # the hamlet until 30/06/2025
    answers = selectors.answers_for_unit(hamlet, since=datetime.date(2025, 5, 1))
    assert {r.pk for r in to_tell if r.unit_id == hamlet.pk} <= {r.pk for r in answers}
    assert selectors.recommendations_visible(users["coso"]).filter(status__in=OPEN_STATUSES).exists()


# ---------------------------------------------------------------------------------------------------------
# Groups of the same problem, and the similarity suggestions


def test_groups_join_the_same_problem_from_different_communes(ben_tre):
    groups = list(RecommendationGroup.objects.prefetch_related("members__unit__level").order_by("pk"))
    assert [g.title for g in groups] == GROUP_TITLES and len(groups) >= 12
    answered = 0
    for group in groups:
        members = list(group.members.all())
        communes = {_commune(m.unit) for m in members}
        assert 3 <= len(members) <= 5 and len(communes) == len(members), group.title
        assert len({m.text for m in members}) == len(members)
        assert all(m.unit.path.startswith(group.unit.path) for m in members)  # the smallest unit holding them
        # Answered together, on 30/06/2025 or, for those still open then, after the reform by the bodies of today.
        assert group.answered_on, group.title
        assert {(m.answer, m.answered_on) for m in members} == {(group.answer, group.answered_on)}
        assert all(m.status in ANSWERED_STATUSES for m in members)
        if group.answered_on <= END:
            answered += 1
        else:
            assert all(_on_end(m, list(m.events.all()))[0] in OPEN_STATUSES for m in members), group.title
    assert answered >= 6 and len(groups) - answered >= 3


def _commune(unit: Unit) -> int:
    return unit.pk if unit.level.key == "commune" else unit.parent_id


def test_similarity_suggestions_put_each_members_siblings_in_its_top_five(ben_tre):
    """DESIGN/issue 6: the suggestions on the demo put a recommendation's known siblings (same problem, other
    communes, different wording) in its top five in at least 9 of 10 demo groups.

    The groups are of Bến Tre's year before the reform, so they are looked for by organization staff of Bến Tre as it
    was: the open recommendations of today's Vĩnh Long are the same problems raised again in the same hamlets (the
    dry season's water, the rubbish) and rightly come first for the staff of today."""
    staff = account_upsert(
        username="tochuc-ben-tre", password=PASSWORD, role=Role.ORGANIZATION, full_name="Trần Văn Thử",
        view_units=[ben_tre],
    ).user  # fmt: skip
    results = {}
    for group in RecommendationGroup.objects.prefetch_related("members").order_by("pk"):
        members = list(group.members.all())
        misses = []
        for member in members:
            top = selectors.similar_recommendations(staff, member.text, exclude_pk=member.pk, limit=5)
            missing = {m.pk for m in members} - {member.pk} - {r.pk for r in top}
            if missing:
                shown = ["{} ({:.2f})".format(r.text[:30], r.similarity) for r in top]
                misses.append("{} → thiếu {}; năm gợi ý: {}".format(member.text[:50], sorted(missing), shown))
        results[group.title] = misses
    passed = [title for title, misses in results.items() if not misses]
    report = "\n".join("{} {}{}".format("✓" if not m else "✗", t, "".join("\n    " + x for x in m)) for t, m in
                       results.items())  # fmt: skip
    assert len(results) >= 10 and len(passed) >= 0.9 * len(results), report


# ---------------------------------------------------------------------------------------------------------
# Loading


def _fingerprint(ben_tre):
    recs = sorted(
        _all(ben_tre).values_list(
            "unit__code", "text", "source", "raised_on", "topic__name", "raiser_kind", "raiser_name", "status",
            "level", "agency__name", "forwarded_on", "deadline", "escalated_on", "answer", "answered_on",
            "answered_by_name", "conveyed_on", "carried_by__code", "group__title",
        ),
        key=repr,
    )  # fmt: skip
    events = sorted(
        RecommendationEvent.objects.filter(recommendation__in=_all(ben_tre)).values_list(
            "recommendation__unit__code", "recommendation__text", "recommendation__raised_on", "action", "at",
            "status", "agency__name", "comment", "actor__username",
        ),
        key=repr,
    )  # fmt: skip
    agencies = sorted(_agencies(ben_tre).values_list("name", "unit__code", "kind", "topics__name"), key=repr)
    return recs, events, agencies, _conveyed(ben_tre).count()


def _agencies(ben_tre):
    return Agency.objects.filter(subtree_q("unit__path", ben_tre.path))


def _conveyed(ben_tre):
    return MeetingReport.answers_conveyed.through.objects.filter(recommendation__in=_all(ben_tre))


def test_loading_again_changes_nothing_and_the_year_is_the_same_every_time(ben_tre):
    before = _fingerprint(ben_tre)
    load_demo(log=_silent)
    assert _fingerprint(ben_tre) == before
    # Take away what the loader made, put the reports' recommendations back as they came, load again: the same year,
    # and the same handing over of what it left open (made by the step after the reform, so that one again too).
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    both = Recommendation.objects.filter(
        subtree_q("unit__path", ben_tre.path) | subtree_q("unit__path", vinh_long.path)
    )
    RecommendationEvent.objects.filter(recommendation__in=both).delete()
    MeetingReport.answers_conveyed.through.objects.filter(recommendation__in=both).delete()
    reported = both.filter(source__in=["meeting", "visit"])
    both.exclude(source__in=["meeting", "visit"]).delete()
    reported.update(
        topic=None, raiser_kind="", raiser_name="", status=S.NEW, level="", agency=None, forwarded_on=None,
        deadline=None, escalated_on=None, answer="", answered_on=None, answered_by=None, answered_by_name="",
        conveyed_on=None, conveyed_by=None, group=None, search_key="",
    )  # fmt: skip
    RecommendationGroup.objects.all().delete()
    Agency.objects.filter(subtree_q("unit__path", ben_tre.path) | subtree_q("unit__path", vinh_long.path)).delete()
    load_feedback(ben_tre, _silent)
    load_feedback_after_reform(vinh_long, _silent)
    assert _fingerprint(ben_tre) == before
