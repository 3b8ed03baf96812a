"""What the recommendations of the demo draw on: the topics and the agencies of the province with the pace each
answers at, the usual routes, the groups, the showcase of the demo cadre's hamlet, and the texts (data/feedback.json
and data/feedback-answers.json)."""

import datetime
from dataclasses import dataclass

from diaban.demo.common import data
from diaban.demo.reform import HAMLETS_FROM
from diaban.feedback.choices import AgencyKind, RecommendationSource, RecommendationStatus
from diaban.territory.reform import REFORM_DATE

SEED = 2025_06_30
START = datetime.date(2024, 7, 1)
END = datetime.date(2025, 6, 30)
NEW_TOTAL = 640  # recommendations of the other channels, besides those of the groups
D = datetime.date
S = RecommendationStatus
SOURCE = RecommendationSource

# Topic keys and the names of migration 0003.
TOPICS = {
    "land": "Đất đai",
    "roads": "Giao thông nông thôn",
    "water": "Nước sạch, thủy lợi, hạn mặn",
    "social": "Chính sách xã hội",
    "health": "Y tế, giáo dục",
    "env": "Môi trường",
    "production": "Sản xuất, kinh tế",
    "security": "An ninh, trật tự",
    "party": "Công tác đảng, chính quyền",
    "other": "Khác",
}
LOCAL_TOPICS = ("land", "roads", "water", "social", "health", "env", "production", "other")

