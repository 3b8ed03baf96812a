"""The demo's territory is the same every time it is loaded: a load into an empty database beside the one the
tests share. (Its own module: the other demo tests share the demo for their whole module, and this one loads into an
empty database.)"""

import datetime

import pytest
from django.db import transaction

from diaban.demo.territory import load_territory
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.services import carry_grassroots


def _silent(*_args):
    pass


class _Rollback(Exception):
    pass


def _generated():
    return (
        list(
            Unit.objects.filter(source="demo")
            .order_by("code", "valid_from")
            .values_list("code", "name", "is_remote", "valid_from", "valid_until")
        ),
        list(PartyOrganization.objects.order_by("path").values_list("name", "member_count", "meeting_day")),
    )


@pytest.fixture(scope="module")
def shared_load(demo_images, django_db_blocker):
    """What the load the tests share generated (the database is emptied again after reading it)."""
    with django_db_blocker.unblock():
        demo_images.use("demo")
        try:
            return _generated()
        finally:
            demo_images.use("empty")


@pytest.mark.django_db
def test_demo_is_deterministic(shared_load):
    """Two loads of the demo's territory into an empty database give the same hamlets, groups, cells and flags, as
    generated and as carried into today's Vĩnh Long: the load the tests share (once per pass) and one more here,
    of those two steps only (the other steps' loads are compared in their own tests)."""
    fingerprints = []
    try:
        with transaction.atomic():
            load_territory(_silent)
            carry_grassroots(Unit.objects.get(level__key="province", code="86", valid_from=datetime.date(2025, 7, 1)))
            fingerprints.append(_generated())
            raise _Rollback
    except _Rollback:
        pass
    assert not Unit.objects.exists()
    fingerprints.append(shared_load)
    # Each generated hamlet and group as it was until 30/06/2025, and as carried into today's Vĩnh Long.
    assert len(fingerprints[0][0]) == 2 * (983 + 14676)
    assert fingerprints[0] == fingerprints[1]
