"""What the lives of the recommendations are written against: the agencies created for the province, its units,
the staff and the Standing Committee member who act, the cadres following each unit, the reports they sent."""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from diaban.assignments.models import Assignment
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.text import in_sentence
from diaban.demo.feedback.facts import AGENCIES, AGENCY_ACCOUNTS, DISTRICT_SPEEDS, END, LOCAL_TOPICS, START, TOPICS
from diaban.feedback import rules
from diaban.feedback.choices import AgencyKind
from diaban.feedback.models import Agency, Recommendation, Topic
from diaban.meetings.models import MeetingReport
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

STAFF = {"tochuc", "tochuchuyen"}


@dataclass
class Context:
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


def build_context(province: Unit, users: dict, rng: random.Random) -> Context:
    topics = {key: Topic.objects.get(name=name) for key, name in TOPICS.items()}
    districts = list(province.children.filter(level__key="district").order_by("code"))
    agencies, speed = {}, {}
    for key, name, kind, topic_keys, median in AGENCIES:
        agencies[key] = Agency.objects.create(name=name, kind=kind, unit=province)
        agencies[key].topics.set([topics[k] for k in topic_keys])
        speed[agencies[key].pk] = median
    for district in districts:
        name = "Ủy ban nhân dân " + in_sentence(district.name)
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
    staff = {u: (users[u].pk, people[users[u].pk].full_name) for u in STAFF}
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
    return Context(
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
