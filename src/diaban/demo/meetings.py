"""Attendance rules, cell meetings and cadres' attendance of the Bến Tre demo: eighteen months, 01/01/2024 to
30/06/2025 (the last day of the three-tier Bến Tre).

Rules: Sơn La's Quy định 1120-QĐ/TU and the later monthly request to district committees (seed articles), and
Bến Tre's own under Quy định số 13-QĐ/TU, whose counts the articles do not give (assumed here, and said so in
the rule's document).

Meetings: every cell's regular calendar from its meeting day, then made realistic (deterministic, seeded): most
held with 70–100 % of members present, a few moved some days or postponed, thematic meetings in a third of the
cells. Attendance: provincial and district cadres at meetings of cells in the units they were assigned to on the
day, with the failings the articles describe: some cadres behind their quota, a few never going, remote hamlets
visited least, some cells no cadre attended in a whole year. The notes and topics are in data/meetings.json.
"""

import datetime
import math
import random

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.common import data, refresh_statistics
from diaban.meetings.choices import Activity, AttendanceSource, MeetingKind, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.models import Person, PositionTitle
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

SEED = 2024_06_30
START = datetime.date(2024, 1, 1)
END = datetime.date(2025, 6, 30)
# The periods cadres plan their attendance over: the year 2024 and the first half of 2025.
PERIODS = [(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)), (datetime.date(2025, 1, 1), END)]

BEN_TRE_DOCUMENT = (
    "Quy định số 13-QĐ/TU của Ban Thường vụ Tỉnh ủy Bến Tre (số lần tối thiểu là giả định của dữ liệu mẫu)"
)
BEN_TRE_FROM = datetime.date(2020, 11, 2)
BEN_TRE_UNTIL = datetime.date(2025, 6, 30)
SON_LA_CODE = "14"
SON_LA_DOCUMENT = "Quy định số 1120-QĐ/TU ngày 20/01/2020 của Ban Thường vụ Tỉnh ủy Sơn La"
SON_LA_MONTHLY_DOCUMENT = (
    "Yêu cầu của Ban Thường vụ Tỉnh ủy Sơn La đối với các huyện ủy, thành ủy, nêu trong bài «Đưa việc phân công "
    "cấp ủy cấp tỉnh về dự sinh hoạt chi bộ khu dân cư vào nền nếp» ngày 10/08/2020; không phải văn bản có số hiệu"
)

PROVINCE_STANDING = ["Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"]
# The titles demo.assignments gives the provincial cadres following communes and the district cadres following
# hamlets.
PROVINCE_FOLLOWERS = [
    "Tỉnh ủy viên",
    "Giám đốc Sở",
    "Phó Giám đốc Sở",
    "Trưởng ban, ngành, đoàn thể tỉnh",
    "Ủy viên Ủy ban Kiểm tra Tỉnh ủy",
]
DISTRICT_FOLLOWERS = [
    "Huyện ủy viên",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Trưởng ban, ngành, đoàn thể huyện",
    "Ủy viên Ủy ban Kiểm tra Huyện ủy",
]
DISTRICT_COMMITTEE = ["Bí thư Huyện ủy", "Phó Bí thư Huyện ủy", "Ủy viên Ban Thường vụ Huyện ủy", "Huyện ủy viên"]

