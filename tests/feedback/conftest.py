"""Recommendation fixtures: agencies of province A (two provincial departments and the People's Committee of
the first commune) and one of province B, the agency account (`agency`, role AGENCY) working the land
department's queue, a second agency account for the transport department, and the cadre `canbo`."""

import datetime
from types import SimpleNamespace

import pytest

from diaban.feedback.choices import AgencyKind
from diaban.feedback.models import Agency, Topic
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from tests.conftest import PASSWORD

D = datetime.date


@pytest.fixture
def agencies(tree, accounts):
    ns = SimpleNamespace()
    ns.land = Topic.objects.get(name="Đất đai")
    ns.roads = Topic.objects.get(name="Giao thông nông thôn")
    ns.water = Topic.objects.get(name="Nước sạch, thủy lợi, hạn mặn")
    ns.land_office = Agency.objects.create(
        name="Sở Tài nguyên và Môi trường tỉnh Thử A", kind=AgencyKind.PROVINCIAL_DEPARTMENT, unit=tree.province_a
    )
    ns.land_office.topics.add(ns.land)
    ns.transport = Agency.objects.create(
        name="Sở Giao thông vận tải tỉnh Thử A", kind=AgencyKind.PROVINCIAL_DEPARTMENT, unit=tree.province_a
    )
    ns.transport.topics.add(ns.roads)
    ns.commune_committee = Agency.objects.create(
        name="UBND Xã Đức Hòa A", kind=AgencyKind.PEOPLES_COMMITTEE, unit=tree.communes_a[0]
    )
    ns.commune_committee.topics.add(ns.roads, ns.water)
    ns.foreign = Agency.objects.create(
        name="Sở Tài nguyên và Môi trường tỉnh Thử B", kind=AgencyKind.PROVINCIAL_DEPARTMENT, unit=tree.province_b
    )
    ns.foreign.topics.add(ns.land)
    ns.agency_user = accounts[Role.AGENCY]
    ns.land_office.members.add(ns.agency_user)
    ns.transport_user = account_upsert(
        username="giaothong", password=PASSWORD, role=Role.AGENCY, full_name="Lê Thị Giao",
        view_units=[tree.province_a],
    ).user  # fmt: skip
    ns.transport.members.add(ns.transport_user)
    return ns


@pytest.fixture
def cadre_user(tree):
    """`canbo`: the cadre of province A following its first hamlet."""
    tree.person_a.user = account_upsert(
        username="canbo", password=PASSWORD, role=Role.CADRE, full_name=tree.person_a.full_name,
        view_units=[tree.hamlets_a[0]],
    ).user  # fmt: skip
    tree.person_a.save()
    return tree.person_a.user
