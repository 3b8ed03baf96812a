"""What the field work of the demo draws on: the two Organization Committees and their departments, the accounts'
people, the showcase, the field-time rule, the statuses plans end in, and the texts (data/visits.json)."""

import datetime

from diaban.demo.common import data
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
DEPUTY_DISTRICTS = (["836", "835", "837", "834", "833"], ["829", "831", "832", "838"])  # Ba Tri to `phoban`
LEADERS_FROM = datetime.date(2022, 1, 1)
SHOWCASE_COMMUNE = "29161"  # Xã An Hiệp, Ba Tri
SHOWCASE_TITLES = (
    "Xã An Hiệp: hướng dẫn kết nạp đảng viên, kiện toàn chi ủy ấp",
    "Xã An Hiệp: khảo sát đội ngũ cán bộ chủ chốt trước sắp xếp",
)
# Their contents (short titles of AGENDA below), the main one first.
SHOWCASE_AGENDA = (
    ["Hướng dẫn kết nạp đảng viên", "Hỗ trợ kiện toàn chi ủy", "Kiểm tra thực hiện Quy định 13-QĐ/TU"],
    ["Khảo sát đội ngũ cán bộ chủ chốt", "Hướng dẫn rà soát quy hoạch cán bộ"],
)
TOCHUC_DRAFT, TOCHUC_RETURNED = "29146", "29116"  # Xã Phú Lễ, Xã Mỹ Hòa (Ba Tri)
FIELD_RULE = "Cán bộ, chuyên viên Ban Tổ chức dành 1/3 thời gian đi cơ sở"
FIELD_RULE_SOURCE = (
    "Quy chế làm việc của Ban Tổ chức Tỉnh ủy (giả định của dữ liệu mẫu cho Bến Tre; mức 1/3 theo «quy định "
    "giành 1/3 thời gian đi cơ sở» nêu trong bài của Ban Tổ chức Tỉnh ủy Nghệ An)"
)
DEPARTMENT_HEAD_TITLE = "Trưởng phòng cấp tỉnh"  # not in the catalogue of the migrations; no rule names it
WINDOW = datetime.timedelta(days=7)  # DIABAN_VISIT_OVERLAP_DAYS' default: plans this close are "overlapping"

D = datetime.date
_TEXTS = data("visits")
# Agenda items by department: (kind, short title, text, (first, last) day it fits or None).
AGENDA = {
    key: [
        (AgendaKind(kind), short, text, tuple(D.fromisoformat(day) for day in fits) if fits else None)
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

# Status of a generated plan, its weight, and the first day its trip may start: plans still waiting for a step
# are those of the last weeks; a plan approved but never reported may be months old.
STATUSES = [
    ("done", 80, START),
    ("approved", 6, D(2024, 10, 1)),
    ("cancelled", 4.5, START),
    ("returned", 3, D(2025, 2, 1)),
    ("submitted", 2.5, D(2025, 6, 9)),
    ("dept_ok", 2.5, D(2025, 6, 9)),
    ("draft", 1.5, D(2025, 6, 9)),
]
QUIET = ("done", "cancelled")  # plans of these statuses may overlap one another (the history shows it)
