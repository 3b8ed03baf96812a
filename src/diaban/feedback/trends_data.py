"""The trends report as plain data: the API's answer (`/api/recommendation-trends/<unit>/`) and
`diaban recommendations-report --json`. What each figure means is in `feedback.trends`."""

from diaban.feedback.trends import NO_TOPIC, LeadTime, TrendsReport
from diaban.territory.lineage import lineage_data
from diaban.territory.models import Unit


def _unit_data(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _lead_data(row: LeadTime) -> dict:
    return {"id": row.key, "name": row.name, "answered": row.answered, "median_days": row.median}


def trends_data(report: TrendsReport) -> dict:
    return {
        "unit": _unit_data(report.unit),
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "lineage_note": report.lineage_note,
        "predecessors": lineage_data(report.lineage),
        "total": report.total,
        "by_topic": [{"id": t.topic_id, "name": t.name, "count": t.count} for t in report.by_topic],
        "by_unit": [{"unit": _unit_data(u.unit), "own_level": u.own_level, "count": u.count} for u in report.by_unit],
        "by_month": [{"month": m.month.strftime("%Y-%m"), "count": m.count} for m in report.by_month],
        "open_total": report.open_total,
        "overdue_total": report.overdue_total,
        "by_agency": [
            {"id": a.agency_id, "name": a.name, "open": a.open, "overdue": a.overdue} for a in report.agencies
        ],
        "answered_total": report.answered_total,
        "median_days": report.median_lead,
        "lead_time_by_agency": [_lead_data(row) for row in report.lead_by_agency],
        "lead_time_by_topic": [_lead_data(row) for row in report.lead_by_topic],
        "oldest_open": [
            {
                "id": o.recommendation.pk,
                "text": o.recommendation.text,
                "unit": _unit_data(o.recommendation.unit),
                "topic": o.recommendation.topic.name if o.recommendation.topic_id else NO_TOPIC,
                "agency": o.agency_name,
                "raised_on": o.recommendation.raised_on.isoformat(),
                "deadline": o.deadline.isoformat() if o.deadline else None,
                "age_days": o.age,
                "overdue": o.overdue,
            }
            for o in report.oldest
        ],
        "heat": {
            "units": [{"unit": _unit_data(u.unit), "own_level": u.own_level} for u in report.by_unit],
            "rows": [
                {"topic": {"id": row.topic.topic_id, "name": row.topic.name}, "counts": row.counts}
                for row in report.heat
            ],
        },
    }
