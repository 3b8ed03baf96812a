"""Groups: the same problem raised by several communes, each in its own words; some answered together by the
agency or the Standing Committee, some still open."""

import datetime

from diaban.core.models import SEGMENT_LENGTH
from diaban.demo.feedback.channels import new_life, raiser_for
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import GROUPS
from diaban.demo.feedback.life import Life, slots_for, working_day
from diaban.feedback import rules
from diaban.feedback.choices import EventAction
from diaban.feedback.models import RecommendationGroup
from diaban.territory.models import Unit


def build_groups(ctx: Context) -> tuple[list[RecommendationGroup], list[Life]]:
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
            raiser = raiser_for(ctx, unit, source, slots_for(ctx, unit))
            life = new_life(ctx, unit, raised, source, spec.topic, text, "", raiser, route=False)
            forwarded = working_day(life.last.date(), rng.randint(1, 2))
            life.forward(agency, forwarded, staff)
            life.agency_step(EventAction.ACKNOWLEDGED, working_day(forwarded, rng.randint(0, 1)))
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
            answered = working_day(joined, rng.randint(1, 3))
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                assert answered < late, "{}: answered {} after the escalation of {}".format(spec.title, answered, late)
                life.answer(answered, spec.answer, True)
        elif spec.outcome == "standing":
            topic = ctx.topics[spec.topic]
            up = max(working_day(rules.escalation_day(members[1].rec.deadline, topic), 1), working_day(joined, 1))
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                if late <= up:
                    life.auto_escalate(late)
                else:
                    life.escalate(up, staff, "Trình Thường trực cùng nhóm «{}»: nhiều xã cùng kiến nghị, {} chưa giải "
                                  "quyết được.".format(spec.title, agency.name))  # fmt: skip
            answered = working_day(up, rng.randint(4, 8))
            for life in members:
                life.answer(answered, spec.answer, False)
        else:
            for life in members:
                late = rules.escalation_day(life.rec.deadline, life.rec.topic)
                if late <= ctx.end:
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


def _common_unit(ctx: Context, units) -> Unit:
    prefix = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(prefix):
            prefix = prefix[:-SEGMENT_LENGTH]
    return ctx.by_path.get(prefix) or ctx.province
