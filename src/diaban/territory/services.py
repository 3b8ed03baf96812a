"""Writes to the unit tree. A reorganization is an operation, never an edit.

Every operation runs in one transaction on a date D: the units it replaces are closed on D-1 (with all of
their subtree still valid on D), new units are valid from D, and `Succession` links say who became whom.
Subtrees move by copy (paths never change), so the tree as of any earlier date is exactly what it was and
what was recorded against an old unit stays attached to it.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from diaban.core.text import fold, nfc
from diaban.territory.choices import SuccessionKind
from diaban.territory.models import Succession, Unit, UnitLevel

DAY = datetime.timedelta(days=1)


def _fmt(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def _current(units) -> list[Unit]:
    """Fresh, locked copies: a caller's objects may predate another reorganization."""
    return list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units]).order_by("path"))


def _require_valid(units, date):
    for unit in units:
        if not unit.is_valid_on(date):
            raise ValidationError("{} không còn hiệu lực vào ngày {}.".format(unit.name, _fmt(date)))


def _close_subtree(unit: Unit, date: datetime.date) -> None:
    """Close `unit` and everything under it that is still valid on `date`, on the day before."""
    Unit.objects.within(unit).valid_on(date).update(valid_until=date - DAY)


def _copy_subtree(node: Unit, new_parent: Unit, date: datetime.date, kind: str, decision: str) -> Unit:
    """Re-create `node` and its subtree valid on `date` under `new_parent`, linking each copy to its original.

    One bulk insert per depth, whatever the size of the subtree.
    """
    originals = list(Unit.objects.within(node).valid_on(date).order_by("path"))
    copies: dict[int, Unit] = {}
    by_depth: dict[int, list[Unit]] = defaultdict(list)
    for original in originals:
        by_depth[original.depth].append(original)
    for depth in sorted(by_depth):
        batch = []
        for original in by_depth[depth]:
            parent = new_parent if original.pk == node.pk else copies[original.parent_id]
            batch.append(
                (
                    original,
                    Unit(
                        level_id=original.level_id,
                        kind=original.kind,
                        name=original.name,
                        code=original.code,
                        parent=parent,
                        valid_from=date,
                        valid_until=original.valid_until,
                        is_remote=original.is_remote,
                        source=original.source,
                        search_key=original.search_key,
                    ),
                )
            )
        Unit.assign_paths([u for _o, u in batch])
        created = Unit.objects.bulk_create([u for _o, u in batch])
        for (original, _u), copy in zip(batch, created, strict=True):
            copies[original.pk] = copy
    Succession.objects.bulk_create(
        [Succession(predecessor=o, successor=copies[o.pk], kind=kind, date=date, decision=decision) for o in originals]
    )
    _close_subtree(node, date)
    return copies[node.pk]


def _new_unit(*, parent, level, kind, name, code, date, replacing=()) -> Unit:
    """A unit valid from `date`; its code may be one of the units it replaces (they close the day before)."""
    name = nfc(name)
    if not name:
        raise ValidationError("Tên đơn vị mới không được để trống.")
    taken = Unit.objects.filter(level=level, code=code).valid_on(date).exclude(pk__in=[u.pk for u in replacing])
    if code and taken.exists():
        raise ValidationError("Mã {} đã thuộc một {} khác vào ngày {}.".format(code, level.name.lower(), _fmt(date)))
    unit = Unit(
        level=level, kind=nfc(kind), name=name, code=code or "", parent=parent, valid_from=date, search_key=fold(name)
    )
    unit.check_text_lengths()
    unit.save()
    return unit


