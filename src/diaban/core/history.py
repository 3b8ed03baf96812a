"""History rows shared by the apps that keep who changed what and when."""

import datetime

from django.utils import timezone

# Autosaves by the same person within this time are one "saved" event in a history, not one per keystroke.
AUTOSAVE_MERGE = datetime.timedelta(minutes=30)


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
