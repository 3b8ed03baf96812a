"""The benchmarks themselves: timed imports into fresh databases and timed requests of the unit page, the
coverage, compliance and recommendation trends dashboards and the cadre's home page."""

import cProfile
import datetime
import io
import pstats
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks import national
from benchmarks.report import condensed, median
from diaban.assignments.models import Assignment
from diaban.assignments.selectors import coverage_report
from diaban.core.dates import format_date, today
from diaban.demo import BA_TRI_CODE, PROVINCE_CODE, load_demo
from diaban.feedback.models import Recommendation
from diaban.feedback.trends import trends_report, twelve_months_to
from diaban.meetings.choices import ReportStatus
from diaban.meetings.models import Attendance
from diaban.meetings.selectors.cells import cells_never_attended
from diaban.meetings.selectors.compliance import compliance_report, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.territory import selectors
from diaban.territory.importers import import_divisions, official_divisions_file, read_divisions
from diaban.territory.models import Unit

REPO = Path(__file__).resolve().parent.parent
THREE_TIER_FILE = REPO / "tests" / "data" / "nested-divisions-0.6.0.json.gz"
IMPORT_TARGET_S = 60.0
EXPECTED_THREE_TIER = {"province": 63, "district": 696, "commune": 10051}
EXPECTED_TWO_TIER = {"province": 34, "commune": 3321}
REPLAYS = 5
COVERAGE_TARGET_MS = 50.0  # median at province scope, on PostgreSQL
DEMO_STAFF = "tochuc"  # organization staff, capture scope on Bến Tre (and the new Vĩnh Long)
DEMO_COVERED = datetime.date(2021, 1, 1)  # every unit followed, as in the articles
DEMO_LATER = datetime.date(2025, 6, 30)  # after the demo's rotation and departures: some units uncovered


@dataclass
class ImportResult:
    label: str
    source: str
    expected: dict
    target_s: float = IMPORT_TARGET_S
    read_s: list[float] = field(default_factory=list)
    import_s: list[float] = field(default_factory=list)
    failure: str = ""

    @property
    def total_s(self) -> list[float]:
        return [r + i for r, i in zip(self.read_s, self.import_s, strict=True)]


@dataclass
class PageResult:
    label: str
    unit: str
    depth: int
    url: str
    units_below: int
    warmup_ms: float = 0.0
    total_ms: list[float] = field(default_factory=list)
    sql_ms: float = 0.0
    queries: list[int] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    failure: str = ""
    date: str = ""
    scale: str = ""
    figures: str = ""
    part: str = ""  # a part of the page loaded afterwards by htmx (its HX-Target), or the page itself
    assessed: int | None = None  # compliance: the cadres bound by a rule
    group: str = ""  # pages compared for their query count only within their group (with depth and part)
    raised: int | None = None  # trends: the recommendations raised in the period


def _one_import(path) -> tuple[float, float, dict]:
    start = time.perf_counter()
    data = read_divisions(path)
    parsed = time.perf_counter()
    report = import_divisions(data)
    done = time.perf_counter()
    return parsed - start, done - parsed, dict(report.created)


def _bench_import(result: ImportResult, path, databases, runs: int, profile: bool) -> ImportResult:
    print("== Import: {} ({}) ==".format(result.label, result.source), flush=True)
    slug = result.label.split()[0]
    for run in range(1, runs + 1):
        databases.fresh("{}-{}".format(slug, run))
        read_s, import_s, created = _one_import(path)
        if created != result.expected:
            result.failure = "{}: created {}, expected {}".format(result.label, created, result.expected)
        result.read_s.append(read_s)
        result.import_s.append(import_s)
        print(
            "  run {}: {:7.2f} s  (parse {:.2f} s, import {:.2f} s)".format(run, read_s + import_s, read_s, import_s),
            flush=True,
        )
    if profile:
        databases.fresh(slug + "-profile")
        profiler = cProfile.Profile()
        profiler.runcall(_one_import, path)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print("  profile of one more run (cumulative):")
        print("\n".join("    " + line for line in out.getvalue().strip().splitlines()))
    total = median(result.total_s)
    if total > result.target_s and not result.failure:
        result.failure = "{}: median {:.1f} s is over the {:.0f} s target".format(result.label, total, result.target_s)
    return result


