import pytest

from tests.conftest import make_unit
from tests.people.conftest import api, cadres, hamlet_codes, manager, staff, web  # noqa: F401


@pytest.fixture
def second_district(tree):
    """Another district of province A, with one commune and one hamlet."""
    district = make_unit("district", "Huyện Tây A", tree.province_a, code="832", kind="Huyện")
    commune = make_unit("commune", "Xã Tây Hòa A", district, code="83201")
    hamlet = make_unit("hamlet", "Ấp Tây 1", commune, kind="Ấp")
    return district, commune, hamlet
