"""The guidance part of the home page: for a cadre, unread guidance, drafts awaiting their comment and their
recent reports (to record what they conveyed), three queries; for the offices that publish and send, what they
sent and how it was received, and the departments due a review session."""

import datetime

from diaban.core.dates import today
from diaban.core.models import first_with_count
from diaban.guidance import selectors
from diaban.guidance.models import DraftDocument, Guidance
from diaban.guidance.services.drafts import SENDERS
from diaban.guidance.services.guidance import PUBLISHERS
from diaban.people.models import Department
from diaban.people.permissions import MANAGERS

SHOWN = 5
REPORTS_SINCE = datetime.timedelta(days=45)


def cadre_panel(request, person, role):
    if person is None:
        return None
    on = today()
    unread, unread_count = first_with_count(selectors.unread_for(person), SHOWN)
    awaiting, awaiting_count = first_with_count(selectors.drafts_awaiting(person, on), SHOWN)
    return {
        "template": "guidance/_home_panel.html",
        "unread": unread,
        "unread_count": unread_count,
        "awaiting": awaiting,
        "awaiting_count": awaiting_count,
        "reports": selectors.recent_reports(person, on - REPORTS_SINCE, limit=3),
    }


def office_panel(request, person, role):
    """Publishers, senders and those who keep review sessions: what they sent lately and what is due."""
    user = request.user
    publishes, sends = role in PUBLISHERS, role in SENDERS
    if not (publishes or sends):
        # Cadres who head a department are reminded by `diaban remind` and find the sessions in the menu: their
        # home page stays within its query budget.
        return None
    keeps_sessions = role in MANAGERS or (person is not None and Department.objects.filter(head=person).exists())
    due = selectors.sessions_due(selectors.departments_recordable(user), today()) if keeps_sessions else []
    sent_guidance = Guidance.objects.filter(published_by=user).order_by("-published_at")
    sent_drafts = DraftDocument.objects.filter(sent_by=user).order_by("-sent_at")
    return {
        "template": "guidance/_office_panel.html",
        "publishes": publishes,
        "sends": sends,
        "keeps_sessions": keeps_sessions,
        "sent_guidance": list(selectors.with_read_counts(sent_guidance)[:3]) if publishes else [],
        "sent_drafts": list(selectors.with_answer_counts(sent_drafts)[:3]) if sends else [],
        "due": due[:SHOWN],
        "due_count": len(due),
    }