def bench_three_tier(databases, runs: int, profile: bool = False) -> ImportResult:
    result = ImportResult("three-tier national list", THREE_TIER_FILE.name, EXPECTED_THREE_TIER)
    return _bench_import(result, THREE_TIER_FILE, databases, runs, profile)


def bench_two_tier(databases, runs: int, profile: bool = False) -> ImportResult:
    path = official_divisions_file()
    result = ImportResult("two-tier national list", path.name, EXPECTED_TWO_TIER)
    return _bench_import(result, path, databases, runs, profile)


def _units_below(unit: Unit) -> int:
    return sum(row["count"] for row in selectors.unit_counts_below(unit, today()))


def _by_size(queryset) -> list[Unit]:
    """The units of `queryset`, fewest units below first (ties: by path)."""
    units = list(queryset.order_by("path"))
    sizes = {u.pk: Unit.objects.within(u, include_self=False).count() for u in units}
    return sorted(units, key=lambda u: sizes[u.pk])


def _page_units() -> list[tuple[str, Unit]]:
    """Large and small units of each level, so that a query count growing with the subtree would show."""
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level")
    provinces = _by_size(old.filter(level__key="province"))
    province = provinces[-1]
    district = _by_size(old.filter(level__key="district", parent=province))[-1]
    # A district without communes (Hoàng Sa) would skip the per-level query for lack of levels to name.
    small_district = _by_size(old.filter(level__key="district", children__isnull=False).distinct())[0]
    communes = _by_size(old.filter(level__key="commune", parent=district))
    new_province = (
        Unit.objects.filter(level__key="province", valid_from__isnull=False)
        .annotate(predecessors=Count("successions_in"))
        .order_by("-predecessors", "path")
        .first()
    )
    return [
        ("province, largest (pre-2025)", province),
        ("province, smallest (pre-2025)", provinces[0]),
        ("district, largest in it", district),
        ("district, smallest", small_district),
        ("commune, largest in it", communes[-1]),
        ("commune, smallest in it", communes[0]),
        ("province, 2025, most merged", new_province),
    ]


def _request(client: Client, url: str, part: str = ""):
    # With DEBUG on, the connection keeps the last 9,000 queries; once that log is full (building the
    # database fills it), CaptureQueriesContext sees nothing unless it starts from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url, **({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": part} if part else {}))
        elapsed = time.perf_counter() - start
    return response, elapsed * 1000, [q["sql"] for q in captured.captured_queries]


def _replay(statements: list[str], repeats: int = REPLAYS) -> list[float]:
    """Median ms of each SELECT run again on its own, rows fetched (None for other statements).

    The timings Django logs stop when execute() returns; SQLite returns with the first row, so a grouped
    count that finds its first group early looks free while it still reads the whole table.
    """
    medians = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                medians.append(None)
                continue
            times = []
            for _i in range(repeats):
                start = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times.append((time.perf_counter() - start) * 1000)
            medians.append(median(times))
    return medians


def _measure(client: Client, result: PageResult, runs: int, must_show: str) -> PageResult:
    """One warm-up request, then `runs` timed ones; the statements of the first are replayed alone."""
    _response, result.warmup_ms, _statements = _request(client, result.url, result.part)
    for _run in range(runs):
        response, total_ms, statements = _request(client, result.url, result.part)
        if response.status_code != 200:
            result.failure = "{} answered {}".format(result.url, response.status_code)
            break
        if not result.part and must_show is not None and must_show not in response.content.decode():
            result.failure = "{} does not show {}".format(result.url, must_show)
            break
        result.total_ms.append(total_ms)
        result.queries.append(len(statements))
        result.statements = result.statements or statements
    replayed = _replay(result.statements)
    result.sql_ms = sum(ms for ms in replayed if ms is not None)
    result.slowest = sorted(
        ((ms, sql) for ms, sql in zip(replayed, result.statements, strict=True) if ms is not None), reverse=True
    )[:2]
    below = ", {:,} units below".format(result.units_below) if result.depth else ""
    print("  {}: {}{}".format(result.label, result.unit, below))
    if result.figures:
        print("    " + result.figures)
    print(
        "    warm-up {:.1f} ms; runs (ms): {}".format(
            result.warmup_ms, " ".join("{:.1f}".format(t) for t in result.total_ms)
        )
    )
    print("    queries per run: {}".format(" ".join(str(q) for q in result.queries)))
    for ms, sql in result.slowest:
        print("    slowest: {:5.1f} ms  {}".format(ms, condensed(sql)))
    sys.stdout.flush()
    return result


