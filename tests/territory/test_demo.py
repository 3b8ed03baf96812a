"""The Bến Tre demo: the articles' figures where real data allows, deterministic, idempotent."""

import datetime

import pytest
from django.db.models import Count

from diaban.demo import DEMO_PASSWORD, demo_accounts, load_demo
from diaban.people.models import Account
from diaban.territory.models import PartyOrganization, Succession, Unit

ON = datetime.date(2021, 1, 1)
TODAY = datetime.date(2026, 11, 23)


def _silent(*_args):
    pass


@pytest.fixture
def loaded(demo, db):
    """The demo as the loader left it (tests/demo_snapshot.py): its rows, and the accounts it returned."""
    return demo_accounts()


@pytest.mark.django_db
def test_demo_reproduces_the_articles_figures(loaded):
    province = Unit.objects.filter(code="83").valid_on(ON).get()
    below = Unit.objects.within(province, include_self=False).valid_on(ON)
    counts = dict(below.values_list("level__key").annotate(n=Count("id")))
    assert counts == {"district": 9, "commune": 148, "hamlet": 983, "group": 14676}
    ba_tri = Unit.objects.filter(code="836").valid_on(ON).get()
    assert ba_tri.name == "Huyện Ba Tri"
    assert Unit.objects.within(ba_tri).filter(level__key="hamlet").count() == 129
    assert ba_tri.children.count() == 22
    # One residential cell per hamlet, and the committees above them.
    then = PartyOrganization.objects.valid_on(ON)
    cells = then.filter(kind="cell", cell_kind="residential")
    assert cells.count() == 983
    assert cells.values("unit").distinct().count() == 983
    assert then.filter(kind="grassroots").count() == 148
    assert then.filter(kind="district").count() == 9
    top = then.get(kind="provincial")
    assert top.member_count == sum(then.filter(kind="cell").values_list("member_count", flat=True))
    assert Unit.objects.filter(is_remote=True).exists()


@pytest.mark.django_db
def test_demo_links_ben_tre_to_todays_vinh_long(loaded):
    new = Unit.objects.filter(code="86").valid_on(TODAY).get()
    assert new.name == "Tỉnh Vĩnh Long"
    assert Succession.objects.filter(predecessor__code="83", successor=new).exists()
    assert Unit.objects.filter(level__key="province").valid_on(TODAY).count() == 34


@pytest.mark.django_db
def test_demo_is_idempotent(loaded):
    total = Unit.objects.count(), PartyOrganization.objects.count(), Account.objects.count()
    assert load_demo(log=_silent) == loaded
    assert (Unit.objects.count(), PartyOrganization.objects.count(), Account.objects.count()) == total


@pytest.mark.django_db
def test_demo_accounts_and_their_scopes(loaded, client):
    assert {a[0] for a in loaded} == {
        "tochuc", "lanhdao", "canbo", "coso", "coquan", "tochuchuyen", "truongphong", "phoban", "admin"
    }  # fmt: skip
    for username, password, _role in loaded:
        assert password == DEMO_PASSWORD
        assert client.login(username=username, password=password)

    # The Ba Tri accounts keep old Ba Tri for its history and have today's units beside it (confirmed by staff).
    def grants(username):
        account = Account.objects.get(user__username=username)
        return sorted((g.unit.name, g.kind) for g in account.grants.all())

    assert grants("canbo") == [("Huyện Ba Tri", "capture"), ("Xã Ba Tri", "capture")]
    ba_tri_today = Unit.objects.filter(successions_in__predecessor__parent__code="836", level__key="commune")
    assert grants("tochuchuyen") == sorted(
        [("Huyện Ba Tri", "capture")] + [(u.name, "capture") for u in ba_tri_today.distinct()]
    )
    assert len(grants("tochuchuyen")) == 8
    coso = Account.objects.get(user__username="coso")
    hamlet = coso.grants.get(unit__valid_until__isnull=False).unit
    today_copy = coso.grants.get(unit__valid_until__isnull=True).unit
    assert today_copy.name == hamlet.name and today_copy.parent.code == "29110"
    assert hamlet.level.key == "hamlet" and hamlet.parent.parent.code == "836"
    assert coso.title == "Bí thư " + PartyOrganization.objects.get(unit=hamlet, kind="cell").name
