"""A small tree through the July 2025 reform, for the carrying tests: old Tỉnh P (to 30/06/2025) with Huyện D,
Xã A (→ Xã N1) and Xã B (split into Xã N1 and Xã N2), their hamlets, a group and party organizations; today's Tỉnh Q."""

import datetime

from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Succession
from tests.conftest import make_unit

REFORM = datetime.date(2025, 7, 1)
LAST = datetime.date(2025, 6, 30)


def org(kind, name, unit, parent=None, members=0, cell_kind="residential"):
    node = PartyOrganization(kind=kind, name=name, unit=unit, parent=parent, member_count=members, cell_kind=cell_kind)
    node.place_under(parent)
    node.save()
    return node


def build_small_reform():
    """Old Tỉnh P (to 30/06/2025): Huyện D with Xã A (→ Xã N1) and Xã B (split into Xã N1 and Xã N2); today's Tỉnh Q."""
    p = make_unit("province", "Tỉnh P", code="98", valid_until=LAST)
    d = make_unit("district", "Huyện D", p, code="981", valid_until=LAST)
    a = make_unit("commune", "Xã A", d, code="98001", valid_until=LAST)
    b = make_unit("commune", "Xã B", d, code="98002", valid_until=LAST)
    a1 = make_unit("hamlet", "Ấp A1", a, kind="Ấp", valid_until=LAST)
    make_unit("group", "Tổ 1", a1, kind="Tổ", valid_until=LAST)
    b1 = make_unit("hamlet", "Ấp B1", b, kind="Ấp", valid_until=LAST)
    b2 = make_unit("hamlet", "Ấp B2", b, kind="Ấp")  # still open: carrying closes it
    q = make_unit("province", "Tỉnh Q", code="99", valid_from=REFORM)
    n1 = make_unit("commune", "Xã N1", q, code="99001", valid_from=REFORM)
    n2 = make_unit("commune", "Xã N2", q, code="99002", valid_from=REFORM)
    for old, new, kind in ((p, q, "merge"), (a, n1, "merge"), (b, n1, "split"), (b, n2, "split")):
        Succession.objects.create(predecessor=old, successor=new, kind=kind, date=REFORM)
    top = org(OrganizationKind.PROVINCIAL_COMMITTEE, "Đảng bộ tỉnh P", p)
    district = org(OrganizationKind.DISTRICT_COMMITTEE, "Đảng bộ huyện D", d, top)
    committee_a = org(OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng bộ xã A", a, district)
    committee_b = org(OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng bộ xã B", b, district)
    org(OrganizationKind.CELL, "Chi bộ ấp A1", a1, committee_a, members=20)
    org(OrganizationKind.CELL, "Chi bộ ấp B1", b1, committee_b, members=15)
    org(OrganizationKind.CELL, "Chi bộ ấp B2", b2, committee_b, members=12)
    agency = org(OrganizationKind.CELL, "Chi bộ Cơ quan", b, committee_b, members=9, cell_kind="agency")
    return dict(locals())