def bench_pages(databases, runs: int, hamlets_per_commune: int) -> list[PageResult]:
    """The unit page at national scale; leaves the national database current for `bench_coverage_national`."""
    print("== Unit page at national scale ==", flush=True)
    databases.fresh("national")
    started = time.perf_counter()
    user = national.build(THREE_TIER_FILE, hamlets_per_commune)
    databases.settle()
    print("  built in {:.0f} s".format(time.perf_counter() - started), flush=True)
    client = Client()
    client.force_login(user)
    results = []
    for label, unit in _page_units():
        result = PageResult(
            label, "{} ({})".format(unit.name, unit.code), unit.depth, unit.get_absolute_url(), _units_below(unit)
        )
        results.append(_measure(client, result, runs, unit.name))
    return results


# ---------------------------------------------------------------------------------------------------------
# Coverage dashboard


def _coverage_result(label: str, unit: Unit, date: datetime.date, user, scale: str) -> PageResult:
    report = coverage_report(unit, date, user, branches=False)
    figures = "; ".join(
        "{} {:,}/{:,}".format(row.level.key, row.covered, row.total) for row in report.levels if row.total
    )
    result = PageResult(
        label,
        "{} ({})".format(unit.name, unit.code),
        unit.depth,
        "{}?ngay={}".format(reverse("coverage_detail", args=[unit.pk]), format_date(date)),
        Unit.objects.within(unit, include_self=False).valid_on(date).count(),
        date=format_date(date),
        scale=scale,
    )
    result.figures = "covered/units: {}; cadres following: {:,}, without a unit: {:,}".format(
        figures, report.cadres_assigned, report.cadres_idle
    )
    return result


def _demo_units():
    """Bến Tre, its districts and communes (fewest units below first), Ba Tri and the communes of Ba Tri."""
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level")
    province = old.get(level__key="province", code=PROVINCE_CODE)
    districts = _by_size(old.filter(parent=province, children__isnull=False).distinct())
    ba_tri = next(d for d in districts if d.code == BA_TRI_CODE)
    communes = _by_size(old.filter(level__key="commune").within(province))
    return province, districts, ba_tri, communes, [c for c in communes if c.parent_id == ba_tri.pk]


def _load_demo(databases) -> None:
    databases.fresh("demo")
    started = time.perf_counter()
    load_demo(log=lambda line: print("  " + line))
    databases.settle()
    print("  built in {:.0f} s".format(time.perf_counter() - started), flush=True)


def bench_coverage_demo(databases, runs: int) -> list[PageResult]:
    """The coverage dashboard on the Bến Tre demo, as its organization staff (capture scope on Bến Tre)."""
    print("== Coverage dashboard, Bến Tre demo ==", flush=True)
    _load_demo(databases)
    user = get_user_model().objects.get(username=DEMO_STAFF)
    province, districts, ba_tri, communes, ba_tri_communes = _demo_units()
    cases = [
        ("province, all covered", province, DEMO_COVERED),
        ("province, some uncovered", province, DEMO_LATER),
        ("district: Ba Tri", ba_tri, DEMO_LATER),
        ("district, smallest", districts[0], DEMO_LATER),
        ("commune, largest in Ba Tri", ba_tri_communes[-1], DEMO_LATER),
        ("commune, smallest", communes[0], DEMO_LATER),
    ]
    return _bench_coverage(cases, user, runs, "demo")


def bench_coverage_national(databases, runs: int, hamlets_per_commune: int, built: bool) -> list[PageResult]:
    """The coverage dashboard at national scale, as a superuser; `built`: the national database is current."""
    print("== Coverage dashboard at national scale ==", flush=True)
    started = time.perf_counter()
    if not built:
        databases.fresh("national")
        national.build(THREE_TIER_FILE, hamlets_per_commune)
    national.add_cadres()
    databases.settle()
    print("  built in {:.0f} s".format(time.perf_counter() - started), flush=True)
    user = get_user_model().objects.get(username=national.USERNAME)
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level")
    provinces = _by_size(old.filter(level__key="province"))
    district = _by_size(old.filter(level__key="district", parent=provinces[-1]))[-1]
    small_district = _by_size(old.filter(level__key="district", children__isnull=False).distinct())[0]
    date = national.COVERAGE_DATE
    cases = [
        ("province, largest", provinces[-1], date),
        ("province, smallest", provinces[0], date),
        ("district, largest in it", district, date),
        ("district, smallest", small_district, date),
    ]
    return _bench_coverage(cases, user, runs, "national")


