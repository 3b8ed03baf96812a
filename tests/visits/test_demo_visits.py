"""The Bến Tre demo's year of field work (01/07/2024–30/06/2025): the Organization Committees and their people,
plans in every state with the history of each step, trip reports and their recommendations, the visits units
received, the specialists' field time, and the showcase pair of overlapping plans that merge into one trip. Then
today's Vĩnh Long: the provincial staff's trips from 01/07/2025 to the weeks after today, and a plan made today
approved to the end by the demo accounts."""

import datetime
import random
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.timezone import localtime

from diaban.assignments.selectors import idle_cadres
from diaban.core.dates import today
from diaban.core.scoping import SYSTEM
from diaban.core.workdays import days_between, working_days
from diaban.demo.accounts import DEMO_PASSWORD, XA_BA_TRI
from diaban.demo.reform import today_province
from diaban.demo.visits.closing import CLOSED, CLOSED_REPORT, CLOSING_DAY, IN_HAND
from diaban.demo.visits.facts import AGENCY, BA_TRI_AGENCY, DEPARTMENTS, PRESENT_TITLES, SEED
from diaban.demo.visits.loading import load_visits, load_visits_after_reform
from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.meetings.models import Attendance, AttendanceRule
from diaban.people.models import Department, LeaderInCharge, Leave, Person, Position
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.fieldtime_selectors import department_field_time
from diaban.visits.models import FieldTimeRule, PlanEvent, TripReport, VisitPlan, VisitTarget
from diaban.visits.selectors import approvers_for, awaiting_approval, overlapping_plans, visit_counts
from diaban.visits.services.approval import plan_approve
from diaban.visits.services.merging import plans_merge
from tests.conftest import TODAY
from tests.visits.test_api import PLANS, plan_url

START, END = datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)
APPROVALS = (PlanAction.SUBMITTED, PlanAction.DEPARTMENT_APPROVED, PlanAction.APPROVED, PlanAction.RETURNED)


def _silent(*_args):
    pass


@pytest.fixture
def ben_tre(demo, db):
    return Unit.objects.get(level__key="province", code="83", valid_from=None)


@pytest.fixture
def users(ben_tre):
    return {u.username: u for u in get_user_model().objects.select_related("person")}


def _plans(until=None):
    plans = VisitPlan.objects.filter(start_date__lte=until) if until else VisitPlan.objects.all()
    return list(
        plans.select_related("owner__user", "department_approver__user", "leader_approver__user").prefetch_related(
            "companions", "targets__unit", "events", "agenda"
        )
    )


def test_the_organization_committees_their_people_and_who_approves(ben_tre, users):
    agency = Department.objects.get(name=AGENCY, unit=ben_tre, parent=None)
    assert agency.head.code == "CB83-T005"  # a Standing Committee member of the province, in charge of no district
    assert agency.head.positions.filter(title__is_standing_committee=True).exists()
    departments = {d.name: d for d in agency.children.select_related("head")}
    assert sorted(departments) == sorted(DEPARTMENTS.values())
    for department in departments.values():
        staff = Person.objects.filter(department=department).exclude(pk=department.head_id)
        staff = staff.exclude(user__username="tochuchuyen")  # from Ba Tri's committee, see below
        assert department.head is not None and 4 <= staff.count() <= 6, department.name
        for person in [department.head, *staff]:
            assert person.home_unit == ben_tre and "Ban Tổ chức Tỉnh ủy" in person.agency
            assert person.positions.exists()
    # Two deputy heads share the nine districts, Ba Tri with `phoban`.
    in_charge = defaultdict(set)
    before_reform = LeaderInCharge.objects.filter(agency=agency, start_date__lt=REFORM_DATE)
    for lic in before_reform.select_related("person", "unit"):
        in_charge[lic.person.code].add(lic.unit.name)
        assert (lic.start_date <= START, lic.end_date) == (True, END)
    assert len(in_charge) == 2 and sum(len(v) for v in in_charge.values()) == 9
    assert "Huyện Ba Tri" in in_charge[users["phoban"].person.code]
    # Ba Tri: the demo cadre heads its committee, the `tochuchuyen` specialist worked in it up to the reform (her
    # plans of then keep it), a Deputy Secretary of the district committee is in charge. Since, she works in the
    # province's Phòng Tổ chức cơ sở đảng - đảng viên.
    ba_tri_agency = Department.objects.get(name=BA_TRI_AGENCY)
    assert ba_tri_agency.head == users["canbo"].person
    hers = VisitPlan.objects.filter(owner=users["tochuchuyen"].person)
    assert set(hers.filter(start_date__lt=REFORM_DATE).values_list("department", flat=True)) == {ba_tri_agency.pk}
    assert users["tochuchuyen"].person.department == departments[DEPARTMENTS["tccs"]]
    assert hers.filter(start_date__gte=REFORM_DATE, department=departments[DEPARTMENTS["tccs"]]).exists()
    (leader,) = LeaderInCharge.objects.filter(agency=ba_tri_agency)
    assert leader.unit.code == "836"
    assert leader.person.positions.filter(title__name="Phó Bí thư Huyện ủy").exists()
    rule = FieldTimeRule.objects.get(department=agency)
    assert (rule.share_numerator, rule.share_denominator) == (1, 3)
    assert "Nghệ An" in rule.source and "giả định" in rule.source


