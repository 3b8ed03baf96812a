"""The trip report of an approved plan: started and saved as a draft by the plan's owner, submitted and locked
(each line of a unit's recommendations becomes a recommendation of that unit), reopened with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import dates, limits
from diaban.core.dates import format_date, today
from diaban.core.history import fold_into_last_save
from diaban.core.scoping import CAPTURE, restrict
from diaban.core.text import nfc
from diaban.feedback.models import RecommendationSource
from diaban.feedback.services import recording as feedback_recording
from diaban.people.permissions import can_manage_people
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import Finding, FollowUp, PlanEvent, TripReport, UnitVisitReport, VisitPlan
from diaban.visits.selectors import person_of
from diaban.visits.services.plans import is_owner

REPORT_FIELDS = ("start_date", "end_date", "summary", "guidance_conveyed")
UNIT_FIELDS = ("situation", "guidance_given", "recommendations_text")


@transaction.atomic
def trip_report_start(*, actor, plan: VisitPlan) -> TripReport:
    """The trip report of an approved plan: the existing one, or a new draft with a part per unit visited and
    a finding per agenda item in each."""
    existing = TripReport.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_owner(actor, plan):
        raise PermissionDenied("Chỉ người chủ trì mới lập báo cáo chuyến đi.")
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError("Kế hoạch chưa được duyệt đủ hai bước nên chưa lập báo cáo được.")
    if plan.start_date > today():
        raise ValidationError("Chuyến đi bắt đầu ngày {}; báo cáo lập sau khi đi.".format(format_date(plan.start_date)))
    report = TripReport.objects.create(plan=plan, start_date=plan.start_date, end_date=plan.end_date)
    agenda = list(plan.agenda.all())
    for target in plan.targets.select_related("unit"):
        part = UnitVisitReport.objects.create(report=report, unit=target.unit)
        Finding.objects.bulk_create([Finding(unit_report=part, agenda_item=item) for item in agenda])
    PlanEvent.record(plan=plan, action=PlanAction.REPORT_SAVED, actor=actor, changes={"report": ["", "lập báo cáo"]})
    return report


def _check_report(report: TripReport, submitting: bool) -> None:
    errors = {}
    plan = report.plan
    if report.end_date < report.start_date:
        errors["end_date"] = "Ngày về ({}) trước ngày đi ({}).".format(
            format_date(report.end_date), format_date(report.start_date)
        )
    if report.start_date > today():
        errors["start_date"] = "Ngày đi ({}) chưa tới.".format(format_date(report.start_date))
    if abs((report.start_date - plan.start_date).days) > 60:
        errors["start_date"] = "Ngày đi thực tế cách ngày kế hoạch ({}) hơn 60 ngày.".format(
            format_date(plan.start_date)
        )
    for part in report.units.all():
        try:  # each line becomes a recommendation
            limits.check_lines(part.recommendations_text, limits.TEXT, field="units", label="kiến nghị")
        except ValidationError as exc:
            errors["units"] = "{}: {}".format(part.unit.name, exc.message_dict["units"][0])
            break
    if submitting:
        for part in report.units.all():
            if not part.situation.strip() and not any(f.text.strip() for f in part.findings.all()):
                errors["units"] = "{}: cần ghi tình hình hoặc kết quả ít nhất một nội dung trước khi nộp.".format(
                    part.unit.name
                )
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def trip_report_save(*, actor, report: TripReport, fields=None, units=None, findings=None, follow_ups=None):
    """Save the draft as it is typed. `fields`: report fields; `units`: {unit_report_id: {field: value}};
    `findings`: {finding_id: text}; `follow_ups`: {unit_report_id: [{"text", "due_date"}]} replacing the
    unit's follow-ups. A submitted report is locked."""
    report = TripReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    if not is_owner(actor, report.plan):
        raise PermissionDenied("Chỉ người chủ trì mới được sửa báo cáo chuyến đi.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp và bị khóa; cần Ban Tổ chức mở lại (có lý do) mới sửa được.")
    changes = {}
    for name, value in (fields or {}).items():
        if name not in REPORT_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        before = getattr(report, name)
        if before != value:
            changes[name] = [str(before or ""), str(value or "")]
            setattr(report, name, value)
    report.check_text_lengths(fields or {})
    parts = {p.pk: p for p in report.units.select_related("unit")}
    for part_id, values in (units or {}).items():
        part = parts.get(int(part_id))
        if part is None:
            raise ValidationError({"units": "Địa bàn không thuộc báo cáo này."})
        dirty = False
        for name, value in values.items():
            if name not in UNIT_FIELDS:
                raise ValidationError({name: "Không sửa được trường này."})
            if getattr(part, name) != value:
                setattr(part, name, value)
                changes["{}:{}".format(part.unit_id, name)] = ["", "đã sửa"]
                dirty = True
        too_long = part.text_length_errors(values)
        if too_long:
            raise ValidationError(
                {"units": ["{}: {}".format(part.unit.name, m) for messages in too_long.values() for m in messages]}
            )
        if dirty:
            part.save()
    if findings:
        rows = Finding.objects.filter(unit_report__report=report, pk__in=[int(k) for k in findings])
        known = {f.pk: f for f in rows.select_related("unit_report__unit")}
        for finding_id, text in findings.items():
            finding = known.get(int(finding_id))
            if finding is None:
                raise ValidationError({"findings": "Nội dung không thuộc báo cáo này."})
            if limits.text_length(text) > limits.TEXT:
                message = limits.too_long("kết quả", limits.text_length(text), limits.TEXT)
                raise ValidationError({"findings": "{}: {}".format(finding.unit_report.unit.name, message)})
            if finding.text != text:
                finding.text = text
                finding.save(update_fields=["text"])
                changes["finding:{}".format(finding.pk)] = ["", "đã sửa"]
    for part_id, items in (follow_ups or {}).items():
        part = parts.get(int(part_id))
        if part is None:
            raise ValidationError({"follow_ups": "Địa bàn không thuộc báo cáo này."})
        rows = []
        for i, item in enumerate(items, start=1):
            text = nfc(item.get("text") or "").strip()
            if not text:
                continue
            if item.get("due_date") is None:
                raise ValidationError({"follow_ups": "{}, việc {}: cần ghi hạn hoàn thành.".format(part.unit.name, i)})
            row = FollowUp(unit_report=part, text=text, due_date=item["due_date"])
            for messages in row.text_length_errors(["text"]).values():
                raise ValidationError({"follow_ups": "{}, việc {}: {}".format(part.unit.name, i, messages[0])})
            rows.append(row)
        existing = list(part.follow_ups.values_list("text", "due_date"))
        if existing != [(r.text, r.due_date) for r in rows]:
            part.follow_ups.all().delete()
            FollowUp.objects.bulk_create(rows)
            changes["{}:follow_ups".format(part.unit_id)] = [len(existing), len(rows)]
    _check_report(report, submitting=False)
    report.save()
    if changes:
        last = report.plan.events.order_by("-at", "-id").first()
        if not fold_into_last_save(last, action=PlanAction.REPORT_SAVED, actor=actor, changes=changes):
            PlanEvent.record(plan=report.plan, action=PlanAction.REPORT_SAVED, actor=actor, changes=changes)
    return report


