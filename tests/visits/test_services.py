"""Visit plans through the services: derived approvers, the two steps and who may take them, returns,
merging, and the trip report's lock and recommendations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.people.models import LeaderInCharge
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.selectors import approvers_for, overlapping_plans, visit_counts
from diaban.visits.services.approval import plan_approve, plan_return, plan_submit
from diaban.visits.services.merging import plans_merge
from diaban.visits.services.plans import plan_create, plan_update
from diaban.visits.services.trip_reports import (
    trip_report_reopen,
    trip_report_save,
    trip_report_start,
    trip_report_submit,
)
from tests.visits.conftest import AGENDA

D = datetime.date


MAY_6, MAY_7 = D(2024, 5, 6), D(2024, 5, 7)


def _plan(field, tree, who="chuyenvien", units=None, start=MAY_6, end=MAY_7, title="Đi xã Đức Hòa"):
    return plan_create(
        actor=field.users[who],
        title=title,
        start_date=start,
        end_date=end,
        units=units or [tree.communes_a[0]],
        agenda=AGENDA,
        counterparts="Đảng ủy xã\nChi bộ ấp 1",
    )


def test_approvers_are_derived_from_department_and_area(field, tree):
    approvers = approvers_for(field.specialist, [tree.communes_a[0], tree.hamlets_a[3]], D(2024, 5, 6))
    assert (approvers.department_head, approvers.leader) == (field.head, field.deputy)
    # Outside district A nobody is in charge: the agency's head approves.
    outside = approvers_for(field.specialist, [tree.province_a], D(2024, 5, 6))
    assert outside.leader == field.head_of_agency
    # A head's own plan goes to the head above.
    assert approvers_for(field.head, [tree.communes_a[0]], D(2024, 5, 6)).department_head == field.head_of_agency


def test_a_leader_in_charge_of_communes_one_by_one_approves_a_plan_to_several(field, tree):
    # Without districts, areas are communes: the leader of each unit approves, whichever of her rows holds it.
    field.leader_in_charge.end_date = D(2025, 6, 30)
    field.leader_in_charge.save()
    for commune in tree.communes_a:
        LeaderInCharge.objects.create(person=field.deputy, agency=field.agency, unit=commune, start_date=D(2025, 7, 1))
    units = [tree.communes_a[0], tree.communes_a[1], tree.hamlets_a[3]]
    assert approvers_for(field.specialist, units, D(2026, 11, 16)).leader == field.deputy
    # A unit she is not in charge of: the agency's head, as before.
    assert approvers_for(field.specialist, [*units, tree.province_a], D(2026, 11, 16)).leader == field.head_of_agency


def test_without_department_a_clear_message(field, tree):
    field.specialist.department = None
    field.specialist.save()
    with pytest.raises(ValidationError, match="Chưa xác định được phòng, ban của Nguyễn Thị Thu Hà"):
        approvers_for(field.specialist, [tree.communes_a[0]], D(2024, 5, 6))


@pytest.mark.django_db
def test_two_steps_only_by_the_right_approver_with_history(field, tree):
    plan = _plan(field, tree)
    with pytest.raises(PermissionDenied):
        plan_submit(actor=field.users["chuyenvien2"], plan=plan)
    plan = plan_submit(actor=field.users["chuyenvien"], plan=plan)
    assert (plan.status, plan.department_approver, plan.leader_approver) == (
        PlanStatus.SUBMITTED, field.head, field.deputy,
    )  # fmt: skip
    for wrong in ("chuyenvien", "phoban", "truongban", "truongphong2"):
        with pytest.raises(PermissionDenied):
            plan_approve(actor=field.users[wrong], plan=plan)
    plan = plan_approve(actor=field.users["truongphong"], plan=plan, comment="Đồng ý")
    assert plan.status == PlanStatus.DEPARTMENT_APPROVED
    with pytest.raises(PermissionDenied):
        plan_approve(actor=field.users["truongphong"], plan=plan)
    plan = plan_approve(actor=field.users["phoban"], plan=plan)
    assert plan.status == PlanStatus.APPROVED
    history = [(e.action, e.actor.username) for e in plan.events.all()]
    assert history == [
        (PlanAction.CREATED, "chuyenvien"),
        (PlanAction.SUBMITTED, "chuyenvien"),
        (PlanAction.DEPARTMENT_APPROVED, "truongphong"),
        (PlanAction.APPROVED, "phoban"),
    ]


def test_return_needs_a_comment_and_makes_a_draft_again(field, tree):
    plan = plan_submit(actor=field.users["chuyenvien"], plan=_plan(field, tree))
    with pytest.raises(ValidationError, match="Cần ghi ý kiến"):
        plan_return(actor=field.users["truongphong"], plan=plan, comment=" ")
    plan = plan_return(actor=field.users["truongphong"], plan=plan, comment="Bổ sung nội dung kiểm tra")
    assert plan.status == PlanStatus.DRAFT
    assert plan.events.last().comment == "Bổ sung nội dung kiểm tra"
    plan_update(actor=field.users["chuyenvien"], plan=plan, title="Đi xã Đức Hòa (bổ sung)")


def test_overlapping_plans_see_each_other_and_merge(field, tree):
    mine = _plan(field, tree)
    theirs = _plan(field, tree, who="chuyenvien3", start=D(2024, 5, 9), end=D(2024, 5, 9), title="Khảo sát cán bộ")
    far = _plan(field, tree, who="chuyenvien2", start=D(2024, 7, 1), end=D(2024, 7, 1), title="Tháng 7")
    assert overlapping_plans(mine, field.users["chuyenvien"]) == [theirs]
    assert overlapping_plans(theirs, field.users["chuyenvien3"]) == [mine]
    assert far not in overlapping_plans(mine, field.users["chuyenvien"])
    for p, who in ((mine, "chuyenvien"), (theirs, "chuyenvien3")):
        plan_submit(actor=field.users[who], plan=p)
    plan_approve(actor=field.users["truongphong"], plan=mine)
    plan_approve(actor=field.users["phoban"], plan=mine)
    plan_approve(actor=field.users["truongphong2"], plan=theirs)
    plan_approve(actor=field.users["phoban"], plan=theirs)
    counts = visit_counts(tree.province_a, 2024, field.users["truongban"], level_key="commune")
    assert {r.unit: r.by_month[4] for r in counts.rows}[tree.communes_a[0]] == 2
    with pytest.raises(PermissionDenied):
        plans_merge(actor=field.users["chuyenvien2"], into=mine, other=theirs)
    merged = plans_merge(actor=field.users["chuyenvien"], into=mine, other=theirs)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.merged_into) == (PlanStatus.MERGED, merged)
    assert field.specialist3 in merged.companions.all()
    assert [(a.text, a.proposed_by) for a in merged.agenda.all()] == [
        (AGENDA[0]["text"], field.specialist), (AGENDA[1]["text"], field.specialist),
        (AGENDA[0]["text"], field.specialist3), (AGENDA[1]["text"], field.specialist3),
    ]  # fmt: skip
    assert (merged.start_date, merged.end_date) == (D(2024, 5, 6), D(2024, 5, 9))
    # What was approved changed: back to the department head, approvers derived again.
    assert (merged.status, merged.department_approver, merged.leader_approver) == (
        PlanStatus.SUBMITTED, field.head, field.deputy,
    )  # fmt: skip
    plan_approve(actor=field.users["truongphong"], plan=merged)
    plan_approve(actor=field.users["phoban"], plan=merged)
    counts = visit_counts(tree.province_a, 2024, field.users["truongban"], level_key="commune")
    assert {r.unit: r.by_month[4] for r in counts.rows}[tree.communes_a[0]] == 1


def test_trip_report_locked_on_submit_with_recommendations_once(field, tree):
    plan = _plan(field, tree, units=[tree.communes_a[0], tree.communes_a[1]])
    plan_submit(actor=field.users["chuyenvien"], plan=plan)
    with pytest.raises(ValidationError):
        trip_report_start(actor=field.users["chuyenvien"], plan=plan)
    plan_approve(actor=field.users["truongphong"], plan=plan)
    plan_approve(actor=field.users["phoban"], plan=plan)
    report = trip_report_start(actor=field.users["chuyenvien"], plan=plan)
    parts = list(report.units.all())
    assert len(parts) == 2 and all(p.findings.count() == 2 for p in parts)
    with pytest.raises(ValidationError, match="Xã Đức Hòa A: cần ghi tình hình"):
        trip_report_submit(actor=field.users["chuyenvien"], report=report)
    first = parts[0].findings.first()
    trip_report_save(
        actor=field.users["chuyenvien"],
        report=report,
        fields={"summary": "Cơ sở chuẩn bị tốt"},
        units={parts[0].pk: {"recommendations_text": "Sửa cầu ấp 2\nCấp kinh phí sinh hoạt chi bộ"},
               parts[1].pk: {"situation": "Ổn định"}},
        findings={first.pk: "Chi bộ sinh hoạt đều"},
        follow_ups={parts[0].pk: [{"text": "Kiểm tra lại việc sửa cầu", "due_date": D(2024, 6, 30)}]},
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        trip_report_save(actor=field.users["chuyenvien2"], report=report, fields={"summary": "x"})
    report = trip_report_submit(actor=field.users["chuyenvien"], report=report)
    plan.refresh_from_db()
    assert (report.status, plan.status) == (TripReportStatus.SUBMITTED, PlanStatus.DONE)
    recs = Recommendation.objects.filter(source=RecommendationSource.VISIT)
    assert sorted(r.text for r in recs) == ["Cấp kinh phí sinh hoạt chi bộ", "Sửa cầu ấp 2"]
    assert {r.unit for r in recs} == {tree.communes_a[0]} and {r.carried_by for r in recs} == {field.specialist}
    with pytest.raises(ValidationError, match="khóa"):
        trip_report_save(actor=field.users["chuyenvien"], report=report, fields={"summary": "x"})
    with pytest.raises(PermissionDenied):
        trip_report_reopen(actor=field.users["chuyenvien"], report=report, reason="Sửa")
    trip_report_reopen(actor=field.users["truongphong"], report=report, reason="Bổ sung kết quả")
    report.refresh_from_db()
    trip_report_submit(actor=field.users["chuyenvien"], report=report)
    assert Recommendation.objects.filter(source=RecommendationSource.VISIT).count() == 2
    actions = list(plan.events.values_list("action", flat=True))
    assert actions[-3:] == [PlanAction.REPORT_SUBMITTED, PlanAction.REPORT_REOPENED, PlanAction.REPORT_SUBMITTED]