def test_demo_accounts_have_their_person_records(ben_tre, users):
    new_province = Unit.objects.filter(level__key="province", code="86").exclude(valid_from=None).get()
    expected = {
        # username: (department, scope, kind)
        "tochuc": ("Phòng Tổ chức cơ sở đảng - đảng viên", "capture"),
        "truongphong": ("Phòng Tổ chức cơ sở đảng - đảng viên", "capture"),
        "phoban": (AGENCY, "view"),
    }
    for username, (department, kind) in expected.items():
        user = users[username]
        assert user.person.department.name == department, username
        assert user.person.full_name == user.get_full_name()
        grants = set(user.account.grants.values_list("unit_id", "kind"))
        assert grants == {(ben_tre.pk, kind), (new_province.pk, kind)}, username
    assert users["truongphong"].person.headed_departments.get().name == "Phòng Tổ chức cơ sở đảng - đảng viên"
    assert users["truongphong"].account.role == "organization" and users["phoban"].account.role == "leader"
    assert users["tochuchuyen"].person.full_name == "Phan Thị Kim Ngân"
    # The accounts that were linked before keep their people.
    assert (users["canbo"].person.code, users["lanhdao"].person.code) == ("CB836-0001", "CB83-T002")


def test_the_figures_of_the_coverage_page_stay_as_they_were(ben_tre):
    # Ba Tri's cadres without a unit are still the three newly appointed ones: the new people there hold no
    # position (the specialist) or already follow a hamlet (the Deputy Secretary).
    ba_tri = ben_tre.children.get(code="836")
    idle = idle_cadres(ba_tri, END, SYSTEM)
    assert sorted(idle.values_list("code", flat=True)) == ["CB836-N01", "CB836-N02", "CB836-N03"]
    # No new person follows a unit, and none holds a title an attendance rule names.
    new = Person.objects.filter(code__contains="-B")
    assert new.count() >= 20 and not new.filter(assignments__isnull=False).exists()
    ruled = AttendanceRule.titles.through.objects.values("positiontitle_id")
    assert not Position.objects.filter(person__in=new, title_id__in=ruled).exists()


