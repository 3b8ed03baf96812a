"""Field-work fixtures: the organization committee of province A with two departments, their heads, the
agency's head, a deputy head in charge of district A, and specialists with accounts."""

import datetime
from types import SimpleNamespace

import pytest

from diaban.people.choices import Role
from diaban.people.models import Department, LeaderInCharge, Person
from diaban.people.services import account_upsert
from tests.conftest import PASSWORD

D = datetime.date


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


AGENDA = [
    {"kind": "know", "text": "Nắm tình hình sinh hoạt chi bộ ấp", "is_main": True},
    {"kind": "check", "text": "Kiểm tra việc thực hiện Chỉ thị 28"},
]
