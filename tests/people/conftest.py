"""People fixtures: cadres holding positions, organization staff of province A, units with local codes, and the
organization committee of province A with its departments and their heads."""

import datetime
from types import SimpleNamespace

import pytest

from diaban.people.choices import Role
from diaban.people.models import Department, LeaderInCharge, Person, Position, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.models import Unit
from tests.conftest import PASSWORD

D = datetime.date


def add_person(code, name, home, title, start=datetime.date(2020, 1, 1), level=None):
    """A person holding `title` (a PositionTitle name) from `start`."""
    person = Person(code=code, full_name=name, home_unit=home)
    person.save()
    titles = PositionTitle.objects.filter(name=title)
    if level:
        titles = titles.filter(level__key=level)
    Position.objects.create(person=person, title=titles.get(), start_date=start)
    return person


@pytest.fixture
def staff(accounts):
    """Organization staff of province A (capture scope: the whole province)."""
    return accounts[Role.ORGANIZATION]


@pytest.fixture
def web(client, staff):
    """A client signed in as `staff`."""
    client.force_login(staff)
    return client


@pytest.fixture
def api(web):
    return web


@pytest.fixture
def cadres(tree):
    """A provincial committee member, a Standing Committee member and a district department head of A."""
    return {
        "province": add_person("T1", "Nguyễn Văn Tỉnh", tree.province_a, "Tỉnh ủy viên"),
        "standing": add_person("T2", "Lê Thị Thường Vụ", tree.province_a, "Ủy viên Ban Thường vụ Tỉnh ủy"),
        "district": add_person("H1", "Phạm Văn Huyện", tree.district_a, "Trưởng phòng"),
    }


@pytest.fixture
def manager(client, accounts):
    """Organization staff of province A, signed in."""
    client.force_login(accounts[Role.ORGANIZATION])
    return accounts[Role.ORGANIZATION]


@pytest.fixture
def hamlet_codes(tree):
    """Hamlets carry local codes like the demo's ("83101-01"); returns those of province A."""
    for hamlet in tree.hamlets_a + tree.hamlets_b:
        number = 1 + [h.pk for h in hamlet.parent.children.order_by("path")].index(hamlet.pk)
        Unit.objects.filter(pk=hamlet.pk).update(code="{}-{:02d}".format(hamlet.parent.code, number))
    return list(
        Unit.objects.filter(pk__in=[h.pk for h in tree.hamlets_a]).order_by("path").values_list("code", flat=True)
    )


def _person(code, name, home_unit, department=None, username=None, role=Role.CADRE, scope=None):
    person = Person(code=code, full_name=name, home_unit=home_unit, agency="Ban Tổ chức Tỉnh ủy", department=department)
    person.save()
    if username:
        account = account_upsert(
            username=username, password=PASSWORD, role=role, full_name=name, view_units=[scope or home_unit]
        )
        person.user = account.user
        person.save()
    return person


@pytest.fixture
def field(tree):
    """Ban Tổ chức of province A: head `truongban` (no area), deputy `phoban` in charge of district A;
    departments "Phòng Tổ chức cơ sở đảng" (head `truongphong`, specialists `chuyenvien` and `chuyenvien2`)
    and "Phòng Tổ chức cán bộ" (head `truongphong2`, specialist `chuyenvien3`). All see province A."""
    ns = SimpleNamespace()
    province = tree.province_a
    ns.agency = Department.objects.create(name="Ban Tổ chức Tỉnh ủy", unit=province)
    ns.dept = Department.objects.create(name="Phòng Tổ chức cơ sở đảng", unit=province, parent=ns.agency)
    ns.dept2 = Department.objects.create(name="Phòng Tổ chức cán bộ", unit=province, parent=ns.agency)
    ns.head_of_agency = _person("BTC-01", "Lê Văn Bình", province, ns.agency, "truongban", Role.LEADER)
    ns.deputy = _person("BTC-02", "Ngô Thị Hạnh", province, ns.agency, "phoban", Role.LEADER)
    ns.head = _person("BTC-10", "Phạm Văn Đức", province, ns.dept, "truongphong", Role.ORGANIZATION)
    ns.head2 = _person("BTC-20", "Đỗ Thị Mai", province, ns.dept2, "truongphong2", Role.ORGANIZATION)
    ns.specialist = _person("BTC-11", "Nguyễn Thị Thu Hà", province, ns.dept, "chuyenvien", Role.CADRE)
    ns.specialist2 = _person("BTC-12", "Trần Quốc Việt", province, ns.dept, "chuyenvien2", Role.CADRE)
    ns.specialist3 = _person("BTC-21", "Võ Minh Khoa", province, ns.dept2, "chuyenvien3", Role.CADRE)
    for dep, head in ((ns.agency, ns.head_of_agency), (ns.dept, ns.head), (ns.dept2, ns.head2)):
        dep.head = head
        dep.save()
    ns.leader_in_charge = LeaderInCharge.objects.create(
        person=ns.deputy, agency=ns.agency, unit=tree.district_a, start_date=D(2020, 1, 1)
    )
    ns.users = {
        name: getattr(ns, attr).user
        for name, attr in (
            ("truongban", "head_of_agency"),
            ("phoban", "deputy"),
            ("truongphong", "head"),
            ("truongphong2", "head2"),
            ("chuyenvien", "specialist"),
            ("chuyenvien2", "specialist2"),
            ("chuyenvien3", "specialist3"),
        )
    }
    return ns
