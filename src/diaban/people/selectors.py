"""Reads of people, their positions and memberships, and departments. Every queryset starts from `restrict`."""

from diaban.core.models import SEGMENT_LENGTH
from diaban.core.scoping import VIEW, restrict, scope_of
from diaban.people.models import CommitteeMembership, Department, Person, Position


def people_visible(user, action: str = VIEW):
    return restrict(Person.objects.select_related("home_unit__level"), user, action)


def positions_of(person: Person):
    return Position.objects.filter(person=person).select_related("title__level").order_by("-start_date", "id")


def memberships_of(person: Person):
    return CommitteeMembership.objects.filter(person=person).select_related("committee", "term")


def departments_named(user):
    """Departments in the user's scope and those of the committees above it: a hamlet's secretary sees which
    department of the province's committee a visiting cadre comes from. Names and heads only; a department's
    members and field time stay behind the usual scope."""
    scope = scope_of(user, VIEW)
    base = Department.objects.all()
    if scope.everything:
        return base
    above = {path[:end] for path in scope.paths for end in range(SEGMENT_LENGTH, len(path), SEGMENT_LENGTH)}
    return restrict(base, user) | base.filter(unit__path__in=sorted(above))
