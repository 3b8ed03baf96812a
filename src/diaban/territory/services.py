"""Writes to the unit tree. A reorganization is an operation, never an edit.

Every operation runs in one transaction on a date D: the units it replaces are closed on D-1 (with all of
their subtree still valid on D), new units are valid from D, and `Succession` links say who became whom.
Subtrees move by copy (paths never change), so the tree as of any earlier date is exactly what it was and
what was recorded against an old unit stays attached to it.
"""

import datetime
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from diaban.core.models import SEGMENT_LENGTH, encode_segment
from diaban.core.text import fold, in_sentence, nfc
from diaban.territory.carrying import CARRY_DECISION, CarryPlan, carrying_plan, committee_name, provincial_committee
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit, UnitLevel

DAY = datetime.timedelta(days=1)
CARRY_BATCH = 2000


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


# ---------------------------------------------------------------------------------------------------------
# Carrying the grassroots through the July 2025 reform (the plan: territory.carrying)


def _paths_under(parent, count: int, fresh: set[int]) -> list[str]:
    """`count` paths for new children of `parent`; a parent created in this run has none yet (no query)."""
    if parent.pk in fresh:
        return [parent.path + encode_segment(i) for i in range(count)]
    return type(parent).next_child_paths(parent, count)


def _carry_units(plan: CarryPlan) -> dict[int, Unit]:
    """Copy the planned hamlets with their subtrees under their new communes, link each copy to its original and
    close the originals on the last old day; returns original id → copy. One insert per depth."""
    placements = {p.item.pk: p.new_commune for p in plan.hamlets}
    copies: dict[int, Unit] = {}
    fresh: set[int] = set()
    by_depth: dict[int, list[Unit]] = defaultdict(list)
    for unit in plan._subtrees:
        by_depth[unit.depth].append(unit)
    for depth in sorted(by_depth):
        batch = [(o, placements[o.pk] if o.pk in placements else copies[o.parent_id]) for o in by_depth[depth]]
        counts = Counter(parent.pk for _o, parent in batch)
        parents = {parent.pk: parent for _o, parent in batch}
        paths = {pk: iter(_paths_under(parents[pk], n, fresh)) for pk, n in counts.items()}
        new = []
        for original, parent in batch:
            path = next(paths[parent.pk])
            still_open = original.valid_until is None or original.valid_until >= plan.date
            new.append(
                Unit(
                    level_id=original.level_id,
                    kind=original.kind,
                    name=original.name,
                    code=original.code,
                    parent=parent,
                    path=path,
                    depth=len(path) // SEGMENT_LENGTH,
                    valid_from=plan.date,
                    valid_until=original.valid_until if still_open else None,
                    is_remote=original.is_remote,
                    source=original.source,
                    search_key=original.search_key,
                )
            )
        created = Unit.objects.bulk_create(new, batch_size=CARRY_BATCH)
        for (original, _parent), copy in zip(batch, created, strict=True):
            copies[original.pk] = copy
            fresh.add(copy.pk)
    Succession.objects.bulk_create(
        [
            Succession(
                predecessor=original,
                successor=copies[original.pk],
                kind=SuccessionKind.REPARENT,
                date=plan.date,
                decision=CARRY_DECISION,
            )
            for original in plan._subtrees
        ],
        batch_size=CARRY_BATCH,
    )
    _end([o.pk for o in plan._subtrees if o.valid_until is None or o.valid_until >= plan.date], Unit, plan.date)
    return copies


def _end(ids: list[int], model, date: datetime.date) -> None:
    last_day = date - datetime.timedelta(days=1)
    for start in range(0, len(ids), CARRY_BATCH):
        model.objects.filter(pk__in=ids[start : start + CARRY_BATCH]).update(valid_until=last_day)


def _new_organization(kind, unit, parent, date, *, like=None, name=None) -> PartyOrganization:
    name = name or like.name
    return PartyOrganization(
        kind=kind,
        cell_kind=like.cell_kind if like else PartyOrganization._meta.get_field("cell_kind").default,
        name=name,
        unit=unit,
        parent=parent,
        member_count=like.member_count if like else 0,
        meeting_day=like.meeting_day if like else None,
        valid_from=date,
        continues=like,
        search_key=fold(name),
    )


def _carried_cell_name(cell: PartyOrganization, old_commune: Unit) -> str:
    """A cell of an old commune's offices keeps its name with its old commune's: several such cells ("Chi bộ Cơ
    quan") come into one new commune, and a user must tell them apart."""
    if fold(old_commune.name) in fold(cell.name):
        return cell.name
    return "{} {} (cũ)".format(cell.name, in_sentence(old_commune.name))


