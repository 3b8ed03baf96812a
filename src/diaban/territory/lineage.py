"""A unit over a period with the units it took the place of (its lineage), and the history of its predecessors
for its page: how a figure for a new commune, or for today's province, over a period that spans a reorganization
includes what was recorded against the units it absorbed."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Substr

from diaban.core.dates import format_date
from diaban.core.models import SEGMENT_LENGTH, subtree_q, within_any_q
from diaban.core.scoping import VIEW, scope_of
from diaban.core.text import vietnamese_sort_key
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, Succession, Unit

# ---------------------------------------------------------------------------------------------------------
# Lineage: a unit over a period, with the units it took the place of


LINEAGE_DEPTH = 4  # reorganizations followed back from one unit: each costs one or two queries


@dataclass(frozen=True)
class LineagePiece:
    """Part of a unit's lineage over a period: the subtree at `path` from `start` to `end` (both included).

    `unit` is the unit whose subtree it is; `via` the predecessor of the lineage's unit it came through (None for
    the unit itself), and `partial` says that only parts of `via` came (an old commune split among several new
    ones: the hamlets carried under this unit)."""

    unit: Unit
    start: datetime.date
    end: datetime.date
    via: Unit | None = None
    partial: bool = False

    @property
    def path(self) -> str:
        return self.unit.path


def _own_piece(unit: Unit, start, end, via, partial, clip: bool) -> LineagePiece:
    if clip:
        if unit.valid_from and unit.valid_from > start:
            start = unit.valid_from
        if unit.valid_until and unit.valid_until < end:
            end = unit.valid_until
    return LineagePiece(unit, start, end, via, partial)


def unit_lineages(units, start: datetime.date, end: datetime.date) -> dict[int, list[LineagePiece]]:
    """The lineage of each of `units` over [start, end], by unit id: its own piece first, then the units it took
    the place of on a date inside the period (`Succession` dated after `start` and not after `end`), each for the
    part of the period before that date, and theirs, recursively. A predecessor split among several units gives
    only the parts carried under this one (the old hamlets whose copies are now below it), when there are any;
    else the whole of it. A period entirely on one side of every succession gives just [the unit, start, end].

    Queries: one or two per step back through a reorganization, whatever the number of units (a drill-down's
    children are asked about together)."""
    units = list(units)
    result: dict[int, list[LineagePiece]] = {u.pk: [] for u in units}
    # (owner id, unit, window end, the owner's predecessor it came through, partial)
    frontier = [(u.pk, u, end, None, False) for u in units]
    seen = set()
    for step in range(LINEAGE_DEPTH + 1):
        if not frontier:
            break
        links_of: dict[int, list[Succession]] = {}
        if step < LINEAGE_DEPTH:
            last = max(item[2] for item in frontier)
            for link in Succession.objects.filter(
                successor_id__in={item[1].pk for item in frontier}, date__gt=start, date__lte=last
            ).select_related("predecessor"):
                links_of.setdefault(link.successor_id, []).append(link)
        parts = _split_parts(frontier, links_of, start)
        following = []
        for owner, unit, window_end, via, partial in frontier:
            links = [link for link in links_of.get(unit.pk, ()) if link.date <= window_end]
            result[owner].append(_own_piece(unit, start, window_end, via, partial, clip=bool(links) or step > 0))
            for link in links:
                before = link.date - datetime.timedelta(days=1)
                came = [link.predecessor]
                if link.kind == SuccessionKind.SPLIT:
                    came = parts.get((unit.pk, link.predecessor_id)) or came
                for part in came:
                    if (owner, part.pk) in seen:
                        continue
                    seen.add((owner, part.pk))
                    following.append(
                        (owner, part, before, via or link.predecessor, partial or part is not link.predecessor)
                    )
        frontier = following
    return result


def _split_parts(frontier, links_of, start) -> dict[tuple[int, int], list[Unit]]:
    """For each (unit, predecessor split among several units): the units of the predecessor carried under the unit
    (the old hamlets of their `reparent` links), in one query."""
    splits = [
        (unit, link)
        for _owner, unit, _end, _via, _partial in frontier
        for link in links_of.get(unit.pk, ())
        if link.kind == SuccessionKind.SPLIT
    ]
    if not splits:
        return {}
    below = within_any_q("successor__path", [unit.path for unit, _link in splits])
    found: dict[tuple[int, int], list[Unit]] = {}
    carried = Succession.objects.filter(below, kind=SuccessionKind.REPARENT, date__gt=start).select_related(
        "predecessor", "successor"
    )
    for reparent in carried:
        for unit, link in splits:
            if (
                reparent.date == link.date
                and reparent.successor.path.startswith(unit.path)
                and reparent.predecessor.path.startswith(link.predecessor.path)
            ):
                found.setdefault((unit.pk, link.predecessor_id), []).append(reparent.predecessor)
    return found


def unit_lineage(unit: Unit, start: datetime.date, end: datetime.date) -> list[LineagePiece]:
    """The lineage of one unit over [start, end] (`unit_lineages`)."""
    return unit_lineages([unit], start, end)[unit.pk]


def has_predecessors_on(unit: Unit, date: datetime.date) -> bool:
    """Whether `unit` took some unit's place on `date` (so a period reaching before it has a lineage)."""
    return Succession.objects.filter(successor=unit, date=date).exists()


