"""Recommendations of the Bến Tre demo: a year (01/07/2024–30/06/2025) of kiến nghị from every channel, routed to
the bodies of the province that answer them, with the whole history of each.

What is real: the province's departments, its police and the People's Committees of its nine districts (named as
they were before 07/2025), the topics and their deadlines (migration 0003), Vietnam's working days, the problems
of the province that year (the dry season and saline intrusion, rural roads and small bridges, land certificates
and land-use plans left unexecuted, the campaign to replace makeshift houses, coconut pests, riverbank erosion,
falling durian prices, theft, phone scams, dengue). What is assumed (the articles do not say): how fast each agency
answers (a median from about 3 working days for the provincial police to about 22 for the Department of Natural
Resources and Environment, see AGENCIES and DISTRICT_SPEEDS), how often staff answer on the spot, return, ask for
information or send a case up, and how often the answer is told back. Generated (deterministic, seeded): which
unit raised what, when, in which words, who raised it (people's names and phone numbers are invented), the answers.

Every recommendation the meeting and trip reports made (demo.reports, demo.visits) gets a topic and a life; new
ones come in through petitions, public opinion, units' reports and direct entry. Fourteen groups join the same
problem raised by several communes in their own words (GROUP_TITLES); some were answered together, some are open.
Deadlines and auto-escalations follow feedback.rules, as `services.escalate_overdue` does when `diaban remind` runs
every day of the year: sent up on the first day a case is more than its topic's `escalate_after_days` working days
past its deadline, with the rule's reason (naming the deadline that was missed). Loaded once; a second run changes
nothing.

The texts are in data/feedback.json (the groups, the templates of each channel, the showcase) and
data/feedback-answers.json (the answers and the staff's and agencies' notes).
"""

import datetime
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.dates import format_date
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.text import fold
from diaban.core.workdays import add_working_days, is_working_day
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.assignments import FAMILY, GIVEN, MIDDLE
from diaban.demo.common import data, refresh_statistics, stamps_as_given
from diaban.feedback import rules
from diaban.feedback.choices import (
    AgencyKind,
    AuthorityLevel,
    EventAction,
    RaiserKind,
    RecommendationSource,
    RecommendationStatus,
)
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, RecommendationGroup, Topic
from diaban.feedback.selectors import suggest_topic
from diaban.meetings.models import MeetingReport
from diaban.people.choices import Gender
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

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


# ---------------------------------------------------------------------------------------------------------
# Loading


