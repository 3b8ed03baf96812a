"""The national-scale database the page benchmarks read.

Both official lists, then generated hamlets under every pre-2025 commune and a party organization tree
(provincial, district and commune committees, one cell per hamlet). The organizations matter: the unit
page totals the cells and members under a unit, a join that an empty table would make look free.
Generated units and organizations are built with the demo's bulk builders (diaban.demo.builders), which compute
the paths in Python, so that building 100,000+ rows takes seconds rather than one path query per row.

`add_cadres` then gives the coverage dashboard something to count: a provincial cadre per district and per
commune, a district cadre per hamlet, each with an assignment for the 2015–2020 term and one for the
current term, some departures and some units left without anyone, as `coverage_date` sees them.

`add_meetings` gives the compliance dashboard its facts: three attendance rules per province for the titles
`add_cadres` gives (Standing Committee members 2 a year, other provincial cadres 3 a year, district cadres 1 a
quarter), a year of regular meetings in every cell (a few postponed or moved), and the cadres' attendances at
meetings of cells in the units they follow, with reports: most cadres keep their quota, some fall behind, a
few never go; most reports are sent on time, some late, some never. Those rows are written with COPY on
PostgreSQL and executemany on SQLite, ids included: a million meetings through bulk_create would take minutes.

`add_recommendations` gives the trends dashboard a year of recommendations (about a quarter of a million) over
the communes and hamlets, with provincial departments and district People's Committees answering them at their
own speeds, deadlines in working days, some answered on the spot, some sent to the Standing Committee, some
still open, written the same way.
"""

import datetime
import random
from collections import defaultdict

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from diaban.assignments.choices import EndReason
from diaban.assignments.models import Assignment, AssignmentRule
from diaban.core.models import SEGMENT_LENGTH
from diaban.core.text import fold
from diaban.demo.builders import Numbering, bulk_child_units, bulk_people, organization
from diaban.meetings.choices import (
    Activity,
    AttendanceSource,
    MeetingKind,
    MeetingStatus,
    OverallQuality,
    Period,
    ReportStatus,
)
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport
from diaban.people.choices import DepartureReason, Role
from diaban.people.models import Person, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.choices import OrganizationKind
from diaban.territory.importers import (
    OFFICIAL_SOURCE,
    import_divisions,
    official_divisions_file,
    read_divisions,
)
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

