"""What the lives of the recommendations are written against: the agencies created for the province, its units,
the staff and the Standing Committee member who act, the cadres following each unit, the reports they sent."""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from diaban.assignments.models import Assignment
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.text import in_sentence
from diaban.demo.feedback.facts import (
    AGENCY_ACCOUNTS,
    COMMUNE_COMMITTEE,
    DISTRICT_SPEEDS,
    LOCAL_TOPICS,
    TOPICS,
    Period,
)
from diaban.feedback import rules
from diaban.feedback.choices import AgencyKind
from diaban.feedback.models import Agency, Recommendation, Topic
from diaban.meetings.models import MeetingReport
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Succession, Unit

STAFF = {"tochuc", "tochuchuyen"}


@dataclass
class Context:
    rng: random.Random
    period: Period
    province: Unit
    topics: dict  # key -> Topic
    agencies: dict  # key of the period's agencies (and those they took over) or local unit code -> Agency
    speed: dict  # agency pk -> median working days to answer
    account: dict  # agency pk -> user id of its account
    staff: dict  # username -> (user id, name)
    leader: tuple  # (user id, name) of the Standing Committee member who answers what is sent up
    district_of: dict  # unit id -> code of its district (after the reform: of its hamlets' former district)
    local_of: dict  # unit id -> code of the district or commune whose People's Committee answers its local topics
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
    now_of: dict = field(default_factory=dict)  # unit id of a unit that ended with the reform -> the one it lives on in

    @property
    def end(self):
        return self.period.end

    @property
    def commune_depth(self) -> int:
        return self.communes[0].depth if self.communes else 3


def build_context(province: Unit, users: dict, rng: random.Random, period: Period) -> Context:
    topics = {key: Topic.objects.get(name=name) for key, name in TOPICS.items()}
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            subtree_q("path", province.path), level__key__in=["district", "commune", "hamlet"]
        ).select_related("level")
    }
    communes = sorted((u for u in units.values() if u.level.key == "commune"), key=lambda u: u.code)
    hamlets_of = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: u.path):
        if u.level.key == "hamlet":
            hamlets_of[u.parent_id].append(u)
    communes = [c for c in communes if hamlets_of[c.pk]]  # today's Trà Vinh and old Vĩnh Long parts have none here
    district_of, local_of, local_units = _local_committees(province, units, communes, hamlets_of, period)
    agencies, speed = {}, {}
    for key, name, kind, topic_keys, median, *took_over in period.agencies:
        agencies[key] = Agency.objects.create(name=name, kind=kind, unit=province)
        agencies[key].topics.set([topics[k] for k in topic_keys])
        speed[agencies[key].pk] = median
        for former in took_over[0] if took_over else ():
            agencies.setdefault(former, agencies[key])
    for unit in local_units:
        if period.local_level == "district":
            name, pace = "Ủy ban nhân dân " + in_sentence(unit.name), DISTRICT_SPEEDS[unit.code]
        else:
            name, pace = COMMUNE_COMMITTEE.format(in_sentence(unit.name)), DISTRICT_SPEEDS[district_of[unit.pk]]
        agency = Agency.objects.create(name=name, kind=AgencyKind.PEOPLES_COMMITTEE, unit=unit)
        agency.topics.set([topics[k] for k in LOCAL_TOPICS])
        agencies[unit.code] = agency
        speed[agency.pk] = pace
    account = {}
    for key, username in AGENCY_ACCOUNTS.items():
        if username in users:
            agencies[key].members.add(users[username])
            account[agencies[key].pk] = users[username].pk
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    staff = {u: (users[u].pk, people[users[u].pk].full_name) for u in STAFF}
    leader = (users["lanhdao"].pk, rules.standing_committee_answerer(people[users["lanhdao"].pk].full_name))
    followers = defaultdict(list)
    for unit_id, person_id in (
        Assignment.objects.filter(subtree_q("unit__path", province.path))
        .filter(unit__level__key__in=["commune", "hamlet"], start_date__lte=period.followed_from)
        .filter(person__departed_on__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.end))
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
    hamlet_depth = communes[0].depth + 1 if communes else 4
    return Context(
        rng=rng, period=period, province=province, topics=topics, agencies=agencies, speed=speed, account=account,
        staff=staff, leader=leader, district_of=district_of, local_of=local_of, units=units,
        by_path={u.path: u for u in units.values()},
        communes=communes, hamlets_of=hamlets_of, followers=followers,
        person_user=dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id")),
        cell_of={unit_id: (pk, name) for unit_id, pk, name, depth in cells if depth == hamlet_depth},
        cell_names={pk: name for _unit_id, pk, name, _depth in cells}, reports_of=reports_of,
        meeting_cell=meeting_cell, existing=existing,
    )  # fmt: skip


def _local_committees(province: Unit, units: dict, communes: list, hamlets_of: dict, period: Period):
    """Each unit's district (after the reform: the district its hamlets were under), the code of the unit whose
    People's Committee answers its local topics, and those units: the districts before the reform, the communes
    after."""
    if period.local_level == "district":
        districts = sorted((u for u in units.values() if u.level.key == "district"), key=lambda u: u.code)
        by_path = {d.path: d.code for d in districts}
        district_of = {pk: by_path.get(u.path[: 2 * SEGMENT_LENGTH]) for pk, u in units.items()}
        return district_of, district_of, districts
    hamlets = [h for c in communes for h in hamlets_of[c.pk]]
    former = dict(
        Succession.objects.filter(successor__in=hamlets, date=period.start).values_list(
            "successor_id", "predecessor__parent__parent__code"
        )
    )
    district_of, local_of = {}, {}
    for commune in communes:
        mine = hamlets_of[commune.pk]
        district_of[commune.pk], local_of[commune.pk] = former.get(mine[0].pk), commune.code
        for hamlet in mine:
            district_of[hamlet.pk], local_of[hamlet.pk] = former.get(hamlet.pk), commune.code
    return district_of, local_of, communes


def _org_path(province: Unit) -> str:
    top = PartyOrganization.objects.filter(unit=province, depth=1).values_list("path", flat=True).first()
    return top or "~"