def load_feedback(province: Unit, log) -> None:
    """Agencies, a topic and a life for every recommendation, new ones from the other channels, groups; once."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["coquan", *_STAFF, "lanhdao"])}
    loaded = Agency.objects.filter(unit=province, name=AGENCIES[0][1]).first()
    if loaded is not None:
        if "coquan" in users:
            loaded.members.add(users["coquan"])
        log("Kiến nghị mẫu đã có: giữ nguyên.")
        return
    refresh_statistics(Recommendation, MeetingReport)
    rng = random.Random(SEED)
    ctx = _context(province, users, rng)
    lives = [_existing_life(ctx, rec) for rec in ctx.existing]
    new_lives = _new_lives(ctx)
    group_rows, group_lives = _groups(ctx)
    new_lives += group_lives + _showcase(ctx)
    with stamps_as_given(Recommendation, RecommendationGroup):
        RecommendationGroup.objects.bulk_create(group_rows)
        Recommendation.objects.bulk_create([life.rec for life in new_lives], batch_size=1000)
        Recommendation.objects.bulk_update([life.rec for life in lives], _UPDATED_FIELDS, batch_size=500)
    RecommendationEvent.objects.bulk_create([e for life in lives + new_lives for e in life.events], batch_size=2000)
    MeetingReport.answers_conveyed.through.objects.bulk_create(
        [
            MeetingReport.answers_conveyed.through(meetingreport_id=report_id, recommendation_id=life.rec.pk)
            for life in lives + new_lives
            if (report_id := life.conveyed_at_report) is not None
        ],
        batch_size=2000,
    )
    refresh_statistics(Recommendation, RecommendationEvent, RecommendationGroup)
    _summary([life.rec for life in lives + new_lives], ctx, group_rows, log)


_STAFF = {"tochuc", "tochuchuyen"}
_UPDATED_FIELDS = [
    "topic", "raiser_kind", "raiser_name", "status", "level", "agency", "forwarded_on", "deadline", "escalated_on",
    "answer", "answered_on", "answered_by", "answered_by_name", "conveyed_on", "conveyed_by", "search_key",
    "created_at", "updated_at",
]  # fmt: skip


@dataclass
class _Ctx:
    rng: random.Random
    province: Unit
    topics: dict  # key -> Topic
    agencies: dict  # key of AGENCIES or district code -> Agency
    speed: dict  # agency pk -> median working days to answer
    account: dict  # agency pk -> user id of its account
    staff: dict  # username -> (user id, name)
    leader: tuple  # (user id, name) of the Standing Committee member who answers what is sent up
    district_of: dict  # unit id -> district code
    units: dict  # unit id -> Unit
    by_path: dict  # path -> Unit
    communes: list
    hamlets_of: dict  # commune id -> [hamlet]
    followers: dict  # unit id -> [person id]
    person_user: dict  # person id -> user id
    cell_of: dict  # hamlet id -> (cell id, cell name)
    cell_names: dict  # cell id -> name
    reports_of: dict  # (person id, cell id) -> [(meeting date, report id, submitted at)]
    meeting_cell: dict  # recommendation id -> cell id of the meeting it was raised at
    existing: list
    texts: set = field(default_factory=set)


def _context(province: Unit, users: dict, rng: random.Random) -> _Ctx:
    topics = {key: Topic.objects.get(name=name) for key, name in TOPICS.items()}
    districts = list(province.children.filter(level__key="district").order_by("code"))
    agencies, speed = {}, {}
    for key, name, kind, topic_keys, median in AGENCIES:
        agencies[key] = Agency.objects.create(name=name, kind=kind, unit=province)
        agencies[key].topics.set([topics[k] for k in topic_keys])
        speed[agencies[key].pk] = median
    for district in districts:
        name = "Ủy ban nhân dân " + district.name[0].lower() + district.name[1:]
        agency = Agency.objects.create(name=name, kind=AgencyKind.PEOPLES_COMMITTEE, unit=district)
        agency.topics.set([topics[k] for k in LOCAL_TOPICS])
        agencies[district.code] = agency
        speed[agency.pk] = DISTRICT_SPEEDS[district.code]
    account = {}
    for key, username in AGENCY_ACCOUNTS.items():
        if username in users:
            agencies[key].members.add(users[username])
            account[agencies[key].pk] = users[username].pk
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    staff = {u: (users[u].pk, people[users[u].pk].full_name) for u in _STAFF}
    leader = (users["lanhdao"].pk, rules.standing_committee_answerer(people[users["lanhdao"].pk].full_name))
    units = {
        u.pk: u
        for u in Unit.objects.filter(subtree_q("path", province.path), level__key__in=["district", "commune", "hamlet"])
    }
    district_by_path = {d.path: d.code for d in districts}
    district_of = {pk: district_by_path.get(u.path[: 2 * SEGMENT_LENGTH]) for pk, u in units.items()}
    communes = sorted((u for u in units.values() if u.depth == 3), key=lambda u: u.code)
    hamlets_of = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: u.path):
        if u.depth == 4:
            hamlets_of[u.parent_id].append(u)
    followers = defaultdict(list)
    for unit_id, person_id in (
        Assignment.objects.filter(subtree_q("unit__path", province.path))
        .filter(unit__depth__in=[3, 4], start_date__lte=START, person__departed_on__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=END))
        .order_by("unit_id", "person__code")
        .values_list("unit_id", "person_id")
    ):
        followers[unit_id].append(person_id)
    cells = PartyOrganization.objects.filter(
        subtree_q("unit__path", province.path), kind=OrganizationKind.CELL
    ).values_list("unit_id", "pk", "name", "unit__depth")
    reports_of = defaultdict(list)
    for person_id, cell_id, day, report_id, sent in MeetingReport.objects.filter(
        subtree_q("attendance__meeting__organization__path", _org_path(province)), submitted_at__isnull=False
    ).values_list(
        "attendance__person_id", "attendance__meeting__organization_id", "attendance__meeting__date", "pk",
        "submitted_at",
    ):  # fmt: skip
        reports_of[(person_id, cell_id)].append((day, report_id, sent))
    for rows in reports_of.values():
        rows.sort()
    through = MeetingReport.recommendations.through.objects.filter(recommendation__unit__path__startswith=province.path)
    meeting_cell, meeting_sent = {}, {}
    for rec_id, cell_id, sent in through.values_list(
        "recommendation_id", "meetingreport__attendance__meeting__organization_id", "meetingreport__submitted_at"
    ):
        meeting_cell[rec_id], meeting_sent[rec_id] = cell_id, sent
    existing = list(
        Recommendation.objects.filter(subtree_q("unit__path", province.path)).select_related("unit").order_by("pk")
    )
    for rec in existing:
        if rec.pk in meeting_sent:  # recorded when the report was sent
            rec.created_at = meeting_sent[rec.pk]
    return _Ctx(
        rng=rng, province=province, topics=topics, agencies=agencies, speed=speed, account=account, staff=staff,
        leader=leader, district_of=district_of, units=units, by_path={u.path: u for u in units.values()},
        communes=communes, hamlets_of=hamlets_of, followers=followers,
        person_user=dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id")),
        cell_of={unit_id: (pk, name) for unit_id, pk, name, depth in cells if depth == 4},
        cell_names={pk: name for _unit_id, pk, name, _depth in cells}, reports_of=reports_of,
        meeting_cell=meeting_cell, existing=existing,
    )  # fmt: skip


def _org_path(province: Unit) -> str:
    top = PartyOrganization.objects.filter(unit=province, depth=1).values_list("path", flat=True).first()
    return top or "~"


# ---------------------------------------------------------------------------------------------------------
# A life, written as the services write it


def _wd(day: datetime.date, n: int = 0) -> datetime.date:
    """The n-th working day after `day`; for 0, `day` itself or the next working day."""
    if n > 0:
        return add_working_days(day, n)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class _Life:
    """One recommendation and its events, in order; each step sets the fields as the service of that step does."""

    def __init__(self, ctx: _Ctx, rec: Recommendation):
        self.ctx, self.rec = ctx, rec
        self.events: list[RecommendationEvent] = []
        self.last = None
        self.conveyed_at_report = None

    @property
    def district(self) -> str:
        return self.ctx.district_of.get(self.rec.unit_id, "")

    @property
    def staff(self) -> tuple:
        """The organization staff who route it: Ba Tri's own for most of Ba Tri's, the province's otherwise."""
        if self.district == BA_TRI and self.ctx.rng.random() < 0.85:
            return self.ctx.staff["tochuchuyen"]
        return self.ctx.staff["tochuc"]

    def stamp(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        rng = self.ctx.rng
        clock = datetime.time(hour if hour is not None else rng.randint(7, 16), rng.randrange(60))
        at = timezone.make_aware(datetime.datetime.combine(day, clock))
        if self.last is not None and at <= self.last:
            at = self.last + datetime.timedelta(minutes=rng.randint(3, 40))
        self.last = at
        return at

    def log(self, action, actor, day, comment="", agency="current", at=None, hour=None) -> None:
        rec = self.rec
        at = at if at is not None else self.stamp(day, hour)
        self.last = max(self.last or at, at)
        self.events.append(
            RecommendationEvent(
                recommendation=rec, action=action, actor_id=actor, at=at, status=rec.status,
                agency_id=rec.agency_id if agency == "current" else getattr(agency, "pk", None), comment=comment,
            )
        )  # fmt: skip
        rec.updated_at = at

    # Steps ---------------------------------------------------------------------------------------------------

    def record(self, at: datetime.datetime, actor) -> None:
        self.rec.created_at = at
        self.rec.status = S.NEW
        self.log(EventAction.CREATED, actor, at.date(), at=at)

    def spot(self, day, staff, text) -> None:
        rec = self.rec
        rec.level, rec.status, rec.agency = AuthorityLevel.ON_THE_SPOT, S.ANSWERED, None
        rec.answer, rec.answered_on, rec.answered_by_id, rec.answered_by_name = text, day, staff[0], staff[1]
        self.log(EventAction.ANSWERED_ON_SPOT, staff[0], max(day, self.last.date()), text)

    def forward(self, agency, day, staff) -> None:
        rec = self.rec
        rec.level, rec.agency, rec.forwarded_on = AuthorityLevel.AGENCY, agency, day
        rec.deadline, rec.status = rules.deadline_for(rec.topic, day), S.FORWARDED
        self.log(EventAction.FORWARDED, staff[0], day, rules.deadline_note(rec.deadline))

    def agency_step(self, action, day, comment="") -> None:
        self.rec.status = {EventAction.ACKNOWLEDGED: S.ACKNOWLEDGED, EventAction.INFO_REQUESTED: S.INFO_REQUESTED}[
            action
        ]
        self.log(action, self.ctx.account.get(self.rec.agency_id), day, comment)

    def provide(self, day, text) -> None:
        self.rec.status = S.ACKNOWLEDGED
        carrier_user = self.ctx.person_user.get(self.rec.carried_by_id)
        self.log(EventAction.INFO_PROVIDED, carrier_user or self.staff[0], day, text)

    def give_back(self, day, reason) -> None:
        rec = self.rec
        former = rec.agency
        actor = self.ctx.account.get(rec.agency_id)
        rec.status, rec.agency, rec.forwarded_on, rec.deadline = S.RETURNED, None, None, None
        self.log(EventAction.RETURNED, actor, day, reason, agency=former)

    def auto_escalate(self, day) -> None:
        rec = self.rec
        reason = rules.escalation_reason(rec.agency.name, rec.deadline, day, rec.topic)
        self._up(day)
        self.log(EventAction.AUTO_ESCALATED, None, day, reason, hour=6)

    def escalate(self, day, staff, comment) -> None:
        self._up(day)
        self.log(EventAction.ESCALATED, staff[0], day, comment)

    def _up(self, day) -> None:
        rec = self.rec
        rec.level, rec.status, rec.escalated_on = AuthorityLevel.STANDING_COMMITTEE, S.ESCALATED, day
        rec.deadline = rules.deadline_when_escalated(rec.deadline, rec.topic, day)

    def answer(self, day, text, by_agency: bool, close: bool = False) -> None:
        """The agency's answer (its account, or none when it has no account here) or the Standing Committee's."""
        rec = self.rec
        if by_agency:
            actor, name = self.ctx.account.get(rec.agency_id), rec.agency.name
        else:
            actor, name = self.ctx.leader
        rec.answer, rec.answered_on, rec.answered_by_id, rec.answered_by_name = text, day, actor, name
        rec.status = S.ANSWERED
        self.log(EventAction.ANSWERED, actor, day, text)
        if close:
            rec.status = S.CLOSED
            self.log(EventAction.CLOSED, actor, day)

    def grouped(self, day, staff, title) -> None:
        self.log(EventAction.GROUPED, staff[0], day, title)

    def afterwards(self, answered: datetime.date, there: bool = False) -> None:
        """Told back to the grassroots by the cadre who carried it (at the cell's next meeting he attends, when
        there is one; `there`: he gave the answer where it was raised), and closed by staff once the grassroots have
        the answer."""
        rec, rng = self.rec, self.ctx.rng
        if there and rec.carried_by_id is not None:
            rec.conveyed_on, rec.conveyed_by_id = answered, rec.carried_by_id
            where = "buổi sinh hoạt" if rec.source == SOURCE.MEETING else "buổi làm việc với cơ sở"
            actor = self.ctx.person_user.get(rec.carried_by_id) or self.staff[0]
            self.log(EventAction.CONVEYED, actor, self.last.date(), "Đã trả lời trực tiếp tại {}.".format(where))
        elif rec.carried_by_id is not None and rng.random() < 0.87:
            self._convey(answered)
        if rec.status == S.ANSWERED and rng.random() < 0.5:
            day = _wd(rec.conveyed_on or answered, rng.randint(0, 5))
            if day <= END:
                rec.status = S.CLOSED
                self.log(EventAction.CLOSED, self.staff[0], day, rng.choice(CLOSING_NOTES))

    def _convey(self, answered) -> None:
        ctx, rec, rng = self.ctx, self.rec, self.ctx.rng
        cell = ctx.meeting_cell.get(rec.pk) if rec.pk else None
        cell = cell or ctx.cell_of.get(rec.unit_id, (None,))[0]
        actor = ctx.person_user.get(rec.carried_by_id) or self.staff[0]
        for day, report_id, sent in ctx.reports_of.get((rec.carried_by_id, cell), ()):
            if answered < day <= answered + datetime.timedelta(days=75) and timezone.localtime(sent).date() <= END:
                rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
                self.conveyed_at_report = report_id
                self.log(EventAction.CONVEYED, actor, day, "Tại buổi sinh hoạt ngày {}.".format(format_date(day)),
                         at=max(sent, self.last + datetime.timedelta(minutes=5)))  # fmt: skip
                return
        day = answered + datetime.timedelta(days=rng.randint(2, 20))
        if day > END:
            return
        rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
        note = CONVEY_PERSON if rec.raiser_kind == RaiserKind.PERSON else rng.choice(CONVEY_NOTES)
        self.log(EventAction.CONVEYED, actor, day, note)


def _lead(ctx: _Ctx, agency: Agency, topic: Topic) -> int:
    """Working days this agency takes for one case: around its pace, sooner for topics with a short deadline (an
    agency knows what is urgent), sometimes much longer."""
    pace = ctx.speed[agency.pk] * (topic.deadline_days / 15) ** 0.8
    if ctx.rng.random() < 0.08:  # put aside and forgotten for a while
        pace *= 2.2
    return max(1, round(pace * math.exp(ctx.rng.gauss(0, 0.35))))


def _slots(ctx: _Ctx, unit: Unit) -> dict:
    rng = ctx.rng
    commune = unit if unit.depth == 3 else ctx.units[unit.parent_id]
    hamlet = unit if unit.depth == 4 else rng.choice(ctx.hamlets_of[commune.pk])
    return {
        "ap": hamlet.name[0].lower() + hamlet.name[1:],
        "xa": commune.name[0].lower() + commune.name[1:],
        "m": rng.choice(["300", "450", "600", "800", "1.200", "1.500"]),
        "n": rng.randint(6, 45),
    }


_CHOICE = re.compile(r"\[([^\[\]]+)\]")


def _expand(template: str, rng: random.Random, slots: dict) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template).format(**slots)
    return text[0].upper() + text[1:]