@transaction.atomic
def trip_report_submit(*, actor, report: TripReport) -> TripReport:
    """Submit and lock; the plan is done. Each line of a unit's recommendations becomes a recommendation of
    that unit (once: resubmitting after a reopen adds only new lines)."""
    report = TripReport.objects.select_for_update().select_related("plan", "plan__owner").get(pk=report.pk)
    if not is_owner(actor, report.plan):
        raise PermissionDenied("Chỉ người chủ trì mới được nộp báo cáo chuyến đi.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp.")
    _check_report(report, submitting=True)
    for part in report.units.select_related("unit"):
        linked = {r.text for r in part.recommendations.all()}
        lines = [nfc(line).strip(" -•\t") for line in part.recommendations_text.splitlines()]
        for line in [line for line in lines if line]:
            if line in linked:
                continue
            linked.add(line)
            part.recommendations.add(
                feedback_recording.recommendation_from_report(
                    actor=actor,
                    unit=part.unit,
                    text=line,
                    source=RecommendationSource.VISIT,
                    raised_on=report.start_date,
                    carried_by=report.plan.owner,
                )
            )
    now = dates.now()
    report.status = TripReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    plan = report.plan
    plan.status = PlanStatus.DONE
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=plan, action=PlanAction.REPORT_SUBMITTED, actor=actor)
    return report


def can_reopen_trip_report(actor, report: TripReport) -> bool:
    """The department head who approved the plan, or organization staff whose capture scope covers it."""
    person = person_of(actor)
    if person is not None and person.pk == report.plan.department_approver_id:
        return True
    return can_manage_people(actor) and restrict(TripReport.objects.filter(pk=report.pk), actor, CAPTURE).exists()


@transaction.atomic
def trip_report_reopen(*, actor, report: TripReport, reason: str) -> TripReport:
    """The department head or organization staff reopen a submitted trip report for correction, with a reason
    in the history."""
    report = TripReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    if not can_reopen_trip_report(actor, report):
        raise PermissionDenied("Chỉ trưởng phòng đã duyệt kế hoạch hoặc Ban Tổ chức mới được mở lại báo cáo đã nộp.")
    if not report.is_locked:
        raise ValidationError("Báo cáo chưa nộp, không cần mở lại.")
    reason = limits.clean_text(reason, limits.NOTE, field="reason", label="lý do mở lại")
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do mở lại báo cáo."})
    report.status = TripReportStatus.REOPENED
    report.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=report.plan, action=PlanAction.REPORT_REOPENED, actor=actor, comment=reason or "")
    return report
