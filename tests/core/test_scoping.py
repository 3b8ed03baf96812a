import pytest

from diaban.core.scoping import CAPTURE, VIEW, restrict, scope_of
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.territory.models import PartyOrganization, Unit


@pytest.mark.django_db
def test_view_and_capture_are_separate(tree):
    account = account_upsert(
        username="mixed",
        password="x-123456789",
        role=Role.CADRE,
        view_units=[tree.province_a],
        capture_units=[tree.communes_a[0]],
    )
    user = account.user
    visible = set(restrict(Unit.objects.all(), user, VIEW))
    writable = set(restrict(Unit.objects.all(), user, CAPTURE))
    assert tree.province_a in visible and tree.communes_a[1] in visible
    assert tree.province_b not in visible
    assert writable == {tree.communes_a[0], *tree.hamlets_a[:2]}


@pytest.mark.django_db
def test_capture_implies_view_and_objects_follow_their_unit(tree, accounts):
    grassroots = accounts[Role.GRASSROOTS]
    assert set(restrict(Unit.objects.all(), grassroots)) == {tree.hamlets_a[0]}
    assert list(restrict(PartyOrganization.objects.all(), grassroots)) == [tree.cell_a]


@pytest.mark.django_db
def test_no_account_no_rows_and_admin_everything(tree, accounts, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x-123456789")
    assert not restrict(Unit.objects.all(), stranger).exists()
    admin = accounts[Role.ADMINISTRATOR]
    assert restrict(Unit.objects.all(), admin).count() == Unit.objects.count()


@pytest.mark.django_db
def test_scope_is_computed_once_per_request_user(tree, accounts, django_assert_num_queries):
    user = accounts[Role.LEADER]
    with django_assert_num_queries(1):
        scope_of(user)
        scope_of(user)
    assert scope_of(user).covers(tree.hamlets_a[0].path)
    assert not scope_of(user).covers(tree.hamlets_b[0].path)