def _answer_text(ctx: _Ctx, topic_key: str, agency_key: str, day: datetime.date) -> str:
    texts = ANSWERS.get((topic_key, agency_key)) or ANSWERS.get((topic_key, "district")) or SPOT_ANSWERS["any"]
    quarter = (day.month - 1) // 3 + 1
    nxt = quarter % 4 + 1
    return ctx.rng.choice(texts).format(y=day.year if day.month < 10 else day.year + 1, q="{}/{}".format(
        ["I", "II", "III", "IV"][nxt - 1], day.year + (1 if nxt == 1 else 0)))  # fmt: skip


def _key_of(ctx: _Ctx, agency: Agency) -> str:
    for key, value in ctx.agencies.items():
        if value.pk == agency.pk:
            return "district" if key.isdigit() else key
    return "district"


def _agency_path(life: _Life, agency: Agency, day, staff, *, topic_key: str, detour=None, info=False) -> None:
    """Forwarded on `day` (first to `detour`, which gives it back); the agency acknowledges, may ask for more, and
    answers — unless the daily job sends it up first, after which the Standing Committee (or, late, the agency)
    answers."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    if detour is not None:
        life.forward(detour, day, staff)
        back = _wd(day, rng.randint(2, 7))
        if back > END:
            return
        if rng.random() < 0.5:
            life.agency_step(EventAction.ACKNOWLEDGED, _wd(day, 1) if _wd(day, 1) < back else back)
        life.give_back(back, RETURN_REASONS[_key_of(ctx, detour)])
        day = _wd(back, rng.randint(1, 3))
        if day > END:
            return
    life.forward(agency, day, staff)
    lead = _lead(ctx, agency, rec.topic)
    answered = _wd(day, lead)
    esc = rules.escalation_day(rec.deadline, rec.topic)
    steps = [(_wd(day, min(rng.choice([0, 1, 1, 2, 3]), lead - 1)), "ack")]
    if info and lead >= 5:
        asked = _wd(steps[0][0], rng.randint(1, 2))
        replied = _wd(asked, rng.randint(1, 4))
        steps += [(asked, "info"), (replied, "reply")]
        answered = max(answered, _wd(replied, 1))
    steps.append((answered, "answer"))
    slots = _slots(ctx, rec.unit)
    for when, kind in steps:
        if esc <= when:
            break
        if when > END:
            return
        if kind == "ack":
            life.agency_step(EventAction.ACKNOWLEDGED, when)
        elif kind == "info":
            life.agency_step(EventAction.INFO_REQUESTED, when, rng.choice(INFO_QUESTIONS))
        elif kind == "reply":
            life.provide(when, rng.choice(INFO_REPLIES).format(**slots))
        else:
            life.answer(when, _answer_text(ctx, topic_key, _key_of(ctx, agency), when), True, rng.random() < 0.35)
            life.afterwards(when)
            return
    if esc > END:
        return
    life.auto_escalate(esc)
    standing = _wd(esc, rng.randint(*STANDING_ANSWER_DAYS))
    if answered < standing and rng.random() < 0.5:  # the agency answers after all
        if answered <= END:
            life.answer(answered, _answer_text(ctx, topic_key, _key_of(ctx, agency), answered), True)
            life.afterwards(answered)
    elif standing <= END:
        life.answer(standing, _standing_text(ctx, rec, standing), False)
        life.afterwards(standing)


def _standing_text(ctx: _Ctx, rec: Recommendation, day) -> str:
    if rec.topic_id == ctx.topics["party"].pk and rec.agency_id is None:
        return ctx.rng.choice(STANDING_PARTY)
    quarter = (day.month - 1) // 3 + 2
    q = "{}/{}".format(["I", "II", "III", "IV"][(quarter - 1) % 4], day.year + (1 if quarter > 4 else 0))
    name = rec.agency.name if rec.agency_id else "các sở, ngành liên quan"
    return ctx.rng.choice(STANDING_ANSWERS).format(agency=name, q=q)


def _route(life: _Life, recorded: datetime.date, *, topic_key: str, spot: float, up: float, choices) -> None:
    """After recording: answered on the spot, sent up by staff, or forwarded — unless it is still waiting to be
    routed on 30/06/2025."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    day = _wd(recorded, rng.choice([0, 1, 1, 2, 3]))
    if day > END:
        return
    staff = life.staff
    draw = rng.random()
    if spot <= draw < spot + up:
        life.escalate(day, staff, rng.choice(STAFF_ESCALATIONS[:2] if topic_key == "party" else STAFF_ESCALATIONS[2:]))
        standing = _wd(day, rng.randint(*STANDING_ANSWER_DAYS) + 5)
        if standing <= END:
            life.answer(standing, _standing_text(ctx, rec, standing), False)
            life.afterwards(standing)
        return
    if draw < spot or not choices:
        texts = SPOT_ANSWERS["party"] if topic_key == "party" else SPOT_ANSWERS["any"]
        there = rec.source in (SOURCE.MEETING, SOURCE.VISIT)  # answered to the cell or the commune there and then
        life.spot(rec.raised_on if there else day, staff, rng.choice(texts))
        life.afterwards(rec.answered_on, there=there)
        return
    key = rng.choices([k for k, _w in choices], [w for _k, w in choices])[0]
    agency = ctx.agencies[life.district] if key == "district" else ctx.agencies[key]
    detour = None
    if key == "district" and topic_key in ("roads", "land", "social") and rng.random() < 0.1:
        detour = ctx.agencies[{"roads": "gtvt", "land": "tnmt", "social": "ldtbxh"}[topic_key]]
    elif key == "nn" and topic_key == "water" and rng.random() < 0.08:
        detour = ctx.agencies[life.district]
    _agency_path(life, agency, day, staff, topic_key=topic_key, detour=detour, info=rng.random() < 0.07)