def test_the_showcase_pair_shows_each_other_and_merges_into_one_trip(ben_tre, users):
    """In the weeks after today, `tochuc` and a specialist of Phòng Tổ chức cán bộ plan trips to today's Xã An Hiệp
    two working days apart; each sees the other's, and one click makes them one trip."""
    mine = VisitPlan.objects.get(title=PRESENT_TITLES[0])
    theirs = VisitPlan.objects.get(title=PRESENT_TITLES[1])
    assert mine.owner == users["tochuc"].person
    assert theirs.owner.department.name == "Phòng Tổ chức cán bộ"
    assert (mine.status, theirs.status) == (PlanStatus.APPROVED, PlanStatus.APPROVED)
    assert TODAY < mine.start_date < theirs.start_date <= mine.start_date + datetime.timedelta(days=7)
    (commune,) = mine.units.all()
    assert list(theirs.units.all()) == [commune]
    assert (commune.code, commune.valid_from) == ("29158", REFORM_DATE)  # today's Xã An Hiệp, of old Ba Tri's
    assert overlapping_plans(mine, users["tochuc"]) == [theirs]
    assert overlapping_plans(theirs, users["phoban"]) == [mine]
    month = mine.start_date.month - 1

    def visits_that_month():
        counts = visit_counts(today_province(), mine.start_date.year, users["phoban"], level_key="commune")
        return {r.unit: r.by_month[month] for r in counts.rows}[commune]

    before = visits_that_month()
    theirs_agenda = [(a.kind, a.text) for a in theirs.agenda.all()]
    merged = plans_merge(actor=users["tochuc"], into=mine, other=theirs)
    assert theirs.owner in merged.companions.all()
    agenda = [(a.kind, a.text, a.proposed_by) for a in merged.agenda.all()]
    assert {p for _k, _t, p in agenda} == {mine.owner, theirs.owner}
    assert [(k, t) for k, t, p in agenda if p == theirs.owner] == theirs_agenda
    assert (merged.start_date, merged.end_date) == (mine.start_date, theirs.end_date)
    # The trip changed: back to the first step, to the department head of `tochuc`, then the deputy in charge.
    assert (merged.status, merged.department_approver, merged.leader_approver) == (
        PlanStatus.SUBMITTED, users["truongphong"].person, users["phoban"].person,
    )  # fmt: skip
    plan_approve(actor=users["truongphong"], plan=merged)
    plan_approve(actor=users["phoban"], plan=merged)
    assert visits_that_month() == before - 1


def _closing(event) -> bool:
    """An event of the closing of 30/06/2025 (demo.visits.closing)."""
    return event.comment in (CLOSED, CLOSED_REPORT)


def _status_before_closing(plan) -> str:
    """The plan's status on 30/06/2025 before its owner closed it: from its history without the closing."""
    steps = [e.action for e in sorted(plan.events.all(), key=lambda e: (e.at, e.pk)) if not _closing(e)]
    if PlanAction.REPORT_SUBMITTED in steps:
        return PlanStatus.DONE
    last = [a for a in steps if a in APPROVALS + (PlanAction.CANCELLED,)][-1:] or [None]
    return {
        PlanAction.SUBMITTED: PlanStatus.SUBMITTED,
        PlanAction.DEPARTMENT_APPROVED: PlanStatus.DEPARTMENT_APPROVED,
        PlanAction.APPROVED: PlanStatus.APPROVED,
        PlanAction.CANCELLED: PlanStatus.CANCELLED,
    }.get(last[0], PlanStatus.DRAFT)


def test_plans_in_every_state_with_the_history_of_each_step(ben_tre):
    year = _plans(until=END)
    assert 350 <= len(year) <= 800
    assert all(START <= p.start_date and p.end_date <= END and 1 <= p.days <= 3 for p in year)
    statuses = Counter(_status_before_closing(p) for p in year)  # as the year ended
    plans = _plans()
    assert statuses[PlanStatus.DONE] > 0.75 * len(year)
    for status in (PlanStatus.APPROVED, PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED, PlanStatus.CANCELLED):
        assert statuses[status] >= 3, status
    returned = 0
    for plan in plans:
        events = sorted(plan.events.all(), key=lambda e: (e.at, e.pk))
        actions = [e.action for e in events]
        assert actions[0] == PlanAction.CREATED and plan.created_at == events[0].at, plan
        assert len({e.at for e in events}) == len(events)  # one step after the other
        assert all(localtime(e.at).date() < plan.start_date for e in events if e.action in APPROVALS), plan
        assert localtime(events[-1].at).date() <= TODAY, plan  # nothing happened after today
        last_step = [a for a in actions if a in APPROVALS + (PlanAction.CANCELLED,)][-1:] or [None]
        expected = {
            PlanStatus.SUBMITTED: PlanAction.SUBMITTED,
            PlanStatus.DEPARTMENT_APPROVED: PlanAction.DEPARTMENT_APPROVED,
            PlanStatus.APPROVED: PlanAction.APPROVED,
            PlanStatus.DONE: PlanAction.APPROVED,
            PlanStatus.CANCELLED: PlanAction.CANCELLED,
        }
        if plan.status == PlanStatus.DRAFT:
            assert last_step[0] in (None, PlanAction.RETURNED), plan
            returned += last_step[0] == PlanAction.RETURNED
        else:
            assert last_step[0] == expected[plan.status], plan
        assert (actions[-1] == PlanAction.REPORT_SUBMITTED) == (plan.status == PlanStatus.DONE), plan
        # Each step by the person it belongs to: the owner, the department head, the leader in charge.
        for e in events:
            if e.action == PlanAction.DEPARTMENT_APPROVED:
                assert e.actor == plan.department_approver.user
            elif e.action == PlanAction.APPROVED:
                assert e.actor == plan.leader_approver.user
            elif e.action == PlanAction.RETURNED:
                assert e.comment and e.actor in (plan.department_approver.user, plan.leader_approver.user)
            elif e.action == PlanAction.CANCELLED:
                assert e.comment and e.actor == plan.owner.user
            else:
                assert e.actor == plan.owner.user
    assert returned >= 5
    # Approvers that have an account act under it: `truongphong` approves the plans of her department.
    assert PlanEvent.objects.filter(action=PlanAction.DEPARTMENT_APPROVED, actor__username="truongphong").count() > 10
    assert PlanEvent.objects.filter(action=PlanAction.APPROVED, actor__username="phoban").count() > 10


