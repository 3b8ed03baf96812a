"""What the reform left open. On the first working day after 01/07/2025 organization staff hand each recommendation of
old Bến Tre still open on 30/06/2025 to the body that took over the work of the one it was with (today's department
for a department's, the new commune's People's Committee for a district's), or route there one that was still
waiting; today's Standing Committee answers what had been sent up to Bến Tre's. From there each lives as any other.
The recommendation stays on its old unit (its history); the text of the answers is about the unit it lives on in."""

import datetime
from collections import defaultdict

from django.utils import timezone

from diaban.core.models import within_any_q
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import AGENCIES, ROUTES, STANDING_ANSWER_DAYS, S
from diaban.demo.feedback.life import Life, agency_path, answer_text, standing_answer, working_day
from diaban.feedback.choices import AgencyKind, EventAction
from diaban.feedback.models import Recommendation, RecommendationGroup
from diaban.territory.models import Succession, Unit
from diaban.territory.reform import REFORM_DATE

HANDOVER_NOTE = "Bàn giao sau sắp xếp đơn vị hành chính: {former} ngừng hoạt động từ 01/07/2025."


def handover_lives(ctx: Context) -> tuple[list[Life], list[RecommendationGroup]]:
    """The lives of the old province's open recommendations, carried on in today's province of `ctx`, and the groups
    of them answered together (a group is handed over, and answered, as one)."""
    former_provinces = Unit.objects.filter(successions_out__successor=ctx.province, level__key="province")
    recs = list(
        Recommendation.objects.filter(within_any_q("unit__path", [p.path for p in former_provinces]))
        .exclude(status__in=[S.ANSWERED, S.CLOSED])
        .select_related("unit", "topic", "agency", "group")
        .order_by("pk")
    )
    today_of = _today_units({rec.unit for rec in recs}, ctx)
    keys = {name: key for key, name, *_rest in AGENCIES}
    topic_keys = {topic.pk: key for key, topic in ctx.topics.items()}
    lives, groups = [], defaultdict(list)
    for rec in recs:
        place = today_of.get(rec.unit_id)
        if place is None:
            continue
        ctx.now_of[rec.unit_id] = place
        ctx.local_of[rec.unit_id] = ctx.local_of[place.pk]
        life = Life(ctx, rec)
        life.last = rec.updated_at
        lives.append(life)
        if rec.group_id is not None:
            groups[rec.group_id].append(life)
            continue
        # Recorded after the reform (a report on a June meeting sent in July): routed once it is in.
        day = max(working_day(REFORM_DATE), working_day(timezone.localtime(rec.created_at).date()))
        topic_key = topic_keys[rec.topic_id]
        if rec.status == S.ESCALATED:
            _standing_answers([life], day, keys)
        else:
            former = rec.agency
            agency = _successor(ctx, life, former, keys, topic_key)
            note = HANDOVER_NOTE.format(former=former.name) if former is not None else ""
            agency_path(life, agency, day, ctx.staff["tochuc"], topic_key=topic_key, note=note)
    answered = []
    for members in groups.values():
        group = members[0].rec.group
        if any(m.rec.status == S.ESCALATED for m in members):
            day = _standing_answers(members, working_day(REFORM_DATE), keys)
        else:
            day = _handed_together(members, keys, topic_keys)
        if day is not None:
            group.answer, group.answered_on = members[0].rec.answer, day
            answered.append(group)
    return lives, answered


def _standing_answers(members: list[Life], handed_over: datetime.date, keys: dict) -> datetime.date | None:
    """Today's Standing Committee answers (all of a group with one answer)."""
    ctx, first = members[0].ctx, members[0].rec
    latest = max(m.rec.escalated_on or handed_over for m in members)
    day = working_day(max(handed_over, latest), ctx.rng.randint(*STANDING_ANSWER_DAYS))
    if day > ctx.end:
        return None
    successor = ctx.agencies.get(keys.get(first.agency.name, "")) if first.agency_id else None
    _answer_together(members, day, standing_answer(ctx, first, day, successor), by_agency=False)
    return day


def _handed_together(members: list[Life], keys: dict, topic_keys: dict) -> datetime.date | None:
    """A group still with a body that ended: handed over as one to the body that took over its work, which answers
    them together."""
    ctx, first = members[0].ctx, members[0].rec
    topic_key = topic_keys[first.topic_id]
    agency = _successor(ctx, members[0], first.agency, keys, topic_key)
    handed_over = working_day(REFORM_DATE)
    note = HANDOVER_NOTE.format(former=first.agency.name)
    for life in members:
        life.forward(agency, handed_over, ctx.staff["tochuc"], note)
        life.agency_step(EventAction.ACKNOWLEDGED, working_day(handed_over, 1))
    day = working_day(handed_over, ctx.rng.randint(8, 15))
    if day > ctx.end:
        return None
    _answer_together(members, day, answer_text(ctx, topic_key, agency, day), by_agency=True)
    return day


def _answer_together(members: list[Life], day: datetime.date, text: str, by_agency: bool) -> None:
    """One answer for them all, then each told back to its grassroots."""
    for life in members:
        life.answer(day, text, by_agency)
    for life in members:
        life.afterwards(day)


def _successor(ctx: Context, life: Life, former, keys: dict, topic_key: str):
    """The body that took over the work of `former` (for a district's People's Committee, the new commune's); for
    one still to route, the topic's usual body of today."""
    if former is not None and former.kind == AgencyKind.PEOPLES_COMMITTEE:
        return life.local
    key = keys.get(former.name) if former is not None else ROUTES[topic_key][0][0]
    agency = ctx.agencies.get(key) if key and key != "district" else None
    return agency or life.local


def _today_units(units: set, ctx: Context) -> dict:
    """Each old unit's successor in today's province (a hamlet's carried hamlet, a commune's new commune), or its
    nearest ancestor's."""
    successor = dict(
        Succession.objects.filter(date=REFORM_DATE, successor_id__in=ctx.units).values_list(
            "predecessor_id", "successor_id"
        )
    )
    by_path = dict(
        Unit.objects.filter(path__in={p for unit in units for p in unit.ancestor_paths()}).values_list("path", "pk")
    )
    found = {}
    for unit in units:
        ids = [unit.pk] + [by_path[p] for p in reversed(unit.ancestor_paths()) if p in by_path]
        new = next((successor[pk] for pk in ids if pk in successor), None)
        if new is not None and new in ctx.local_of:
            found[unit.pk] = ctx.units[new]
    return found
