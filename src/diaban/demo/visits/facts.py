"""What the field work of the demo draws on: the two Organization Committees and their departments, the accounts'
people, the showcase, the field-time rule, the periods (before the reform and since) with the statuses plans end
in, and the texts (data/visits.json)."""

import datetime
from dataclasses import dataclass

from diaban.core.workdays import working_day
from diaban.demo.common import data
from diaban.territory.reform import REFORM_DATE
from diaban.visits.choices import AgendaKind

SEED = 2024_07_01
START = datetime.date(2024, 7, 1)
END = datetime.date(2025, 6, 30)
AGENCY = "Ban Tổ chức Tỉnh ủy Bến Tre"
BA_TRI_AGENCY = "Ban Tổ chức Huyện ủy Ba Tri"
DEPARTMENTS = {
    "tccs": "Phòng Tổ chức cơ sở đảng - đảng viên",
    "tccb": "Phòng Tổ chức cán bộ",
    "bvct": "Phòng Bảo vệ chính trị nội bộ",
    "cscb": "Phòng Chính sách cán bộ",
}
AGENCY_HEAD = "CB83-T005"  # a Standing Committee member in charge of no district
CODES = {"tochuc": "CB83-B011", "truongphong": "CB83-B010", "phoban": "CB83-B001", "tochuchuyen": "CB836-B01"}
DEPUTIES = (CODES["phoban"], "CB83-B002")
DEPUTY_DISTRICTS = (["836", "835", "837", "834", "833"], ["829", "831", "832", "838"])  # Ba Tri to `phoban`
LEADERS_FROM = datetime.date(2022, 1, 1)


@dataclass(frozen=True)
class Showcase:
    """`tochuc`'s plans in hand in a period: an approved pair with a specialist of Phòng Tổ chức cán bộ to one
    commune two days apart (titles, first days, lengths, contents: short titles of AGENDA, the main one first), a
    draft and a returned plan (commune, first day); no other trip goes to the pair's commune from `quiet_from`."""

    commune: str
    titles: tuple[str, str]
    starts: tuple[datetime.date, datetime.date]
    lengths: tuple[int, int]
    agenda: tuple[list, list]
    draft: tuple[str, datetime.date]
    returned: tuple[str, datetime.date]
    quiet_from: datetime.date


D = datetime.date
# June 2025, in Xã An Hiệp of Ba Tri (29161); Xã Phú Lễ and Xã Mỹ Hòa for the draft and the returned plan. Closed,
# with the rest of the year's plans in hand, on 30/06/2025 (`closing`).
SHOWCASE_BEFORE_REFORM = Showcase(
    "29161",
    ("Xã An Hiệp: hướng dẫn kết nạp đảng viên, kiện toàn chi ủy ấp",
     "Xã An Hiệp: khảo sát đội ngũ cán bộ chủ chốt trước sắp xếp"),
    (D(2025, 6, 17), D(2025, 6, 19)), (2, 1),
    (["Hướng dẫn kết nạp đảng viên", "Hỗ trợ kiện toàn chi ủy", "Kiểm tra thực hiện Quy định 13-QĐ/TU"],
     ["Khảo sát đội ngũ cán bộ chủ chốt", "Hướng dẫn rà soát quy hoạch cán bộ"]),
    ("29146", D(2025, 6, 25)), ("29116", D(2025, 6, 10)), D(2025, 5, 15),
)  # fmt: skip
# Today's (new) Xã An Hiệp (29158), Xã Tân Xuân (29137) and Xã Mỹ Chánh Hòa (29122), in the weeks after today.
PRESENT_TITLES = (
    "Xã An Hiệp: hướng dẫn kết nạp đảng viên, kiện toàn chi ủy ấp sau sắp xếp",
    "Xã An Hiệp: nắm tình hình đội ngũ cán bộ xã sau sắp xếp",
)
PRESENT_AGENDA = (
    ["Hướng dẫn kết nạp đảng viên", "Hỗ trợ kiện toàn chi ủy", "Kiểm tra phân công theo dõi ấp sau sắp xếp"],
    ["Nắm tình hình đội ngũ cán bộ xã sau sắp xếp", "Hướng dẫn rà soát quy hoạch cán bộ"],
)
FIELD_RULE = "Cán bộ, chuyên viên Ban Tổ chức dành 1/3 thời gian đi cơ sở"
FIELD_RULE_SOURCE = (
    "Quy chế làm việc của Ban Tổ chức Tỉnh ủy (giả định của dữ liệu mẫu cho Bến Tre; mức 1/3 theo «quy định "
    "giành 1/3 thời gian đi cơ sở» nêu trong bài của Ban Tổ chức Tỉnh ủy Nghệ An)"
)
DEPARTMENT_HEAD_TITLE = "Trưởng phòng cấp tỉnh"  # not in the catalogue of the migrations; no rule names it
WINDOW = datetime.timedelta(days=7)  # DIABAN_VISIT_OVERLAP_DAYS' default: plans this close are "overlapping"

