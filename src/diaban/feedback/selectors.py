"""Reads of recommendations: what a user sees, what they may do with one, what the system suggests.

Visibility is `restrict` on the recommendation's unit; an agency's accounts see only their agency's queue
(Recommendation.narrow_scope, applied by `restrict`).

Who may do what:
- record: anyone who may capture in the unit; a cadre with a person record for units they may view;
- route (answer on the spot, forward, send to the Standing Committee) and re-route: organization staff who may
  capture in the unit;
- acknowledge, ask for information, return, answer and close: the accounts of the agency it is with;
- answer one sent to the Standing Committee: leaders who may view the unit, and organization staff;
- add the information asked for: the cadre who carried it, who recorded it, organization staff;
- mark the answer told back to the grassroots: the cadre who carried it, organization staff, the grassroots unit.
- see the name and contact of a person who raised it: organization staff who may capture in the unit, the cadre
  who carried it and who recorded it. Everyone else sees that a person raised it, nothing more.
"""

import datetime

from django.db.models import Q

from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.scoping import CAPTURE, VIEW, restrict, scope_of
from diaban.core.text import fold
from diaban.feedback.choices import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    WITH_AGENCY,
    RaiserKind,
    RecommendationStatus,
)
from diaban.feedback.models import Agency, Recommendation, RecommendationGroup, Topic
from diaban.people.choices import Role
from diaban.people.permissions import person_of, role_of
from diaban.territory.models import Unit

ROUTABLE = (
    RecommendationStatus.NEW,
    RecommendationStatus.RETURNED,
    RecommendationStatus.FORWARDED,
    RecommendationStatus.ESCALATED,
)


def recommendations_visible(user, action: str = VIEW):
    return restrict(Recommendation.objects.all(), user, action)


def recommendation_detail_queryset(user):
    return recommendations_visible(user).select_related(
        "unit__level", "unit__parent", "topic", "agency", "carried_by", "answered_by", "conveyed_by", "group",
        "created_by",
    )  # fmt: skip


def groups_visible(user):
    """Groups with at least one member the user sees."""
    return RecommendationGroup.objects.filter(pk__in=recommendations_visible(user).values("group_id"))


def _covers(user, unit_path: str, action: str) -> bool:
    return scope_of(user, action).covers(unit_path)


def _is_staff(user, recommendation) -> bool:
    return role_of(user) in (Role.ORGANIZATION, Role.ADMINISTRATOR) and _covers(user, recommendation.unit.path, CAPTURE)


def _carried_by_user(user, recommendation) -> bool:
    carrier = recommendation.carried_by
    return carrier is not None and carrier.user_id is not None and carrier.user_id == user.pk