# The dashboard's lists load after the page: each is a request of its own, timed as one.
COVERAGE_PARTS = (("", ""), ("uncovered", " · chưa có cán bộ"), ("coverage-people", " · cán bộ"))


def _bench_coverage(cases, user, runs: int, scale: str) -> list[PageResult]:
    client = Client()
    client.force_login(user)
    results = []
    for label, unit, date in cases:
        for part, suffix in COVERAGE_PARTS:
            result = _coverage_result(label + suffix, unit, date, user, scale)
            result.part = part
            results.append(_measure(client, result, runs, unit.name))
    return results


# ---------------------------------------------------------------------------------------------------------
# Compliance dashboard and the cadre's home page

DEMO_YEARS = (2024, 2025)  # the demo's meetings run from 01/01/2024 to 30/06/2025
DEMO_HOMES = (("canbo", "cadre"), ("lanhdao", "leader"))  # accounts linked to a person, and their role
HOME_MARK = 'data-home-panel="meetings"'  # the home page shows the cadre's meetings panel


@dataclass
class ComplianceRun:
    scale: str
    pages: list[PageResult]
    homes: list[PageResult]
    build_s: float | None = None  # national scale: the time adding rules, meetings, attendances and reports took
    written: dict = field(default_factory=dict)


def _compliance_result(label: str, unit: Unit, year: int, user, scale: str) -> PageResult:
    start, end = year_span(unit, year)
    report = compliance_report(unit, start, end, user, branches=False)
    total = reporting_report(unit, start, end, user).total
    never = cells_never_attended(unit, start, end, user).count()
    result = PageResult(
        label,
        "{} ({})".format(unit.name, unit.code),
        unit.depth,
        "{}?nam={}".format(reverse("compliance_detail", args=[unit.pk]), year),
        Unit.objects.within(unit, include_self=False).valid_on(end).count(),
        date=str(year),
        scale=scale,
        assessed=report.assessed,
    )
    result.figures = (
        "{} to {}: {} rules; cadres assessed {:,}, compliant {:,}; reports expected {:,}, received {:,}, on time "
        "{:,}; cells no cadre attended {:,}".format(
            format_date(start),
            format_date(end),
            len(report.rules),
            report.assessed,
            report.compliant,
            total.expected,
            total.received,
            total.on_time,
            never,
        )
    )
    return result


def _bench_compliance(cases, user, runs: int, scale: str) -> list[PageResult]:
    client = Client()
    client.force_login(user)
    return [
        _measure(client, _compliance_result(label, unit, year, user, scale), runs, unit.name)
        for label, unit, year in cases
    ]


def _bench_homes(accounts, runs: int, scale: str) -> list[PageResult]:
    """The home page (/) of accounts linked to a person: `accounts` are (username, group) pairs; pages of one
    group are compared for their query count."""
    results = []
    for username, group in accounts:
        user = get_user_model().objects.select_related("person").get(username=username)
        person = user.person
        followed = Assignment.objects.filter(person=person).active_on(today()).count()
        result = PageResult(
            "home, {}".format(group),
            "{}: {} ({})".format(username, person.full_name, person.code),
            0,
            reverse("home"),
            followed,
            scale=scale,
            group=group,
        )
        attended = Attendance.objects.filter(person=person)
        result.figures = "units followed today: {}; attendances: {:,}, of which reported: {:,}".format(
            followed, attended.count(), attended.filter(report__status=ReportStatus.SUBMITTED).count()
        )
        client = Client()
        client.force_login(user)
        results.append(_measure(client, result, runs, HOME_MARK))
    return results


