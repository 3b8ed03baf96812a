"""A department's field time as plain data: `diaban fieldtime --json`. What each figure means is in
`visits.fieldtime`; how it is read, in `visits.fieldtime_selectors`."""

from diaban.visits.fieldtime_selectors import DepartmentFieldTime
from diaban.visits.models import FieldTimeRule


def _ratio(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _rule_data(rule: FieldTimeRule | None) -> dict | None:
    if rule is None:
        return None
    return {
        "id": rule.pk,
        "name": rule.name,
        "numerator": rule.share_numerator,
        "denominator": rule.share_denominator,
        "source": rule.source,
        "department": rule.department.name,
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
    }


def field_time_data(result: DepartmentFieldTime) -> dict:
    total = result.total
    return {
        "department": {"id": result.department.pk, "name": result.department.name},
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "rule": _rule_data(result.rule),
        "field_days": total.field_days,
        "working_days": total.working_days,
        "uncounted_days": total.uncounted_days,
        "ratio": _ratio(total.ratio),
        "members": len(result.rows),
        "assessed": result.assessed,
        "at_target": result.at_target,
        "people": [
            {
                "id": r.person.pk,
                "code": r.person.code,
                "name": r.person.full_name,
                "department": r.person.department.name if r.person.department else None,
                "field_days": r.figure.field_days,
                "working_days": r.figure.working_days,
                "uncounted_days": r.figure.uncounted_days,
                "ratio": _ratio(r.figure.ratio),
                "rule": r.rule.pk if r.rule else None,
                "meets": r.meets,
            }
            for r in result.rows
        ],
        "months": [
            {
                "month": "{}-{:02d}".format(m.year, m.month),
                "field_days": m.field_days,
                "working_days": m.working_days,
                "ratio": _ratio(m.ratio),
            }
            for m in total.months
        ],
    }
