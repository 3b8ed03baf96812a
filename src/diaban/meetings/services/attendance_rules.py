"""Attendance rules (quy định dự sinh hoạt chi bộ): set and changed by organization staff for the units in their
capture scope, every change kept in the rule's history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date
from diaban.core.scoping import CAPTURE, restrict
from diaban.meetings.choices import Activity, Period, RuleEventAction
from diaban.meetings.models import AttendanceRule, AttendanceRuleEvent
from diaban.people.permissions import MANAGERS, role_of
from diaban.territory.models import Unit

RULE_FIELDS = (
    "name",
    "unit",
    "titles",
    "excluded_titles",
    "activity",
    "minimum",
    "period",
    "document",
    "valid_from",
    "valid_until",
)
RULE_MINIMUM = (1, 1000)
# The rule's texts, all required, with what to say when one is missing.
RULE_TEXTS = {
    "name": "Cần ghi tên quy định.",
    "document": "Cần ghi văn bản ban hành quy định (số, ngày và cơ quan ban hành).",
}


def can_set_rules(user, unit: Unit) -> bool:
    """Organization staff and administrators set the rules of the units in their capture scope."""
    return role_of(user) in MANAGERS and restrict(Unit.objects.filter(pk=unit.pk), user, CAPTURE).exists()


def _require_rule_keeper(actor, unit: Unit | None) -> None:
    if role_of(actor) not in MANAGERS:
        raise PermissionDenied("Chỉ Ban Tổ chức mới được đặt và sửa quy định dự sinh hoạt.")
    if unit is not None and not can_set_rules(actor, unit):
        raise PermissionDenied("{} nằm ngoài phạm vi nhập liệu của bạn.".format(unit.name))


def _choice_error(value, choices, label: str) -> str | None:
    if value in choices.values:
        return None
    if not value:
        return "Chọn {}: {}.".format(label, ", ".join("{} ({})".format(v, lb) for v, lb in choices.choices))
    return '"{}" không hợp lệ; chọn một trong: {}.'.format(value, ", ".join(choices.values))


def _minimum_error(value) -> str | None:
    if value is None:
        return "Cần ghi số lần tối thiểu."
    if isinstance(value, bool) or not isinstance(value, int):
        return "Số lần tối thiểu phải là một số nguyên."
    low, high = RULE_MINIMUM
    if value < low:
        return "Số lần tối thiểu phải từ {} trở lên.".format(low)
    if value > high:
        return "Số lần tối thiểu không quá {}.".format(high)
    return None


def _check_rule(rule: AttendanceRule, titles: list, excluded: list) -> None:
    """Every problem of the rule as it would be stored, at once (field → message)."""
    errors = {}
    for name, missing in RULE_TEXTS.items():
        label = AttendanceRule._meta.get_field(name).verbose_name  # as the API and the pages name it
        try:
            setattr(rule, name, limits.clean_text(getattr(rule, name), limits.TITLE, field=name, label=label))
        except ValidationError as exc:
            errors.update({field: messages[0] for field, messages in exc.message_dict.items()})
        else:
            if not getattr(rule, name):
                errors[name] = missing
    if rule.unit_id is None:
        errors["unit"] = "Chọn địa bàn ban hành quy định."
    for name, choices, label in (("activity", Activity, "hoạt động được tính"), ("period", Period, "kỳ tính")):
        message = _choice_error(getattr(rule, name), choices, label)
        if message:
            errors[name] = message
    message = _minimum_error(rule.minimum)
    if message:
        errors["minimum"] = message
    if not titles:
        errors["titles"] = "Chọn ít nhất một chức vụ áp dụng."
    excluded_pks = {t.pk for t in excluded}
    both = sorted({t.name for t in titles if t.pk in excluded_pks})
    if both:
        errors["excluded_titles"] = "Chức vụ vừa áp dụng vừa bị trừ: {}.".format(", ".join(both))
    if rule.valid_from is None:
        errors["valid_from"] = "Cần ghi ngày bắt đầu áp dụng."
    elif rule.valid_until is not None and rule.valid_until < rule.valid_from:
        errors["valid_until"] = "Ngày hết áp dụng {} trước ngày bắt đầu áp dụng {}.".format(
            format_date(rule.valid_until), format_date(rule.valid_from)
        )
    if errors:
        raise ValidationError(errors)


def _rule_snapshot(rule: AttendanceRule) -> dict:
    """The stored rule as its history records it: text a person can read later."""
    return {
        "name": rule.name,
        "unit": rule.unit.name,
        "titles": ", ".join(t.name for t in rule.titles.all()),
        "excluded_titles": ", ".join(t.name for t in rule.excluded_titles.all()),
        "activity": rule.get_activity_display(),
        "minimum": str(rule.minimum),
        "period": rule.get_period_display(),
        "document": rule.document,
        "valid_from": format_date(rule.valid_from),
        "valid_until": format_date(rule.valid_until),
    }


def _unknown_rule_fields(fields) -> None:
    unknown = sorted(set(fields) - set(RULE_FIELDS))
    if unknown:
        raise ValidationError({name: "Không sửa được trường này." for name in unknown})


@transaction.atomic
def attendance_rule_create(*, actor, **fields) -> AttendanceRule:
    """Set a rule: holders of `titles` (not of `excluded_titles`) working in `unit` attend at least `minimum`
    cell meetings each `period` from `valid_from` (to `valid_until`), under `document`. Organization staff, for a
    unit in their capture scope."""
    _unknown_rule_fields(fields)
    unit = fields.pop("unit", None)
    _require_rule_keeper(actor, unit)
    titles = list(fields.pop("titles", None) or ())
    excluded = list(fields.pop("excluded_titles", None) or ())
    fields.setdefault("activity", Activity.ASSIGNED)
    rule = AttendanceRule(unit=unit, **fields)
    _check_rule(rule, titles, excluded)
    rule.save()
    rule.titles.set(titles)
    rule.excluded_titles.set(excluded)
    after = _rule_snapshot(rule)
    AttendanceRuleEvent.record(
        rule=rule,
        action=RuleEventAction.CREATED,
        actor=actor,
        changes={name: ["", value] for name, value in after.items() if value},
    )
    return rule


@transaction.atomic
def attendance_rule_update(*, actor, rule: AttendanceRule, **fields) -> AttendanceRule:
    """Change a rule, checked as a whole as when it was set. Both the unit it stands in and, when it moves, its new
    unit must be in the actor's capture scope. The history keeps each field changed, before and after."""
    _unknown_rule_fields(fields)
    rule = AttendanceRule.objects.select_for_update(of=("self",)).select_related("unit").get(pk=rule.pk)
    _require_rule_keeper(actor, rule.unit)
    if fields.get("unit") is not None and fields["unit"].pk != rule.unit_id:
        _require_rule_keeper(actor, fields["unit"])
    before = _rule_snapshot(rule)
    titles = list(fields.pop("titles") or ()) if "titles" in fields else list(rule.titles.all())
    excluded = (
        list(fields.pop("excluded_titles") or ()) if "excluded_titles" in fields else list(rule.excluded_titles.all())
    )
    for name, value in fields.items():
        setattr(rule, name, value)
    _check_rule(rule, titles, excluded)
    rule.save()
    rule.titles.set(titles)
    rule.excluded_titles.set(excluded)
    after = _rule_snapshot(rule)
    changes = {name: [before[name], value] for name, value in after.items() if before[name] != value}
    if changes:
        AttendanceRuleEvent.record(rule=rule, action=RuleEventAction.CHANGED, actor=actor, changes=changes)
    return rule
