"""The main menu, by user: an item shows only to someone the page serves — who may open it and finds something in it,
or may add something there. Each test is the page's own rule (its app's selector or permission check), so the menu
cannot offer a page that refuses the user or always stays empty for them.

It sits at the top of the package, beside urls.py, because it names the pages of every app.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from diaban.assignments.selectors import assignments_visible
from diaban.core.scoping import NOTHING, scope_of
from diaban.feedback.selectors import can_record_somewhere, recommendations_visible
from diaban.guidance import selectors as guidance_selectors
from diaban.guidance.services.drafts import can_send_drafts
from diaban.guidance.services.guidance import can_publish
from diaban.people.models import Person
from diaban.people.permissions import can_manage_people
from diaban.people.selectors import people_visible
from diaban.territory.models import UnitLevel
from diaban.territory.selectors import organizations_visible
from diaban.visits.selectors import plans_visible


def _never(user) -> bool:
    return False


def _has_scope(user) -> bool:
    """The unit tree and the dashboards open on the user's scope units (404 without any)."""
    return scope_of(user) != NOTHING


@dataclass(frozen=True)
class MenuItem:
    """A page of the menu: shown when one of `rows(user)` (the page's own querysets) has a row, or else when
    `allowed(user)` (the page's own permission check: may open it, may add something there)."""

    label: str
    url_name: str
    allowed: Callable[[object], bool] = _never
    rows: Callable[[object], list] | None = None


MENU = (
    MenuItem(_("Trang chính"), "home", allowed=lambda user: True),
    MenuItem(_("Địa bàn"), "unit_list", allowed=_has_scope),
    MenuItem(_("Tổ chức đảng"), "organization_list", rows=lambda user: [organizations_visible(user)]),
    MenuItem(_("Cán bộ"), "person_list", allowed=can_manage_people, rows=lambda user: [people_visible(user)]),
    MenuItem(
        _("Phân công"), "assignment_list", allowed=can_manage_people, rows=lambda user: [assignments_visible(user)]
    ),
    MenuItem(_("Độ bao phủ"), "coverage", allowed=_has_scope),
    MenuItem(_("Dự sinh hoạt"), "compliance", allowed=_has_scope),
    # Anyone linked to a cadre record (people.permissions.person_of) may plan a trip.
    MenuItem(
        _("Đi cơ sở"),
        "visit_plan_list",
        rows=lambda user: [plans_visible(user), Person.objects.filter(user_id=user.pk)],
    ),
    # Guidance, with drafts sent up for comment and review sessions as tabs of the same pages. Sessions are asked
    # last: their query needs the reader's cadre record.
    MenuItem(
        _("Định hướng, góp ý"),
        "guidance_list",
        allowed=lambda user: (
            can_publish(user) or can_send_drafts(user) or guidance_selectors.sessions_visible(user).exists()
        ),
        rows=lambda user: [guidance_selectors.guidance_visible(user), guidance_selectors.drafts_visible(user)],
    ),
    MenuItem(
        _("Kiến nghị"),
        "recommendation_list",
        allowed=can_record_somewhere,
        rows=lambda user: [recommendations_visible(user)],
    ),
    # The API answers every signed-in user within their scope; its documentation is offered to those who keep data
    # through it (leaves, departments, bulk work): the managers.
    MenuItem("API", "api:docs", allowed=can_manage_people),
)


def _with_rows(querysets: list) -> list[bool]:
    """Whether each queryset has a row, in one query: every page renders the menu, so it must stay cheap. The
    EXISTS tests ride on the first unit level (the migrations create the levels, so there is always one)."""
    if not querysets:
        return []
    names = ["has_{}".format(i) for i in range(len(querysets))]
    annotated = UnitLevel.objects.order_by("pk").annotate(
        **{n: Exists(q) for n, q in zip(names, querysets, strict=True)}
    )
    row = annotated.values_list(*names).first()
    return list(row) if row else [False] * len(querysets)


def shown_items(user) -> list[str]:
    """The URL names of the items `user` is shown, in order."""
    if user is None or not user.is_authenticated:
        return []
    asked = [(item, item.rows(user) if item.rows else []) for item in MENU]
    found = iter(_with_rows([q for _item, querysets in asked for q in querysets]))
    shown = []
    for item, querysets in asked:
        has_rows = [next(found) for _q in querysets]
        if any(has_rows) or item.allowed(user):
            shown.append(item.url_name)
    return shown


# The menu is worked out at sign-in and kept in the session for a few minutes: pages do not pay its queries, and a
# change of role, scope or data shows in the menu soon after (the pages themselves always check afresh).
SESSION_KEY = "diaban_menu"
FRESH_FOR = 300  # seconds


def remember_menu(sender, request, user, **kwargs):
    """On sign-in (user_logged_in)."""
    if getattr(request, "session", None) is not None:
        request.session[SESSION_KEY] = {"items": shown_items(user), "at": time.time()}


def menu_for(request) -> list[dict]:
    """The items the signed-in user is shown, each with its address and whether it is the page being viewed."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not stored or not 0 <= time.time() - stored["at"] <= FRESH_FOR:
        stored = {"items": shown_items(user), "at": time.time()}
        if session is not None:
            session[SESSION_KEY] = stored
    names = set(stored["items"])
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    return [
        {"label": item.label, "url": reverse(item.url_name), "current": item.url_name == current}
        for item in MENU
        if item.url_name in names
    ]


def menu(request):
    """Context processor: `main_menu`, looked at only when a page renders the menu (not for htmx fragments)."""
    return {"main_menu": SimpleLazyObject(lambda: menu_for(request))}
