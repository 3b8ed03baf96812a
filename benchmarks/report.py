"""Medians and the tables printed at the end."""

import re
import statistics


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Plain-text table; the first `left` columns are left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def import_table(results) -> str:
    rows = []
    for r in results:
        totals = r.total_s
        rows.append(
            [
                r.label,
                str(len(totals)),
                "{:.2f} s".format(median(totals)),
                "{:.2f} s".format(median(r.read_s)),
                "{:.2f} s".format(min(totals)) if totals else "-",
                "{:.2f} s".format(max(totals)) if totals else "-",
                "< {:.0f} s".format(r.target_s),
                "FAIL" if r.failure else "ok",
            ]
        )
    return "Imports (each run into a fresh migrated database; parse included)\n" + table(
        ["import", "runs", "median", "of which parse", "min", "max", "target", "result"], rows
    )


def page_table(results) -> str:
    rows = []
    for r in results:
        rows.append(
            [
                r.label,
                r.unit,
                "{:,}".format(r.units_below),
                str(len(r.total_ms)),
                "{:.1f}".format(median(r.total_ms)),
                "{:.1f}".format(min(r.total_ms)) if r.total_ms else "-",
                "{:.1f}".format(max(r.total_ms)) if r.total_ms else "-",
                "{:.1f}".format(r.sql_ms),
                "/".join(str(q) for q in sorted(set(r.queries))) or "-",
                "FAIL" if r.failure else "ok",
            ]
        )
    return (
        "Unit page /dia-ban/<pk>/ as a superuser, national scale (ms; SQL = the page's queries replayed alone)\n"
        + table(["page", "unit", "units below", "runs", "median", "min", "max", "SQL", "queries", "result"], rows, 2)
    )


def _over_target(result, target_ms: float) -> bool:
    return result.depth == 1 and bool(result.total_ms) and median(result.total_ms) > target_ms


def coverage_table(results, target_ms: float, postgres: bool) -> str:
    """The coverage pages; the target applies to province pages, and only on PostgreSQL."""
    rows = []
    for r in results:
        verdict = "FAIL" if r.failure else "SLOW" if postgres and _over_target(r, target_ms) else "ok"
        rows.append(
            [
                r.scale,
                r.label,
                r.unit,
                r.date,
                "{:,}".format(r.units_below),
                str(len(r.total_ms)),
                "{:.1f}".format(median(r.total_ms)),
                "{:.1f}".format(min(r.total_ms)) if r.total_ms else "-",
                "{:.1f}".format(max(r.total_ms)) if r.total_ms else "-",
                "{:.1f}".format(r.sql_ms),
                "/".join(str(q) for q in sorted(set(r.queries))) or "-",
                "≤ {:.0f}{}".format(target_ms, "" if postgres else " (PG)") if r.depth == 1 else "",
                verdict,
            ]
        )
    headers = ["data", "page", "unit", "date", "units below", "runs", "median", "min", "max", "SQL", "queries"]
    return (
        "Coverage dashboard /bao-phu/<pk>/?ngay=… (ms; SQL = the page's queries replayed alone); demo: as the "
        "organization staff scoped to Bến Tre, national: as a superuser\n"
        + table([*headers, "target", "result"], rows, 4)
    )


def coverage_target_verdict(results, target_ms: float, postgres: bool) -> tuple[str, list[str]]:
    """The coverage target: median ≤ `target_ms` at province scope, on PostgreSQL (SQLite: shown, not enforced)."""
    provinces = [r for r in results if r.depth == 1 and r.total_ms]
    worst = max(provinces, key=lambda r: median(r.total_ms), default=None)
    head = "Coverage target: median ≤ {:.0f} ms at province scope on PostgreSQL.".format(target_ms)
    if worst is None:
        return head + " No province page was measured.", []
    slowest = "slowest province page: {} ({} data, {}), {:.1f} ms".format(
        worst.unit, worst.scale, worst.date, median(worst.total_ms)
    )
    if not postgres:
        return "{}\n  On SQLite, for information: {}.".format(head, slowest), []
    late = [r for r in provinces if _over_target(r, target_ms)]
    problems = [
        "coverage of {} ({} data, {}): median {:.1f} ms is over the {:.0f} ms target".format(
            r.unit, r.scale, r.date, median(r.total_ms), target_ms
        )
        for r in late
    ]
    return "{}\n  {}: {}.".format(head, "MISSED" if late else "met", slowest), problems