# key, name, kind, topics, pace: the median working days from receipt to answer for a topic due in 15 working days
# (the demo's assumption; sooner for topics due sooner, later for those due later).
AGENCIES = [
    ("nn", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT,
     ("water", "production"), 6),
    ("tnmt", "Sở Tài nguyên và Môi trường tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("land", "env"), 20),
    ("gtvt", "Sở Giao thông vận tải tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("roads",), 20),
    ("ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("social",), 9),
    ("yte", "Sở Y tế tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("health",), 9),
    ("gddt", "Sở Giáo dục và Đào tạo tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("health",), 11),
    ("ca", "Công an tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("security",), 5),
    ("noivu", "Sở Nội vụ tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("party",), 12),
    ("congthuong", "Sở Công Thương tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("production",), 12),
    ("bhxh", "Bảo hiểm xã hội tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("social",), 8),
    ("tttt", "Sở Thông tin và Truyền thông tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("other",), 14),
    ("tuyengiao", "Ban Tuyên giáo Tỉnh ủy Bến Tre", AgencyKind.PARTY_BODY, ("party",), 10),
    ("capnuoc", "Công ty Cổ phần Cấp thoát nước Bến Tre", AgencyKind.OTHER, ("water",), 6),
]  # fmt: skip
# The People's Committees of the districts answer the local topics of their district, each at its own pace.
DISTRICT_SPEEDS = {"829": 7, "831": 10, "832": 12, "833": 14, "834": 8, "835": 13, "836": 6, "837": 16, "838": 11}
AGENCY_ACCOUNTS = {"nn": "coquan"}  # the demo's agency account works the queue of its department
# Today's Vĩnh Long from 01/07/2025 (names after Nghị định 45/2025/NĐ-CP merged the departments in March 2025 and
# the Party merged its propaganda and mass mobilization committees): key, name, kind, topics, pace (assumed, as
# above), and the keys of the Bến Tre bodies whose work it took over, so that the usual routes and the reports'
# recommendations find it. Left out, not knowing their names after 2025: the social insurance (regionalized in 2025)
# and the water company.
VINH_LONG_AGENCIES = [
    ("nnmt", "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT,
     ("water", "production", "land", "env"), 12, ("nn", "tnmt")),
    ("xaydung", "Sở Xây dựng tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("roads",), 18, ("gtvt",)),
    ("noivu", "Sở Nội vụ tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("party", "social"), 11,
     ("noivu", "ldtbxh")),
    ("yte", "Sở Y tế tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("health", "social"), 9, ("yte",)),
    ("gddt", "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("health",), 11, ("gddt",)),
    ("ca", "Công an tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("security",), 5, ("ca",)),
    ("congthuong", "Sở Công Thương tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("production",), 12,
     ("congthuong",)),
    ("khcn", "Sở Khoa học và Công nghệ tỉnh Vĩnh Long", AgencyKind.PROVINCIAL_DEPARTMENT, ("other",), 14, ("tttt",)),
    ("tgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy Vĩnh Long", AgencyKind.PARTY_BODY, ("party",), 10, ("tuyengiao",)),
]  # fmt: skip
# From 01/07/2025 the communes' People's Committees answer the local topics of their commune (there are no districts);
# each is assumed to keep the pace of the district committee its hamlets were under before.
COMMUNE_COMMITTEE = "Ủy ban nhân dân {} tỉnh Vĩnh Long"
BA_TRI = "836"
URBAN_WATER = ("829", "831")  # the water company's network: the city and Châu Thành
STANDING_ANSWER_DAYS = (4, 18)  # working days the Standing Committee takes to answer what is sent up


# ---------------------------------------------------------------------------------------------------------
# Groups: the same problem raised by several communes, each in its own words.


@dataclass(frozen=True)
class GroupSpec:
    title: str
    topic: str
    agency: str  # key of AGENCIES, or a district code for its People's Committee
    outcome: str  # "agency": answered together by the agency; "standing": by the Standing Committee; "open"
    first: datetime.date
    last: datetime.date
    members: tuple  # (commune code, source, text)
    answer: str = ""


_RAISED = data("feedback")
GROUPS = [
    GroupSpec(
        title=g["title"],
        topic=g["topic"],
        agency=g["agency"],
        outcome=g["outcome"],
        first=D.fromisoformat(g["first"]),
        last=D.fromisoformat(g["last"]),
        members=tuple((code, SOURCE(source), text) for code, source, text in g["members"]),
        answer=g["answer"],
    )
    for g in _RAISED["groups"]
]
GROUP_TITLES = [g.title for g in GROUPS]


# ---------------------------------------------------------------------------------------------------------
# Texts. "[a|b]" is one of the choices; {ap} a hamlet, {xa} the commune, {m} metres, {n} households.
# Each template has a hint for routing: "" (the topic's usual agencies) or an agency key.

TEXTS = {topic: [tuple(row) for row in rows] for topic, rows in _RAISED["texts"].items()}
# Petitions of one person, in their own words.
PETITIONS = _RAISED["petitions"]
# Public opinion: what people say (dư luận), with its topic, and the forms it is written down in ({what}).
OPINIONS = [tuple(row) for row in _RAISED["opinions"]]
OPINION_FORMS = _RAISED["opinion_forms"]
# Who raises it for a unit ({xa} the commune).
UNIT_RAISERS = _RAISED["unit_raisers"]

# The recommendations of the meeting and trip reports (demo.reports, demo.visits): topic, share answered on the
# spot, share sent to the Standing Committee by staff, agencies (a key of AGENCIES, or "district") with weights.
EXISTING = {
    text: (topic, spot, up, [tuple(choice) for choice in choices])
    for text, (topic, spot, up, choices) in _RAISED["existing"].items()
}

# Usual agencies of a topic for the new recommendations (before a template's hint): "district" is the People's
# Committee of the unit's district.
ROUTES = {
    "land": [("district", 6), ("tnmt", 4)],
    "roads": [("district", 8), ("gtvt", 2)],
    "water": [("district", 5), ("nn", 5)],
    "social": [("district", 6), ("ldtbxh", 4)],
    "health": [("district", 4), ("yte", 3), ("gddt", 3)],
    "env": [("district", 6), ("tnmt", 4)],
    "production": [("nn", 6), ("district", 3), ("congthuong", 1)],
    "security": [("ca", 1)],
    "party": [("noivu", 1)],
    "other": [("district", 7), ("tttt", 3)],
}
# Topic weights of the new recommendations; the dry season (12–5) and the coast shift them towards water.
TOPIC_WEIGHTS = {"roads": 17, "water": 13, "land": 14, "social": 13, "production": 10, "security": 9, "env": 8,
                 "health": 8, "party": 4, "other": 4}  # fmt: skip
COASTAL = ("835", "836", "837")

# ---------------------------------------------------------------------------------------------------------
# Answers.

_ANSWERED = data("feedback-answers")
# By topic and agency key ("district" for a People's Committee); {y} a year, {q} a quarter.
ANSWERS = {(topic, agency): texts for topic, by in _ANSWERED["answers"].items() for agency, texts in by.items()}
SPOT_ANSWERS = _ANSWERED["on_the_spot"]  # "party" for the party's own topics, "any" for the others
STANDING_ANSWERS = _ANSWERED["standing_committee"]  # {agency} the agency it was with, {q} a quarter
STANDING_PARTY = _ANSWERED["standing_committee_party"]
STAFF_ESCALATIONS = _ANSWERED["staff_escalations"]  # the first two for the party's topics
INFO_QUESTIONS = _ANSWERED["info_questions"]
INFO_REPLIES = _ANSWERED["info_replies"]  # {n} households, {m} metres
RETURN_REASONS = _ANSWERED["return_reasons"]  # by the key of the agency that gives it back
CLOSING_NOTES = _ANSWERED["closing_notes"]
CONVEY_NOTES = _ANSWERED["convey_notes"]
CONVEY_PERSON = _ANSWERED["convey_person"]


def _without_districts(texts: list) -> list:
    return [t for t in texts if not any(word in t.lower() for word in ("huyện", "phòng lao động"))]


# After the reform: the answers that name no district, and those written for the two-tier structure.
_AFTER = _ANSWERED["after_reform"]
ANSWERS_AFTER_REFORM = {key: _without_districts(texts) for key, texts in ANSWERS.items()}
for _topic, _by in _AFTER["answers"].items():
    for _agency, _texts in _by.items():
        ANSWERS_AFTER_REFORM[(_topic, _agency)] = _without_districts(ANSWERS.get((_topic, _agency), [])) + _texts
ANSWERS_AFTER_REFORM = {key: texts for key, texts in ANSWERS_AFTER_REFORM.items() if texts}
SPOT_AFTER_REFORM = {key: _without_districts(texts) for key, texts in SPOT_ANSWERS.items()}
RETURN_AFTER_REFORM = _AFTER["return_reasons"]


# ---------------------------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True)
class Period:
    """A stretch of the recommendations' history: its days (the state of every one is as on `end`), the seed of
    its draws, how many come in through the other channels, the bodies that answer (`agencies`, and the level whose
    People's Committees answer local topics), who carries what a unit raises (the cadres following it from
    `followed_from` to `end`), whether Ba Tri's district staff route Ba Tri's, and the texts of the answers."""

    start: datetime.date
    end: datetime.date
    seed: int
    new_total: int
    agencies: tuple
    local_level: str
    followed_from: datetime.date
    district_staff: bool
    answers: dict
    spot_answers: dict
    return_reasons: dict


# Bến Tre's last year with three tiers.
BEFORE_REFORM = Period(START, END, SEED, NEW_TOTAL, tuple(AGENCIES), "district", START, True, ANSWERS, SPOT_ANSWERS,
                       RETURN_REASONS)  # fmt: skip


def after_reform(today: datetime.date) -> Period:
    """Today's Vĩnh Long from 01/07/2025 to `today`, with as many new ones a day as the year before."""
    days = max(0, (today - REFORM_DATE).days + 1)
    return Period(REFORM_DATE, today, SEED + 1, round(NEW_TOTAL * days / 365), tuple(VINH_LONG_AGENCIES), "commune",
                  HAMLETS_FROM, False, ANSWERS_AFTER_REFORM, SPOT_AFTER_REFORM,
                  RETURN_AFTER_REFORM)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# The demo cadre's hamlet: answers for him to tell back, and one still with the agency


SHOWCASE_HAMLET = "29110-01"  # Khu phố 1, Thị trấn Ba Tri: followed by `canbo`, the cell of `coso`
# raised, topic, agency key, text, answered (None: still open), conveyed
SHOWCASE = [
    (
        D.fromisoformat(row["raised"]),
        row["topic"],
        row["agency"],
        row["text"],
        D.fromisoformat(row["answered"]) if row["answered"] else None,
        row["conveyed"],
    )
    for row in _RAISED["showcase"]
]
# The weeks before the day the demo is built, in the same hamlet under today's Xã Ba Tri: one with Vĩnh Long's
# agriculture department (the agency account's), one sent up to the Standing Committee (the leader's), one still to
# route (staff's). (days before today, topic, step, agency key, text)
SHOWCASE_TODAY = [
    (datetime.timedelta(days=row["days_before_today"]), row["topic"], row["step"], row["agency"], row["text"])
    for row in _RAISED["showcase_today"]
]