SOURCE = "benchmark"
SEED = 2025
BATCH = 2000
USERNAME = "bench-admin"
# The coverage benchmark looks at this date: inside the three-tier period, after the departures below.
COVERAGE_DATE = datetime.date(2024, 1, 1)
PREVIOUS_TERM = (datetime.date(2015, 11, 20), datetime.date(2020, 11, 19))
CURRENT_TERM_START = datetime.date(2020, 11, 20)
DEPARTED_ON = datetime.date(2023, 6, 30)
UNFOLLOWED = 0.01  # units nobody was given in the current term
DEPARTED = 0.005  # cadres gone before COVERAGE_DATE, their units uncovered since
IDLE_PER_PROVINCE = 3  # cadres holding a position but following nothing
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hương", "Lan", "Long", "Mai", "Minh", "Nam", "Ngân",
          "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến"]  # fmt: skip


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _hamlets(communes, average: int, level: UnitLevel, rng: random.Random) -> list[Unit]:
    """Between half and one and a half times `average` hamlets per commune, so communes differ in size."""
    rows = []
    for commune in communes:
        kind = "Khu phố" if commune.kind in ("Phường", "Thị trấn") else "Ấp"
        for i in range(rng.randint(max(1, average // 2), average + average // 2)):
            rows.append((commune, kind, "{} {}".format(kind, i + 1), "{}-{:02d}".format(commune.code, i + 1), False))
    return bulk_child_units(rows, level=level, source=SOURCE)


def _organizations(provinces, districts, communes, hamlets, rng: random.Random) -> int:
    members = {h.pk: rng.randint(9, 46) for h in hamlets}
    total = defaultdict(int)
    parent_of = {u.pk: u.parent_id for u in [*districts, *communes, *hamlets]}
    for hamlet_pk, count in members.items():
        unit = hamlet_pk
        while unit in parent_of:
            unit = parent_of[unit]
            total[unit] += count

    number = Numbering()

    def org(kind, unit, parent, name, member_count, day=None):
        return organization(kind, name, unit, parent, number(parent), members=member_count, meeting_day=day)

    created = 0
    committee_of: dict[int, PartyOrganization] = {}
    for kind, units in (
        (OrganizationKind.PROVINCIAL_COMMITTEE, provinces),
        (OrganizationKind.DISTRICT_COMMITTEE, districts),
        (OrganizationKind.GRASSROOTS_COMMITTEE, communes),
    ):
        rows = [
            org(kind, u, committee_of.get(u.parent_id), "Đảng bộ " + _lower_first(u.name), total[u.pk]) for u in units
        ]
        for o in PartyOrganization.objects.bulk_create(rows, batch_size=BATCH):
            committee_of[o.unit_id] = o
        created += len(rows)
    cells = [
        org(
            OrganizationKind.CELL,
            h,
            committee_of[h.parent_id],
            "Chi bộ " + _lower_first(h.name),
            members[h.pk],
            day=rng.choice([3, 5, 5, 5, 7, 10]),
        )
        for h in hamlets
    ]
    PartyOrganization.objects.bulk_create(cells, batch_size=BATCH)
    return created + len(cells)


def build(three_tier_file, hamlets_per_commune: int, log=print):
    rng = random.Random(SEED)
    """Fill the current (fresh) database; returns the superuser to request the pages as."""
    log("  importing the three-tier list …")
    import_divisions(read_divisions(three_tier_file), source="vietnam-provinces 0.6.0")
    log("  importing the two-tier list …")
    import_divisions(read_divisions(official_divisions_file()), source=OFFICIAL_SOURCE)
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    # The three-tier units are those open at the start (valid_from empty); the two-tier ones start in 2025.
    old = Unit.objects.filter(valid_from__isnull=True).order_by("path")
    provinces = list(old.filter(level=levels["province"]))
    districts = list(old.filter(level=levels["district"]))
    communes = list(old.filter(level=levels["commune"]))
    with transaction.atomic():
        log("  generating about {} hamlets under each of {:,} communes …".format(hamlets_per_commune, len(communes)))
        hamlets = _hamlets(communes, hamlets_per_commune, levels["hamlet"], rng)
        log("  generating party organizations …")
        organizations = _organizations(provinces, districts, communes, hamlets, rng)
    account = account_upsert(
        username=USERNAME,
        password="benchmark-only-" + USERNAME,
        role=Role.ADMINISTRATOR,
        full_name="Quản Trị Đo Hiệu Năng",
    )
    log("  database: {:,} units, {:,} party organizations".format(Unit.objects.count(), organizations))
    return account.user


def _titles() -> dict[str, list[PositionTitle]]:
    """The titles of the cadres following units of each level: Standing Committee members follow districts,
    other provincial cadres communes, district cadres hamlets."""
    ordinary = PositionTitle.objects.filter(is_standing_committee=False).order_by("rank")
    return {
        "district": list(PositionTitle.objects.filter(name="Ủy viên Ban Thường vụ Tỉnh ủy")),
        "commune": list(ordinary.filter(level__key="province")),
        "hamlet": list(ordinary.filter(level__key="district")),
    }


def add_cadres(log=print) -> dict:
    """People, positions and assignments over the pre-2025 tree built by `build` (deterministic).

    Returns counts of what was written. Events are not written: nothing on the coverage page reads them.
    """
    rng = random.Random(SEED + 1)
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level").order_by("path")
    units = {key: list(old.filter(level__key=key)) for key in ("province", "district", "commune", "hamlet")}
    by_pk = {u.pk: u for key in units for u in units[key]}
    province_of = {}
    for key in ("province", "district", "commune", "hamlet"):
        for u in units[key]:
            province_of[u.pk] = u.pk if key == "province" else province_of[u.parent_id]
    titles = _titles()
    rules = {
        r.target_level.key: r
        for r in AssignmentRule.objects.filter(valid_until__isnull=False, valid_from__isnull=True).select_related(
            "target_level"
        )
    }

    people, positions, plan = [], [], []  # plan: (person, unit, departed)

    def person(home: Unit, code: str, follows: str, departed: bool = False) -> Person:
        name = "{} {} {}".format(rng.choice(_FAMILY), rng.choice(_MIDDLE), rng.choice(_GIVEN))
        p = Person(code=code, full_name=name, home_unit=home, agency=home.name)
        if departed:
            p.departed_on, p.departure_reason = DEPARTED_ON, DepartureReason.TRANSFERRED
        p.fill_keys()
        people.append(p)
        positions.append((p, rng.choice(titles[follows]), DEPARTED_ON if departed else None))
        return p

    for key in ("district", "commune", "hamlet"):
        for unit in units[key]:
            if rng.random() < UNFOLLOWED:
                continue
            home = by_pk[province_of[unit.pk]] if key != "hamlet" else by_pk[by_pk[unit.parent_id].parent_id]
            departed = rng.random() < DEPARTED
            plan.append((person(home, "BN-{}".format(unit.code), key, departed), unit, departed))
    for province in units["province"]:
        for i in range(IDLE_PER_PROVINCE):
            person(province, "BN-{}-N{}".format(province.code, i + 1), "commune")

    with transaction.atomic():
        bulk_people(people, [(p, t, p.agency, PREVIOUS_TERM[0], end) for p, t, end in positions])
        assignments = []
        for p, unit, departed in plan:
            rule = rules[unit.level.key]
            assignments.append(
                Assignment(
                    person=p,
                    unit=unit,
                    start_date=PREVIOUS_TERM[0],
                    end_date=PREVIOUS_TERM[1],
                    end_reason=EndReason.ENDED,
                    rule=rule,
                )
            )
            assignments.append(
                Assignment(
                    person=p,
                    unit=unit,
                    start_date=CURRENT_TERM_START,
                    end_date=DEPARTED_ON if departed else None,
                    end_reason=EndReason.DEPARTED if departed else "",
                    rule=rule,
                )
            )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    written = {"people": len(people), "assignments": len(assignments)}
    log("  cadres: {people:,} people, {assignments:,} assignments".format(**written))
    return written


# ---------------------------------------------------------------------------------------------------------
# Attendance rules, a year of cell meetings, the cadres' attendances and their reports

# The compliance benchmark looks at this year: inside the three-tier period, after the departures above.
MEETINGS_YEAR = 2024
RULES_DOCUMENT = "Quy định giả định của dữ liệu đo hiệu năng"
RULES_UNTIL = datetime.date(2025, 6, 30)  # the last day of the three-tier units
# Level of the unit followed → the rule binding those who follow it: name, minimum, period.
RULE_SPECS = {
    "district": ("Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ ở huyện được phân công phụ trách", 2, Period.YEAR),
    "commune": ("Cán bộ cấp tỉnh dự sinh hoạt chi bộ ở xã được phân công theo dõi", 3, Period.YEAR),
    "hamlet": ("Cán bộ cấp huyện dự sinh hoạt chi bộ ở ấp, khu phố được phân công theo dõi", 1, Period.QUARTER),
}
YEARLY = {"district": 2, "commune": 3, "hamlet": 4}  # the rules above over a year
POSTPONED = 0.02  # regular meetings postponed (not held)
MOVED = 0.04  # held a few days off the meeting day
NEVER_GO = 0.03  # cadres attending nothing all year
FALL_BEHIND = 0.15  # cadres attending fewer than their quota
# A held meeting's report: sent by the due date, sent late, a draft never sent; the rest never started.
REPORT_ON_TIME, REPORT_LATE, REPORT_DRAFT = 0.78, 0.10, 0.04
# Accounts of district cadres following that many hamlets of one commune, for the cadre's home page.
HOME_CADRES = {"bench-canbo-1": 1, "bench-canbo-5": 5}
_CONTENTS = [
    "Chi bộ đánh giá tình hình thực hiện nghị quyết tháng trước, đề ra nhiệm vụ tháng tới.",
    "Sinh hoạt thường kỳ; thông tin thời sự; kiểm điểm việc đóng đảng phí, phân công đảng viên.",
    "Thảo luận việc vận động nhân dân tham gia xây dựng nông thôn mới, giữ gìn an ninh trật tự.",
]


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Rows straight into `model`'s table, ids included: COPY on PostgreSQL, executemany elsewhere (dates and
    times adapted as Django would)."""
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy("COPY {} ({}) FROM STDIN".format(table, names)) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        fields = {f.column: f for f in model._meta.concrete_fields}
        adapters = {}
        for i, column in enumerate(columns):
            if isinstance(fields[column], models.DateTimeField):
                adapters[i] = connection.ops.adapt_datetimefield_value
            elif isinstance(fields[column], models.DateField):
                adapters[i] = connection.ops.adapt_datefield_value
        sql = "INSERT INTO {} ({}) VALUES ({})".format(table, names, ", ".join(["%s"] * len(columns)))
        for first in range(0, len(rows), 10 * BATCH):
            batch = rows[first : first + 10 * BATCH]
            if adapters:
                batch = [
                    tuple(adapters[i](v) if i in adapters and v is not None else v for i, v in enumerate(row))
                    for row in batch
                ]
            cursor.executemany(sql, batch)


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _rules() -> int:
    """Three rules per pre-2025 province, for the titles `add_cadres` gives."""
    provinces = Unit.objects.filter(valid_from__isnull=True, level__key="province").order_by("path")
    titles = _titles()
    specs = []
    for province in provinces:
        for key, (name, minimum, period) in RULE_SPECS.items():
            rule = AttendanceRule(
                unit=province,
                name=name,
                activity=Activity.ASSIGNED,
                minimum=minimum,
                period=period,
                document=RULES_DOCUMENT,
                valid_from=CURRENT_TERM_START,
                valid_until=RULES_UNTIL,
            )
            specs.append((rule, key))
    AttendanceRule.objects.bulk_create([rule for rule, _key in specs], batch_size=BATCH)
    through = AttendanceRule.titles.through
    through.objects.bulk_create(
        [through(attendancerule_id=rule.pk, positiontitle_id=t.pk) for rule, key in specs for t in titles[key]],
        batch_size=BATCH,
    )
    return len(specs)


def _home_cadres() -> dict[str, int]:
    """Accounts linked to district cadres of the first commune with enough followed hamlets; the one following
    several is given the commune's next hamlets too. Returns username → person id."""
    needed = max(HOME_CADRES.values()) + len(HOME_CADRES) - 1
    rows = (
        Assignment.objects.filter(unit__level__key="hamlet", unit__valid_from__isnull=True, end_date__isnull=True)
        .order_by("unit__path")
        .values_list("unit__parent_id", "unit_id", "person_id", "rule_id", "person__full_name", "person__home_unit")
    )
    by_commune: dict[int, list] = defaultdict(list)
    for row in rows:
        by_commune[row[0]].append(row)
        if len(by_commune[row[0]]) >= needed:
            followed = by_commune[row[0]]
            break
    else:
        raise RuntimeError("no commune has {} followed hamlets".format(needed))
    result, extra, taken = {}, [], len(HOME_CADRES)
    for (username, units), row in zip(HOME_CADRES.items(), followed, strict=False):
        _commune, _unit, person_id, rule_id, full_name, home = row
        for other in followed[taken : taken + units - 1]:
            extra.append(
                Assignment(person_id=person_id, unit_id=other[1], start_date=CURRENT_TERM_START, rule_id=rule_id)
            )
        taken += units - 1
        account = account_upsert(
            username=username,
            password="benchmark-only-" + username,
            role=Role.CADRE,
            full_name=full_name,
            capture_units=[Unit.objects.get(pk=home)],
        )
        Person.objects.filter(pk=person_id).update(user=account.user)
        result[username] = person_id
    Assignment.objects.bulk_create(extra)
    return result


def _meetings(year: int, rng: random.Random) -> tuple[dict, dict, list[tuple]]:
    """A year of regular meetings in every pre-2025 cell. Returns the meetings of each cell (twelve entries,
    None when postponed), the cells under each unit path, and the rows to insert."""
    now = timezone.now()
    cells = (
        PartyOrganization.objects.filter(
            kind=OrganizationKind.CELL, unit__valid_from__isnull=True, meeting_day__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "meeting_day", "member_count", "unit__path")
    )
    by_cell, under, rows = {}, defaultdict(list), []
    pk = _next_id(Meeting)
    for cell, day, members, path in cells:
        for end in range(SEGMENT_LENGTH, len(path) + 1, SEGMENT_LENGTH):
            under[path[:end]].append(cell)
        months = by_cell[cell] = []
        for month in range(1, 13):
            planned = datetime.date(year, month, day)
            draw = rng.random()
            if draw < POSTPONED:
                rows.append((pk, cell, MeetingKind.REGULAR, planned, planned, MeetingStatus.POSTPONED, "", None, None,
                             None, None, "Hoãn do trùng lịch hội nghị", now))  # fmt: skip
                months.append(None)
                pk += 1
                continue
            date = planned
            if draw < POSTPONED + MOVED:
                date = planned + datetime.timedelta(days=rng.choice([-2, -1, 1, 2, 3, 4]))
            present = min(members, max(1, round(members * rng.uniform(0.72, 1.0))))
            excused = min(members - present, rng.choice([0, 1, 1, 2, 3]))
            committee = rng.random() < 0.92
            note = "Dời lịch theo đề nghị của bí thư chi bộ" if date != planned else ""
            rows.append((pk, cell, MeetingKind.REGULAR, date, planned, MeetingStatus.HELD, "", members, present,
                         excused, committee, note, now))  # fmt: skip
            months.append((pk, date, members, present, committee))
            pk += 1
    return by_cell, under, rows


def _attendances(year: int, by_cell: dict, under: dict, rng: random.Random) -> tuple[list, list, dict]:
    """Each cadre following units in `year` attends meetings of cells under them, one quarter after another:
    their quota or a little more, fewer, or none. Returns the attendance rows, the report rows and counts."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    followed = (
        Assignment.objects.filter(unit__valid_from__isnull=True, start_date__lte=end)
        .exclude(end_date__lt=start)
        .order_by("person_id", "unit__path")
        .values_list("person_id", "unit__path", "unit__level__key", "start_date", "end_date")
    )
    people: dict[int, list] = defaultdict(list)
    for person_id, path, level, a_start, a_end in followed:
        people[person_id].append((path, level, max(a_start, start), min(a_end or end, end)))
    due_days = datetime.timedelta(days=settings.DIABAN_REPORT_DUE_DAYS)
    tz = timezone.get_current_timezone()  # Asia/Ho_Chi_Minh: no daylight saving, nothing ambiguous
    evening = datetime.time(20, 0, tzinfo=tz)
    attendances, reports = [], []
    counts = defaultdict(int)
    attendance_pk, report_pk = _next_id(Attendance), _next_id(MeetingReport)
    for person_id, assignments in people.items():
        pool = [(cell, a_start, a_end) for path, _lv, a_start, a_end in assignments for cell in under.get(path, ())]
        if not pool:
            continue
        quota = max(YEARLY[level] for _path, level, _s, _e in assignments)
        draw = rng.random()
        if draw < NEVER_GO:
            wanted, profile = 0, "never"
        elif draw < NEVER_GO + FALL_BEHIND:
            wanted, profile = rng.randint(1, quota - 1), "behind"
        else:
            wanted, profile = quota + rng.choice([0, 0, 0, 1, 1, 2]), "keeps"
        counts["cadres " + profile] += 1
        chosen = set()
        offset = rng.randrange(4)
        for n in range(wanted):
            quarter = (offset + n) % 4
            for _attempt in range(12):
                cell, a_start, a_end = rng.choice(pool)
                meeting = by_cell[cell][quarter * 3 + rng.randrange(3)]
                if meeting is not None and meeting[0] not in chosen and a_start <= meeting[1] <= a_end:
                    break
            else:
                continue
            chosen.add(meeting[0])
            meeting_id, date, members, present, committee = meeting
            by_cadre = rng.random() < 0.55
            recorded = datetime.datetime.combine(
                date + datetime.timedelta(days=rng.choice([0, 0, 1, 2])),
                datetime.time(rng.randint(17, 21) if by_cadre else rng.randint(8, 16), rng.randrange(60), tzinfo=tz),
            )
            source = AttendanceSource.CADRE if by_cadre else AttendanceSource.CELL
            attendances.append((attendance_pk, meeting_id, person_id, source, None, recorded))
            draw = rng.random()
            if draw < REPORT_ON_TIME + REPORT_LATE + REPORT_DRAFT:
                content = rng.choice(_CONTENTS)
                if draw < REPORT_ON_TIME + REPORT_LATE:
                    late = draw >= REPORT_ON_TIME
                    delay = rng.randint(6, 25) if late else rng.randint(0, settings.DIABAN_REPORT_DUE_DAYS)
                    sent = datetime.datetime.combine(date + datetime.timedelta(days=delay), evening)
                    state = (ReportStatus.SUBMITTED, rng.choice(_OVERALL), sent, sent, sent)
                    counts["reports late" if late else "reports on time"] += 1
                else:
                    state = (ReportStatus.DRAFT, "", None, None, recorded)
                    counts["reports draft"] += 1
                status, overall, submitted, first_submitted, updated = state
                figures = (members, present, committee)
                reports.append(
                    (report_pk, attendance_pk, status, date + due_days, *figures, content, overall, submitted,
                     first_submitted, updated, *_BLANK)
                )  # fmt: skip
                report_pk += 1
            attendance_pk += 1
    return attendances, reports, counts


_OVERALL = [OverallQuality.GOOD, OverallQuality.GOOD, OverallQuality.FAIR, OverallQuality.FAIR, OverallQuality.AVERAGE]
MEETING_COLUMNS = ["id", "organization_id", "kind", "date", "planned_date", "status", "topic", "members_total",
                   "members_present", "members_excused", "committee_met_before", "note", "updated_at"]  # fmt: skip
ATTENDANCE_COLUMNS = ["id", "meeting_id", "person_id", "source", "recorded_by_id", "recorded_at"]
REPORT_COLUMNS = ["id", "attendance_id", "status", "due_date", "members_total", "members_present",
                  "committee_met_before", "content", "overall", "submitted_at", "first_submitted_at",
                  "updated_at", "assessment", "guidance", "answers", "proposals", "recommendations_text"]  # fmt: skip
_BLANK = ("",) * 5  # the report's other texts


def add_meetings(log=print) -> dict:
    """Attendance rules, the year `MEETINGS_YEAR` of regular meetings, attendances and reports over the tree
    and the cadres of `build` and `add_cadres` (deterministic). Returns what was written and the usernames of
    the cadres for the home page."""
    rng = random.Random(SEED + 2)
    with transaction.atomic():
        rules = _rules()
        home = _home_cadres()
        by_cell, under, meetings = _meetings(MEETINGS_YEAR, rng)
        attendances, reports, counts = _attendances(MEETINGS_YEAR, by_cell, under, rng)
        _insert(Meeting, MEETING_COLUMNS, meetings)
        _insert(Attendance, ATTENDANCE_COLUMNS, attendances)
        _insert(MeetingReport, REPORT_COLUMNS, reports)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting, Attendance, MeetingReport]):
                cursor.execute(sql)
    held = sum(1 for months in by_cell.values() for m in months if m is not None)
    written = {
        "rules": rules,
        "meetings": len(meetings),
        "held": held,
        "attendances": len(attendances),
        "reports": len(reports),
        "home_cadres": home,
        **counts,
    }
    log(
        "  meetings {}: {:,} rules, {:,} regular meetings ({:,} held), {:,} attendances, {:,} reports".format(
            MEETINGS_YEAR, rules, len(meetings), held, len(attendances), len(reports)
        )
    )
    log(
        "  cadres: {:,} keep their quota, {:,} behind, {:,} never go; reports: {:,} on time, {:,} late, "
        "{:,} drafts, {:,} never started".format(
            counts["cadres keeps"],
            counts["cadres behind"],
            counts["cadres never"],
            counts["reports on time"],
            counts["reports late"],
            counts["reports draft"],
            len(attendances) - len(reports),
        )
    )
    return written


# ---------------------------------------------------------------------------------------------------------
# A year of recommendations, the agencies that answer them, their deadlines and answers

# The trends benchmark looks at this year, as of its last day.
RECOMMENDATIONS_YEAR = 2024
RECOMMENDATIONS_PER_COMMUNE = (8, 40)  # raised in the year, in the commune or its hamlets
AGENCY_USERNAME = "bench-coquan"  # works the queue of the first department of the largest province
# A recommendation's way: answered on the spot, never routed, forwarded to an agency, sent to the Standing
# Committee (shares; the rest are forwarded).
ON_THE_SPOT, UNROUTED, ESCALATED = 0.15, 0.04, 0.04
UNANSWERED = 0.18  # of those forwarded or sent up: still open at the end of the year or beyond
# Provincial departments and the topics they answer (by the topics' position); the district People's
# Committee answers roads and water. Each agency answers at its own speed (median working days).
DEPARTMENTS = [
    ("Sở Tài nguyên và Môi trường", (1, 6)),
    ("Sở Giao thông vận tải", (2,)),
    ("Sở Nông nghiệp và Phát triển nông thôn", (3, 7)),
    ("Sở Lao động - Thương binh và Xã hội", (4,)),
    ("Sở Y tế", (5,)),
    ("Công an tỉnh", (8,)),
    ("Ban Tổ chức Tỉnh ủy", (9, 10)),
]
COMMITTEE_TOPICS = (2, 3)
_TEXTS = {
    1: "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ ở {}",
    2: "Đề nghị nâng cấp, bê tông hóa tuyến đường liên ấp ở {}",
    3: "Đề nghị hỗ trợ nước sạch mùa khô, nạo vét kênh thủy lợi ở {}",
    4: "Đề nghị xem xét lại danh sách hộ nghèo, cận nghèo ở {}",
    5: "Đề nghị bổ sung nhân lực cho trạm y tế, sửa chữa phòng học ở {}",
    6: "Đề nghị xử lý tình trạng rác thải, nước thải gây ô nhiễm ở {}",
    7: "Đề nghị hỗ trợ tiêu thụ nông sản, vốn vay sản xuất ở {}",
    8: "Đề nghị tăng cường tuần tra, giữ an ninh trật tự ở {}",
    9: "Đề nghị đơn giản thủ tục hành chính, tăng cường cán bộ ở {}",
    10: "Ý kiến khác của cử tri, nhân dân ở {}",
}
TOPIC_WEIGHTS = {1: 14, 2: 16, 3: 14, 4: 12, 5: 8, 6: 8, 7: 10, 8: 6, 9: 6, 10: 6}


def _agencies(rng: random.Random) -> tuple[dict, dict, dict]:
    """Provincial departments and district People's Committees over the pre-2025 tree. Returns the department
    answering each topic position in each province, the committee of each district, and each agency's speed."""
    from diaban.feedback.choices import AgencyKind
    from diaban.feedback.models import Agency, Topic

    old = Unit.objects.filter(valid_from__isnull=True).order_by("path")
    provinces = list(old.filter(level__key="province"))
    districts = list(old.filter(level__key="district"))
    topics = {t.position: t for t in Topic.objects.filter(is_active=True)}
    agencies, answers = [], []
    for province in provinces:
        for name, positions in DEPARTMENTS:
            agency = Agency(
                name="{} {}".format(name, _lower_first(province.name)),
                kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                unit=province,
            )
            agencies.append(agency)
            answers.append((agency, positions))
    for district in districts:
        agency = Agency(
            name="UBND {}".format(_lower_first(district.name)), kind=AgencyKind.PEOPLES_COMMITTEE, unit=district
        )
        agencies.append(agency)
        answers.append((agency, COMMITTEE_TOPICS))
    Agency.objects.bulk_create(agencies, batch_size=BATCH)
    through = Agency.topics.through
    through.objects.bulk_create(
        [through(agency_id=a.pk, topic_id=topics[p].pk) for a, positions in answers for p in positions if p in topics],
        batch_size=BATCH,
    )
    department = {(a.unit_id, p): a for a, positions in answers if a.kind == AgencyKind.PROVINCIAL_DEPARTMENT
                  for p in positions}  # fmt: skip
    committee = {a.unit_id: a for a, _p in answers if a.kind == AgencyKind.PEOPLES_COMMITTEE}
    speed = {a.pk: rng.choice([4, 6, 8, 10, 12, 15, 20, 30]) for a in agencies}
    return department, committee, speed


def _recommendation_columns():
    from diaban.feedback.models import Recommendation

    return Recommendation, [f.column for f in Recommendation._meta.concrete_fields]


def add_recommendations(log=print) -> dict:
    """Agencies and the year `RECOMMENDATIONS_YEAR` of recommendations over the pre-2025 tree of `build`
    (deterministic): topics weighted like a province's reports, each forwarded to the department answering its
    topic (roads and water often to the district People's Committee) a few days after it was raised, with the
    topic's deadline in working days, answered at the agency's own speed (some never), some answered on the
    spot, some sent to the Standing Committee, a few never routed. Written with COPY / executemany, ids
    included; their history (events) is not written: the trends read none of it."""
    from diaban.core.workdays import add_working_days
    from diaban.feedback.choices import AuthorityLevel, RecommendationSource, RecommendationStatus
    from diaban.feedback.models import Topic

    S = RecommendationStatus
    rng = random.Random(SEED + 3)
    with transaction.atomic():
        department, committee, speed = _agencies(rng)
        topics = {t.position: t for t in Topic.objects.filter(is_active=True)}
        positions = [p for p in TOPIC_WEIGHTS if p in topics]
        weights = [TOPIC_WEIGHTS[p] for p in positions]
        old = Unit.objects.filter(valid_from__isnull=True)
        places: dict[int, list] = defaultdict(list)  # commune → (unit id, name) of it and its hamlets
        province_of, district_of = {}, {}
        for unit_pk, parent, grandparent in old.filter(level__key="commune").values_list(
            "pk", "parent_id", "parent__parent_id"
        ):
            district_of[unit_pk], province_of[unit_pk] = parent, grandparent
        for unit_pk, name, parent, level in old.filter(level__key__in=["commune", "hamlet"]).values_list(
            "pk", "name", "parent_id", "level__key"
        ):
            places[unit_pk if level == "commune" else parent].append((unit_pk, name))
        Recommendation, columns = _recommendation_columns()
        deadlines, answers = {}, {}

        def deadline_for(day, days):
            key = (day, days)
            if key not in deadlines:
                deadlines[key] = add_working_days(day, days)
            return deadlines[key]

        def answered(day, days):
            key = (day, days)
            if key not in answers:
                answers[key] = add_working_days(day, days)
            return answers[key]

        now = timezone.now()
        first = datetime.date(RECOMMENDATIONS_YEAR, 1, 1)
        pk = _next_id(Recommendation)
        rows, counts = [], defaultdict(int)
        for commune in sorted(places):
            district, province = district_of.get(commune), province_of.get(commune)
            if district is None or province is None:
                continue
            for _i in range(rng.randint(*RECOMMENDATIONS_PER_COMMUNE)):
                unit_id, unit_name = rng.choice(places[commune])
                position = rng.choices(positions, weights)[0]
                topic = topics[position]
                raised = first + datetime.timedelta(days=rng.randrange(366 if RECOMMENDATIONS_YEAR % 4 == 0 else 365))
                text = _TEXTS.get(position, _TEXTS[10]).format(unit_name)
                row = {
                    "id": pk, "unit_id": unit_id, "text": text, "search_key": fold(text), "raised_on": raised,
                    "topic_id": topic.pk, "source": rng.choice(RecommendationSource.values), "status": S.NEW,
                    "level": "", "raiser_kind": "", "raiser_name": "", "raiser_contact": "", "answer": "",
                    "answered_by_name": "", "created_at": now, "updated_at": now,
                }  # fmt: skip
                draw = rng.random()
                if draw < ON_THE_SPOT:
                    row.update(status=S.CLOSED, level=AuthorityLevel.ON_THE_SPOT, answered_on=raised,
                               answer="Đã trả lời tại buổi làm việc", answered_by_name="Cán bộ theo dõi")  # fmt: skip
                    counts["on the spot"] += 1
                elif draw < ON_THE_SPOT + UNROUTED:
                    counts["never routed"] += 1
                else:
                    escalated = draw < ON_THE_SPOT + UNROUTED + ESCALATED
                    received = raised + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 7]))
                    row["deadline"] = deadline_for(received, topic.deadline_days)
                    if escalated:
                        row.update(status=S.ESCALATED, level=AuthorityLevel.STANDING_COMMITTEE, escalated_on=received)
                        pace, name = 20, "Thường trực cấp ủy"
                        counts["sent up"] += 1
                    else:
                        use_committee = position in COMMITTEE_TOPICS and rng.random() < 0.5
                        agency = committee.get(district) if use_committee else department.get((province, position))
                        agency = agency or department[(province, DEPARTMENTS[0][1][0])]
                        row.update(status=S.ACKNOWLEDGED, level=AuthorityLevel.AGENCY, agency_id=agency.pk,
                                   forwarded_on=received)  # fmt: skip
                        pace, name = speed[agency.pk], agency.name
                        counts["forwarded"] += 1
                    if rng.random() >= UNANSWERED:
                        lead = max(0, round(rng.lognormvariate(0, 0.6) * pace))
                        row.update(status=S.CLOSED if rng.random() < 0.6 else S.ANSWERED,
                                   answered_on=answered(received, lead), answer="Đã xem xét, giải quyết",
                                   answered_by_name=name)  # fmt: skip
                rows.append(tuple(row.get(column) for column in columns))
                pk += 1
        _insert(Recommendation, columns, rows)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Recommendation]):
                cursor.execute(sql)
        largest = max(
            Unit.objects.filter(valid_from__isnull=True, level__key="province"),
            key=lambda u: Unit.objects.within(u).count(),
        )
        queue = department[(largest.pk, DEPARTMENTS[0][1][0])]
        account = account_upsert(
            username=AGENCY_USERNAME,
            password="benchmark-only-" + AGENCY_USERNAME,
            role=Role.AGENCY,
            full_name="Cán Bộ Cơ Quan Đo Hiệu Năng",
            view_units=[largest],
        )
        queue.members.add(account.user)
    written = {"recommendations": len(rows), "agencies": len(speed), "agency_queue": queue.pk, **counts}
    log(
        "  recommendations {}: {:,} over {:,} communes and their hamlets; {:,} agencies; {:,} forwarded, {:,} sent "
        "up, {:,} answered on the spot, {:,} never routed".format(
            RECOMMENDATIONS_YEAR,
            len(rows),
            len(places),
            len(speed),
            counts["forwarded"],
            counts["sent up"],
            counts["on the spot"],
            counts["never routed"],
        )
    )
    return written
