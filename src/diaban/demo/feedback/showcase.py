"""The demo cadre's hamlet: answers for him to tell back and one still with the agency the year before the reform;
the weeks before today, one for each of the agency, the leader and staff to act on."""

import datetime

from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.feedback.channels import new_life, raiser_for
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import (
    CONVEY_NOTES,
    SHOWCASE,
    SHOWCASE_HAMLET,
    SHOWCASE_TODAY,
    SOURCE,
    STAFF_ESCALATIONS,
)
from diaban.demo.feedback.life import Life, answer_text, slots_for, working_day
from diaban.feedback.choices import EventAction
from diaban.people.models import Person
from diaban.territory.reform import REFORM_DATE


def showcase_lives(ctx: Context) -> list[Life]:
    hamlet = next((u for u in ctx.units.values() if u.code == SHOWCASE_HAMLET), None)
    cadre = Person.objects.filter(code=DEMO_CADRE).values_list("pk", flat=True).first()
    if hamlet is None or cadre is None:
        return []
    lives = []
    for raised, topic_key, agency_key, text, answered, conveyed in SHOWCASE:
        life = new_life(ctx, hamlet, raised, SOURCE.DIRECT, topic_key, text, "", raiser_for(ctx, hamlet, SOURCE.DIRECT,
                         slots_for(ctx, hamlet)), carrier=cadre, route=False)  # fmt: skip
        life.rec.created_by_id = ctx.person_user.get(cadre) or life.rec.created_by_id
        life.events[0].actor_id = life.rec.created_by_id
        agency = ctx.agencies[agency_key]
        staff = ctx.staff["tochuchuyen"]
        life.forward(agency, working_day(raised, 1), staff)
        life.agency_step(EventAction.ACKNOWLEDGED, working_day(raised, 2))
        if answered is not None:
            life.answer(answered, answer_text(ctx, topic_key, agency, answered), True)
            if conveyed:
                life.rec.conveyed_on, life.rec.conveyed_by_id = answered + datetime.timedelta(days=9), cadre
                life.log(EventAction.CONVEYED, ctx.person_user.get(cadre), life.rec.conveyed_on, CONVEY_NOTES[2])
        lives.append(life)
    return lives


def showcase_today_lives(ctx: Context) -> list[Life]:
    """Raised by the demo cadre in his hamlet of today in the weeks before the day the demo is built (none that would
    fall before the reform)."""
    hamlet = next((u for u in ctx.units.values() if u.code == SHOWCASE_HAMLET), None)
    cadre = Person.objects.filter(code=DEMO_CADRE).values_list("pk", flat=True).first()
    if hamlet is None or cadre is None:
        return []
    lives = []
    staff = ctx.staff["tochuc"]
    for before, topic_key, step, agency_key, text in SHOWCASE_TODAY:
        raised = ctx.end - before
        if raised < REFORM_DATE:
            continue
        life = new_life(ctx, hamlet, raised, SOURCE.DIRECT, topic_key, text, "", raiser_for(ctx, hamlet, SOURCE.DIRECT,
                         slots_for(ctx, hamlet)), carrier=cadre, route=False)  # fmt: skip
        life.rec.created_by_id = ctx.person_user.get(cadre) or life.rec.created_by_id
        life.events[0].actor_id = life.rec.created_by_id
        routed = working_day(raised, 1)
        if step == "with_agency" and routed <= ctx.end:
            life.forward(ctx.agencies[agency_key], routed, staff)
            if working_day(raised, 2) <= ctx.end:
                life.agency_step(EventAction.ACKNOWLEDGED, working_day(raised, 2))
        elif step == "sent_up" and routed <= ctx.end:
            life.escalate(routed, staff, STAFF_ESCALATIONS[0 if topic_key == "party" else 2])
        lives.append(life)
    return lives
