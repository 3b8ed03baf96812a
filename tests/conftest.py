"""Shared fixtures: a small two-province tree and one account per role, scoped to province A."""

import contextlib
import datetime
import os
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import override_settings

from diaban.assignments.models import Assignment
from diaban.people.choices import Role
from diaban.people.models import CommitteeMembership, Person, Position, PositionTitle, Term
from diaban.people.services import account_upsert
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

PASSWORD = "mat-khau-thu-nghiem"
# The day the tests take as today (DIABAN_TODAY): the demo is built up to it and a few months ahead, and every
# "today", "upcoming" and "overdue" of the product is read on it, whatever day the tests run.
TODAY = datetime.date(2026, 11, 16)
# Real password hashing costs a second per account; tests check scoping, not hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def unavailable(reason: str):
    """Skip a test whose tool is missing, except in CI where that is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail("Không chạy được trong CI: " + reason)
    pytest.skip(reason)


def pytest_configure(config):
    from django.conf import settings

    settings.DIABAN_TODAY = TODAY


def pytest_collection_modifyitems(config, items):
    """Run order for the two workers: first one module that needs the demo (its worker loads the demo, once per
    pass), then the modules that do not (the other worker runs them meanwhile instead of waiting for the demo),
    then the rest of the demo's, the browser tests' first (long files early, short ones to even out the end).
    The order is the same in every worker, as pytest-xdist requires."""

    def needs_demo(item):
        return "demo_snapshot" in getattr(item, "fixturenames", ())

    demo_files = {item.path for item in items if needs_demo(item)}
    first = next((item.path for item in items if item.path in demo_files), None)

    def group(item):
        if item.path == first:
            return 0
        if item.path not in demo_files:
            return 1
        return 2 if "browser" in item.path.parts else 3

    items[:] = [item for _index, item in sorted(enumerate(items), key=lambda pair: (group(pair[1]), pair[0]))]


def pytest_report_header(config):
    return "Cơ sở dữ liệu: {}".format(connection.vendor)


@pytest.fixture(autouse=True, scope="session")
def _expected_database(django_db_setup, django_db_blocker):
    """The PostgreSQL pass must really run on PostgreSQL."""
    if os.environ.get("DIABAN_EXPECT_POSTGRES") == "1":
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "DIABAN_EXPECT_POSTGRES=1 but running on " + connection.vendor


@pytest.fixture(autouse=True, scope="session")
def _no_autovacuum(django_db_setup, django_db_blocker):
    """On PostgreSQL, autovacuum would count the rows of tables while a test's own rows are still uncommitted and
    record them as empty with pages in use; the planner then expects no rows in them and picks nested loops that
    run for minutes over the thousands a later test writes. The tests' statistics come from the demo's ANALYZE."""
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute("ALTER TABLE {} SET (autovacuum_enabled = false)".format(connection.ops.quote_name(table)))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def make_unit(level_key, name, parent=None, code="", kind=None, **extra):
    level = UnitLevel.objects.get(key=level_key)
    unit = Unit(level=level, name=name, code=code, parent=parent, kind=kind or name.split()[0], **extra)
    unit.save()
    return unit


@pytest.fixture
def tree(db):
    """Province A (in the accounts' scope) and province B (outside), each with a district, two communes and
    two hamlets per commune, and a party organization tree."""
    return build_tree()


def build_tree() -> SimpleNamespace:
    ns = SimpleNamespace()
    for tag, code in (("a", "83"), ("b", "84")):
        province = make_unit("province", "Tỉnh Thử {}".format(tag.upper()), code=code, kind="Tỉnh")
        district = make_unit("district", "Huyện Đông {}".format(tag.upper()), province, code=code + "1", kind="Huyện")
        communes = [
            make_unit("commune", "Xã {} {}".format(n, tag.upper()), district, code="{}{}0{}".format(code, 1, i))
            for i, n in enumerate(["Đức Hòa", "An Phú"], start=1)
        ]
        hamlets = [make_unit("hamlet", "Ấp {} {}".format(i, c.name), c, kind="Ấp") for c in communes for i in (1, 2)]
        committee = PartyOrganization(
            kind=OrganizationKind.PROVINCIAL_COMMITTEE, name="Đảng bộ tỉnh Thử {}".format(tag.upper()), unit=province
        )
        committee.save()
        cell = PartyOrganization(
            kind=OrganizationKind.CELL,
            cell_kind=CellKind.RESIDENTIAL,
            name="Chi bộ {}".format(hamlets[0].name),
            unit=hamlets[0],
            parent=committee,
            member_count=21,
            meeting_day=5,
        )
        cell.save()
        person = Person(
            code="CB-{}".format(tag.upper()),
            full_name="Trần Thị Hồng Nhung {}".format(tag.upper()),
            home_unit=hamlets[0],  # inside every province-A role's scope, the hamlet secretary's included
            agency="Chi bộ ấp",
        )
        person.save()
        position = Position.objects.create(
            person=person,
            title=PositionTitle.objects.get(name="Đảng ủy viên"),
            organization="Đảng ủy xã",
            start_date=datetime.date(2020, 10, 1),
        )
        assignment = Assignment.objects.create(
            person=person,
            unit=hamlets[0],
            start_date=datetime.date(2020, 11, 1),
            override_reason="Dữ liệu thử nghiệm",
        )
        membership = CommitteeMembership.objects.create(
            person=person, committee=committee, term=Term.objects.get(name="2020–2025")
        )
        setattr(ns, "person_" + tag, person)
        setattr(ns, "position_" + tag, position)
        setattr(ns, "membership_" + tag, membership)
        setattr(ns, "assignment_" + tag, assignment)
        setattr(ns, "province_" + tag, province)
        setattr(ns, "district_" + tag, district)
        setattr(ns, "communes_" + tag, communes)
        setattr(ns, "hamlets_" + tag, hamlets)
        setattr(ns, "committee_" + tag, committee)
        setattr(ns, "cell_" + tag, cell)
    return ns


ROLE_SCOPES = {
    # role: (grant kind, which unit of province A)
    Role.ORGANIZATION: ("capture", "province_a"),
    Role.LEADER: ("view", "province_a"),
    Role.CADRE: ("capture", "district_a"),
    Role.GRASSROOTS: ("capture", "hamlet_a"),
    Role.AGENCY: ("view", "province_a"),
    Role.ADMINISTRATOR: (None, None),
}


@pytest.fixture
def accounts(tree):
    """One user per role; all but the administrator see only (part of) province A."""
    return build_accounts(tree)


def build_accounts(tree) -> dict:
    users = {}
    for role, (kind, where) in ROLE_SCOPES.items():
        unit = tree.hamlets_a[0] if where == "hamlet_a" else getattr(tree, where) if where else None
        grants = {}
        if kind == "capture":
            grants["capture_units"] = [unit]
        elif kind == "view":
            grants["view_units"] = [unit]
        account = account_upsert(
            username=role.value,
            password=PASSWORD,
            role=role,
            full_name="Nguyễn Văn {}".format(role.value.title()),
            **grants,
        )
        users[role] = account.user
    return users


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """Rows a whole module shares, written once and rolled back after its last test; each test runs in a
    savepoint inside, so what a test writes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo's rows, loaded once per database pass (or taken from the cache): see tests/demo_snapshot.py."""
    from tests.demo_snapshot import demo_snapshot

    with django_db_blocker.unblock():
        return demo_snapshot()


@pytest.fixture(scope="session")
def demo_images(demo_snapshot, django_db_blocker):
    """The test database empty and holding the demo, to put in or take out in a fraction of a second."""
    from tests.demo_snapshot import Images

    with django_db_blocker.unblock():
        images = Images(demo_snapshot)
    yield images
    with django_db_blocker.unblock():
        images.drop()


@pytest.fixture(scope="module")
def demo(demo_images, django_db_blocker):
    """The Bến Tre demo for the module that asks for it, taken out after it; each test runs in a transaction rolled
    back after it. (The browser tests have their own: a live server's writes are committed.)"""
    with django_db_blocker.unblock():
        demo_images.use("demo")
    try:
        with rolled_back(django_db_blocker):
            yield
    finally:
        with django_db_blocker.unblock():
            demo_images.use("empty")