@transaction.atomic
def units_merge(
    *, units: list[Unit], name: str, kind: str, date: datetime.date, code: str = "", decision: str = ""
) -> Unit:
    """Merge sibling units of one level into a new unit valid from `date` (sáp nhập).

    Their children move under the new unit; each merged unit is linked to it.
    """
    with transaction.atomic():
        units = _current(units)
        if len(units) < 2:
            raise ValidationError("Cần ít nhất hai đơn vị để sáp nhập.")
        _require_valid(units, date)
        if len({u.parent_id for u in units}) != 1 or len({u.level_id for u in units}) != 1:
            raise ValidationError("Chỉ sáp nhập được các đơn vị cùng cấp, cùng đơn vị cấp trên.")
        merged = _new_unit(
            parent=units[0].parent, level=units[0].level, kind=kind, name=name, code=code, date=date, replacing=units
        )
        for unit in units:
            for child in unit.children.valid_on(date).order_by("path"):
                _copy_subtree(child, merged, date, SuccessionKind.REPARENT, decision)
            _close_subtree(unit, date)
            Succession.objects.create(
                predecessor=unit, successor=merged, kind=SuccessionKind.MERGE, date=date, decision=decision
            )
    return merged


@transaction.atomic
def unit_split(*, unit: Unit, parts: list[dict], date: datetime.date, decision: str = "") -> list[Unit]:
    """Split `unit` into new units valid from `date` (chia tách).

    Each part is {"name", "kind", "code", "children": [units]}; every child valid on `date` must go to
    exactly one part.
    """
    [unit] = _current([unit])
    _require_valid([unit], date)
    if len(parts) < 2:
        raise ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
    children = {c.pk: c for c in unit.children.valid_on(date)}
    placed: dict[int, int] = {}
    for index, part in enumerate(parts, start=1):
        for child in part.get("children", []):
            if child.pk not in children:
                raise ValidationError(
                    "Đơn vị mới thứ {}: {} không phải đơn vị trực thuộc {}.".format(index, child.name, unit.name)
                )
            if child.pk in placed:
                raise ValidationError("{} được giao cho hai đơn vị mới.".format(child.name))
            placed[child.pk] = index
    missing = [c.name for pk, c in children.items() if pk not in placed]
    if missing:
        raise ValidationError("Chưa giao cho đơn vị mới nào: {}.".format(", ".join(sorted(missing))))
    with transaction.atomic():
        new_units = []
        for part in parts:
            new = _new_unit(
                parent=unit.parent,
                level=unit.level,
                kind=part.get("kind", unit.kind),
                name=part["name"],
                code=part.get("code", ""),
                date=date,
                replacing=[unit],
            )
            for child in part.get("children", []):
                _copy_subtree(child, new, date, SuccessionKind.REPARENT, decision)
            Succession.objects.create(
                predecessor=unit, successor=new, kind=SuccessionKind.SPLIT, date=date, decision=decision
            )
            new_units.append(new)
        _close_subtree(unit, date)
    return new_units


@transaction.atomic
def level_abolish(*, level: UnitLevel, within: Unit, date: datetime.date, decision: str = "") -> dict:
    """Abolish a level under `within` from `date` (e.g. the districts on 1/7/2025).

    Each unit of that level is closed and its children move, with their subtrees, to its own parent. The
    closed unit is linked to that parent, which takes over its role.
    """
    [within] = _current([within])
    _require_valid([within], date)
    doomed = list(Unit.objects.within(within, include_self=False).valid_on(date).filter(level=level))
    if not doomed:
        raise ValidationError(
            "Không có {} nào thuộc {} còn hiệu lực vào ngày {}.".format(level.name.lower(), within.name, _fmt(date))
        )
    moved = 0
    with transaction.atomic():
        for unit in doomed:
            for child in unit.children.valid_on(date).order_by("path"):
                _copy_subtree(child, unit.parent, date, SuccessionKind.REPARENT, decision)
                moved += 1
            _close_subtree(unit, date)
            Succession.objects.create(
                predecessor=unit, successor=unit.parent, kind=SuccessionKind.MERGE, date=date, decision=decision
            )
    return {"closed": len(doomed), "moved": moved}
