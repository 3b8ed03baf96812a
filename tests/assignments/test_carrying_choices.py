"""The carrying page on a split commune (a small tree, no demo): its hamlets wait for a choice; a wrong choice is
refused and nothing moves; a choice that is not an id leaves that hamlet waiting."""

import datetime

import pytest

from diaban.territory.models import Unit
from tests.territory.reform_tree import build_small_reform

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def small(db):
    return build_small_reform()


def test_on_the_page_a_split_commune_waits_for_choices_and_a_wrong_one_is_refused(small, admin_client):
    q, b1, b2, n1, n2 = small["q"], small["b1"], small["b2"], small["n1"], small["n2"]
    url = "/phan-cong/sap-xep-2025/{}/".format(q.pk)
    page = admin_client.get(url).content.decode()
    assert "Chọn xã mới cho ấp, chi bộ của xã cũ bị chia" in page
    assert 'name="choice-unit:{}"'.format(b1.pk) in page and "Xã N2 (99002)" in page
    # A commune that is not one of the split commune's successors: refused, nothing carried.
    outsider = Unit.objects.create(level=n1.level, kind="Xã", name="Xã Khác", code="99009", parent=q, valid_from=REFORM)
    refused = admin_client.post(url, {"choice-unit:{}".format(b1.pk): outsider.pk}, follow=True).content.decode()
    assert "Ấp B1 (Xã B): xã được chọn không phải một trong các xã kế thừa: Xã N1, Xã N2." in refused
    assert not Unit.objects.filter(parent__in=[n1, n2]).exists()
    # A choice that is not an id is ignored: the hamlet keeps waiting while the rest is carried.
    done = admin_client.post(url, {"choice-unit:{}".format(b1.pk): "abc", "choice-unit:{}".format(b2.pk): n1.pk},
                             follow=True).content.decode()  # fmt: skip
    assert "Đã chuyển 2 ấp, khu phố" in done
    assert 'name="choice-unit:{}"'.format(b1.pk) in done  # Ấp B1 still waits for its choice
    assert sorted(Unit.objects.filter(parent__in=[n1, n2]).values_list("name", flat=True)) == ["Ấp A1", "Ấp B2"]