def agency_ids_of(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    if not hasattr(user, "_diaban_agency_ids"):
        user._diaban_agency_ids = set(Agency.objects.filter(members=user).values_list("pk", flat=True))
    return user._diaban_agency_ids


def is_agency_user(user) -> bool:
    return role_of(user) == Role.AGENCY


def can_record(user, unit: Unit) -> bool:
    if user is None or not user.is_authenticated or is_agency_user(user):
        return False
    if _covers(user, unit.path, CAPTURE):
        return True
    return role_of(user) == Role.CADRE and person_of(user) is not None and _covers(user, unit.path, VIEW)


def can_record_somewhere(user) -> bool:
    if user is None or not user.is_authenticated or is_agency_user(user):
        return False
    return bool(scope_of(user, CAPTURE).paths or scope_of(user, CAPTURE).everything) or (
        role_of(user) == Role.CADRE and person_of(user) is not None
    )


def can_route(user, recommendation) -> bool:
    return recommendation.status in ROUTABLE and _is_staff(user, recommendation)


def can_work_as_agency(user, recommendation) -> bool:
    """The agency it is with acts on it while it waits on them."""
    return (
        recommendation.agency_id is not None
        and recommendation.status in WITH_AGENCY
        and recommendation.agency_id in agency_ids_of(user)
    )


def can_answer_escalated(user, recommendation) -> bool:
    if recommendation.status != RecommendationStatus.ESCALATED:
        return False
    if role_of(user) == Role.LEADER and _covers(user, recommendation.unit.path, VIEW):
        return True
    return _is_staff(user, recommendation) or (
        recommendation.agency_id is not None and recommendation.agency_id in agency_ids_of(user)
    )


def can_answer(user, recommendation) -> bool:
    return can_work_as_agency(user, recommendation) or can_answer_escalated(user, recommendation)


def can_close(user, recommendation) -> bool:
    if recommendation.status != RecommendationStatus.ANSWERED:
        return False
    return _is_staff(user, recommendation) or (
        recommendation.agency_id is not None and recommendation.agency_id in agency_ids_of(user)
    )


def can_provide_info(user, recommendation) -> bool:
    if recommendation.status != RecommendationStatus.INFO_REQUESTED or user is None:
        return False
    return (
        _carried_by_user(user, recommendation)
        or (recommendation.created_by_id is not None and recommendation.created_by_id == user.pk)
        or _is_staff(user, recommendation)
    )


def can_convey(user, recommendation) -> bool:
    if recommendation.status not in ANSWERED_STATUSES or recommendation.conveyed_on is not None:
        return False
    if _carried_by_user(user, recommendation) or _is_staff(user, recommendation):
        return True
    return role_of(user) == Role.GRASSROOTS and _covers(user, recommendation.unit.path, CAPTURE)


def can_convey_at_meeting(user, recommendation, report) -> bool:
    """The author of a cell-meeting report tells the answers of that cell's unit (and the units below) to the cell
    (`report` is a meetings.MeetingReport; read through its attributes so this app stays below meetings)."""
    if recommendation.status not in ANSWERED_STATUSES or recommendation.conveyed_on is not None:
        return False
    attendance = report.attendance
    unit = attendance.meeting.organization.unit
    return (
        attendance.person.user_id is not None
        and attendance.person.user_id == getattr(user, "pk", None)
        and unit is not None
        and recommendation.unit.path.startswith(unit.path)
    )


def can_group(user, recommendation) -> bool:
    """Organization staff link the recommendations of their units into groups."""
    return _is_staff(user, recommendation)


def can_answer_group(actor, members) -> bool:
    """Answering a group answers every open member: the actor must be able to answer or route each of them."""
    open_members = [m for m in members if m.is_open]
    if not open_members:
        return False
    return all(can_answer(actor, m) or can_route(actor, m) for m in open_members)


def can_see_personal_data(user, recommendation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if recommendation.created_by_id is not None and recommendation.created_by_id == user.pk:
        return True
    return _carried_by_user(user, recommendation) or _is_staff(user, recommendation)


def raiser_label(user, recommendation) -> str:
    """Who raised it, as this user may read it."""
    kind = recommendation.raiser_kind
    if not kind:
        return ""
    label = recommendation.get_raiser_kind_display()
    if kind == RaiserKind.PERSON and not can_see_personal_data(user, recommendation):
        return "{} (thông tin cá nhân được bảo vệ)".format(label)
    return "{}: {}".format(label, recommendation.raiser_name) if recommendation.raiser_name else label


# ---------------------------------------------------------------------------------------------------------
# Suggestions


def suggest_topic(text: str, topics=None) -> Topic | None:
    """The active topic whose keywords appear most in `text` (accents ignored), or None."""
    folded = " {} ".format(fold(text))
    best, best_hits = None, 0
    for topic in topics if topics is not None else Topic.objects.filter(is_active=True):
        hits = sum(1 for word in topic.keywords.splitlines() if word.strip() and " {} ".format(fold(word)) in folded)
        if hits > best_hits:
            best, best_hits = topic, hits
    return best


def _ancestor_or_self_paths(unit: Unit) -> list[str]:
    return [unit.path[:end] for end in range(SEGMENT_LENGTH, len(unit.path) + 1, SEGMENT_LENGTH)]


def agencies_for(unit: Unit):
    """Active agencies serving `unit` (their area holds it), the nearest first."""
    return (
        Agency.objects.filter(is_active=True, unit__path__in=_ancestor_or_self_paths(unit))
        .select_related("unit")
        .order_by("-unit__depth", "name")
    )


def suggest_agency(unit: Unit, topic: Topic | None) -> Agency | None:
    """The nearest active agency serving `unit` that answers `topic`."""
    if topic is None:
        return None
    return agencies_for(unit).filter(topics=topic).first()


def agencies_visible(user):
    """Agencies whose area lies in the user's scope, or above it (a provincial department serves every commune of
    the province), and the user's own agencies."""
    scope = scope_of(user, VIEW)
    if scope.everything:
        return Agency.objects.all()
    above = {path[:end] for path in scope.paths for end in range(SEGMENT_LENGTH, len(path), SEGMENT_LENGTH)}
    condition = Q(unit__path__in=above) | Q(pk__in=agency_ids_of(user))
    return Agency.objects.filter(Q(pk__in=restrict(Agency.objects.all(), user).values("pk")) | condition)


# ---------------------------------------------------------------------------------------------------------
# Lists


def search_q(text: str, with_unit: bool = False) -> Q:
    """Every word of `text` in the recommendation (or, with `with_unit`, in its unit's name), accents ignored and in
    any order: "bon nuoc khu pho 1" finds "bồn chứa nước ngọt cho các hộ nghèo khu phố 1"."""
    condition = Q()
    for word in fold(text).split():
        word_q = Q(search_key__contains=word)
        if with_unit:
            word_q |= Q(unit__search_key__contains=word)
        condition &= word_q
    return condition


def open_recommendations(queryset):
    return queryset.filter(status__in=OPEN_STATUSES)


def overdue_q(on: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__isnull=False, deadline__lt=on)


def agency_queue(user):
    """What waits on the user's agencies, the nearest deadline first."""
    return (
        recommendations_visible(user)
        .filter(status__in=WITH_AGENCY, agency_id__in=agency_ids_of(user))
        .order_by("deadline", "id")
    )


def answers_to_convey(person):
    """Answers to recommendations this cadre carried, not yet told back to the grassroots."""
    return (
        Recommendation.objects.filter(carried_by=person, status__in=ANSWERED_STATUSES, conveyed_on__isnull=True)
        .select_related("unit")
        .order_by("answered_on", "id")
    )


def answers_for_unit(unit: Unit, since: datetime.date | None = None):
    """Answers to the recommendations of `unit` and the units below it: those not yet told back, and those
    answered since `since`."""
    condition = Q(conveyed_on__isnull=True)
    if since is not None:
        condition |= Q(answered_on__gte=since)
    return (
        Recommendation.objects.filter(subtree_q("unit__path", unit.path), status__in=ANSWERED_STATUSES)
        .filter(condition)
        .select_related("unit")
        .order_by("-answered_on", "-id")
    )


# ---------------------------------------------------------------------------------------------------------
# Similar ones

SIMILAR_CANDIDATES_MAX = 5000  # the most recent ones in scope; older problems have had their answer


def similar_recommendations(user, text: str, *, exclude_pk: int | None = None, limit: int = 5) -> list:
    """The recommendations in the user's scope most like `text`: open ones, and those already in a group (a new
    one may join it), best first, each with `.similarity` (0–1)."""
    from diaban.feedback.similarity import rank_similar

    candidates = recommendations_visible(user).filter(Q(status__in=OPEN_STATUSES) | Q(group__isnull=False))
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    rows = list(candidates.order_by("-raised_on", "-id").values_list("pk", "text")[:SIMILAR_CANDIDATES_MAX])
    matches = rank_similar(text, rows, limit=limit)
    found = recommendation_detail_queryset(user).in_bulk([m.pk for m in matches])
    result = []
    for match in matches:
        recommendation = found[match.pk]
        recommendation.similarity = match.score
        result.append(recommendation)
    return result