def lineage_q(
    pieces: list[LineagePiece],
    path_field: str,
    date_field: str | None = None,
    *,
    span_fields: tuple[str, str] | None = None,
    open_start: bool = False,
) -> Q:
    """Rows whose path `path_field` lies in a piece of the lineage and whose date falls in that piece's part of the
    period: a day (`date_field`), or an interval overlapping it (`span_fields`: start and end, the end open when
    null). With `open_start`, a piece's dates are bounded above only (what was still open at the period's end)."""
    condition = Q()
    for piece in pieces:
        here = subtree_q(path_field, piece.path)
        if date_field is not None:
            here &= Q(**{date_field + "__lte": piece.end})
            if not open_start:
                here &= Q(**{date_field + "__gte": piece.start})
        if span_fields is not None:
            first, last = span_fields
            here &= Q(**{first + "__lte": piece.end})
            if not open_start:
                here &= Q(**{last + "__isnull": True}) | Q(**{last + "__gte": piece.start})
        condition |= here
    return condition


def lineage_note(pieces: list[LineagePiece]) -> str:
    """The sentence every page, API answer and command prints under a figure that includes predecessors:
    "Gồm số liệu trước 01/07/2025 của: Thị trấn Ba Tri, Xã An Bình Tây (phần chuyển về)." Empty without them."""
    by_date: dict[datetime.date, dict[int, tuple[Unit, bool]]] = {}
    for piece in pieces:
        if piece.via is None:
            continue
        first_day = piece.end + datetime.timedelta(days=1)
        vias = by_date.setdefault(first_day, {})
        known = vias.get(piece.via.pk)
        vias[piece.via.pk] = (piece.via, piece.partial and (known is None or known[1]))
    sentences = []
    for day in sorted(by_date):
        names = [
            unit.name + (" (phần chuyển về)" if partial else "")
            for unit, partial in sorted(by_date[day].values(), key=lambda v: vietnamese_sort_key(v[0].name))
        ]
        sentences.append("Gồm số liệu trước {} của: {}.".format(format_date(day), ", ".join(names)))
    return " ".join(sentences)


def lineage_data(pieces: list[LineagePiece]) -> list[dict]:
    """The units whose records a figure includes besides the root's own, and until when: the API's field."""
    seen, out = set(), []
    for piece in pieces:
        if piece.via is not None and piece.via.pk not in seen:
            seen.add(piece.via.pk)
            out.append(
                {
                    "id": piece.via.pk,
                    "code": piece.via.code,
                    "name": piece.via.name,
                    "until": piece.end.isoformat(),
                    "partial": piece.partial,
                }
            )
    return out