def bench_compliance_demo(databases, runs: int, built: bool) -> ComplianceRun:
    """The compliance dashboard on the Bến Tre demo as its organization staff, and the home page of the demo
    cadre and leader; `built`: the demo database is current (the coverage section has just loaded it)."""
    print("== Compliance dashboard and home page, Bến Tre demo ==", flush=True)
    if built:
        print("  on the demo database loaded for the coverage dashboard")
    else:
        _load_demo(databases)
    user = get_user_model().objects.get(username=DEMO_STAFF)
    province, districts, ba_tri, communes, ba_tri_communes = _demo_units()
    first, second = DEMO_YEARS
    cases = [
        ("province", province, first),
        ("province", province, second),
        ("district: Ba Tri", ba_tri, first),
        ("district, smallest", districts[0], first),
        ("commune, largest in Ba Tri", ba_tri_communes[-1], first),
        ("commune, smallest", communes[0], first),
    ]
    pages = _bench_compliance(cases, user, runs, "demo")
    return ComplianceRun("demo", pages, _bench_homes(DEMO_HOMES, runs, "demo"))


def bench_compliance_national(databases, runs: int, hamlets_per_commune: int, stage: str) -> ComplianceRun:
    """The compliance dashboard at national scale as a superuser, and the home page of two district cadres, one
    following one hamlet, the other five. `stage`: what the current database holds already: "" nothing,
    "built" the tree of `national.build`, "cadres" also the cadres of `national.add_cadres`."""
    print("== Compliance dashboard and home page at national scale ==", flush=True)
    started = time.perf_counter()
    if not stage:
        databases.fresh("national")
        national.build(THREE_TIER_FILE, hamlets_per_commune)
    if stage != "cadres":
        national.add_cadres()
        what = "cadres added to the tree of the unit pages" if stage else "tree and cadres built"
        print("  {} in {:.0f} s".format(what, time.perf_counter() - started), flush=True)
    else:
        print("  on the national database with the cadres added for the coverage dashboard")
    started = time.perf_counter()
    written = national.add_meetings()
    databases.settle()
    build_s = time.perf_counter() - started
    print("  rules, meetings, attendances and reports added in {:.0f} s".format(build_s), flush=True)
    user = get_user_model().objects.get(username=national.USERNAME)
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level")
    provinces = _by_size(old.filter(level__key="province"))
    district = _by_size(old.filter(level__key="district", parent=provinces[-1]))[-1]
    small_district = _by_size(old.filter(level__key="district", children__isnull=False).distinct())[0]
    year = national.MEETINGS_YEAR
    cases = [
        ("province, largest", provinces[-1], year),
        ("province, smallest", provinces[0], year),
        ("district, largest in it", district, year),
        ("district, smallest", small_district, year),
    ]
    pages = _bench_compliance(cases, user, runs, "national")
    homes = _bench_homes([(username, "cadre") for username in written["home_cadres"]], runs, "national")
    return ComplianceRun("national", pages, homes, build_s, written)


# ---------------------------------------------------------------------------------------------------------
# Recommendation trends dashboard

DEMO_AGENCY = "coquan"  # the demo's agency account: view scope on Bến Tre, narrowed to its agencies' queue


@dataclass
class TrendsRun:
    scale: str
    pages: list[PageResult]
    build_s: float | None = None  # national scale: the time adding agencies and recommendations took
    written: dict = field(default_factory=dict)


def _trends_result(label: str, unit: Unit, start, end, user, scale: str, group: str = "") -> PageResult:
    report = trends_report(user, unit, start, end)
    query = "don-vi={}&tu={}&den={}".format(unit.pk, format_date(start), format_date(end))
    result = PageResult(
        label,
        "{} ({})".format(unit.name, unit.code),
        unit.depth,
        "{}?{}".format(reverse("recommendation_trends"), query),
        Unit.objects.within(unit, include_self=False).valid_on(unit.clamp_date(end)).count(),
        date="{} to {}".format(format_date(start), format_date(end)),
        scale=scale,
        group=group,
        raised=report.total,
    )
    result.figures = (
        "raised {:,} in {} topics; open on {} {:,}, overdue {:,}, in {} agencies; answered {:,}, median {} working "
        "days; {} child units".format(
            report.total,
            len(report.by_topic),
            format_date(end),
            report.open_total,
            report.overdue_total,
            len(report.agencies),
            report.answered_total,
            report.median_lead_display,
            len(report.by_unit),
        )
    )
    return result


