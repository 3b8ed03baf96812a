"""What the demo's loaders share: table statistics after a bulk load, rows stamped with the times their steps
happened, and the texts of the data files (`demo/data/*.json`)."""

import json
from contextlib import contextmanager
from functools import cache
from importlib import resources

from django.db import connection

CODE_PREFIX = "CB"  # demo cadres' codes: CB + the code of their unit + a number ("CB836-0001")


def refresh_statistics(*models) -> None:
    """PostgreSQL plans by table statistics, which a bulk load leaves stale until autovacuum comes round (and which
    a load rolled back, as in tests, never refreshes): planned on them, the joins of the next step can run for
    minutes. The tables of `models`, or the whole database when none is given."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + tables if tables else "ANALYZE")


@contextmanager
def stamps_as_given(*models):
    """bulk_create stamps auto_now and auto_now_add fields with the time of loading; the demo's rows carry the
    times the steps happened, so those stamps are off while they are written."""
    fields = [f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now", False) or
              getattr(f, "auto_now_add", False)]  # fmt: skip
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


@cache
def _read(name: str) -> str:
    return (resources.files("diaban.demo") / "data" / "{}.json".format(name)).read_text(encoding="utf-8")


def data(name: str):
    """The contents of `demo/data/<name>.json`, a fresh copy on each call."""
    return json.loads(_read(name))
