"""Command line, environment and the order the benchmarks run in.

Nothing from Django or diaban is imported at module level: the settings read the environment once, so
it has to be in place before django.setup().
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_IMPORT_RUNS = 3
DEFAULT_PAGE_RUNS = 20
DEFAULT_HAMLETS = 10
SECTIONS = ("three-tier", "two-tier", "pages", "coverage", "compliance", "trends")


def _runs_from_env(specific: str) -> int | None:
    for name in (specific, "BENCH_RUNS"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                runs = int(value)
            except ValueError:
                raise SystemExit("{}={!r}: expected a whole number of runs".format(name, value)) from None
            if runs < 1:
                raise SystemExit("{}={}: at least one run is needed".format(name, runs))
            return runs
    return None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Địa Bàn benchmarks: national imports, the unit page at national scale, the coverage, "
        "compliance and recommendation trends dashboards and the cadre's home page on the demo and at national "
        "scale (medians).",
        epilog="Environment: BENCH_RUNS sets both run counts, BENCH_IMPORT_RUNS and BENCH_PAGE_RUNS one each "
        "(flags win). DATABASE_URL naming PostgreSQL runs against that server, in scratch databases it "
        "creates and drops (needs CREATEDB); otherwise SQLite files in a temporary directory.",
    )
    parser.add_argument(
        "--import-runs",
        type=_positive,
        default=_runs_from_env("BENCH_IMPORT_RUNS") or DEFAULT_IMPORT_RUNS,
        help="runs of each import, each into a fresh database (default %(default)s)",
    )
    parser.add_argument(
        "--page-runs",
        type=_positive,
        default=_runs_from_env("BENCH_PAGE_RUNS") or DEFAULT_PAGE_RUNS,
        help="timed requests of each page, after one warm-up (default %(default)s)",
    )
    parser.add_argument(
        "--hamlets",
        type=_positive,
        default=DEFAULT_HAMLETS,
        help="average hamlets generated under each pre-2025 commune for the national pages (default %(default)s)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="run only this part (repeatable); default: all",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one extra run of each import")
    parser.add_argument(
        "--keep", action="store_true", help="keep the last database built (the national one) for inspection"
    )
    return parser.parse_args(argv)


def _configure_environment(work_dir: Path) -> bool:
    """Point the settings at `work_dir`; True when running on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if not postgres:
        os.environ["DATABASE_URL"] = "sqlite:///{}".format(work_dir / "template.sqlite3")
    os.environ["DIABAN_VAR_DIR"] = str(work_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "diaban.settings"
    os.environ["DIABAN_DEBUG"] = "1"
    hosts = [h for h in os.environ.get("DIABAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
    if "testserver" not in hosts:
        hosts.append("testserver")
    os.environ["DIABAN_ALLOWED_HOSTS"] = ",".join(hosts)
    return postgres


def _cores() -> str:
    total = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = total
    return str(total) if usable == total else "{} ({} usable)".format(total, usable)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sections = args.only or list(SECTIONS)
    work_dir = Path(tempfile.mkdtemp(prefix="diaban-bench-"))
    postgres = _configure_environment(work_dir)

    import django

    django.setup()

    from benchmarks import cases, report
    from benchmarks.databases import PostgresDatabases, SqliteDatabases

    databases = PostgresDatabases() if postgres else SqliteDatabases(work_dir)
    started = time.perf_counter()
    print("Địa Bàn benchmarks")
    print("  machine : {} cores, {} {}".format(_cores(), platform.system(), platform.machine()))
    print("  python  : {} ({})".format(platform.python_version(), platform.python_implementation()))
    print("  django  : {}".format(django.get_version()))
    print("  database: {}".format(databases.describe()))
    print("  runs    : {} per import, {} per page (after one warm-up)".format(args.import_runs, args.page_runs))
    print(
        "  load    : {:.2f} {:.2f} {:.2f} (1, 5, 15 min; timings are only comparable on an idle machine)".format(
            *os.getloadavg()
        )
    )
    print("  workdir : {}".format(work_dir))
    print(flush=True)

    failures: list[str] = []
    import_results = []
    page_results = []
    coverage_results = []
    compliance_runs = []
    trends_runs = []
    try:
        databases.prepare()
        if "three-tier" in sections:
            import_results.append(cases.bench_three_tier(databases, args.import_runs, args.profile))
        if "two-tier" in sections:
            import_results.append(cases.bench_two_tier(databases, args.import_runs, args.profile))
        if "coverage" in sections:
            coverage_results.append(cases.bench_coverage_demo(databases, args.page_runs))
        if "compliance" in sections:
            compliance_runs.append(cases.bench_compliance_demo(databases, args.page_runs, built="coverage" in sections))
        if "trends" in sections:
            demo_loaded = "coverage" in sections or "compliance" in sections
            trends_runs.append(cases.bench_trends_demo(databases, args.page_runs, built=demo_loaded))
        if "pages" in sections:
            page_results = cases.bench_pages(databases, args.page_runs, args.hamlets)
        if "coverage" in sections:
            # Cadres are added to the database the unit pages were just timed on, rather than building it again.
            coverage_results.append(
                cases.bench_coverage_national(databases, args.page_runs, args.hamlets, built="pages" in sections)
            )
        if "compliance" in sections:
            # Meetings are added to the national database built before, with or without its cadres.
            stage = "cadres" if "coverage" in sections else "built" if "pages" in sections else ""
            compliance_runs.append(cases.bench_compliance_national(databases, args.page_runs, args.hamlets, stage))
        if "trends" in sections:
            # Recommendations are added to the national database built before, whatever else it holds.
            national_built = any(s in sections for s in ("pages", "coverage", "compliance"))
            trends_runs.append(
                cases.bench_trends_national(databases, args.page_runs, args.hamlets, built=national_built)
            )
    finally:
        databases.cleanup(keep=args.keep)
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)

    print()
    if import_results:
        print(report.import_table(import_results))
        print()
        failures.extend(r.failure for r in import_results if r.failure)
    if page_results:
        print(report.page_table(page_results))
        print()
        verdict, problems = report.query_count_verdict(page_results)
        print(verdict)
        print()
        failures.extend(problems)
    if coverage_results:
        print(
            report.coverage_table([r for group in coverage_results for r in group], cases.COVERAGE_TARGET_MS, postgres)
        )
        print()
        for group in coverage_results:
            verdict, problems = report.query_count_verdict(group, "coverage, {} data".format(group[0].scale))
            print(verdict)
            print()
            failures.extend(problems)
        verdict, problems = report.coverage_target_verdict(
            [r for group in coverage_results for r in group], cases.COVERAGE_TARGET_MS, postgres
        )
        print(verdict)
        print()
        failures.extend(problems)
    if compliance_runs:
        print(report.compliance_table(compliance_runs))
        print()
        for run in compliance_runs:
            verdict, problems = report.query_count_verdict(run.pages, "compliance, {} data".format(run.scale))
            print(verdict)
            print()
            failures.extend(problems)
        print(report.home_table(compliance_runs))
        print()
        for run in compliance_runs:
            verdict, problems = report.query_count_verdict(
                run.homes, "home page, {} data".format(run.scale), sizes="units followed"
            )
            print(verdict)
            print()
            failures.extend(problems)
        print(report.slowest_verdict(compliance_runs))
        print()
    if trends_runs:
        print(report.trends_table(trends_runs))
        print()
        for run in trends_runs:
            verdict, problems = report.query_count_verdict(run.pages, "trends, {} data".format(run.scale))
            print(verdict)
            print()
            failures.extend(problems)
        print(report.trends_verdict(trends_runs))
        print()
    print(
        "Total wall time: {:.0f} s; load average now {:.2f}".format(time.perf_counter() - started, os.getloadavg()[0])
    )
    if failures:
        print()
        print("FAILED:", file=sys.stderr)
        for failure in failures:
            print("  - " + failure, file=sys.stderr)
        return 1
    return 0