def compliance_table(runs) -> str:
    """The compliance pages: no target, the medians are for information."""
    rows = []
    for run in runs:
        for r in run.pages:
            rows.append(
                [
                    r.scale,
                    r.label,
                    r.unit,
                    r.date,
                    "{:,}".format(r.units_below),
                    "{:,}".format(r.assessed or 0),
                    *_timings(r),
                ]
            )
    headers = ["data", "page", "unit", "year", "units below", "assessed"]
    return (
        "Compliance dashboard /tuan-thu/<pk>/?nam=… (ms; SQL = the page's queries replayed alone); demo: as the "
        "organization staff scoped to Bến Tre, national: as a superuser; no target\n"
        + table([*headers, *TIMING_HEADERS], rows, 4)
    )


def home_table(runs) -> str:
    rows = [[r.scale, r.label, r.unit, str(r.units_below), *_timings(r)] for run in runs for r in run.homes]
    return "Home page / of accounts linked to a cadre (ms; SQL = the page's queries replayed alone)\n" + table(
        ["data", "page", "account: person", "units followed", *TIMING_HEADERS], rows, 3
    )


TIMING_HEADERS = ["runs", "median", "min", "max", "SQL", "queries", "result"]


def _timings(r) -> list[str]:
    return [
        str(len(r.total_ms)),
        "{:.1f}".format(median(r.total_ms)),
        "{:.1f}".format(min(r.total_ms)) if r.total_ms else "-",
        "{:.1f}".format(max(r.total_ms)) if r.total_ms else "-",
        "{:.1f}".format(r.sql_ms),
        "/".join(str(q) for q in sorted(set(r.queries))) or "-",
        "FAIL" if r.failure else "ok",
    ]


def slowest_verdict(runs) -> str:
    """The slowest page of each level and scale, for information (compliance has no target)."""
    lines = ["Compliance dashboard, slowest median by level (no target; for information):"]
    for run in runs:
        by_depth: dict[int, list] = {}
        for r in run.pages:
            if r.total_ms:
                by_depth.setdefault(r.depth, []).append(r)
        for depth, pages in sorted(by_depth.items()):
            worst = max(pages, key=lambda r: median(r.total_ms))
            lines.append(
                "  {} data, depth {}: {} {}, {:.1f} ms (SQL {:.1f} ms)".format(
                    run.scale, depth, worst.unit, worst.date, median(worst.total_ms), worst.sql_ms
                )
            )
        if run.build_s is not None:
            lines.append(
                "  {} data: rules, meetings, attendances and reports added in {:.0f} s".format(run.scale, run.build_s)
            )
    return "\n".join(lines)


