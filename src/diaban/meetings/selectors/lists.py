"""The meetings, attendances and attendance rules a user may see, a cell's calendar and a rule's history."""

import datetime

from diaban.core.scoping import VIEW, restrict
from diaban.meetings.models import Attendance, AttendanceRule, AttendanceRuleEvent, Meeting
from diaban.territory.models import PartyOrganization


def meetings_visible(user, action: str = VIEW):
    return restrict(Meeting.objects.select_related("organization__unit"), user, action)


def attendances_visible(user, action: str = VIEW):
    return restrict(Attendance.objects.select_related("person", "meeting__organization"), user, action)


def rules_visible(user, action: str = VIEW):
    return restrict(AttendanceRule.objects.select_related("unit"), user, action).prefetch_related(
        "titles", "excluded_titles"
    )


def rule_history(rule: AttendanceRule):
    """The rule's events, oldest first, with who made them (the caller found the rule in the reader's scope)."""
    return AttendanceRuleEvent.objects.filter(rule=rule).select_related("actor").order_by("at", "id")


def cell_calendar(organization: PartyOrganization, start: datetime.date, end: datetime.date):
    """The cell's meetings between two dates with their cadres' attendance (two queries)."""
    return (
        Meeting.objects.filter(organization=organization)
        .between(start, end)
        .prefetch_related("attendances__person")
        .order_by("date", "id")
    )
