"""The recommendations part of the home page, by role: an agency's queue (overdue first), what waits on
organization staff (to route, returned, overdue), what was sent up to the Standing Committee for leaders, and the
answers to the grassroots unit's recommendations for cell secretaries. Cadres find theirs in the meetings panel.
Two queries at most."""

from diaban.core.dates import today
from diaban.core.models import first_with_count
from diaban.core.scoping import CAPTURE
from diaban.feedback import selectors
from diaban.feedback.choices import ANSWERED_STATUSES, RecommendationStatus
from diaban.people.choices import Role

SHOWN = 5
S = RecommendationStatus


def recommendations_panel(request, person, role):
    user, on = request.user, today()
    context = {"template": "feedback/_home_panel.html", "role": role, "today": on}
    if role == Role.AGENCY:
        rows, total = first_with_count(selectors.agency_queue(user).select_related("unit"), SHOWN)
        context.update(title="Kiến nghị chờ cơ quan giải quyết", rows=rows, total=total, link="?")
    elif role in (Role.ORGANIZATION, Role.ADMINISTRATOR):
        waiting = selectors.recommendations_visible(user, CAPTURE).filter(status__in=[S.NEW, S.RETURNED])
        rows, total = first_with_count(waiting.select_related("unit").order_by("raised_on", "id"), SHOWN)
        overdue = selectors.recommendations_visible(user, CAPTURE).filter(selectors.overdue_q(on)).count()
        context.update(title="Kiến nghị chờ phân loại, chuyển xử lý", rows=rows, total=total, overdue=overdue,
                       link="?xem=cho-phan-loai")  # fmt: skip
    elif role == Role.LEADER:
        escalated = selectors.recommendations_visible(user).filter(status=S.ESCALATED)
        rows, total = first_with_count(escalated.select_related("unit").order_by("deadline", "id"), SHOWN)
        context.update(title="Kiến nghị trình Thường trực", rows=rows, total=total, link="?xem=thuong-truc")
    elif role == Role.GRASSROOTS:
        answered = selectors.recommendations_visible(user, CAPTURE).filter(status__in=ANSWERED_STATUSES)
        rows, total = first_with_count(answered.select_related("unit").order_by("-answered_on", "-id"), SHOWN)
        context.update(title="Trả lời kiến nghị của cơ sở", rows=rows, total=total, link="?xem=da-tra-loi",
                       answers=True)  # fmt: skip
    else:
        return None
    for row in context["rows"]:
        row.overdue = row.is_overdue(on)
    return context