def test_what_was_in_hand_when_the_year_ended_was_closed_by_its_owners(ben_tre, users):
    """On 30/06/2025 each owner reported the trips done whose report was a draft and cancelled the plans that would
    not be carried out: no queue and no home page carries June 2025 into today."""
    year = _plans(until=END)
    in_hand = {p.pk for p in year if _status_before_closing(p) in IN_HAND}
    closed = [p for p in year if any(_closing(e) for e in p.events.all())]
    assert len(in_hand) >= 30 and {p.pk for p in closed} == in_hand
    reported = 0
    for plan in closed:
        (event,) = [e for e in plan.events.all() if _closing(e)]
        assert localtime(event.at).date() == CLOSING_DAY and event.actor == plan.owner.user
        assert event.at > max(e.at for e in plan.events.all() if e.pk != event.pk)
        if plan.status == PlanStatus.DONE:
            assert (event.action, event.comment) == (PlanAction.REPORT_SUBMITTED, CLOSED_REPORT)
            assert plan.report.status == TripReportStatus.SUBMITTED and localtime(plan.report.submitted_at) == (
                localtime(event.at)
            )
            reported += 1
        else:
            assert (plan.status, event.action, event.comment) == (PlanStatus.CANCELLED, PlanAction.CANCELLED, CLOSED)
    assert reported >= 3 and not VisitPlan.objects.filter(start_date__lte=END, status__in=IN_HAND).exists()
    for username in ("canbo", "truongphong", "phoban"):
        waiting = list(awaiting_approval(users[username]))
        assert all(p.start_date > TODAY for p in waiting), username
    assert awaiting_approval(users["phoban"]).exists()


def test_the_demo_approvers_are_the_derived_ones(ben_tre):
    checked = 0
    for plan in _plans():
        if plan.department_approver_id is None:  # never sent for approval
            assert plan.status in (PlanStatus.DRAFT, PlanStatus.CANCELLED)
            assert PlanAction.SUBMITTED not in [e.action for e in plan.events.all()]
            continue
        approvers = approvers_for(plan.owner, [t.unit for t in plan.targets.all()], plan.start_date, plan.department)
        assert (plan.department_approver, plan.leader_approver) == (approvers.department_head, approvers.leader)
        checked += 1
    assert checked > 300


