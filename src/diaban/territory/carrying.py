"""Carrying the grassroots through the July 2025 reform: the hamlets, residents' groups and party organizations
of each old commune continue under its new commune from 01/07/2025.

For today's province (Tỉnh Vĩnh Long, say) the plan reads the old communes of the provinces it absorbed and their
successors (territory.reform). Each hamlet of an old commune is carried, with its groups, as a copy under the new
commune from 01/07/2025, linked to it (`Succession`, "chuyển cấp trên"); the original stays in the old tree, so
the tree as of 01/01/2024 is what it was and what was recorded against it stays there. Party organizations follow:
the old provincial, district and commune committees end on 30/06/2025, each new commune gets its committee directly
under the new provincial committee, and each cell continues (a new row, `continues` the old) in its hamlet's copy.

Preview first (`carrying_plan`, here), then apply (`territory.services.carry_grassroots`), which builds the
same plan again and carries it out. Nothing moves silently: a hamlet (or a commune-level cell) of an old commune
split among several new ones waits for a person's choice. Running it again finds every carried hamlet by its link
and changes nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from diaban.core.models import within_any_q
from diaban.core.text import in_sentence
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, Succession, Unit
from diaban.territory.reform import LAST_OLD_DAY, REFORM_DATE

CARRY_DECISION = "Chuyển theo sắp xếp đơn vị hành chính cấp xã 2025"


def committee_name(unit: Unit) -> str:
    """ "Đảng bộ xã Ba Tri", "Đảng bộ tỉnh Vĩnh Long": the usual name of a unit's party committee."""
    return "Đảng bộ " + in_sentence(unit.name)


@dataclass
class Placement:
    """One hamlet (or one cell located at the old commune itself) and the new commune it goes to."""

    item: Unit | PartyOrganization
    old_commune: Unit
    candidates: list[Unit]
    new_commune: Unit | None = None  # None while a person has not chosen among the candidates

    @property
    def key(self) -> str:
        """How a choice names this item: "unit:<id>" or "org:<id>"."""
        return "{}:{}".format("unit" if isinstance(self.item, Unit) else "org", self.item.pk)


@dataclass
class CarryPlan:
    province: Unit
    date: datetime.date
    hamlets: list[Placement] = field(default_factory=list)  # to carry now
    commune_cells: list[Placement] = field(default_factory=list)  # cells located at an old commune, to carry now
    undecided: list[Placement] = field(default_factory=list)
    carried: int = 0  # hamlets carried by an earlier run
    groups: int = 0  # units under the hamlets to carry
    unlinked: list[Unit] = field(default_factory=list)  # old communes with hamlets but no successor here
    committees: list[Unit] = field(default_factory=list)  # new communes that get their party committee
    provincial_committee: bool = False  # True: today's provincial committee is to be created
    ending: list[PartyOrganization] = field(default_factory=list)  # committees that end on 30/06/2025
    stranded: list[PartyOrganization] = field(default_factory=list)  # cells neither in a hamlet nor in a commune
    _subtrees: list[Unit] = field(default_factory=list, repr=False)  # the hamlets to carry and all under them

    @property
    def empty(self) -> bool:
        return not (self.hamlets or self.commune_cells or self.committees or self.provincial_committee or self.ending)

    def lines(self) -> list[str]:
        """The plan in words, as the preview page and the command print it."""
        day = self.date.strftime("%d/%m/%Y")
        out = [
            "{}: chuyển sang xã mới từ {}".format(self.province.name, day),
            "Ấp, khu phố chuyển: {} (kèm {} đơn vị bên dưới); đã chuyển trước đây: {}".format(
                len(self.hamlets), self.groups, self.carried
            ),
            "Chi bộ đặt tại xã cũ chuyển: {}".format(len(self.commune_cells)),
            "Đảng bộ xã mới được lập: {}".format(len(self.committees)),
        ]
        if self.provincial_committee:
            out.append("Lập {} từ {}".format(committee_name(self.province), day))
        if self.ending:
            out.append("Tổ chức đảng kết thúc ngày {}: {}".format(
                (self.date - datetime.timedelta(days=1)).strftime("%d/%m/%Y"), len(self.ending)
            ))  # fmt: skip
        if self.undecided:
            out.append("Chờ chọn xã mới (xã cũ bị chia): {}".format(len(self.undecided)))
            out.extend(
                "  {} ({}): một trong {}".format(
                    p.item.name, p.old_commune.name, ", ".join("{} ({})".format(c.name, c.code) for c in p.candidates)
                )
                for p in self.undecided
            )
        if self.stranded:
            out.append("Chi bộ không đặt tại ấp hay xã, cần xếp riêng: {}".format(len(self.stranded)))
            out.extend("  {} ({})".format(o.name, o.unit.name) for o in self.stranded)
        if self.unlinked:
            out.append("Xã cũ có ấp nhưng chưa có xã kế thừa trong tỉnh: {}".format(len(self.unlinked)))
            out.extend("  {} (mã {})".format(u.name, u.code) for u in self.unlinked)
        if self.empty and not self.undecided:
            out.append("Không còn gì để chuyển.")
        return out


def _old_provinces(province: Unit) -> list[Unit]:
    links = Succession.objects.filter(successor=province, date=REFORM_DATE).select_related("predecessor")
    return [link.predecessor for link in links]


