"""The Bến Tre demo, loaded once per database pass and put back in a fraction of a second wherever a test needs it.

Loading the demo runs every app's services over a province (a minute or more). The first test run to need it loads
it once, reads every table back (raw rows on SQLite, COPY text on PostgreSQL) and keeps them in `var/test-demo/`,
named by a hash of the code and data the demo is made from. Each worker then writes those rows once into its test
database and keeps the whole database as an image beside the empty one the migrations left (`Images`): a copy of the
in-memory database's pages on SQLite, a template database on PostgreSQL. Putting the demo in, or taking it out, is
then a page copy (SQLite's backup) or `CREATE DATABASE … TEMPLATE` (a file copy, planner statistics included),
instead of writing half a million rows. A test of the loader itself still calls `load_demo`
(tests/territory/test_demo.py).
"""

import contextlib
import fcntl
import hashlib
import os
import pickle
import sqlite3
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psycopg
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

import diaban
from diaban.demo import load_demo
from tests.conftest import FAST_HASHERS, TODAY

PACKAGE = Path(diaban.__file__).parent
CACHE = Path(__file__).resolve().parent.parent / "var" / "test-demo"
# What the demo is made of: the code (migrations included) and the data files; not the templates or static files.
SOURCES = ("*.py", "*.json", "*.json.gz", "*.csv", "*.txt")
# How long the PostgreSQL pass waits for the SQLite pass beside it to load the demo (seconds).
SQLITE_PASS_WAIT = 900
# The installed packages whose data the demo reads.
DATA_PACKAGES = ("holidays",)


@dataclass
class Snapshot:
    """Every table's rows: (table, columns, rows as raw values on SQLite or COPY text on PostgreSQL)."""

    vendor: str
    tables: list[tuple[str, list[str], object]]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for pattern in SOURCES for p in PACKAGE.rglob(pattern) if "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    digest.update(TODAY.isoformat().encode())  # the day the demo is built for
    for package in DATA_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update("{}={}".format(package, metadata.version(package)).encode())
    return digest.hexdigest()[:16]


def _tables() -> list[str]:
    skip = {MigrationRecorder.Migration._meta.db_table}
    return sorted(t for t in connection.introspection.django_table_names(only_existing=True) if t not in skip)


def take() -> Snapshot:
    """Read every table of the test database as it is committed now."""
    tables = []
    if connection.vendor == "sqlite":
        # A plain copy of the database, read without Django's type converters: values go back exactly as stored.
        connection.ensure_connection()
        plain = sqlite3.connect(":memory:")
        connection.connection.backup(plain)
        for table in _tables():
            cursor = plain.execute('SELECT * FROM "{}"'.format(table))
            tables.append((table, [c[0] for c in cursor.description], cursor.fetchall()))
        plain.close()
    else:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in _tables():
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                with raw.copy("COPY {} ({}) TO STDOUT".format(_quote(table), _column_list(columns))) as copy:
                    text = b"".join(bytes(block) for block in copy)
                tables.append((table, columns, text))
    return Snapshot(connection.vendor, tables)


def restore(snapshot: Snapshot, analyze: bool = True) -> None:
    """Make the database hold exactly the snapshot's rows, in one transaction (or savepoint); on PostgreSQL,
    with fresh planner statistics unless `analyze` is false (statistics of empty tables would make the planner
    choose nested loops for every later test that fills them)."""
    assert snapshot.vendor == connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            raw = connection.connection
            for table, _columns, _rows in snapshot.tables:
                raw.execute('DELETE FROM "{}"'.format(table))
            for table, columns, rows in snapshot.tables:
                if rows:
                    raw.executemany(
                        'INSERT INTO "{}" ({}) VALUES ({})'.format(
                            table, _column_list(columns), ", ".join("?" * len(columns))
                        ),
                        rows,
                    )
        else:
            cursor.execute("TRUNCATE {}".format(", ".join(_quote(t) for t, _c, _r in snapshot.tables)))
            for table, columns, text in snapshot.tables:
                if text:
                    with cursor.cursor.copy(
                        "COPY {} ({}) FROM STDIN".format(_quote(table), _column_list(columns))
                    ) as copy:
                        copy.write(text)
            statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
            for statement in statements:
                cursor.execute(statement)
    if analyze and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column_list(columns: list[str]) -> str:
    return ", ".join(_quote(c) for c in columns)