def _carry_organizations(plan: CarryPlan, copies: dict[int, Unit]) -> dict[str, int]:
    date = plan.date
    top = provincial_committee(plan.province)
    fresh: set[int] = set()
    if top is None and plan.provincial_committee:
        top = _new_organization(
            OrganizationKind.PROVINCIAL_COMMITTEE, plan.province, None, date, name=committee_name(plan.province)
        )
        top.place_under(None)
        top.save()
        fresh.add(top.pk)
    committees = [
        _new_organization(OrganizationKind.GRASSROOTS_COMMITTEE, unit, top, date, name=committee_name(unit))
        for unit in plan.committees
    ]
    for committee, path in zip(
        committees, _paths_under(top, len(committees), fresh) if committees else [], strict=True
    ):
        committee.path, committee.depth = path, len(path) // SEGMENT_LENGTH
    committees = PartyOrganization.objects.bulk_create(committees)
    fresh.update(c.pk for c in committees)
    new_committees = PartyOrganization.objects.filter(
        kind=OrganizationKind.GRASSROOTS_COMMITTEE, unit__parent=plan.province
    ).valid_on(date)
    committee_of = {c.unit_id: c for c in new_committees}
    old_cells = list(
        PartyOrganization.objects.filter(
            kind=OrganizationKind.CELL, unit_id__in=[p.item.pk for p in plan.hamlets], valid_until__isnull=True
        )
    )
    cells = [
        _new_organization(
            OrganizationKind.CELL, copies[c.unit_id], committee_of[copies[c.unit_id].parent_id], date, like=c
        )
        for c in old_cells
    ] + [
        _new_organization(
            OrganizationKind.CELL,
            p.new_commune,
            committee_of[p.new_commune.pk],
            date,
            like=p.item,
            name=_carried_cell_name(p.item, p.old_commune),
        )
        for p in plan.commune_cells
    ]
    counts = Counter(c.parent.pk for c in cells)
    parents = {c.parent.pk: c.parent for c in cells}
    paths = {pk: iter(_paths_under(parents[pk], n, fresh)) for pk, n in counts.items()}
    for cell in cells:
        cell.path = next(paths[cell.parent.pk])
        cell.depth = len(cell.path) // SEGMENT_LENGTH
    PartyOrganization.objects.bulk_create(cells, batch_size=CARRY_BATCH)
    ended = [c.pk for c in old_cells] + [p.item.pk for p in plan.commune_cells] + [o.pk for o in plan.ending]
    _end(ended, PartyOrganization, date)
    # Members are counted by the cells: each committee that received some, then the provincial committee.
    for pk in counts:
        total = sum(c.member_count for c in PartyOrganization.objects.filter(parent_id=pk).valid_on(date))
        PartyOrganization.objects.filter(pk=pk).update(member_count=total)
    if top is not None:
        total = sum(c.member_count for c in PartyOrganization.objects.filter(parent=top).valid_on(date))
        PartyOrganization.objects.filter(pk=top.pk).update(member_count=total)
    return {"committees": len(committees), "cells": len(cells), "ended": len(ended)}


@transaction.atomic
def carry_grassroots(province: Unit, *, actor=None, choices: dict[str, int] | None = None) -> CarryPlan:
    """Carry out the plan of `carrying_plan` (built again here, under lock, so it is exactly what is done) and
    record who did what; returns the plan that was carried out."""
    Unit.objects.select_for_update().filter(pk=province.pk).first()
    plan = carrying_plan(province, choices)
    if plan.empty:
        return plan
    copies = _carry_units(plan) if plan.hamlets else {}
    if plan.hamlets:
        ReorganizationEvent.record(
            action=ReorganizationEvent.Action.UNITS,
            actor=actor,
            province=province,
            date=plan.date,
            changes={"ấp, khu phố": [None, len(plan.hamlets)], "đơn vị bên dưới": [None, plan.groups]},
        )
    done = _carry_organizations(plan, copies)
    ReorganizationEvent.record(
        action=ReorganizationEvent.Action.ORGANIZATIONS,
        actor=actor,
        province=province,
        date=plan.date,
        changes={
            "đảng bộ xã mới": [None, done["committees"]],
            "chi bộ chuyển": [None, done["cells"]],
            "tổ chức kết thúc": [None, done["ended"]],
        },
    )
    return plan
