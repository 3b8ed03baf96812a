"""History rows shared by the apps that keep who changed what and when.

Each app's history model (an assignment's, a report's, a plan's…) inherits `Event`, is written by
`Event.record()` from the app's services and read back as lines by `change_lines()`; core knows no domain,
so the apps bring their own `action` choices, the object the event belongs to and the labels of their fields.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diaban.core.text import nfc

# Autosaves by the same person within this time are one "saved" event in a history, not one per keystroke.
AUTOSAVE_MERGE = datetime.timedelta(minutes=30)

EMPTY = "—"


def change_lines(changes: dict, labels: dict, *, created: bool = False) -> list[str]:
    """Each change ({field: [before, after]}) as a reader sees it: "Số lần tối thiểu: 2 → 3", or for a created
    object "Số lần tối thiểu: 2"; a field without a label keeps its own name, an empty value reads "—"."""
    result = []
    for name, (before, after) in changes.items():
        label = str(labels.get(name, name))
        label = label[:1].upper() + label[1:]
        if created:
            result.append("{}: {}".format(label, after or EMPTY))
        else:
            result.append("{}: {} → {}".format(label, before or EMPTY, after or EMPTY))
    return result


class Event(models.Model):
    """One step in the history of an object: who (`actor`, none for the system), when (`at`) and what
    (`changes`, each field concerned as [before, after] in the words a reader sees). A subclass adds its
    `action` choices, the link to the object and its own notes (a reason, a comment)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @classmethod
    def record(cls, *, action: str, actor, changes: dict | None = None, **fields):
        """Write one event: `actor` when it is a signed-in user (else the system), `changes` when there are
        any, and the subclass's own fields (the object, a reason…), text normalized as everywhere else."""
        values = {name: nfc(value) if isinstance(value, str) else value for name, value in fields.items()}
        if changes:
            values["changes"] = changes
        user = actor if isinstance(actor, get_user_model()) and actor.pk is not None else None
        return cls.objects.create(action=action, actor=user, **values)

    def lines(self, labels: dict, *, created: bool = False) -> list[str]:
        """This event's changes as lines for a reader (see `change_lines`)."""
        return change_lines(self.changes, labels, created=created)


def fold_into_last_save(last_event, *, action: str, actor, changes: dict) -> bool:
    """Fold `changes` ({field: [before, after]}) into `last_event` when it is the same person's `action` (a save)
    less than AUTOSAVE_MERGE ago, keeping each field's first "before"; True when it did, so the caller writes no
    new event."""
    if (
        last_event is None
        or last_event.action != action
        or last_event.actor_id != actor.pk
        or timezone.now() - last_event.at >= AUTOSAVE_MERGE
    ):
        return False
    merged = dict(last_event.changes)
    for name, (before, after) in changes.items():
        merged[name] = [merged[name][0] if name in merged else before, after]
    last_event.changes = merged
    last_event.save(update_fields=["changes"])
    return True
