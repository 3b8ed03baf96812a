"""Trees of units and party organizations, and people, built in bulk for the demo, the benchmarks and the tests'
large trees.

A node saved one at a time asks the database for its path (`TreeNode.next_child_paths`); building tens of thousands
that way takes minutes. Here the caller numbers each parent's new children (the n-th child's path is the parent's
path and segment n, as `next_child_paths` gives on a parent with no children yet), and every row carries what its
model's save() would have set: path, depth and the accent-free search key.
"""

from collections import defaultdict

from diaban.core.models import SEGMENT_LENGTH, encode_segment
from diaban.core.text import fold
from diaban.people.models import Person, Position
from diaban.territory.choices import CellKind
from diaban.territory.models import PartyOrganization, Unit

BATCH = 2000


class Numbering:
    """The next child index of each parent (None for a root), from 0: children are numbered in the order built."""

    def __init__(self):
        self._next: defaultdict = defaultdict(int)

    def __call__(self, parent) -> int:
        key = parent.pk if parent is not None else None
        index = self._next[key]
        self._next[key] += 1
        return index


def _path(parent, index: int) -> tuple[str, int]:
    path = (parent.path if parent is not None else "") + encode_segment(index)
    return path, len(path) // SEGMENT_LENGTH


def child_unit(parent: Unit, index: int, *, level, kind: str, name: str, code: str = "", source: str = "",
               is_remote: bool = False) -> Unit:  # fmt: skip
    """The unsaved `index`-th child of `parent`, valid while its parent is."""
    path, depth = _path(parent, index)
    return Unit(
        level=level,
        kind=kind,
        name=name,
        code=code,
        parent=parent,
        path=path,
        depth=depth,
        valid_from=parent.valid_from,
        valid_until=parent.valid_until,
        is_remote=is_remote,
        source=source,
        search_key=fold(name),
    )


def bulk_child_units(rows, *, level, source: str = "") -> list[Unit]:
    """Children of many parents of one level in one bulk insert; rows are (parent, kind, name, code, is_remote),
    each parent's numbered in the order given. Returns them saved, in that order."""
    number = Numbering()
    new = [
        child_unit(parent, number(parent), level=level, kind=kind, name=name, code=code, source=source,
                   is_remote=remote)
        for parent, kind, name, code, remote in rows
    ]  # fmt: skip
    return Unit.objects.bulk_create(new, batch_size=BATCH)


def organization(kind: str, name: str, unit: Unit, parent: PartyOrganization | None, index: int, *,
                 members: int = 0, meeting_day: int | None = None,
                 cell_kind: str = CellKind.RESIDENTIAL) -> PartyOrganization:  # fmt: skip
    """The unsaved `index`-th organization under `parent` (a root for None), living in `unit`."""
    path, depth = _path(parent, index)
    return PartyOrganization(
        kind=kind,
        cell_kind=cell_kind,
        name=name,
        unit=unit,
        parent=parent,
        path=path,
        depth=depth,
        member_count=members,
        meeting_day=meeting_day,
        search_key=fold(name),
    )


def bulk_people(people: list[Person], positions) -> None:
    """People, then the positions they hold, in bulk; positions are (person, title, organization, start, end or
    None). The people need their search keys filled (`Person.fill_keys`)."""
    Person.objects.bulk_create(people, batch_size=BATCH)
    Position.objects.bulk_create(
        [Position(person=p, title=t, organization=o, start_date=s, end_date=e) for p, t, o, s, e in positions],
        batch_size=BATCH,
    )
