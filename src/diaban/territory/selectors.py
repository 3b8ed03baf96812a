"""Reads of the unit and party-organization trees. Every queryset starts from `restrict`."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Sum

from diaban.core.dates import format_date
from diaban.core.models import subtree_q
from diaban.core.scoping import VIEW, restrict, scope_of
from diaban.core.text import vietnamese_sort_key
from diaban.territory.models import PartyOrganization, Succession, Unit, UnitLevel


def _period_words(start: datetime.date | None, end: datetime.date | None) -> str:
    if start is None and end is None:
        return ""
    if start == end:
        return " vào ngày {}".format(format_date(start))
    if start and end and start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return " trong năm {}".format(start.year)
    return " trong kỳ {}–{}".format(format_date(start) or "…", format_date(end) or "…")


def unit_by_code(code: str, start: datetime.date | None = None, end: datetime.date | None = None) -> Unit:
    """The one unit of a statistics code valid at some time in [start, end] (a day when both are that day; the
    code alone when neither is given), for the commands that name units by code. A code that names no unit then,
    or several, is a Vietnamese error saying when the code was valid."""
    code = (code or "").strip()
    overlap = Q()
    if end is not None:
        overlap &= Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    if start is not None:
        overlap &= Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    matches = list(Unit.objects.filter(code=code).filter(overlap).select_related("level").order_by("path")[:6])
    when = _period_words(start, end)
    if not matches:
        others = [
            "{} ({}–{})".format(u.name, format_date(u.valid_from) or "…", format_date(u.valid_until) or "…")
            for u in Unit.objects.filter(code=code).order_by("valid_from")[:5]
        ]
        raise ValidationError(
            "Không có đơn vị mã {} có hiệu lực{}.{}".format(
                code, when, " Mã này có hiệu lực: {}.".format("; ".join(others)) if others else ""
            )
        )
    if len(matches) > 1:
        latest = _successor_of_the_others(matches)
        if latest is not None:
            return latest
        raise ValidationError(
            "Mã {} chỉ nhiều đơn vị{}: {}.".format(
                code, when, ", ".join("{} ({})".format(u.name, u.level.name) for u in matches)
            )
        )
    return matches[0]


def _successor_of_the_others(matches: list[Unit]) -> Unit | None:
    """Among units of one code over a period, the one that took the place of all the others in it (Xã Ba Tri
    29110 of 2025, which absorbed Thị trấn Ba Tri 29110): the figures over the period are its, with theirs."""
    links = set(Succession.objects.filter(predecessor__in=matches, successor__in=matches).values_list(
        "predecessor_id", "successor_id"
    ))  # fmt: skip
    for unit in matches:
        if all((other.pk, unit.pk) in links for other in matches if other.pk != unit.pk):
            return unit
    return None


def units_visible(user, action: str = VIEW):
    return restrict(Unit.objects.select_related("level"), user, action)


def organizations_visible(user, action: str = VIEW):
    return restrict(PartyOrganization.objects.select_related("unit"), user, action)


def _with_has_children(queryset, date: datetime.date):
    below = Unit.objects.filter(parent=OuterRef("pk")).valid_on(date)
    return queryset.annotate(has_children=Exists(below))


def unit_roots(user, date: datetime.date):
    """Where a user's tree starts: their scope units, or for administrators the provinces valid on `date`.

    A scope unit closed by a reorganization still opens (it shows its tree as it last stood), after those valid on
    `date`: the first root is where a page opens by default, and users work in today's units.
    """
    scope = scope_of(user, VIEW)
    qs = units_visible(user)
    if scope.everything:
        roots = list(_with_has_children(qs.filter(depth=1).valid_on(date), date).order_by("path"))
    else:
        # Any child at all: the children fragment shows them as of the unit's own last valid day.
        qs = qs.filter(path__in=scope.paths).annotate(has_children=Exists(Unit.objects.filter(parent=OuterRef("pk"))))
        roots = list(qs.order_by("path"))
        # A scope unit nested inside another scope unit is reachable from it.
        roots = [r for r in roots if not any(r.path != o.path and r.path.startswith(o.path) for o in roots)]
        roots.sort(key=lambda r: not r.is_valid_on(date))  # stable: by path within each group
    return roots


def unit_children(unit: Unit, user, date: datetime.date):
    """Direct children of `unit` as of `date`, moved inside the unit's own validity."""
    on = unit.clamp_date(date)
    qs = units_visible(user).filter(parent=unit).valid_on(on)
    # Sorted here, not by the database: SQL collations put "Đ" after "Z" and "Khu phố 10" before "Khu phố 2".
    return sorted(_with_has_children(qs, on), key=lambda u: (u.kind, vietnamese_sort_key(u.name)))


def unit_ancestors(unit: Unit, user):
    """Breadcrumb: the ancestors the user may see, top first (one query)."""
    return units_visible(user).filter(path__in=unit.ancestor_paths()).order_by("depth")


def unit_counts_below(unit: Unit, date: datetime.date) -> list[dict]:
    """Units of each level under `unit` as of `date`: one grouped query whatever the tree's size."""
    on = unit.clamp_date(date)
    rows = (
        Unit.objects.within(unit, include_self=False)
        .valid_on(on)
        .values("level_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["level_id"]: row["count"] for row in rows}
    levels = UnitLevel.objects.filter(pk__in=counts).order_by("rank")
    return [{"level": level, "count": counts[level.pk]} for level in levels]


def unit_successions(unit: Unit):
    """(links from predecessors, links to successors) of `unit`, the other side loaded.

    Two indexed lookups rather than one OR across both keys, which PostgreSQL may plan as a join of the
    whole unit table with itself.
    """
    before = list(Succession.objects.filter(successor=unit).select_related("predecessor__level"))
    after = list(Succession.objects.filter(predecessor=unit).select_related("successor__level"))
    return before, after


def unit_organizations(unit: Unit, user):
    """Party organizations located in `unit` itself."""
    return organizations_visible(user).filter(unit=unit).order_by("path")


def organization_counts_below(unit: Unit, user) -> dict:
    """Cells and members located anywhere under `unit` (one query)."""
    qs = organizations_visible(user).filter(subtree_q("unit__path", unit.path), kind="cell")
    return qs.aggregate(cells=Count("id"), members=Sum("member_count"))


def unit_search(user, text: str, date: datetime.date | None = None, limit: int = 50):
    """Units whose name contains `text`, ignoring accents and case ("ba tri" → Huyện Ba Tri)."""
    qs = units_visible(user).search(text)
    if date:
        qs = qs.valid_on(date)
    found = qs.select_related("parent", "level").order_by("level__rank", "path")[:limit]
    return sorted(found, key=lambda u: (u.level.rank, vietnamese_sort_key(u.name)))
