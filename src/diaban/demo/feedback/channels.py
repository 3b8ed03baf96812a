"""New recommendations from the other channels: petitions, public opinion, units' reports and direct entry, each
in the manner of its channel, never the same text twice."""

import datetime
import random

from django.utils import timezone

from diaban.core.dates import today
from diaban.core.text import fold, in_sentence
from diaban.demo.assignments import FAMILY, GIVEN, MIDDLE
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import (
    COASTAL,
    OPINION_FORMS,
    OPINIONS,
    PETITIONS,
    ROUTES,
    SOURCE,
    TEXTS,
    TOPIC_WEIGHTS,
    UNIT_RAISERS,
    URBAN_WATER,
)
from diaban.demo.feedback.life import Life, expand, route_life, slots_for, working_day
from diaban.feedback.choices import RaiserKind
from diaban.feedback.models import Recommendation
from diaban.people.choices import Gender
from diaban.territory.models import Unit


def lives_from_channels(ctx: Context) -> list[Life]:
    rng = ctx.rng
    weights = [len(ctx.hamlets_of[c.pk]) for c in ctx.communes]
    sources = [(SOURCE.PETITION, 22), (SOURCE.PUBLIC_OPINION, 14), (SOURCE.UNIT_REPORT, 26), (SOURCE.DIRECT, 38)]
    lives = []
    start, span = ctx.period.start, (ctx.period.end - ctx.period.start).days
    for _i in range(ctx.period.new_total):
        commune = rng.choices(ctx.communes, weights)[0]
        unit = commune if rng.random() < 0.5 else rng.choice(ctx.hamlets_of[commune.pk])
        raised = start + datetime.timedelta(days=rng.randrange(span + 1))
        source = rng.choices([s for s, _w in sources], [w for _s, w in sources])[0]
        topic_key = _topic_for(ctx, commune, raised)
        text, hint, raiser = _compose(ctx, unit, topic_key, source)
        life = new_life(ctx, unit, raised, source, topic_key, text, hint, raiser)
        # A letter or a unit's report raised in the last days and entered after today is not in the product yet.
        if timezone.localdate(life.rec.created_at) <= today():
            lives.append(life)
    return lives


def _topic_for(ctx: Context, commune: Unit, day: datetime.date) -> str:
    weights = dict(TOPIC_WEIGHTS)
    coastal = ctx.district_of[commune.pk] in COASTAL
    if day.month in (12, 1, 2, 3, 4, 5):
        weights["water"] *= 2.5 if coastal else 1.5
    if day.month in (7, 8, 9, 10):
        weights["health"] *= 1.3
    if day.month in (8, 9, 10, 11):
        weights["roads"] *= 1.3
    return ctx.rng.choices(list(weights), list(weights.values()))[0]


def _compose(ctx: Context, unit: Unit, topic_key: str, source: str) -> tuple[str, str, tuple]:
    """Text, routing hint and (raiser kind, name, contact), in the manner of the channel; never the same text
    twice."""
    rng = ctx.rng
    slots = slots_for(ctx, unit)
    for _attempt in range(8):
        hint = ""
        if source == SOURCE.PETITION and topic_key in PETITIONS and rng.random() < 0.8:
            text = expand(rng.choice(PETITIONS[topic_key]), rng, slots)
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
                what = expand(rng.choice(opinions), rng, slots)
                text = expand(rng.choice(OPINION_FORMS), rng, {**slots, "what": in_sentence(what)})
            else:
                template, hint = rng.choice(TEXTS[topic_key])
                text = expand(template, rng, slots)
            raiser = raiser_for(ctx, unit, source, slots)
        if text not in ctx.texts:
            break
    ctx.texts.add(text)
    return text, hint, raiser


def raiser_for(ctx: Context, unit: Unit, source: str, slots: dict) -> tuple:
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


def _carrier(ctx: Context, unit: Unit):
    """The cadre following the unit (or its commune), who carries it and tells the answer back."""
    hamlet = unit.depth == ctx.commune_depth + 1
    people = ctx.followers.get(unit.pk) or (ctx.followers.get(unit.parent_id) if hamlet else None)
    return ctx.rng.choice(people) if people else None


def new_life(ctx, unit, raised, source, topic_key, text, hint, raiser, carrier="follower", route=True) -> Life:
    rng = ctx.rng
    rec = Recommendation(
        unit=unit, text=text, source=source, raised_on=raised, topic=ctx.topics[topic_key], raiser_kind=raiser[0],
        raiser_name=raiser[1], raiser_contact=raiser[2], carried_by_id=_carrier(ctx, unit) if carrier == "follower"
        else carrier, search_key=fold(text),
    )  # fmt: skip
    rec.normalize_text()
    life = Life(ctx, rec)
    staff = life.staff
    recorded = (
        working_day(raised, rng.choice([0, 0, 1, 2])) if source in (SOURCE.PETITION, SOURCE.UNIT_REPORT) else raised
    )
    rec.created_by_id = staff[0]
    life.record(life.stamp(recorded), staff[0])
    if route and recorded <= ctx.end:
        choices = _choices(life, topic_key, hint)
        party = topic_key == "party"
        route_life(life, recorded, topic_key=topic_key, spot=0.3 if party else 0.1, up=0.1 if party else 0.015,
               choices=choices)  # fmt: skip
    return life


def _choices(life: Life, topic_key: str, hint: str) -> list:
    if hint == "pipe":
        return [("capnuoc", 1)] if life.district in URBAN_WATER else [("nn", 1), ("district", 1)]
    if hint and life.ctx.rng.random() < 0.8:
        return [(hint, 1)]
    return ROUTES[topic_key]
