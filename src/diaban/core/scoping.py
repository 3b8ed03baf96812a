"""The one scoping function: every queryset of user-visible data goes through `restrict`.

A user's scope is a set of units; they see those units and everything below them (a prefix match on the
unit's materialized path). View and capture are separate: `action="view"` for reading, `"capture"` for
writing. Each scoped model says where its unit path is with `scope_path_field` ("path" for Unit itself,
"unit__path" for objects attached to a unit). Objects outside the scope are not forbidden but absent: a
detail view built on a restricted queryset answers 404.

A model may narrow its rows further for some users with a classmethod `narrow_scope(queryset, user, action)`
(an agency's accounts see only the recommendations in their agency's queue); `restrict` always applies it.
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from diaban.core.models import subtree_q

VIEW = "view"
CAPTURE = "capture"
ACTIONS = (VIEW, CAPTURE)


@dataclass(frozen=True)
class Scope:
    """Unit paths a user may act on; `everything` for administrators."""

    everything: bool = False
    paths: tuple[str, ...] = field(default_factory=tuple)

    def covers(self, path: str | None) -> bool:
        if self.everything:
            return True
        return bool(path) and any(path.startswith(p) for p in self.paths)


NOTHING = Scope()


@cache
def _provider():
    return import_string(settings.DIABAN_SCOPE_PROVIDER)


def scope_of(user, action: str = VIEW) -> Scope:
    """The user's scope for `action`, computed once per user object (one request)."""
    if action not in ACTIONS:
        raise ValueError("unknown action {!r}".format(action))
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cache_attr = "_diaban_scope_" + action
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, _provider()(user, action))
    return getattr(user, cache_attr)


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """`queryset` cut down to what `user` may see (or write, with action="capture")."""
    path_field = getattr(queryset.model, "scope_path_field", None)
    if path_field is None:
        raise ImproperlyConfigured("{} has no scope_path_field".format(queryset.model.__name__))
    scope = scope_of(user, action)
    if not scope.everything:
        if not scope.paths:
            return queryset.none()
        condition = Q()
        for path in _outermost(scope.paths):
            condition |= subtree_q(path_field, path)
        queryset = queryset.filter(condition)
    narrow = getattr(queryset.model, "narrow_scope", None)
    return narrow(queryset, user, action) if narrow is not None else queryset


def in_scope(obj, user, action: str = VIEW) -> bool:
    """Whether `restrict` keeps `obj` for `user`: pages show a link to an object only to those it opens for.

    Decided in memory from the object's unit path (no query once the path's relations are loaded), by the same
    prefix rule as `restrict`; a model that narrows its rows further (`narrow_scope`) is asked the database.
    """
    model = type(obj)
    path_field = getattr(model, "scope_path_field", None)
    if path_field is None:
        raise ImproperlyConfigured("{} has no scope_path_field".format(model.__name__))
    if getattr(model, "narrow_scope", None) is not None:
        return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()
    path = obj
    for name in path_field.split("__"):
        path = getattr(path, name, None)
        if path is None:
            break
    return scope_of(user, action).covers(path)


def _outermost(paths) -> list[str]:
    """Drop paths already inside another one, so the SQL stays small."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


class SystemUser:
    """The actor of command-line and maintenance work: sees and writes everything, is no database user."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def __str__(self):
        return "hệ thống"


SYSTEM = SystemUser()