# ---------------------------------------------------------------------------------------------------------
# The recommendations of the reports


def _existing_life(ctx: _Ctx, rec: Recommendation) -> _Life:
    life = _Life(ctx, rec)
    spec = EXISTING.get(rec.text)
    if spec is None:  # a text the reports may raise one day: the topic its words suggest, the usual agencies
        topic = suggest_topic(rec.text, list(ctx.topics.values())) or ctx.topics["other"]
        topic_key = next(k for k, t in ctx.topics.items() if t.pk == topic.pk)
        spec = (topic_key, 0.1, 0, ROUTES[topic_key])
    topic_key, spot, up, choices = spec
    rec.topic = ctx.topics[topic_key]
    rec.search_key = fold(rec.text)
    if rec.source == SOURCE.MEETING and rec.pk in ctx.meeting_cell:
        rec.raiser_kind = RaiserKind.CELL
        rec.raiser_name = ctx.cell_names.get(ctx.meeting_cell[rec.pk], "")
    else:
        rec.raiser_kind = RaiserKind.UNIT
        commune = rec.unit if rec.unit.depth == 3 else ctx.units[rec.unit.parent_id]
        rec.raiser_name = "Đảng ủy " + commune.name[0].lower() + commune.name[1:]
    actor = rec.created_by_id or ctx.person_user.get(rec.carried_by_id)
    life.record(timezone.localtime(rec.created_at), actor)
    if life.last.date() <= END:
        _route(life, life.last.date(), topic_key=topic_key, spot=spot, up=up, choices=choices)
    return life