def _bench_trends(cases, runs: int, scale: str) -> list[PageResult]:
    """`cases`: (label, unit, start, end, username, group), each page timed as that user; for the first (a
    province), its Excel file and its API answer too, which run the same selector."""
    results = []
    for index, (label, unit, start, end, username, group) in enumerate(cases):
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        result = _trends_result(label, unit, start, end, user, scale, group)
        results.append(_measure(client, result, runs, unit.name))
        if index:
            continue
        query = result.url.split("?", 1)[1]
        for kind, url in (
            ("excel", "{}?{}".format(reverse("recommendation_trends_excel"), query)),
            ("api", "{}?{}".format(reverse("api:recommendation-trend-detail", args=[unit.pk]), query)),
        ):
            other = _trends_result("{} · {}".format(label, kind), unit, start, end, user, scale, kind)
            other.url = url
            results.append(_measure(client, other, runs, None))
    return results


def _demo_period(unit: Unit) -> tuple[datetime.date, datetime.date]:
    """Twelve months to the last recommendation raised below `unit` (the unit's last day when there is none)."""
    last = (
        Recommendation.objects.filter(unit__path__startswith=unit.path)
        .order_by("-raised_on")
        .values_list("raised_on", flat=True)
        .first()
    )
    end = unit.clamp_date(last or today())
    return twelve_months_to(end), end


def bench_trends_demo(databases, runs: int, built: bool) -> TrendsRun:
    """The trends dashboard on the Bến Tre demo as its organization staff, and at province scope as its agency
    account; `built`: the demo database is current."""
    print("== Recommendation trends, Bến Tre demo ==", flush=True)
    if built:
        print("  on the demo database loaded before")
    else:
        _load_demo(databases)
    province, districts, ba_tri, communes, ba_tri_communes = _demo_units()
    start, end = _demo_period(province)
    print(
        "  recommendations below {}: {:,}".format(
            province.name, Recommendation.objects.filter(unit__path__startswith=province.path).count()
        )
    )
    cases = [
        ("province", province, start, end, DEMO_STAFF, ""),
        ("district: Ba Tri", ba_tri, start, end, DEMO_STAFF, ""),
        ("district, smallest", districts[0], start, end, DEMO_STAFF, ""),
        ("commune, largest in Ba Tri", ba_tri_communes[-1], start, end, DEMO_STAFF, ""),
        ("commune, smallest", communes[0], start, end, DEMO_STAFF, ""),
        ("province, agency account", province, start, end, DEMO_AGENCY, "agency"),
    ]
    return TrendsRun("demo", _bench_trends(cases, runs, "demo"))


def bench_trends_national(databases, runs: int, hamlets_per_commune: int, built: bool) -> TrendsRun:
    """The trends dashboard at national scale as a superuser, and the largest province as an agency account;
    `built`: the national database (tree of `national.build`, with or without cadres and meetings) is current."""
    print("== Recommendation trends at national scale ==", flush=True)
    if not built:
        started = time.perf_counter()
        databases.fresh("national")
        national.build(THREE_TIER_FILE, hamlets_per_commune)
        print("  tree built in {:.0f} s".format(time.perf_counter() - started), flush=True)
    else:
        print("  on the national database built before")
    started = time.perf_counter()
    written = national.add_recommendations()
    databases.settle()
    build_s = time.perf_counter() - started
    print("  agencies and recommendations added in {:.0f} s".format(build_s), flush=True)
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level")
    provinces = _by_size(old.filter(level__key="province"))
    district = _by_size(old.filter(level__key="district", parent=provinces[-1]))[-1]
    small_district = _by_size(old.filter(level__key="district", children__isnull=False).distinct())[0]
    year = national.RECOMMENDATIONS_YEAR
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    admin, agency = national.USERNAME, national.AGENCY_USERNAME
    cases = [
        ("province, largest", provinces[-1], start, end, admin, ""),
        ("province, smallest", provinces[0], start, end, admin, ""),
        ("district, largest in it", district, start, end, admin, ""),
        ("district, smallest", small_district, start, end, admin, ""),
        ("province, largest, agency account", provinces[-1], start, end, agency, "agency"),
    ]
    return TrendsRun("national", _bench_trends(cases, runs, "national"), build_s, written)
