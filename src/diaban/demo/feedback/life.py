"""A recommendation's life, written as the services write it: each step sets the fields the service of that step
sets and logs its event; the routes a life takes from recording to the answer told back."""

import datetime
import math
import random
import re

from django.utils import timezone

from diaban.core.dates import format_date
from diaban.core.text import in_sentence
from diaban.core.workdays import working_day
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import (
    BA_TRI,
    CLOSING_NOTES,
    CONVEY_NOTES,
    CONVEY_PERSON,
    INFO_QUESTIONS,
    INFO_REPLIES,
    SOURCE,
    STAFF_ESCALATIONS,
    STANDING_ANSWER_DAYS,
    STANDING_ANSWERS,
    STANDING_PARTY,
    S,
)
from diaban.feedback import rules
from diaban.feedback.choices import AuthorityLevel, EventAction, RaiserKind
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, Topic
from diaban.territory.models import Unit


class Life:
    """One recommendation and its events, in order; each step sets the fields as the service of that step does."""

    def __init__(self, ctx: Context, rec: Recommendation):
        self.ctx, self.rec = ctx, rec
        self.events: list[RecommendationEvent] = []
        self.last = None
        self.conveyed_at_report = None

    @property
    def district(self) -> str:
        return self.ctx.district_of.get(self.rec.unit_id, "")

    @property
    def local(self) -> Agency:
        """The People's Committee that answers its local topics: its district's, after the reform its commune's."""
        return self.ctx.agencies[self.ctx.local_of[self.rec.unit_id]]

    @property
    def staff(self) -> tuple:
        """The organization staff who route it: Ba Tri's own for most of Ba Tri's while there were districts, the
        province's otherwise."""
        if self.ctx.period.district_staff and self.district == BA_TRI and self.ctx.rng.random() < 0.85:
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

    def forward(self, agency, day, staff, note: str = "") -> None:
        rec = self.rec
        rec.level, rec.agency, rec.forwarded_on = AuthorityLevel.AGENCY, agency, day
        rec.deadline, rec.status = rules.deadline_for(rec.topic, day), S.FORWARDED
        # As the service writes it: staff's comment, or else the deadline.
        self.log(EventAction.FORWARDED, staff[0], day, note or rules.deadline_note(rec.deadline))

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
            day = working_day(rec.conveyed_on or answered, rng.randint(0, 5))
            if day <= self.ctx.end:
                rec.status = S.CLOSED
                self.log(EventAction.CLOSED, self.staff[0], day, rng.choice(CLOSING_NOTES))

    def _convey(self, answered) -> None:
        ctx, rec, rng = self.ctx, self.rec, self.ctx.rng
        cell = ctx.meeting_cell.get(rec.pk) if rec.pk else None
        cell = cell or ctx.cell_of.get(ctx.now_of.get(rec.unit_id, rec.unit).pk, (None,))[0]
        actor = ctx.person_user.get(rec.carried_by_id) or self.staff[0]
        for day, report_id, sent in ctx.reports_of.get((rec.carried_by_id, cell), ()):
            if answered < day <= answered + datetime.timedelta(days=75) and timezone.localtime(sent).date() <= ctx.end:
                rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
                self.conveyed_at_report = report_id
                self.log(EventAction.CONVEYED, actor, day, "Tại buổi sinh hoạt ngày {}.".format(format_date(day)),
                         at=max(sent, self.last + datetime.timedelta(minutes=5)))  # fmt: skip
                return
        day = answered + datetime.timedelta(days=rng.randint(2, 20))
        if day > ctx.end:
            return
        rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
        note = CONVEY_PERSON if rec.raiser_kind == RaiserKind.PERSON else rng.choice(CONVEY_NOTES)
        self.log(EventAction.CONVEYED, actor, day, note)


def _lead(ctx: Context, agency: Agency, topic: Topic) -> int:
    """Working days this agency takes for one case: around its pace, sooner for topics with a short deadline (an
    agency knows what is urgent), sometimes much longer."""
    pace = ctx.speed[agency.pk] * (topic.deadline_days / 15) ** 0.8
    if ctx.rng.random() < 0.08:  # put aside and forgotten for a while
        pace *= 2.2
    return max(1, round(pace * math.exp(ctx.rng.gauss(0, 0.35))))


def slots_for(ctx: Context, unit: Unit) -> dict:
    rng = ctx.rng
    unit = ctx.now_of.get(unit.pk, unit)  # a unit that ended with the reform: the one it lives on in
    commune = unit if unit.depth == ctx.commune_depth else ctx.units[unit.parent_id]
    hamlet = unit if unit.depth == ctx.commune_depth + 1 else rng.choice(ctx.hamlets_of[commune.pk])
    return {
        "ap": in_sentence(hamlet.name),
        "xa": in_sentence(commune.name),
        "m": rng.choice(["300", "450", "600", "800", "1.200", "1.500"]),
        "n": rng.randint(6, 45),
    }


_CHOICE = re.compile(r"\[([^\[\]]+)\]")


def expand(template: str, rng: random.Random, slots: dict) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template).format(**slots)
    return text[0].upper() + text[1:]


def answer_text(ctx: Context, topic_key: str, agency: Agency, day: datetime.date) -> str:
    answers = ctx.period.answers
    keys = [*agency_keys_of(ctx, agency), "district"]
    texts = next((answers[(topic_key, k)] for k in keys if (topic_key, k) in answers), ctx.period.spot_answers["any"])
    quarter = (day.month - 1) // 3 + 1
    nxt = quarter % 4 + 1
    return ctx.rng.choice(texts).format(y=day.year if day.month < 10 else day.year + 1, q="{}/{}".format(
        ["I", "II", "III", "IV"][nxt - 1], day.year + (1 if nxt == 1 else 0)))  # fmt: skip