# ---------------------------------------------------------------------------------------------------------
# New recommendations from the other channels


def _new_lives(ctx: _Ctx) -> list[_Life]:
    rng = ctx.rng
    weights = [len(ctx.hamlets_of[c.pk]) for c in ctx.communes]
    sources = [(SOURCE.PETITION, 22), (SOURCE.PUBLIC_OPINION, 14), (SOURCE.UNIT_REPORT, 26), (SOURCE.DIRECT, 38)]
    lives = []
    span = (END - START).days
    for _i in range(NEW_TOTAL):
        commune = rng.choices(ctx.communes, weights)[0]
        unit = commune if rng.random() < 0.5 else rng.choice(ctx.hamlets_of[commune.pk])
        raised = START + datetime.timedelta(days=rng.randrange(span + 1))
        source = rng.choices([s for s, _w in sources], [w for _s, w in sources])[0]
        topic_key = _topic_for(ctx, commune, raised)
        text, hint, raiser = _compose(ctx, unit, topic_key, source)
        lives.append(_new_life(ctx, unit, raised, source, topic_key, text, hint, raiser))
    return lives


def _topic_for(ctx: _Ctx, commune: Unit, day: datetime.date) -> str:
    weights = dict(TOPIC_WEIGHTS)
    coastal = ctx.district_of[commune.pk] in COASTAL
    if day.month in (12, 1, 2, 3, 4, 5):
        weights["water"] *= 2.5 if coastal else 1.5
    if day.month in (7, 8, 9, 10):
        weights["health"] *= 1.3
    if day.month in (8, 9, 10, 11):
        weights["roads"] *= 1.3
    return ctx.rng.choices(list(weights), list(weights.values()))[0]