def _shape(sql: str) -> str:
    """A statement with its literals blanked, so that the same query for two units compares equal."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"%s|\b\d+\b", "?", sql)
    sql = re.sub(r"IN \((?:\?, )*\?\)", "IN (…)", sql)
    # One condition per unit a cadre follows, OR-ed: as many as the units, the same query.
    return re.sub(r"\((\([^()]*\)|[^()]*?)(?: OR \1)+\)", r"\1", sql)


def _key(sql: str) -> str:
    """What two statements of the same query have in common, grouping aside (parentheses come and go with
    the number of conditions)."""
    return re.sub(r"[()\s]+", " ", _shape(sql))


def condensed(sql: str, width: int = 110) -> str:
    """The part of a statement that tells which query it is: column lists dropped, cut to `width`."""
    sql = sql.replace('"', "")
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql, count=1)
    sql = re.sub(r"INNER JOIN (\S+) ON \([^)]*\)", r"JOIN \1", sql)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def query_count_verdict(results, what: str = "", sizes: str = "units below") -> tuple[str, list[str]]:
    """Whether units of one level, large and small, run the same number of queries (`what`: of which pages;
    `sizes`: what `units_below` counts). Pages are compared within their level, part and group.

    Levels may differ from one another for reasons unrelated to size (a province has no breadcrumb
    above it); the statements that make the difference are listed.
    """
    problems = [r.failure for r in results if r.failure]
    measured = [r for r in results if r.queries]
    for r in measured:
        if len(set(r.queries)) > 1:
            problems.append("{}: the query count varies between runs: {}".format(r.label, sorted(set(r.queries))))
    if not measured:
        return "No page was measured.", problems
    lines = []
    by_depth: dict[tuple, list] = {}
    for r in measured:
        by_depth.setdefault((r.depth, getattr(r, "part", ""), getattr(r, "group", "")), []).append(r)
    for (depth, part, kind), group in sorted(by_depth.items()):
        counts = sorted({r.queries[0] for r in group})
        span = "{:,} to {:,} {}".format(min(r.units_below for r in group), max(r.units_below for r in group), sizes)
        name = "depth {}{}".format(depth, "".join(" " + x for x in (kind, part) if x))
        if len(counts) == 1:
            lines.append("  {}: {} queries on each of {} pages ({})".format(name, counts[0], len(group), span))
        else:
            lines.append("  {}: query counts differ: {} ({})".format(name, counts, span))
            problems.append(
                "{}pages of {} run different numbers of queries: {}".format(what + ": " if what else "", name, counts)
            )
    # Statements missing from some pages are compared among whole pages of one group only (a part runs a few
    # of them; pages of another group are other pages).
    whole = [r for r in measured if not getattr(r, "part", "")] or measured
    missing: dict[str, list] = {}
    for kind in sorted({getattr(r, "group", "") for r in whole}):
        pages = [r for r in whole if getattr(r, "group", "") == kind]
        reference = max(pages, key=lambda r: len(r.statements))
        for r in pages:
            keys = {_key(s) for s in r.statements}
            shapes = {_key(s): _shape(s) for s in reference.statements}
            for key, shape in shapes.items():
                if key not in keys:
                    missing.setdefault(shape, []).append(r)
    for shape, pages in missing.items():
        lines.append(
            "  not run for depth {}: {}".format("/".join(sorted({str(r.depth) for r in pages})), condensed(shape, 200))
        )
        if all(r.depth == 1 for r in pages) and ".path IN (" in condensed(shape, len(shape)):
            lines.append("    (the breadcrumb: nothing is above a top-level unit, and an empty IN runs no query)")
        elif all(getattr(r, "assessed", None) == 0 for r in pages):
            lines.append("    (nobody working in the unit is bound by a rule: no assignments, attendances to look up)")
    same = len(problems) == len([r for r in results if r.failure])
    head = "Query counts{}: {} for large and small units of each level.".format(
        " ({})".format(what) if what else "", "the same" if same else "NOT the same"
    )
    return "\n".join([head, *lines]), problems


def trends_table(runs) -> str:
    """The recommendation trends pages (and the Excel file and API answer of a province): no target."""
    rows = []
    for run in runs:
        for r in run.pages:
            rows.append(
                [r.scale, r.label, r.unit, r.date, "{:,}".format(r.units_below), "{:,}".format(r.raised or 0),
                 *_timings(r)]
            )  # fmt: skip
    headers = ["data", "page", "unit", "period", "units below", "raised"]
    return (
        "Recommendation trends /kien-nghi/thong-ke/?don-vi=…&tu=…&den=… (ms; SQL = the page's queries replayed "
        "alone); demo: as the organization staff scoped to Bến Tre, national: as a superuser; agency: an agency "
        "account (its queue only); excel, api: the same figures as a workbook and through the API; no target\n"
        + table([*headers, *TIMING_HEADERS], rows, 4)
    )


def trends_verdict(runs) -> str:
    """The slowest trends page of each level and scale, for information."""
    lines = ["Recommendation trends, slowest median by level (no target; for information):"]
    for run in runs:
        by_depth: dict[int, list] = {}
        for r in run.pages:
            if r.total_ms and not r.group:
                by_depth.setdefault(r.depth, []).append(r)
        for depth, pages in sorted(by_depth.items()):
            worst = max(pages, key=lambda r: median(r.total_ms))
            lines.append(
                "  {} data, depth {}: {}, {:.1f} ms (SQL {:.1f} ms)".format(
                    run.scale, depth, worst.unit, median(worst.total_ms), worst.sql_ms
                )
            )
        if run.build_s is not None:
            lines.append("  {} data: agencies and recommendations added in {:.0f} s".format(run.scale, run.build_s))
    return "\n".join(lines)