def agency_keys_of(ctx: Context, agency: Agency) -> list[str]:
    """The keys the texts know the agency by ("district" for a local People's Committee); after the reform, those of
    the bodies whose work it took over too."""
    keys = ["district" if key.isdigit() else key for key, value in ctx.agencies.items() if value.pk == agency.pk]
    return keys or ["district"]


def agency_path(life: Life, agency: Agency, day, staff, *, topic_key: str, detour=None, info=False, note="") -> None:
    """Forwarded on `day` (first to `detour`, which gives it back); the agency acknowledges, may ask for more, and
    answers — unless the daily job sends it up first, after which the Standing Committee (or, late, the agency)
    answers."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    if detour is not None:
        life.forward(detour, day, staff)
        back = working_day(day, rng.randint(2, 7))
        if back > ctx.end:
            return
        if rng.random() < 0.5:
            life.agency_step(EventAction.ACKNOWLEDGED, working_day(day, 1) if working_day(day, 1) < back else back)
        life.give_back(back, next(ctx.period.return_reasons[k] for k in agency_keys_of(ctx, detour)
                                  if k in ctx.period.return_reasons))  # fmt: skip
        day = working_day(back, rng.randint(1, 3))
        if day > ctx.end:
            return
    life.forward(agency, day, staff, note)
    lead = _lead(ctx, agency, rec.topic)
    answered = working_day(day, lead)
    esc = rules.escalation_day(rec.deadline, rec.topic)
    steps = [(working_day(day, min(rng.choice([0, 1, 1, 2, 3]), lead - 1)), "ack")]
    if info and lead >= 5:
        asked = working_day(steps[0][0], rng.randint(1, 2))
        replied = working_day(asked, rng.randint(1, 4))
        steps += [(asked, "info"), (replied, "reply")]
        answered = max(answered, working_day(replied, 1))
    steps.append((answered, "answer"))
    slots = slots_for(ctx, rec.unit)
    for when, kind in steps:
        if esc <= when:
            break
        if when > ctx.end:
            return
        if kind == "ack":
            life.agency_step(EventAction.ACKNOWLEDGED, when)
        elif kind == "info":
            life.agency_step(EventAction.INFO_REQUESTED, when, rng.choice(INFO_QUESTIONS))
        elif kind == "reply":
            life.provide(when, rng.choice(INFO_REPLIES).format(**slots))
        else:
            life.answer(when, answer_text(ctx, topic_key, agency, when), True, rng.random() < 0.35)
            life.afterwards(when)
            return
    if esc > ctx.end:
        return
    life.auto_escalate(esc)
    standing = working_day(esc, rng.randint(*STANDING_ANSWER_DAYS))
    if answered < standing and rng.random() < 0.5:  # the agency answers after all
        if answered <= ctx.end:
            life.answer(answered, answer_text(ctx, topic_key, agency, answered), True)
            life.afterwards(answered)
    elif standing <= ctx.end:
        life.answer(standing, standing_answer(ctx, rec, standing), False)
        life.afterwards(standing)


def standing_answer(ctx: Context, rec: Recommendation, day, successor: Agency | None = None) -> str:
    """The Standing Committee's answer; `successor`: the body that took over the work of the one it was with."""
    if rec.topic_id == ctx.topics["party"].pk and rec.agency_id is None:
        return ctx.rng.choice(STANDING_PARTY)
    quarter = (day.month - 1) // 3 + 2
    q = "{}/{}".format(["I", "II", "III", "IV"][(quarter - 1) % 4], day.year + (1 if quarter > 4 else 0))
    name = (successor or rec.agency).name if rec.agency_id else "các sở, ngành liên quan"
    return ctx.rng.choice(STANDING_ANSWERS).format(agency=name, q=q)


def route_life(life: Life, recorded: datetime.date, *, topic_key: str, spot: float, up: float, choices) -> None:
    """After recording: answered on the spot, sent up by staff, or forwarded — unless it is still waiting to be
    routed on 30/06/2025."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    day = working_day(recorded, rng.choice([0, 1, 1, 2, 3]))
    if day > ctx.end:
        return
    staff = life.staff
    draw = rng.random()
    if spot <= draw < spot + up:
        life.escalate(day, staff, rng.choice(STAFF_ESCALATIONS[:2] if topic_key == "party" else STAFF_ESCALATIONS[2:]))
        standing = working_day(day, rng.randint(*STANDING_ANSWER_DAYS) + 5)
        if standing <= ctx.end:
            life.answer(standing, standing_answer(ctx, rec, standing), False)
            life.afterwards(standing)
        return
    if draw < spot or not choices:
        texts = ctx.period.spot_answers["party" if topic_key == "party" else "any"]
        there = rec.source in (SOURCE.MEETING, SOURCE.VISIT)  # answered to the cell or the commune there and then
        life.spot(rec.raised_on if there else day, staff, rng.choice(texts))
        life.afterwards(rec.answered_on, there=there)
        return
    key = rng.choices([k for k, _w in choices], [w for _k, w in choices])[0]
    # A body the period has no successor for (the water company, the social insurance): the local committee.
    agency = ctx.agencies.get(key) if key != "district" else None
    agency = agency or life.local
    detour = None
    if key == "district" and topic_key in ("roads", "land", "social") and rng.random() < 0.1:
        detour = ctx.agencies[{"roads": "gtvt", "land": "tnmt", "social": "ldtbxh"}[topic_key]]
    elif key == "nn" and topic_key == "water" and rng.random() < 0.08:
        detour = life.local
    agency_path(life, agency, day, staff, topic_key=topic_key, detour=detour, info=rng.random() < 0.07)
