"""The cells' calendar as they kept it: the generated regular meetings held (with their figures), moved or
postponed, and thematic meetings added."""

import datetime
import random

from django.db.models import OuterRef, Subquery

from diaban.core.dates import today
from diaban.core.models import SEGMENT_LENGTH
from diaban.demo.meetings.facts import DRY_SEASON_TOPIC, MOVE_NOTES, POSTPONE_NOTES, TOPICS, TOPICS_2025, Span
from diaban.meetings.choices import MeetingKind, MeetingStatus
from diaban.meetings.models import Meeting
from diaban.territory.choices import CellKind
from diaban.territory.models import PartyOrganization


def cells_of(queryset) -> dict:
    """The cells, and the cells under each unit path (a cell counts for its unit and every unit above it).
    Ordered in Python, here and below, so that the same draws fall on the same rows whatever the collation."""
    rows = (
        queryset.filter(meeting_day__isnull=False)
        .order_by()
        .values_list("path", "pk", "unit__path", "unit__is_remote", "cell_kind", "member_count")
    )
    by_id, under = {}, {}
    for path, pk, unit_path, remote, kind, members in sorted(rows, key=lambda r: r[0]):
        # Cadres following a commune go to its agency cell at the commune's office more readily than to a
        # hamlet's, and to a remote hamlet's least.
        weight = 0.15 if remote else 3.0 if kind == CellKind.AGENCY else 1.0
        cell = {"id": pk, "path": path, "remote": remote, "weight": weight, "members": members, "held": []}
        by_id[pk] = cell
        for end in range(SEGMENT_LENGTH, len(unit_path) + 1, SEGMENT_LENGTH):
            under.setdefault(unit_path[:end], []).append(cell)
    return {"by_id": by_id, "under": under}


def _figures(meeting: Meeting, cell: dict, rng: random.Random) -> None:
    """A held meeting's members: 70–100 % present (less in remote hamlets), a few excused."""
    total = cell["members"]
    low, high = (0.70, 0.92) if cell["remote"] else (0.75, 1.0)
    present = min(total, max(1, round(total * rng.uniform(low, high))))
    meeting.status = MeetingStatus.HELD
    meeting.members_total = total
    meeting.members_present = present
    meeting.members_excused = min(total - present, rng.choice([0, 1, 1, 2, 2, 3]))
    meeting.committee_met_before = rng.random() < 0.92


def shape_calendar(cells: dict, protected: set, rng: random.Random, span: Span) -> dict:
    """The generated calendar as the cells kept it: held, moved a few days within the month, or postponed."""
    now = today()
    planned = (
        Meeting.objects.filter(kind=MeetingKind.REGULAR, status=MeetingStatus.PLANNED)
        .filter(planned_date__gte=span.start, planned_date__lte=span.end)
        .order_by()
        .values_list("organization_id", "planned_date", "pk")
    )
    # This province's cells only, in the order of their paths.
    ours = sorted((cells["by_id"][o]["path"], d, pk, o) for o, d, pk in planned if o in cells["by_id"])
    held, moved, postponed = [], [], []
    regular = 0
    for _path, planned_date, pk, organization_id in ours:
        cell = cells["by_id"][organization_id]
        regular += 1
        meeting = Meeting(pk=pk, organization_id=organization_id, kind=MeetingKind.REGULAR, date=planned_date,
                          planned_date=planned_date)  # fmt: skip
        draw = rng.random()
        if draw < 0.02 and organization_id not in protected:
            meeting.status = MeetingStatus.POSTPONED
            meeting.note = rng.choice(POSTPONE_NOTES)
            postponed.append(meeting)
            continue
        if draw < 0.05:
            shift = rng.choice([-3, -2, -1, 2, 3, 4, 5, 6])
            date = planned_date + datetime.timedelta(days=shift)
            if date.month != planned_date.month:
                date = planned_date - datetime.timedelta(days=shift)
            meeting.date = date
            meeting.note = rng.choice(MOVE_NOTES)
            moved.append(meeting)
        if meeting.date <= now:
            _figures(meeting, cell, rng)
            held.append(meeting)
            cell["held"].append((meeting.date, MeetingKind.REGULAR, pk))
    Meeting.objects.bulk_update(moved, ["date", "note"], batch_size=1000)
    Meeting.objects.bulk_update(postponed, ["status", "note"], batch_size=1000)
    _write_held(held)
    return {"regular": regular, "held": len(held), "moved": len(moved), "postponed": len(postponed)}


def _write_held(held: list[Meeting]) -> None:
    """Held meetings' figures: one UPDATE per distinct set of figures (a few hundred), the members' total taken
    from the cell. bulk_update would build a CASE branch per meeting and field, seconds of work for 20,000."""
    groups = {}
    for meeting in held:
        key = (meeting.members_present, meeting.members_excused, meeting.committee_met_before)
        groups.setdefault(key, []).append(meeting.pk)
    members = PartyOrganization.objects.filter(pk=OuterRef("organization_id")).values("member_count")[:1]
    for (present, excused, committee_met_before), pks in sorted(groups.items()):
        for first in range(0, len(pks), 900):
            Meeting.objects.filter(pk__in=pks[first : first + 900]).update(
                status=MeetingStatus.HELD,
                members_total=Subquery(members),
                members_present=present,
                members_excused=excused,
                committee_met_before=committee_met_before,
            )


def add_thematic(cells: dict, rng: random.Random, span: Span) -> int:
    """About one thematic meeting a quarter in a third of the cells, in the middle month of the quarter."""
    now = today()
    chosen = [cell for cell in cells["by_id"].values() if rng.random() < 1 / 3]
    new = []
    for cell in chosen:
        for year, month in span.thematic_months():
            date = datetime.date(year, month, rng.randint(18, 27))  # after the regular meeting, moved or not
            topics = TOPICS + ([DRY_SEASON_TOPIC] if month in (2, 5) else []) + (TOPICS_2025 if year == 2025 else [])
            meeting = Meeting(organization_id=cell["id"], kind=MeetingKind.THEMATIC, date=date, planned_date=date,
                              topic=rng.choice(topics))  # fmt: skip
            if date <= now:
                _figures(meeting, cell, rng)
            new.append((cell, meeting))
    Meeting.objects.bulk_create([m for _c, m in new], batch_size=1000)
    for cell, meeting in new:
        if meeting.status == MeetingStatus.HELD:
            cell["held"].append((meeting.date, MeetingKind.THEMATIC, meeting.pk))
    for cell in cells["by_id"].values():
        cell["held"].sort()
    return len(new)