def _compose(ctx: _Ctx, unit: Unit, topic_key: str, source: str) -> tuple[str, str, tuple]:
    """Text, routing hint and (raiser kind, name, contact), in the manner of the channel; never the same text
    twice."""
    rng = ctx.rng
    slots = _slots(ctx, unit)
    for _attempt in range(8):
        hint = ""
        if source == SOURCE.PETITION and topic_key in PETITIONS and rng.random() < 0.8:
            text = _expand(rng.choice(PETITIONS[topic_key]), rng, slots)
            raiser = (
                RaiserKind.PERSON,
                _person_name(rng),
                "{}, {}; ĐT {}".format(
                    slots["ap"][0].upper() + slots["ap"][1:], slots["xa"], "09{:08d}".format(rng.randrange(10**8))
                ),
            )
        else:  # fmt: skip
            opinions = [w for k, w in OPINIONS if k == topic_key]
            if source == SOURCE.PUBLIC_OPINION and opinions and rng.random() < 0.6:
                what = _expand(rng.choice(opinions), rng, slots)
                text = _expand(rng.choice(OPINION_FORMS), rng, {**slots, "what": what[0].lower() + what[1:]})
            else:
                template, hint = rng.choice(TEXTS[topic_key])
                text = _expand(template, rng, slots)
            raiser = _raiser(ctx, unit, source, slots)
        if text not in ctx.texts:
            break
    ctx.texts.add(text)
    return text, hint, raiser