def demo_snapshot() -> Snapshot:
    """The demo's rows for this database: from the cache when the code has not changed, else loaded once (one
    worker loads while the others wait for it) and cached. On PostgreSQL, the rows the SQLite pass loaded from the
    same code for the same day, when it has (or is loading them): the demo is the same on both (ids included), only
    the stored forms differ."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = fingerprint()
    path = _cached(connection.vendor, key)
    with _locked(connection.vendor):  # the two passes may run side by side
        if path.exists():
            return pickle.loads(path.read_bytes())
        for old in CACHE.glob(connection.vendor + "-*.pickle"):
            old.unlink()
        snapshot = _from_sqlite_pass(key) if connection.vendor == "postgresql" else None
        snapshot = snapshot or _load_once()
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
        partial.rename(path)
        return snapshot


def _from_sqlite_pass(key: str) -> Snapshot | None:
    """The demo the SQLite pass loaded, as PostgreSQL rows; None when there is none. `make test` runs that pass
    beside this one (DIABAN_TEST_DEMO_FROM_SQLITE=1): then this one waits for it rather than load the demo too."""
    loaded = _cached("sqlite", key)
    waiting = SQLITE_PASS_WAIT if os.environ.get("DIABAN_TEST_DEMO_FROM_SQLITE") == "1" else 0
    deadline = time.monotonic() + waiting
    while True:
        with _locked("sqlite"):  # taken by the SQLite pass while it loads
            if loaded.exists():
                return postgresql_rows(pickle.loads(loaded.read_bytes()))
        if time.monotonic() >= deadline:
            return None
        time.sleep(1)


def _cached(vendor: str, key: str) -> Path:
    return CACHE / "{}-{}.pickle".format(vendor, key)


@contextlib.contextmanager
def _locked(vendor: str):
    with open(CACHE / (vendor + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def postgresql_rows(snapshot: Snapshot) -> Snapshot:
    """The SQLite snapshot's rows as PostgreSQL's COPY text, column by column as this database types them: booleans
    stored as 0/1, aware datetimes stored as UTC text without an offset; JSON text is parsed by jsonb as it is."""
    assert snapshot.vendor == "sqlite" and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = current_schema()")  # fmt: skip
        types = {(table, column): kind for table, column, kind in cursor.fetchall()}
    tables = []
    for table, columns, rows in snapshot.tables:
        formats = [_COPY_FORMATS.get(types[(table, column)], _copy_text) for column in columns]
        lines = (
            "\t".join(f(value) if value is not None else "\\N" for f, value in zip(formats, row, strict=True))
            for row in rows
        )
        tables.append((table, columns, "".join(line + "\n" for line in lines).encode()))
    return Snapshot("postgresql", tables)


def _copy_text(value) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_COPY_FORMATS = {
    "boolean": lambda value: "t" if value else "f",
    "timestamp with time zone": lambda value: _copy_text(value) + "+00",
    "double precision": repr,
}


def _load_once() -> Snapshot:
    """Load the demo into the (empty) test database, read it, and put the database back as it was."""
    before = take()
    try:
        # The demo's passwords hashed as the tests hash theirs (tests/conftest.py `_fast_passwords`).
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            load_demo(log=lambda *args: None)
        return take()
    finally:
        # Emptied by TRUNCATE, the tables are "never analyzed" again, as after the migrations.
        restore(before, analyze=False)


class Images:
    """This worker's test database twice over: empty, as the migrations left it, and holding the demo. `use(name)`
    makes the test database hold exactly one of them; it must be called outside any transaction."""

    def __init__(self, snapshot: Snapshot):
        self.vendor = connection.vendor
        self.current = "empty"
        if self.vendor == "sqlite":
            connection.ensure_connection()
            self._pages = {"empty": connection.connection.serialize()}
            restore(snapshot, analyze=False)
            self._pages["demo"] = connection.connection.serialize()
            self._copy_in("empty")
        else:
            self._templates = {}
            self._name = connection.settings_dict["NAME"]
            self._templates["empty"] = self._template_of_current("empty")
            restore(snapshot)
            self._templates["demo"] = self._template_of_current("demo")
            self._copy_in("empty")

    def use(self, name: str, again: bool = False) -> None:
        """Make the test database hold the image `name`; `again` after a test that committed writes, or whose
        database is flushed after it."""
        assert not connection.in_atomic_block, "the demo is put in or taken out outside any transaction"
        if again or name != self.current:
            self._copy_in(name)
        # After a flush the database holds neither image.
        self.current = None if again else name

    def drop(self) -> None:
        if self.vendor == "postgresql":
            connections.close_all()
            with self._server() as server:
                for template in self._templates.values():
                    server.execute("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(_quote(template)))

    def _copy_in(self, name: str) -> None:
        if self.vendor == "sqlite":
            source = sqlite3.connect(":memory:")
            source.deserialize(self._pages[name])
            connection.ensure_connection()
            source.backup(connection.connection)
            source.close()
        else:
            # The live server's thread has its own connection, checked before each request (CONN_HEALTH_CHECKS).
            connections.close_all()
            with self._server() as server:
                server.execute("DROP DATABASE {} WITH (FORCE)".format(_quote(self._name)))
                server.execute(
                    "CREATE DATABASE {} TEMPLATE {}".format(_quote(self._name), _quote(self._templates[name]))
                )

    def _template_of_current(self, name: str) -> str:
        template = "{}_{}".format(self._name, name)
        connections.close_all()
        with self._server() as server:
            server.execute("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(_quote(template)))
            server.execute("CREATE DATABASE {} TEMPLATE {}".format(_quote(template), _quote(self._name)))
        return template

    def _server(self):
        """A connection to the server's maintenance database, outside the test database."""
        settings = connection.settings_dict
        return psycopg.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        )
