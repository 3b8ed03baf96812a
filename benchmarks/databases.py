"""A fresh, empty, migrated database for every run.

Migrations run once into a template; each run then gets a copy of it (SQLite: a file copy; PostgreSQL:
CREATE DATABASE … TEMPLATE), so no run sees what an earlier one wrote and migrating is not timed.
"""

import os
import shutil
import sqlite3
from pathlib import Path

from django.core.management import call_command
from django.db import connection, connections


def _migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


class SqliteDatabases:
    def __init__(self, directory: Path):
        self.directory = directory
        self.template = directory / "template.sqlite3"
        self.current: Path | None = None

    def describe(self) -> str:
        return "SQLite {} (temporary files)".format(sqlite3.sqlite_version)

    def prepare(self) -> None:
        self._use(self.template)
        _migrate()
        # The settings open SQLite in WAL mode: fold the log into the file so that copying the file alone
        # copies the whole database.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connections.close_all()

    def fresh(self, name: str) -> None:
        connections.close_all()
        self._remove_current()
        path = self.directory / "{}.sqlite3".format(name)
        shutil.copyfile(self.template, path)
        self.current = path
        self._use(path)

    def settle(self) -> None:
        """Nothing to do: SQLite keeps no planner statistics unless told to, and Django never tells it."""

    def cleanup(self, keep: bool = False) -> None:
        connections.close_all()
        if keep and self.current is not None:
            print("Kept the last database: {}".format(self.current))
        else:
            self._remove_current()

    def _use(self, path: Path) -> None:
        # settings.DATABASES["default"] and connection.settings_dict are one dict: the next query connects
        # to the new file.
        connection.settings_dict["NAME"] = str(path)

    def _remove_current(self) -> None:
        if self.current is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.current) + suffix).unlink(missing_ok=True)
            self.current = None


class PostgresDatabases:
    """Scratch databases next to the one DATABASE_URL names, which itself is only used to connect."""

    def __init__(self):
        self.settings = dict(connection.settings_dict)
        self.prefix = "diaban_bench_{}".format(os.getpid())
        self.template = self.prefix + "_template"
        self.created: list[str] = []
        self.current: str | None = None

    def describe(self) -> str:
        host = self.settings.get("HOST") or "local socket"
        return "PostgreSQL at {} (scratch databases {}_*)".format(host, self.prefix)

    def _admin(self):
        import psycopg

        params = {
            "dbname": self.settings["NAME"],
            "user": self.settings.get("USER"),
            "password": self.settings.get("PASSWORD"),
            "host": self.settings.get("HOST"),
            "port": self.settings.get("PORT"),
        }
        return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v})

    def _execute(self, statement: str, *names: str) -> None:
        from psycopg import sql

        with self._admin() as admin:
            admin.execute(sql.SQL(statement).format(*(sql.Identifier(n) for n in names)))

    def prepare(self) -> None:
        import psycopg

        try:
            self._execute("CREATE DATABASE {}", self.template)
        except psycopg.Error as exc:
            message = "Cannot create a scratch database on PostgreSQL (CREATEDB needed): {}".format(exc)
            raise SystemExit(message) from exc
        self.created.append(self.template)
        connection.settings_dict["NAME"] = self.template
        _migrate()
        connections.close_all()

    def fresh(self, name: str) -> None:
        connections.close_all()
        self._drop_current()
        database = "{}_{}".format(self.prefix, name.replace("-", "_"))
        self._execute("CREATE DATABASE {} TEMPLATE {}", database, self.template)
        self.created.append(database)
        self.current = database
        connection.settings_dict["NAME"] = database

    def settle(self) -> None:
        """Planner statistics and the visibility map, as autovacuum leaves them soon after a bulk load in
        production (it vacuums after inserts too, since PostgreSQL 13).

        Without statistics the plans of the first minutes after loading (seq scans chosen for tables
        estimated empty) make timings depend on whether autovacuum happened to run during the benchmark;
        without the visibility map, index-only scans still read the table and are costed that way.
        """
        tables = ", ".join(connection.ops.quote_name(t) for t in connection.introspection.table_names())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) " + tables)

    def _drop_current(self) -> None:
        if self.current is not None:
            self._execute("DROP DATABASE IF EXISTS {}", self.current)
            self.created.remove(self.current)
            self.current = None

    def cleanup(self, keep: bool = False) -> None:
        connections.close_all()
        connection.settings_dict["NAME"] = self.settings["NAME"]
        if keep and self.current is not None:
            print("Kept the last database: {}".format(self.current))
            self.created.remove(self.current)
        for database in reversed(self.created):
            self._execute("DROP DATABASE IF EXISTS {}", database)
        self.created.clear()
        self.current = None