def _choose(placement: Placement, choices: dict[str, int]) -> None:
    if len(placement.candidates) == 1:
        placement.new_commune = placement.candidates[0]
        return
    chosen = choices.get(placement.key)
    if chosen is None:
        return
    for candidate in placement.candidates:
        if candidate.pk == chosen:
            placement.new_commune = candidate
            return
    raise ValidationError(
        "{} ({}): xã được chọn không phải một trong các xã kế thừa: {}.".format(
            placement.item.name, placement.old_commune.name, ", ".join(c.name for c in placement.candidates)
        )
    )


def carrying_plan(province: Unit, choices: dict[str, int] | None = None) -> CarryPlan:
    """What carrying the grassroots into today's `province` would do; `choices` maps "unit:<id>"/"org:<id>" of an
    item of a split commune to the id of the new commune a person chose for it."""
    if province.level.key != "province" or province.valid_from != REFORM_DATE:
        raise ValidationError("{} không phải một tỉnh, thành phố từ ngày 01/07/2025.".format(province.name))
    choices = choices or {}
    plan = CarryPlan(province=province, date=REFORM_DATE)
    old_provinces = _old_provinces(province)
    if not old_provinces:
        return plan
    old_paths = [p.path for p in old_provinces]
    communes = {
        u.pk: u
        for u in Unit.objects.filter(within_any_q("path", old_paths), level__key="commune").valid_on(LAST_OLD_DAY)
    }
    successors: dict[int, list[Unit]] = defaultdict(list)
    links = Succession.objects.filter(
        predecessor__in=communes.values(), date=REFORM_DATE, successor__parent=province
    ).select_related("successor__level")
    for link in links.order_by("successor__name"):
        successors[link.predecessor_id].append(link.successor)

    below = list(
        Unit.objects.filter(within_any_q("path", old_paths), level__rank__gt=_commune_rank(communes))
        .valid_on(LAST_OLD_DAY)
        .order_by("depth", "path")
    )
    hamlets = [u for u in below if u.parent_id in communes]
    carried = set(
        Succession.objects.filter(predecessor__in=hamlets, date=REFORM_DATE, kind=SuccessionKind.REPARENT).values_list(
            "predecessor_id", flat=True
        )
    )
    unlinked: set[int] = set()
    receiving: set[int] = set()
    for hamlet in hamlets:
        if hamlet.pk in carried:
            plan.carried += 1
            continue
        placement = Placement(hamlet, communes[hamlet.parent_id], successors.get(hamlet.parent_id, []))
        if not placement.candidates:
            unlinked.add(hamlet.parent_id)
            continue
        _choose(placement, choices)
        (plan.hamlets if placement.new_commune else plan.undecided).append(placement)
        if placement.new_commune:
            receiving.add(placement.new_commune.pk)
    plan.unlinked = [communes[pk] for pk in sorted(unlinked, key=lambda pk: communes[pk].path)]
    moving = {p.item.pk for p in plan.hamlets}
    for unit in below:
        if unit.pk in moving or (unit.parent_id in moving and unit.pk not in communes):
            plan._subtrees.append(unit)
            moving.add(unit.pk)
    plan.groups = len(plan._subtrees) - len(plan.hamlets)

    organizations = list(
        PartyOrganization.objects.filter(within_any_q("unit__path", old_paths), valid_until__isnull=True)
        .valid_on(LAST_OLD_DAY)
        .select_related("unit")
        .order_by("path")
    )
    hamlet_ids = {h.pk for h in hamlets}
    for org in organizations:
        if org.kind != OrganizationKind.CELL or org.unit_id in hamlet_ids:
            continue
        if org.unit_id not in communes or not successors.get(org.unit_id):
            plan.stranded.append(org)
            continue
        placement = Placement(org, communes[org.unit_id], successors[org.unit_id])
        _choose(placement, choices)
        (plan.commune_cells if placement.new_commune else plan.undecided).append(placement)
        if placement.new_commune:
            receiving.add(placement.new_commune.pk)

    has_committee = set(
        PartyOrganization.objects.filter(kind=OrganizationKind.GRASSROOTS_COMMITTEE, unit__parent=province)
        .valid_on(REFORM_DATE)
        .values_list("unit_id", flat=True)
    )
    new_communes = {u.pk: u for candidates in successors.values() for u in candidates}
    plan.committees = sorted((new_communes[pk] for pk in receiving - has_committee), key=lambda u: u.path)
    plan.provincial_committee = bool(plan.committees) and not provincial_committee(province)
    # A committee ends once nothing open is left under it: while an item waits for a choice (or a cell has no
    # place), its commune's committee and those above stay open with it.
    waiting = {p.old_commune.pk for p in plan.undecided} | {o.unit_id for o in plan.stranded}
    for org in organizations:
        if org.kind == OrganizationKind.CELL:
            continue
        if org.kind == OrganizationKind.GRASSROOTS_COMMITTEE and org.unit_id in communes:
            if org.unit_id not in waiting:
                plan.ending.append(org)
        elif not waiting:
            plan.ending.append(org)
    return plan


def _commune_rank(communes: dict[int, Unit]) -> int:
    first = next(iter(communes.values()), None)
    return first.level.rank if first else 0


def provincial_committee(province: Unit) -> PartyOrganization | None:
    return (
        PartyOrganization.objects.filter(kind=OrganizationKind.PROVINCIAL_COMMITTEE, unit=province)
        .valid_on(REFORM_DATE)
        .first()
    )