def _raiser(ctx: _Ctx, unit: Unit, source: str, slots: dict) -> tuple:
    rng = ctx.rng
    if source == SOURCE.PETITION:
        return RaiserKind.RESIDENTS, "{} hộ dân {}".format(rng.randint(3, 25), slots["ap"]), ""
    if source == SOURCE.PUBLIC_OPINION:
        return RaiserKind.RESIDENTS, "Người dân " + slots["ap"], ""
    if source == SOURCE.UNIT_REPORT or unit.pk not in ctx.cell_of:
        return RaiserKind.UNIT, rng.choice(UNIT_RAISERS).format(xa=slots["xa"]), ""
    return RaiserKind.CELL, ctx.cell_of[unit.pk][1], ""


def _person_name(rng: random.Random) -> str:
    gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
    return "{} {} {}".format(rng.choice(FAMILY), rng.choice(MIDDLE[gender]), rng.choice(GIVEN[gender]))


def _carrier(ctx: _Ctx, unit: Unit):
    """The cadre following the unit (or its commune), who carries it and tells the answer back."""
    people = ctx.followers.get(unit.pk) or (ctx.followers.get(unit.parent_id) if unit.depth == 4 else None)
    return ctx.rng.choice(people) if people else None


def _new_life(ctx, unit, raised, source, topic_key, text, hint, raiser, carrier="follower", route=True) -> _Life:
    rng = ctx.rng
    rec = Recommendation(
        unit=unit, text=text, source=source, raised_on=raised, topic=ctx.topics[topic_key], raiser_kind=raiser[0],
        raiser_name=raiser[1], raiser_contact=raiser[2], carried_by_id=_carrier(ctx, unit) if carrier == "follower"
        else carrier, search_key=fold(text),
    )  # fmt: skip
    rec.normalize_text()
    life = _Life(ctx, rec)
    staff = life.staff
    recorded = _wd(raised, rng.choice([0, 0, 1, 2])) if source in (SOURCE.PETITION, SOURCE.UNIT_REPORT) else raised
    rec.created_by_id = staff[0]
    life.record(life.stamp(recorded), staff[0])
    if route and recorded <= END:
        choices = _choices(life, topic_key, hint)
        party = topic_key == "party"
        _route(life, recorded, topic_key=topic_key, spot=0.3 if party else 0.1, up=0.1 if party else 0.015,
               choices=choices)  # fmt: skip
    return life


def _choices(life: _Life, topic_key: str, hint: str) -> list:
    if hint == "pipe":
        return [("capnuoc", 1)] if life.district in URBAN_WATER else [("nn", 1), ("district", 1)]
    if hint and life.ctx.rng.random() < 0.8:
        return [(hint, 1)]
    return ROUTES[topic_key]


# ---------------------------------------------------------------------------------------------------------
# Groups