class LineageBranches:
    """A root's lineage over a period, with its children as of the period's end (None: not read), each with its own
    lineage, and which child a path recorded in the root's lineage falls in (None: recorded on the root, or on a part
    of it no child continues). One call of `unit_lineages` for the root and the children together."""

    def __init__(self, root: Unit, children: list[Unit] | None, start: datetime.date, end: datetime.date):
        self.root, self.children, self.start, self.end = root, children, start, end
        lineages = unit_lineages([root, *(children or ())], start, end)
        self.root_pieces = lineages[root.pk]
        self.lineages = {child.pk: lineages[child.pk] for child in children or ()}
        self._by_path: dict[str, Unit] = {}
        for child in children or ():
            for piece in self.lineages[child.pk]:
                self._by_path.setdefault(piece.path, child)
        self._lengths = sorted({len(p) for p in self._by_path}, reverse=True)

    def child_of(self, path: str) -> Unit | None:
        for length in self._lengths:
            if length <= len(path):
                child = self._by_path.get(path[:length])
                if child is not None:
                    return child
        return None

    def bucket(self, path_field: str):
        """An SQL expression grouping rows of the root's lineage finely enough for `child_of` to place each group:
        in each piece of the root, the path cut to the longest child piece inside it, and in the root's own piece
        at least to its children's depth (so that a child closed during the period still groups apart)."""
        cuts = []
        for piece in self.root_pieces:
            inside = [len(p) for p in self._by_path if p.startswith(piece.path)]
            if piece.via is None:
                inside.append(len(piece.path) + SEGMENT_LENGTH)
            cuts.append((piece, max(inside, default=len(piece.path))))
        if len(cuts) == 1:
            return Substr(path_field, 1, cuts[0][1])
        whens = [When(subtree_q(path_field, piece.path), then=Substr(path_field, 1, width)) for piece, width in cuts]
        return Case(*whens, default=Value(""), output_field=CharField())


# ---------------------------------------------------------------------------------------------------------
# The history of a unit's predecessors, for its page

_predecessor_facts = []


def register_predecessor_fact(function):
    """Apps above territory add a line to each predecessor's history on a unit's page: `function(units, user)`
    gives {unit id: text} for the units (in the user's scope) in one query."""
    _predecessor_facts.append(function)
    return function


@dataclass
class PredecessorHistory:
    link: Succession
    in_scope: bool
    children: int = 0  # units directly below it on its last day
    cells: int = 0
    facts: list[str] | None = None

    @property
    def unit(self) -> Unit:
        return self.link.predecessor


def predecessor_histories(links: list[Succession], user) -> list[PredecessorHistory]:
    """A short history of each predecessor (the `links` of `unit_successions`): its units below on its last day,
    its cells, and what the apps above add (meetings held…). Only for those in the user's scope; a fixed number of
    queries whatever their number."""
    scope = scope_of(user, VIEW)
    histories = [PredecessorHistory(link, scope.covers(link.predecessor.path)) for link in links]
    shown = [h for h in histories if h.in_scope]
    if not shown:
        return histories
    below = Q()
    for h in shown:
        below |= Q(parent_id=h.unit.pk) & _valid_q(h.unit.clamp_date(h.link.date - datetime.timedelta(days=1)))
    children = dict(
        Unit.objects.filter(below).values("parent_id").annotate(n=Count("id")).values_list("parent_id", "n")
    )
    inside = within_any_q("unit__path", [h.unit.path for h in shown])
    cells = (
        PartyOrganization.objects.filter(kind=OrganizationKind.CELL)
        .filter(inside)
        .aggregate(**{"u{}".format(h.unit.pk): Count("id", filter=subtree_q("unit__path", h.unit.path)) for h in shown})
    )
    units = [h.unit for h in shown]
    facts = [function(units, user) for function in _predecessor_facts]
    for h in shown:
        h.children = children.get(h.unit.pk, 0)
        h.cells = cells["u{}".format(h.unit.pk)]
        h.facts = [found[h.unit.pk] for found in facts if found.get(h.unit.pk)]
    return histories


def _valid_q(date: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=date)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=date)
    )