# The rules as the documents give them; `excluded` lists (level, titles) pairs.
RULES = [
    {
        "unit": "son_la",
        "name": "Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ khu dân cư ở huyện, thành phố được phân công",
        # The permanent members (Thường trực Tỉnh ủy) attend anywhere in the province, with no count given.
        "titles": ("province", ["Ủy viên Ban Thường vụ Tỉnh ủy"]),
        "minimum": 2,
        "period": Period.YEAR,
        "document": SON_LA_DOCUMENT,
        "valid_from": datetime.date(2020, 1, 20),
    },
    {
        "unit": "son_la",
        "name": "Tỉnh ủy viên không là bí thư huyện ủy dự sinh hoạt chi bộ khu dân cư được phân công phụ trách",
        "titles": ("province", ["Tỉnh ủy viên"]),
        # District secretaries attend in the district they lead; Standing Committee members have their own rule.
        "excluded": [("district", ["Bí thư Huyện ủy"]), ("province", PROVINCE_STANDING)],
        "minimum": 3,
        "period": Period.YEAR,
        "document": SON_LA_DOCUMENT,
        "valid_from": datetime.date(2020, 1, 20),
    },
    {
        "unit": "son_la",
        "name": "Cấp ủy viên huyện dự sinh hoạt chi bộ hằng tháng theo phân công của huyện ủy, thành ủy",
        "titles": ("district", DISTRICT_COMMITTEE),
        "minimum": 1,
        "period": Period.MONTH,
        "document": SON_LA_MONTHLY_DOCUMENT,
        "valid_from": datetime.date(2020, 8, 10),
        "valid_until": datetime.date(2025, 6, 30),  # district committees abolished on 01/07/2025
    },
    {
        "unit": "ben_tre",
        "name": "Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ ở huyện, thành phố được phân công phụ trách",
        "titles": ("province", PROVINCE_STANDING),
        "minimum": 2,
        "period": Period.YEAR,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    {
        "unit": "ben_tre",
        "name": "Tỉnh ủy viên, lãnh đạo sở, ban, ngành, đoàn thể tỉnh dự sinh hoạt chi bộ ở xã được phân công theo dõi",
        "titles": ("province", PROVINCE_FOLLOWERS),
        "minimum": 3,
        "period": Period.YEAR,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    {
        "unit": "ben_tre",
        "name": "Cán bộ huyện dự sinh hoạt chi bộ ở ấp, khu phố được phân công theo dõi",
        "titles": ("district", DISTRICT_FOLLOWERS),
        "minimum": 1,
        "period": Period.QUARTER,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    # Commune cadres have no rule: they follow residents' groups and households, which hold no cell meetings.
]

# Yearly attendances the cadres plan for, by the level of the unit they follow (the rules above).
YEARLY_MINIMUM = {"district": 2, "commune": 3, "hamlet": 4}

_TEXTS = data("meetings")
MOVE_NOTES = _TEXTS["move_notes"]
POSTPONE_NOTES = _TEXTS["postpone_notes"]
TOPICS = _TEXTS["topics"]  # of thematic meetings
DRY_SEASON_TOPIC = _TEXTS["dry_season_topic"]  # December to May in the Mekong delta
TOPICS_2025 = _TEXTS["topics_2025"]


def load_meetings(province: Unit, log) -> None:
    """Rules (always brought up to date), then the calendar and attendance once: a second run changes nothing."""
    load_rules(province, log)
    refresh_statistics(Unit, PartyOrganization, Person, Assignment, Meeting, Attendance)
    ben_tre_cells = PartyOrganization.objects.filter(kind=OrganizationKind.CELL).filter(
        subtree_q("unit__path", province.path)
    )
    attended = Attendance.objects.filter(
        meeting__organization__in=ben_tre_cells, meeting__date__gte=START, meeting__date__lte=END
    )
    if attended.exists():
        log("Lịch sinh hoạt chi bộ và cán bộ dự sinh hoạt mẫu đã có: giữ nguyên.")
        return
    rng = random.Random(SEED)
    calendar_generate(organizations=ben_tre_cells, start=START, end=END)
    cells = _cells(ben_tre_cells)
    people = _followers(province)
    demo_paths = [path for path, _start, _end in people.get(DEMO_CADRE, {}).get("assignments", [])]
    protected = {cell["id"] for path in demo_paths for cell in cells["under"].get(path, [])}
    counts = _shape_calendar(cells, protected, rng)
    thematic = _thematic(cells, rng)
    log(
        "Lịch sinh hoạt chi bộ {}–{}: {} buổi thường kỳ ({} đã họp, {} dời ngày, {} hoãn), {} buổi chuyên đề".format(
            START.strftime("%d/%m/%Y"),
            END.strftime("%d/%m/%Y"),
            counts["regular"],
            counts["held"],
            counts["moved"],
            counts["postponed"],
            thematic,
        )
    )
    total, attendees = _attendances(cells, people, rng)
    log("Cán bộ dự sinh hoạt chi bộ: {} lượt của {} cán bộ tỉnh, huyện".format(total, attendees))
    refresh_statistics(Meeting, Attendance)  # for what reads them next in the same load


def load_rules(province: Unit, log) -> None:
    titles = {(t.level.key, t.name): t for t in PositionTitle.objects.select_related("level")}
    # The demo loads only today's Sơn La (from 01/07/2025), not the three-tier one the documents were issued
    # in; the rules go to the province's unit either way, the three-tier one if a database has it.
    son_la = (
        Unit.objects.filter(level__key="province", code=SON_LA_CODE)
        .order_by(F("valid_from").asc(nulls_first=True))
        .first()
    )
    units = {"ben_tre": province, "son_la": son_la}
    loaded = []
    for spec in RULES:
        unit = units[spec["unit"]]
        if unit is None:
            continue
        rule, _created = AttendanceRule.objects.update_or_create(
            unit=unit,
            name=spec["name"],
            defaults={
                "activity": Activity.ASSIGNED,
                "minimum": spec["minimum"],
                "period": spec["period"],
                "document": spec["document"],
                "valid_from": spec["valid_from"],
                "valid_until": spec.get("valid_until"),
            },
        )
        level, names = spec["titles"]
        rule.titles.set([titles[(level, n)] for n in names])
        rule.excluded_titles.set([titles[(lv, n)] for lv, group in spec.get("excluded", []) for n in group])
        loaded.append(rule)
    log(
        "Quy định dự sinh hoạt: {} (Bến Tre {}, Sơn La {})".format(
            len(loaded),
            sum(1 for r in loaded if r.unit_id == province.pk),
            "không có đơn vị tỉnh Sơn La" if son_la is None else sum(1 for r in loaded if r.unit_id == son_la.pk),
        )
    )


def _cells(queryset) -> dict:
    """The cells, and the cells under each unit path (a cell counts for its unit and every unit above it).
    Ordered in Python, here and below, so that the same draws fall on the same rows whatever the collation."""
    rows = (
        queryset.filter(meeting_day__isnull=False)
        .order_by()
        .values_list("path", "pk", "unit__path", "unit__is_remote", "cell_kind", "member_count")
    )
    by_id, under = {}, {}
    for path, pk, unit_path, remote, kind, members in sorted(rows, key=lambda r: r[0]):
        # Cadres following a commune go to its agency cell at the commune's office more readily than to a
        # hamlet's, and to a remote hamlet's least.
        weight = 0.15 if remote else 3.0 if kind == CellKind.AGENCY else 1.0
        cell = {"id": pk, "path": path, "remote": remote, "weight": weight, "members": members, "held": []}
        by_id[pk] = cell
        for end in range(SEGMENT_LENGTH, len(unit_path) + 1, SEGMENT_LENGTH):
            under.setdefault(unit_path[:end], []).append(cell)
    return {"by_id": by_id, "under": under}


def _figures(meeting: Meeting, cell: dict, rng: random.Random) -> None:
    """A held meeting's members: 70–100 % present (less in remote hamlets), a few excused."""
    total = cell["members"]
    low, high = (0.70, 0.92) if cell["remote"] else (0.75, 1.0)
    present = min(total, max(1, round(total * rng.uniform(low, high))))
    meeting.status = MeetingStatus.HELD
    meeting.members_total = total
    meeting.members_present = present
    meeting.members_excused = min(total - present, rng.choice([0, 1, 1, 2, 2, 3]))
    meeting.committee_met_before = rng.random() < 0.92


def _shape_calendar(cells: dict, protected: set, rng: random.Random) -> dict:
    """The generated calendar as the cells kept it: held, moved a few days within the month, or postponed."""
    now = today()
    planned = (
        Meeting.objects.filter(kind=MeetingKind.REGULAR, status=MeetingStatus.PLANNED)
        .filter(planned_date__gte=START, planned_date__lte=END)
        .order_by()
        .values_list("organization_id", "planned_date", "pk")
    )
    # This province's cells only, in the order of their paths.
    ours = sorted((cells["by_id"][o]["path"], d, pk, o) for o, d, pk in planned if o in cells["by_id"])
    held, moved, postponed = [], [], []
    regular = 0
    for _path, planned_date, pk, organization_id in ours:
        cell = cells["by_id"][organization_id]
        regular += 1
        meeting = Meeting(pk=pk, organization_id=organization_id, kind=MeetingKind.REGULAR, date=planned_date,
                          planned_date=planned_date)  # fmt: skip
        draw = rng.random()
        if draw < 0.02 and organization_id not in protected:
            meeting.status = MeetingStatus.POSTPONED
            meeting.note = rng.choice(POSTPONE_NOTES)
            postponed.append(meeting)
            continue
        if draw < 0.05:
            shift = rng.choice([-3, -2, -1, 2, 3, 4, 5, 6])
            date = planned_date + datetime.timedelta(days=shift)
            if date.month != planned_date.month:
                date = planned_date - datetime.timedelta(days=shift)
            meeting.date = date
            meeting.note = rng.choice(MOVE_NOTES)
            moved.append(meeting)
        if meeting.date <= now:
            _figures(meeting, cell, rng)
            held.append(meeting)
            cell["held"].append((meeting.date, MeetingKind.REGULAR, pk))
    Meeting.objects.bulk_update(moved, ["date", "note"], batch_size=1000)
    Meeting.objects.bulk_update(postponed, ["status", "note"], batch_size=1000)
    _write_held(held)
    return {"regular": regular, "held": len(held), "moved": len(moved), "postponed": len(postponed)}


def _write_held(held: list[Meeting]) -> None:
    """Held meetings' figures: one UPDATE per distinct set of figures (a few hundred), the members' total taken
    from the cell. bulk_update would build a CASE branch per meeting and field, seconds of work for 20,000."""
    groups = {}
    for meeting in held:
        key = (meeting.members_present, meeting.members_excused, meeting.committee_met_before)
        groups.setdefault(key, []).append(meeting.pk)
    members = PartyOrganization.objects.filter(pk=OuterRef("organization_id")).values("member_count")[:1]
    for (present, excused, committee_met_before), pks in sorted(groups.items()):
        for first in range(0, len(pks), 900):
            Meeting.objects.filter(pk__in=pks[first : first + 900]).update(
                status=MeetingStatus.HELD,
                members_total=Subquery(members),
                members_present=present,
                members_excused=excused,
                committee_met_before=committee_met_before,
            )


def _thematic(cells: dict, rng: random.Random) -> int:
    """About one thematic meeting a quarter in a third of the cells, in the middle month of the quarter."""
    now = today()
    chosen = [cell for cell in cells["by_id"].values() if rng.random() < 1 / 3]
    new = []
    for cell in chosen:
        for year, month in [(2024, 2), (2024, 5), (2024, 8), (2024, 11), (2025, 2), (2025, 5)]:
            date = datetime.date(year, month, rng.randint(18, 27))  # after the regular meeting, moved or not
            topics = TOPICS + ([DRY_SEASON_TOPIC] if month in (2, 5) else []) + (TOPICS_2025 if year == 2025 else [])
            meeting = Meeting(organization_id=cell["id"], kind=MeetingKind.THEMATIC, date=date, planned_date=date,
                              topic=rng.choice(topics))  # fmt: skip
            if date <= now:
                _figures(meeting, cell, rng)
            new.append((cell, meeting))
    Meeting.objects.bulk_create([m for _c, m in new], batch_size=1000)
    for cell, meeting in new:
        if meeting.status == MeetingStatus.HELD:
            cell["held"].append((meeting.date, MeetingKind.THEMATIC, meeting.pk))
    for cell in cells["by_id"].values():
        cell["held"].sort()
    return len(new)


def _followers(province: Unit) -> dict:
    """Provincial and district cadres with their assignments running in the eighteen months, by person code.
    Commune cadres, who follow residents' groups, attend no cell meetings here."""
    rows = (
        Assignment.objects.filter(subtree_q("person__home_unit__path", province.path))
        .filter(subtree_q("unit__path", province.path))
        .filter(unit__level__key__in=YEARLY_MINIMUM, start_date__lte=END)
        .exclude(end_date__lt=START)
        .order_by()
        .values_list(
            "person__code",
            "start_date",
            "unit__path",
            "person_id",
            "person__departed_on",
            "person__user_id",
            "unit__level__key",
            "end_date",
        )
    )
    people = {}
    for code, start, path, person_id, departed, user_id, level, end in sorted(rows, key=lambda r: r[:3]):
        person = people.setdefault(
            code, {"id": person_id, "departed": departed, "user": user_id, "assignments": [], "yearly": 0}
        )
        last = departed - datetime.timedelta(days=1) if departed else None
        end = min(d for d in (end, last, END) if d is not None)
        if start <= end:
            person["assignments"].append((path, start, end))
            person["yearly"] = max(person["yearly"], YEARLY_MINIMUM[level])
    return {code: p for code, p in people.items() if p["assignments"]}


def _profile(rng: random.Random, person: dict, remote_only: bool) -> str:
    """How a cadre keeps their quota: most do; some fall behind (other work); a few never go. Cadres whose
    only hamlets are remote fall behind far more often."""
    if remote_only:
        zero, behind = 0.10, 0.55
    elif person["yearly"] == YEARLY_MINIMUM["district"]:  # Standing Committee members
        zero, behind = 0.0, 0.12
    else:
        zero, behind = 0.006, 0.16
    draw = rng.random()
    return "zero" if draw < zero else "behind" if draw < zero + behind else "keeps"


def _attendances(cells: dict, people: dict, rng: random.Random) -> tuple[int, int]:
    attendances, recorded_at = [], []
    attendees = set()
    for code, person in people.items():
        candidates = {}
        for path, start, end in person["assignments"]:
            for cell in cells["under"].get(path, []):
                for date, kind, meeting_id in cell["held"]:
                    if start <= date <= end:
                        candidates[meeting_id] = (date, cell["path"], kind, meeting_id, cell)
        ordered = sorted(candidates.values(), key=lambda c: c[:3])
        remote_only = bool(ordered) and all(c[4]["remote"] for c in ordered)
        profile = None
        for period_start, period_end in PERIODS:
            if code == DEMO_CADRE:
                profile = "keeps"
            elif profile is None or rng.random() < 0.3:  # a cadre's year is not always like the last
                profile = _profile(rng, person, remote_only)
            in_period = [c for c in ordered if period_start <= c[0] <= period_end]
            count = _target(profile, _required(person, period_start, period_end), remote_only, rng)
            chosen = _choose(in_period, count, profile == "keeps", rng)
            if code == DEMO_CADRE:
                chosen = _with_june_2025(chosen, in_period)
            for date, _path, _kind, meeting_id, _cell in chosen:
                attendance, when = _attendance(person, meeting_id, date, rng)
                attendances.append(attendance)
                recorded_at.append(when)
                attendees.add(code)
    Attendance.objects.bulk_create(attendances, batch_size=1000)
    # The insert stamps recorded_at with the time of loading; put back when each was recorded.
    for attendance, when in zip(attendances, recorded_at, strict=True):
        attendance.recorded_at = when
    Attendance.objects.bulk_update(attendances, ["recorded_at"], batch_size=1000)
    return len(attendances), len(attendees)


def _required(person: dict, start: datetime.date, end: datetime.date) -> float:
    """The person's yearly count prorated over the days of [start, end] they were assigned."""
    days = set()
    for _path, a_start, a_end in person["assignments"]:
        first, last = max(start, a_start), min(end, a_end)
        days.update(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    year_days = 366 if start.year % 4 == 0 else 365
    return person["yearly"] * len(days) / year_days


def _target(profile: str, required: float, remote_only: bool, rng: random.Random) -> int:
    needed = math.ceil(required - 1e-9)
    if profile == "zero" or needed == 0:
        return 0
    if profile == "behind":
        return rng.randint(1, max(1, needed // 2) if remote_only else needed - 1) if needed > 1 else 0
    return needed + rng.choice([0, 0, 0, 1] if remote_only else [0, 0, 1, 1, 2, 3])


def _choose(candidates: list, count: int, spread: bool, rng: random.Random) -> list:
    """`count` meetings over the quarters in turn, at most one a day, by the cells' weights; with `spread`, cells
    not yet attended in the period first (a cadre keeping up goes round all the cells they follow)."""
    quarters = {}
    for candidate in candidates:
        quarters.setdefault((candidate[0].year, (candidate[0].month - 1) // 3), []).append(candidate)
    keys = sorted(quarters)
    if not keys:
        return []
    offset = rng.randrange(len(keys))
    chosen, days, visited = [], set(), set()
    for n in range(count):
        pool = [c for c in quarters[keys[(offset + n) % len(keys)]] if c[0] not in days]
        if not pool:
            pool = [c for c in candidates if c[0] not in days]
        if spread:  # the remote ones only when the weights fall that way
            pool = [c for c in pool if c[1] not in visited and not c[4]["remote"]] or pool
        if not pool:
            break
        pick = rng.choices(pool, weights=[c[4]["weight"] for c in pool])[0]
        chosen.append(pick)
        days.add(pick[0])
        visited.add(pick[1])
    return sorted(chosen, key=lambda c: c[:3])


def _with_june_2025(chosen: list, candidates: list) -> list:
    """The demo cadre attended a meeting in June 2025: what he opens first shows a recent meeting."""
    if any(c[0].year == 2025 and c[0].month == 6 for c in chosen):
        return chosen
    june = [c for c in candidates if c[0].year == 2025 and c[0].month == 6]
    return sorted(chosen + june[:1], key=lambda c: c[:3])


def _attendance(person: dict, meeting_id: int, date: datetime.date, rng: random.Random):
    """Recorded by the cadre the same evening or soon after, or by the cell when it writes up its minutes."""
    if rng.random() < 0.55:
        source, delay, hour = AttendanceSource.CADRE, rng.choice([0, 0, 0, 1, 2]), rng.randint(17, 21)
    else:
        source, delay, hour = AttendanceSource.CELL, rng.randint(0, 5), rng.randint(8, 16)
    when = datetime.datetime.combine(date + datetime.timedelta(days=delay), datetime.time(hour, rng.randrange(60)))
    attendance = Attendance(
        meeting_id=meeting_id,
        person_id=person["id"],
        source=source,
        recorded_by_id=person["user"] if source == AttendanceSource.CADRE else None,
    )
    return attendance, timezone.make_aware(when)