def test_trip_reports_and_the_recommendations_they_raised(ben_tre):
    reports = TripReport.objects.select_related("plan").prefetch_related(
        "units__recommendations", "units__findings", "units__follow_ups", "plan__agenda", "plan__targets"
    )
    assert {r.plan.status for r in reports if r.status == TripReportStatus.SUBMITTED} == {PlanStatus.DONE}
    assert VisitPlan.objects.filter(status=PlanStatus.DONE, report__isnull=True).count() == 0
    drafts = [r for r in reports if r.status == TripReportStatus.DRAFT]
    assert drafts and {r.plan.status for r in drafts} == {PlanStatus.APPROVED}
    raised = 0
    for report in reports:
        assert [p.unit_id for p in report.units.all()] == [t.unit_id for t in report.plan.targets.all()]
        for part in report.units.all():
            assert len(part.findings.all()) == len(report.plan.agenda.all())
            records = part.recommendations.all()
            if report.status != TripReportStatus.SUBMITTED:
                assert not records
                continue
            assert report.submitted_at.date() > report.end_date - datetime.timedelta(days=1)
            assert sorted(r.text for r in records) == sorted(part.recommendations_text.splitlines())
            for record in records:
                assert record.source == RecommendationSource.VISIT
                assert (record.unit_id, record.raised_on, record.carried_by_id) == (
                    part.unit_id, report.start_date, report.plan.owner_id,
                )  # fmt: skip
            assert all(f.due_date > report.end_date for f in part.follow_ups.all())
            raised += len(records)
    assert raised > 50
    assert Recommendation.objects.filter(source=RecommendationSource.VISIT).count() == raised


def _yearly_visits(root, user, level_key):
    """Visits (approved or done trips) per unit over the demo's year, from the page's own counts."""
    total = Counter()
    monthly_max = Counter()
    units = {}
    for year, months in ((2024, range(6, 12)), (2025, range(0, 6))):
        counts = visit_counts(root, year, user, level_key=level_key)
        for row in counts.rows:
            units[row.unit.pk] = row.unit
            total[row.unit.pk] += sum(row.by_month[m] for m in months)
            monthly_max[row.unit.pk] = max(monthly_max[row.unit.pk], *(row.by_month[m] for m in months))
    return units, total, monthly_max


def test_remote_hamlets_are_visited_least_some_communes_too_often_many_never(ben_tre, users):
    ba_tri = ben_tre.children.get(code="836")
    units, total, _max = _yearly_visits(ba_tri, users["phoban"], "hamlet")
    remote = [total[pk] for pk, u in units.items() if u.is_remote]
    others = [total[pk] for pk, u in units.items() if not u.is_remote]
    assert len(remote) >= 10
    assert sum(remote) / len(remote) < 0.5 * sum(others) / len(others)
    units, total, busiest = _yearly_visits(ben_tre, users["phoban"], "commune")
    assert len(units) == 148
    never = [pk for pk in units if total[pk] == 0]
    assert 0.2 * len(units) <= len(never) <= 0.45 * len(units)
    too_often = [pk for pk in units if busiest[pk] > 2]
    assert 3 <= len(too_often) <= 0.2 * len(units)


def test_most_specialists_spend_less_than_a_third_of_their_time_at_the_grassroots(ben_tre):
    """Field days (trips done, as owner or companion, and cell meetings attended) ÷ working days less leave, for
    the staff of the province's departments, computed here from the rows."""
    year = set(working_days(START, END))
    people = list(Person.objects.filter(department__parent__name=AGENCY))
    days = defaultdict(set)
    for plan in VisitPlan.objects.filter(status=PlanStatus.DONE).prefetch_related("companions"):
        for pid in [plan.owner_id, *(c.pk for c in plan.companions.all())]:
            days[pid].update(days_between(plan.start_date, plan.end_date))
    attended = Attendance.objects.filter(meeting__status="held", meeting__date__gte=START, meeting__date__lte=END)
    for pid, day in attended.values_list("person_id", "meeting__date"):
        days[pid].add(day)
    away = defaultdict(set)
    for leave in Leave.objects.all():
        away[leave.person_id].update(days_between(leave.start_date, leave.end_date))
    assert Leave.objects.filter(kind="sick").count() == 1
    assert all(
        5 <= len(set(working_days(lv.start_date, lv.end_date))) <= 12 for lv in Leave.objects.filter(kind="annual")
    )
    ratios = {}
    for person in people:
        working = year - away[person.pk]
        assert not (days[person.pk] & away[person.pk])  # nobody goes out while on leave
        ratios[person.code] = len(days[person.pk] & working) / len(working)
    above = [code for code, r in ratios.items() if r >= 1 / 3]
    assert 2 <= len(above) <= 0.25 * len(ratios)
    assert all(r > 0 for r in ratios.values())


