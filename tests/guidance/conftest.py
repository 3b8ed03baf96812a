"""Guidance fixtures: cadres of province A with accounts (who follows what, who works where), a cadre of
province B following a commune of A, one who has left, and a department of the provincial organization
committee with its head and members."""

import datetime
from types import SimpleNamespace

import pytest

from diaban.assignments.models import Assignment
from diaban.people.choices import Role
from diaban.people.models import Department, Person
from diaban.people.services import account_upsert
from tests.conftest import PASSWORD

D = datetime.date


def make_person(code, name, home_unit, username=None, role=Role.CADRE, follows=(), department=None, **extra):
    person = Person(code=code, full_name=name, home_unit=home_unit, department=department, **extra)
    person.save()
    for unit in follows:
        Assignment.objects.create(
            person=person, unit=unit, start_date=D(2024, 1, 1), override_reason="Dữ liệu thử nghiệm"
        )
    if username:
        account = account_upsert(
            username=username, password=PASSWORD, role=role, full_name=name, view_units=[home_unit]
        )
        person.user = account.user
        person.save()
    return person


@pytest.fixture
def cadres(tree, accounts):
    """`tree.person_a` (home and assignment: the first hamlet of A) gets the account `canbo`; more cadres:

    - `an`: district A, follows the second hamlet of the first commune;
    - `binh`: province A, follows the first commune;
    - `chinh`: province B, follows the second commune of A (outside his own scope);
    - `dung`: province B, follows nothing in A (not an A cadre);
    - `em`: district A, left on 01/02/2024.
    """
    ns = SimpleNamespace()
    tree.person_a.user = account_upsert(
        username="canbo", password=PASSWORD, role=Role.CADRE, full_name=tree.person_a.full_name,
        view_units=[tree.hamlets_a[0]],
    ).user  # fmt: skip
    tree.person_a.save()
    ns.nhung = tree.person_a
    ns.an = make_person("A-01", "Lê Văn An", tree.district_a, "an", follows=[tree.hamlets_a[1]])
    ns.binh = make_person("A-02", "Nguyễn Thị Bình", tree.province_a, "binh", follows=[tree.communes_a[0]])
    ns.chinh = make_person("B-01", "Phạm Đức Chính", tree.province_b, "chinh", follows=[tree.communes_a[1]])
    ns.dung = make_person("B-02", "Võ Văn Dũng", tree.province_b, "dung")
    ns.em = make_person(
        "A-03", "Đỗ Thị Em", tree.district_a, follows=[tree.hamlets_a[2]], departed_on=D(2024, 2, 1),
        departure_reason="retired",
    )  # fmt: skip
    ns.users = {name: getattr(ns, name).user for name in ("nhung", "an", "binh", "chinh", "dung")}
    return ns


@pytest.fixture
def department(tree):
    """Phòng Tổ chức cơ sở đảng of province A's organization committee: head `truongphong`, members `cv1`,
    `cv2`; a section under it with `cv3`; and an unrelated person of another department."""
    ns = SimpleNamespace()
    agency = Department.objects.create(name="Ban Tổ chức Tỉnh ủy Thử A", unit=tree.province_a)
    ns.department = Department.objects.create(name="Phòng Tổ chức cơ sở đảng", unit=tree.province_a, parent=agency)
    ns.section = Department.objects.create(name="Tổ công tác đảng viên", unit=tree.province_a, parent=ns.department)
    ns.other = Department.objects.create(name="Phòng Tổ chức cán bộ", unit=tree.province_a, parent=agency)
    ns.head = make_person("P-00", "Phạm Văn Đức", tree.province_a, "truongphong", Role.LEADER, department=ns.department)
    ns.department.head = ns.head
    ns.department.save()
    ns.cv1 = make_person("P-01", "Nguyễn Thị Thu Hà", tree.province_a, "cv1", department=ns.department)
    ns.cv2 = make_person("P-02", "Trần Quốc Việt", tree.province_a, department=ns.department)
    ns.cv3 = make_person("P-03", "Võ Minh Khoa", tree.province_a, department=ns.section)
    ns.stranger = make_person("P-09", "Đỗ Thị Mai", tree.province_a, department=ns.other)
    return ns