_TEXTS = data("visits")
# Agenda items by department: (kind, short title, text, (first, last) day it fits or None; no last day: open).
AGENDA = {
    key: [
        (AgendaKind(kind), short, text, tuple(D.fromisoformat(d) if d else D.max for d in fits) if fits else None)
        for kind, short, text, fits in items
    ]
    for key, items in _TEXTS["agenda"].items()
}
DOCUMENTS = _TEXTS["documents"]  # by department, to study before the trip
FINDINGS = {AgendaKind(kind): texts for kind, texts in _TEXTS["findings"].items()}  # by kind of agenda item
SITUATIONS = _TEXTS["situations"]
DRY_SEASON = _TEXTS["dry_season"]
GUIDANCE = _TEXTS["guidance"]
SUMMARIES = _TEXTS["summaries"]
CONVEYED = _TEXTS["conveyed"]
RECOMMENDATIONS = _TEXTS["recommendations"]
FOLLOW_UPS = _TEXTS["follow_ups"]
RETURN_COMMENTS = _TEXTS["return_comments"]
CANCEL_COMMENTS = _TEXTS["cancel_comments"]
COUNTERPARTS = _TEXTS["counterparts"]

# Status of a generated plan, its weight, and the first and last day its trip may start: plans still waiting for
# a step are those of the last weeks; a plan approved but never reported may be months old.
STATUSES = [
    ("done", 80, START, END),
    ("approved", 6, D(2024, 10, 1), END),
    ("cancelled", 4.5, START, END),
    ("returned", 3, D(2025, 2, 1), END),
    ("submitted", 2.5, D(2025, 6, 9), END),
    ("dept_ok", 2.5, D(2025, 6, 9), END),
    ("draft", 1.5, D(2025, 6, 9), END),
]
QUIET = ("done", "cancelled")  # plans of these statuses may overlap one another (the history shows it)


@dataclass(frozen=True)
class Period:
    """A stretch of the demo's field work: its days; the day it is seen from (`now`: no step of a plan after it;
    None when the whole stretch is history); the statuses its plans end in; the months in which one commune
    receives three or four teams; the days leave may start on and a sick leave's; the trips approved before
    `drafts_before` whose reports are drafts; whether a trip to a commune may take in one of its hamlets; the
    plans `tochuc` has in hand."""

    start: datetime.date
    end: datetime.date
    now: datetime.date | None
    statuses: tuple
    crowded_months: tuple
    leave_starts: tuple
    sick_leave: tuple
    drafts_before: datetime.date
    with_hamlets: float
    seed: int
    showcase: Showcase


# Bến Tre's last year with three tiers, the Organization Committees of the province and of Ba Tri.
BEFORE_REFORM = Period(
    START, END, None, tuple(STATUSES), ((2024, 9), (2024, 11), (2025, 3), (2025, 4)),
    (D(2024, 7, 15), D(2024, 8, 5), D(2024, 12, 23), D(2025, 2, 10), D(2025, 4, 14)),
    (D(2024, 10, 14), D(2024, 11, 11)), D(2025, 6, 1), 0.0, SEED, SHOWCASE_BEFORE_REFORM,
)  # fmt: skip
REFORM_START = REFORM_DATE
AHEAD = datetime.timedelta(days=42)  # plans approved, waiting or drafted for the weeks after today


def after_reform(today: datetime.date) -> Period:
    """The provincial staff's trips to today's Vĩnh Long from 01/07/2025 to six weeks after `today`: done up to
    a week before it, waiting for approval or drafted for the weeks after it, approved on both sides of it."""
    days = datetime.timedelta
    end = today + AHEAD
    statuses = (
        ("done", 85, REFORM_START, today - days(7)),
        ("approved", 4, today - days(75), end),
        ("cancelled", 4, REFORM_START, end),
        ("returned", 2.5, today - days(100), end),
        ("submitted", 1.5, today + days(3), today + days(35)),
        ("dept_ok", 1.5, today + days(3), today + days(35)),
        ("draft", 1.5, today + days(3), end),
    )
    # Months wholly past, after the first three: one commune each receives three or four teams.
    crowded = tuple(sorted({(d.year, d.month) for d in (REFORM_START + days(95), today - days(200), today - days(60))
                            if d >= REFORM_START + days(90) and d + days(31) <= today - days(7)}))  # fmt: skip
    leave_starts = tuple(d for d in (D(2025, 8, 4), D(2025, 12, 22), D(2026, 4, 13), D(2026, 7, 20), D(2026, 12, 21),
                                     D(2027, 4, 12)) if REFORM_START <= d <= today - days(21))  # fmt: skip
    mine = working_day(today + days(8))
    showcase = Showcase(
        "29158", PRESENT_TITLES, (mine, working_day(mine, 2)), (2, 1), PRESENT_AGENDA,
        ("29137", working_day(today + days(20))), ("29122", working_day(today + days(6))), mine - days(33),
    )  # fmt: skip
    return Period(REFORM_START, end, today, statuses, crowded, leave_starts, (), today - days(30), 0.25, SEED + 1,
                  showcase)  # fmt: skip