def _groups(ctx: _Ctx) -> tuple[list[RecommendationGroup], list[_Life]]:
    rng = ctx.rng
    communes = {c.code: c for c in ctx.communes}
    rows, lives = [], []
    for spec in GROUPS:
        agency = ctx.agencies[spec.agency]
        staff = ctx.staff["tochuc"]
        span = (spec.last - spec.first).days
        members = []
        for i, (code, source, text) in enumerate(spec.members):
            commune = communes[code]
            unit = commune if rng.random() < 0.4 else rng.choice(ctx.hamlets_of[commune.pk])
            raised = spec.first + datetime.timedelta(days=round(span * i / max(1, len(spec.members) - 1)))
            raised -= datetime.timedelta(days=rng.randint(0, 2)) if i else datetime.timedelta(0)
            raiser = _raiser(ctx, unit, source, _slots(ctx, unit))
            life = _new_life(ctx, unit, raised, source, spec.topic, text, "", raiser, route=False)
            forwarded = _wd(life.last.date(), rng.randint(1, 2))
            life.forward(agency, forwarded, staff)
            life.agency_step(EventAction.ACKNOWLEDGED, _wd(forwarded, rng.randint(0, 1)))
            members.append(life)
        group = RecommendationGroup(title=spec.title, unit=_common_unit(ctx, [m.rec.unit for m in members]),
                                    created_by_id=staff[0])  # fmt: skip
        acked = [m.last.date() for m in members]
        created = max(acked[:2])
        for life, ack in zip(members, acked, strict=True):
            life.rec.group = group
            life.grouped(max(created, ack), staff, spec.title)
        group.created_at = min(m.events[-1].at for m in members[:2])
        joined = max(m.last.date() for m in members)
        if spec.outcome == "agency":
            answered = _wd(joined, rng.randint(1, 3))
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                assert answered < late, "{}: answered {} after the escalation of {}".format(spec.title, answered, late)
                life.answer(answered, spec.answer, True)
        elif spec.outcome == "standing":
            topic = ctx.topics[spec.topic]
            up = max(_wd(rules.escalation_day(members[1].rec.deadline, topic), 1), _wd(joined, 1))
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                if late <= up:
                    life.auto_escalate(late)
                else:
                    life.escalate(up, staff, "Trình Thường trực cùng nhóm «{}»: nhiều xã cùng kiến nghị, {} chưa giải "
                                  "quyết được.".format(spec.title, agency.name))  # fmt: skip
            answered = _wd(up, rng.randint(4, 8))
            for life in members:
                life.answer(answered, spec.answer, False)
        else:
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                if late <= END:
                    assert late > life.last.date(), "{}: sent up before it was grouped".format(spec.title)
                    life.auto_escalate(late)
            answered = None
        if answered is not None:
            group.answer, group.answered_on = spec.answer, answered
            for life in members:
                life.afterwards(answered)
        rows.append(group)
        lives += members
    return rows, lives


def _common_unit(ctx: _Ctx, units) -> Unit:
    prefix = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(prefix):
            prefix = prefix[:-SEGMENT_LENGTH]
    return ctx.by_path.get(prefix) or ctx.province


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


def _showcase(ctx: _Ctx) -> list[_Life]:
    hamlet = next((u for u in ctx.units.values() if u.code == SHOWCASE_HAMLET), None)
    cadre = Person.objects.filter(code=DEMO_CADRE).values_list("pk", flat=True).first()
    if hamlet is None or cadre is None:
        return []
    lives = []
    for raised, topic_key, agency_key, text, answered, conveyed in SHOWCASE:
        life = _new_life(ctx, hamlet, raised, SOURCE.DIRECT, topic_key, text, "", _raiser(ctx, hamlet, SOURCE.DIRECT,
                         _slots(ctx, hamlet)), carrier=cadre, route=False)  # fmt: skip
        life.rec.created_by_id = ctx.person_user.get(cadre) or life.rec.created_by_id
        life.events[0].actor_id = life.rec.created_by_id
        agency = ctx.agencies[agency_key]
        staff = ctx.staff["tochuchuyen"]
        life.forward(agency, _wd(raised, 1), staff)
        life.agency_step(EventAction.ACKNOWLEDGED, _wd(raised, 2))
        if answered is not None:
            life.answer(answered, _answer_text(ctx, topic_key, _key_of(ctx, agency), answered), True)
            if conveyed:
                life.rec.conveyed_on, life.rec.conveyed_by_id = answered + datetime.timedelta(days=9), cadre
                life.log(EventAction.CONVEYED, ctx.person_user.get(cadre), life.rec.conveyed_on, CONVEY_NOTES[2])
        lives.append(life)
    return lives


# ---------------------------------------------------------------------------------------------------------
# Summary


def _summary(recs: list, ctx: _Ctx, groups: list, log) -> None:
    year = [r for r in recs if START <= r.raised_on <= END]
    sources = Counter(r.source for r in year)
    status = Counter(r.status for r in recs)
    open_ = [r for r in recs if r.status not in (S.ANSWERED, S.CLOSED)]
    overdue = sum(1 for r in open_ if rules.is_overdue(r.deadline, END))
    log(
        "Kiến nghị {}–{}: {} ({} từ báo cáo dự sinh hoạt, {} từ chuyến đi cơ sở, {} đơn thư, {} dư luận, {} báo cáo "
        "của đơn vị, {} nhập trực tiếp); {} cơ quan giải quyết".format(
            format_date(START), format_date(END), len(year), sources[SOURCE.MEETING], sources[SOURCE.VISIT],
            sources[SOURCE.PETITION], sources[SOURCE.PUBLIC_OPINION], sources[SOURCE.UNIT_REPORT],
            sources[SOURCE.DIRECT], len(ctx.agencies),
        )
    )  # fmt: skip
    log(
        "Đến {}: {} đã trả lời, {} đã kết thúc, {} đang mở ({} quá hạn, {} chờ Thường trực); {} nhóm kiến nghị "
        "tương tự ({} đã trả lời chung)".format(
            format_date(END), status[S.ANSWERED], status[S.CLOSED], len(open_), overdue, status[S.ESCALATED],
            len(groups), sum(1 for g in groups if g.answered_on),
        )
    )  # fmt: skip
