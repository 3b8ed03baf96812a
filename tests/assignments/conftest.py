import datetime

import pytest

from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from tests.conftest import make_unit


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
def cadres(tree):
    """A provincial committee member, a Standing Committee member and a district department head of A."""
    return {
        "province": add_person("T1", "Nguyễn Văn Tỉnh", tree.province_a, "Tỉnh ủy viên"),
        "standing": add_person("T2", "Lê Thị Thường Vụ", tree.province_a, "Ủy viên Ban Thường vụ Tỉnh ủy"),
        "district": add_person("H1", "Phạm Văn Huyện", tree.district_a, "Trưởng phòng"),
    }


@pytest.fixture
def second_district(tree):
    """Another district of province A, with one commune and one hamlet."""
    district = make_unit("district", "Huyện Tây A", tree.province_a, code="832", kind="Huyện")
    commune = make_unit("commune", "Xã Tây Hòa A", district, code="83201")
    hamlet = make_unit("hamlet", "Ấp Tây 1", commune, kind="Ấp")
    return district, commune, hamlet
