"""A small reorganization built by hand for the lineage tests: an old province with three communes closed on
30/06/2025, and the new province's communes that took their place on 01/07/2025.

    Tỉnh Cũ (until 30/06/2025) → Tỉnh Mới (from 01/07/2025), merge
      Huyện Cũ
        Xã X: Ấp X1           → Xã N (merge);          Ấp X1 carried to Ấp X1 under Xã N
        Xã Y: Ấp Y1           → Xã N (merge);          Ấp Y1 not carried
        Xã Z: Ấp Z1, Ấp Z2    → Xã N and Xã M (split); Ấp Z1 carried under Xã N, Ấp Z2 under Xã M
                              → Xã K (split as well, nothing carried there)

`build_reform_province` builds the same kind of reorganization at a chosen size, for query counts.
"""

import datetime
from types import SimpleNamespace

from diaban.demo.builders import bulk_child_units
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, Succession, UnitLevel
from tests.conftest import make_unit

REFORM = datetime.date(2025, 7, 1)
LAST_OLD = datetime.date(2025, 6, 30)


def make_old_unit(level, name, parent=None, **kw):
    return make_unit(level, name, parent, valid_until=LAST_OLD, **kw)


def _new(level, name, parent=None, **kw):
    return make_unit(level, name, parent, valid_from=REFORM, **kw)


def _link(predecessor, successor, kind):
    Succession.objects.create(predecessor=predecessor, successor=successor, kind=kind, date=REFORM)


def make_cell(unit, committee, until=None, since=None):
    cell = PartyOrganization(
        kind=OrganizationKind.CELL,
        name="Chi bộ {}".format(unit.name),
        unit=unit,
        parent=committee,
        valid_until=until,
        valid_from=since,
    )
    cell.save()
    return cell


def build_reform_tree() -> SimpleNamespace:
    t = SimpleNamespace()
    t.old_province = make_old_unit("province", "Tỉnh Cũ", code="91", kind="Tỉnh")
    t.district = make_old_unit("district", "Huyện Cũ", t.old_province, code="911", kind="Huyện")
    t.x = make_old_unit("commune", "Xã X", t.district, code="91001")
    t.y = make_old_unit("commune", "Xã Y", t.district, code="91002")
    t.z = make_old_unit("commune", "Xã Z", t.district, code="91003")
    t.x1 = make_old_unit("hamlet", "Ấp X1", t.x, kind="Ấp")
    t.y1 = make_old_unit("hamlet", "Ấp Y1", t.y, kind="Ấp")
    t.z1 = make_old_unit("hamlet", "Ấp Z1", t.z, kind="Ấp")
    t.z2 = make_old_unit("hamlet", "Ấp Z2", t.z, kind="Ấp")
    t.province = _new("province", "Tỉnh Mới", code="92", kind="Tỉnh")
    t.n = _new("commune", "Xã N", t.province, code="92001")
    t.m = _new("commune", "Xã M", t.province, code="92002")
    t.k = _new("commune", "Xã K", t.province, code="92003")
    t.new_x1 = _new("hamlet", "Ấp X1", t.n, kind="Ấp")
    t.new_z1 = _new("hamlet", "Ấp Z1", t.n, kind="Ấp")
    t.new_z2 = _new("hamlet", "Ấp Z2", t.m, kind="Ấp")
    _link(t.old_province, t.province, SuccessionKind.MERGE)
    for old in (t.x, t.y):
        _link(old, t.n, SuccessionKind.MERGE)
    for new in (t.n, t.m, t.k):
        _link(t.z, new, SuccessionKind.SPLIT)
    for old, new in ((t.x1, t.new_x1), (t.z1, t.new_z1), (t.z2, t.new_z2)):
        _link(old, new, SuccessionKind.REPARENT)
    t.old_committee = PartyOrganization(
        kind=OrganizationKind.PROVINCIAL_COMMITTEE, name="Đảng bộ tỉnh Cũ", unit=t.old_province, valid_until=LAST_OLD
    )
    t.old_committee.save()
    t.committee = PartyOrganization(
        kind=OrganizationKind.PROVINCIAL_COMMITTEE, name="Đảng bộ tỉnh Mới", unit=t.province, valid_from=REFORM
    )
    t.committee.save()
    t.cell_x1 = make_cell(t.x1, t.old_committee, until=LAST_OLD)
    t.cell_y1 = make_cell(t.y1, t.old_committee, until=LAST_OLD)
    t.cell_z2 = make_cell(t.z2, t.old_committee, until=LAST_OLD)
    t.new_cell_x1 = make_cell(t.new_x1, t.committee, since=REFORM)
    return t


def build_reform_province(communes: int, hamlets: int, code: str) -> SimpleNamespace:
    """An old province of `communes` communes (a multiple of three, in one district) with `hamlets` hamlets each,
    closed on 30/06/2025; a new province whose communes each took the place of three old ones, their hamlets
    carried, except the first old commune, split between the first two new ones (its hamlets shared out)."""
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    t = SimpleNamespace()
    t.old_province = make_old_unit("province", "Tỉnh Cũ {}".format(code), code=code + "0", kind="Tỉnh")
    t.province = _new("province", "Tỉnh Mới {}".format(code), code=code + "1", kind="Tỉnh")
    district = make_old_unit("district", "Huyện Cũ {}".format(code), t.old_province, kind="Huyện")
    t.old_communes = bulk_child_units(
        [(district, "Xã", "Xã Cũ {}".format(i), "", False) for i in range(communes)], level=levels["commune"]
    )
    t.communes = bulk_child_units(
        [(t.province, "Xã", "Xã Mới {}".format(k), "", False) for k in range(communes // 3)], level=levels["commune"]
    )
    t.old_hamlets = bulk_child_units(
        [(c, "Ấp", "Ấp {} {}".format(c.name, j), "", False) for c in t.old_communes for j in range(hamlets)],
        level=levels["hamlet"],
    )

    def successor(index: int, hamlet: int = 0):
        if index == 0:
            return t.communes[hamlet % 2]
        return t.communes[index // 3]

    carried = [(old, successor(i // hamlets, i % hamlets)) for i, old in enumerate(t.old_hamlets)]
    t.hamlets = bulk_child_units([(new, "Ấp", old.name, "", False) for old, new in carried], level=levels["hamlet"])
    links = [Succession(predecessor=t.old_province, successor=t.province, kind=SuccessionKind.MERGE, date=REFORM)]
    links += [
        Succession(predecessor=t.old_communes[0], successor=new, kind=SuccessionKind.SPLIT, date=REFORM)
        for new in t.communes[:2]
    ]
    links += [
        Succession(predecessor=old, successor=successor(i), kind=SuccessionKind.MERGE, date=REFORM)
        for i, old in enumerate(t.old_communes)
        if i
    ]
    links += [
        Succession(predecessor=old, successor=new, kind=SuccessionKind.REPARENT, date=REFORM)
        for old, new in zip(t.old_hamlets, t.hamlets, strict=True)
    ]
    Succession.objects.bulk_create(links, batch_size=2000)
    return t