def test_tochuc_has_a_draft_a_returned_plan_and_the_showcase_in_hand(ben_tre, users):
    mine = VisitPlan.objects.filter(owner__user=users["tochuc"]).prefetch_related("events")
    in_hand = [p for p in mine if p.status not in (PlanStatus.DONE, PlanStatus.CANCELLED)]
    assert all(p.start_date > TODAY for p in in_hand)  # the weeks ahead: June 2025's were closed at the reform
    assert sorted(p.status for p in in_hand) == [PlanStatus.APPROVED, PlanStatus.DRAFT, PlanStatus.DRAFT]
    drafts = sorted((p for p in in_hand if p.status == PlanStatus.DRAFT), key=lambda p: p.events.count())
    assert [e.action for e in drafts[0].events.all()] == [PlanAction.CREATED]
    returned = drafts[1].events.last()
    assert (returned.action, returned.actor.username) == (PlanAction.RETURNED, "truongphong") and returned.comment
    assert mine.filter(status=PlanStatus.DONE).count() >= 10


def _fingerprint():
    plans = sorted(
        (
            p.owner.code, p.title, p.start_date, p.end_date, p.status, p.counterparts, p.documents_studied,
            p.department_approver and p.department_approver.code, p.leader_approver and p.leader_approver.code,
            tuple(sorted(c.code for c in p.companions.all())), tuple(t.unit.code for t in p.targets.all()),
            tuple((a.kind, a.text, a.is_main) for a in p.agenda.all()),
            tuple((e.action, e.actor and e.actor.username, e.at, e.comment) for e in p.events.all()),
        )
        for p in _plans()
    )  # fmt: skip
    reports = sorted(
        TripReport.objects.values_list(
            "plan__title", "plan__owner__code", "plan__start_date", "status", "summary", "submitted_at",
            "units__unit__code", "units__situation", "units__recommendations_text",
        )
    )  # fmt: skip
    people = sorted(
        Person.objects.filter(department__isnull=False).values_list("code", "full_name", "department__name")
    )
    leave = sorted(Leave.objects.values_list("person__code", "kind", "start_date", "end_date"))
    recommendations = sorted(
        Recommendation.objects.filter(source="visit").values_list("unit__code", "text", "raised_on")
    )
    return plans, reports, people, leave, recommendations


def _purge(queryset):
    """Delete the rows and whatever later demo data protects them (what other loaders built on them)."""
    try:
        queryset.delete()
    except ProtectedError as error:
        for row in error.protected_objects:
            _purge(type(row).objects.filter(pk=row.pk))
        queryset.delete()


def test_the_year_is_the_same_every_time_and_a_second_run_changes_nothing(ben_tre):
    before = _fingerprint()
    counts = VisitPlan.objects.count(), Person.objects.count(), VisitTarget.objects.count()
    vinh_long = today_province()
    load_visits(ben_tre, random.Random(SEED), _silent)
    load_visits_after_reform(vinh_long, _silent)
    assert (VisitPlan.objects.count(), Person.objects.count(), VisitTarget.objects.count()) == counts
    # Take away what the loaders made and load it again: the same year and the same months since, row for row.
    for made in (
        TripReport.objects.all(),
        VisitPlan.objects.all(),
        Recommendation.objects.filter(source=RecommendationSource.VISIT),
        Leave.objects.all(),
        FieldTimeRule.objects.all(),
        LeaderInCharge.objects.all(),
        Person.objects.filter(code__contains="-B"),
        Position.objects.filter(person__code="CB83-T005", title__name="Trưởng ban, ngành, đoàn thể tỉnh"),
        Position.objects.filter(title__name="Phó Bí thư Huyện ủy", person__home_unit__code="836"),
        Department.objects.filter(parent__isnull=False),
        Department.objects.all(),
    ):
        _purge(made)
    load_visits(ben_tre, random.Random(SEED), _silent)
    load_visits_after_reform(vinh_long, _silent)
    assert _fingerprint() == before


# ---------------------------------------------------------------------------------------------------------
# Today's Vĩnh Long


