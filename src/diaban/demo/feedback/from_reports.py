"""The recommendations the meeting and trip reports made (demo.reports, demo.visits): a topic, who raised it and a
life for each."""

from django.utils import timezone

from diaban.core.text import fold, in_sentence
from diaban.demo.feedback.context import Context
from diaban.demo.feedback.facts import EXISTING, ROUTES, SOURCE
from diaban.demo.feedback.life import Life, route_life
from diaban.feedback.choices import RaiserKind
from diaban.feedback.models import Recommendation
from diaban.feedback.selectors import suggest_topic


def existing_life(ctx: Context, rec: Recommendation) -> Life:
    life = Life(ctx, rec)
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
        commune = rec.unit if rec.unit.depth == ctx.commune_depth else ctx.units[rec.unit.parent_id]
        rec.raiser_name = "Đảng ủy " + in_sentence(commune.name)
    actor = rec.created_by_id or ctx.person_user.get(rec.carried_by_id)
    life.record(timezone.localtime(rec.created_at), actor)
    if life.last.date() <= ctx.end:
        route_life(life, life.last.date(), topic_key=topic_key, spot=spot, up=up, choices=choices)
    return life