def test_trips_to_todays_communes_up_to_today_and_planned_after_it(ben_tre, users):
    vinh_long = today_province()
    plans = [p for p in _plans() if p.start_date >= REFORM_DATE]
    assert len(plans) >= 300
    for plan in plans:
        assert plan.department.parent.name == AGENCY
        assert all(t.unit.path.startswith(vinh_long.path) and t.unit.is_valid_on(plan.start_date)
                   for t in plan.targets.all()), plan  # fmt: skip
        if plan.status == PlanStatus.DONE:
            assert plan.end_date < TODAY and plan.report.status == TripReportStatus.SUBMITTED
        if plan.status in (PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED):
            assert plan.start_date > TODAY  # waiting for a step: trips of the weeks ahead
    levels = Counter(t.unit.level.key for p in plans for t in p.targets.all())
    assert levels["commune"] > 300 and levels["hamlet"] > 20
    done = [p for p in plans if p.status == PlanStatus.DONE]
    assert min(p.start_date for p in done) < datetime.date(2025, 8, 1)
    assert max(p.start_date for p in done) > TODAY - datetime.timedelta(days=30)
    ahead = Counter(p.status for p in plans if p.start_date > TODAY)
    assert ahead[PlanStatus.APPROVED] and ahead[PlanStatus.SUBMITTED] and ahead[PlanStatus.DEPARTMENT_APPROVED]
    # The deputy heads are in charge of today's communes: `phoban` approves the second step of those of Ba Tri.
    assert sum(1 for p in plans if p.leader_approver == users["phoban"].person) > 50
    assert Recommendation.objects.filter(source=RecommendationSource.VISIT, raised_on__gte=REFORM_DATE).count() > 50


def test_the_field_time_of_the_committee_in_2026_is_counted_on_todays_trips(ben_tre):
    agency = Department.objects.get(name=AGENCY, unit=ben_tre, parent=None)
    result = department_field_time(agency, datetime.date(2026, 1, 1), TODAY, SYSTEM)
    assert result.total.field_days > 200 and 0.1 < result.total.ratio < 1 / 3
    staff = [r for r in result.rows if r.person.department_id != agency.pk]  # the departments' people
    assert len(staff) >= 20 and all(r.figure.field_days > 0 for r in staff)


def _log_in(client, username):
    client.logout()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_a_plan_made_today_is_approved_to_the_end_by_the_demo_accounts(ben_tre, client):
    """`tochuc` plans a trip to Xã Ba Tri next week; `truongphong` approves it, then `phoban`, the deputy head in
    charge of that commune, each signed in under their own account."""
    commune = Unit.objects.get(level__key="commune", code=XA_BA_TRI, valid_from=REFORM_DATE)
    assert today() == TODAY
    created = _log_in(client, "tochuc").post(
        PLANS,
        {
            "title": "Xã Ba Tri: nắm tình hình sinh hoạt các chi bộ ấp sau sắp xếp",
            "start_date": "24/11/2026",
            "end_date": "25/11/2026",
            "units": [commune.pk],
            "agenda": [{"kind": "know", "text": "Nắm tình hình sinh hoạt chi bộ ấp", "is_main": True}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(plan_url(pk, "submit")).status_code == 200
    plan = VisitPlan.objects.get(pk=pk)
    assert (plan.department_approver.user.username, plan.leader_approver.user.username) == ("truongphong", "phoban")
    # Each approver finds it on the page of plans waiting for them, and approves it there.
    for username, status in (("truongphong", PlanStatus.DEPARTMENT_APPROVED), ("phoban", PlanStatus.APPROVED)):
        page = _log_in(client, username).get(reverse("visit_plan_detail", kwargs={"pk": pk}))
        assert page.status_code == 200 and reverse("visit_plan_approve", kwargs={"pk": pk}) in page.text
        done = client.post(reverse("visit_plan_approve", kwargs={"pk": pk}))
        assert done.status_code == 302, username
        plan.refresh_from_db()
        assert plan.status == status
    actors = [(e.action, e.actor.username) for e in plan.events.order_by("at", "pk")]
    assert actors == [
        (PlanAction.CREATED, "tochuc"), (PlanAction.SUBMITTED, "tochuc"),
        (PlanAction.DEPARTMENT_APPROVED, "truongphong"), (PlanAction.APPROVED, "phoban"),
    ]  # fmt: skip
