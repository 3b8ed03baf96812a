"""Guidance conveyed in a meeting or trip report, as its author records it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core.dates import format_date
from diaban.guidance import selectors
from diaban.guidance.models import Guidance, GuidanceConveyed, GuidanceRecipient
from diaban.meetings.models import MeetingReport
from diaban.visits.selectors import person_of


def is_report_author(user, report) -> bool:
    person = person_of(user)
    return person is not None and selectors.report_author(report).pk == person.pk


@transaction.atomic
def conveyed_add(*, actor, guidance: Guidance, report) -> GuidanceConveyed:
    """The author of `report` says they conveyed `guidance` there."""
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới ghi được định hướng đã truyền đạt trong báo cáo đó.")
    author = selectors.report_author(report)
    day = selectors.report_date(report)
    if guidance.published_on > day:
        raise ValidationError(
            {
                "guidance": "Định hướng «{}» gửi ngày {}, sau ngày {} của báo cáo: chưa thể truyền đạt.".format(
                    guidance.title, format_date(guidance.published_on), format_date(day)
                )
            }
        )
    if not GuidanceRecipient.objects.filter(guidance=guidance, person=author).exists():
        raise ValidationError({"guidance": "Định hướng «{}» không gửi cho bạn.".format(guidance.title)})
    is_meeting = isinstance(report, MeetingReport)
    link, created = GuidanceConveyed.objects.get_or_create(
        guidance=guidance,
        meeting_report=report if is_meeting else None,
        trip_report=None if is_meeting else report,
        defaults={"person": author, "conveyed_on": day, "recorded_by": actor if actor.pk else None},
    )
    if not created:
        raise ValidationError({"guidance": "Đã ghi định hướng «{}» trong báo cáo này.".format(guidance.title)})
    return link


@transaction.atomic
def conveyed_remove(*, actor, link: GuidanceConveyed) -> None:
    if not is_report_author(actor, link.report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới bỏ được định hướng đã ghi trong báo cáo đó.")
    link.delete()


@transaction.atomic
def conveyed_set(*, actor, report, guidance_ids) -> tuple[int, int]:
    """Make the guidance linked to `report` exactly `guidance_ids` (the ticked boxes). Returns (added, removed)."""
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới ghi được định hướng đã truyền đạt trong báo cáo đó.")
    wanted = {int(pk) for pk in guidance_ids}
    if wanted - set(Guidance.objects.filter(pk__in=wanted).values_list("pk", flat=True)):
        raise ValidationError({"guidance": "Có định hướng không tồn tại trong danh sách đã chọn."})
    current = selectors.linked_ids(report)
    added = 0
    for guidance in Guidance.objects.filter(pk__in=wanted - current).order_by("pk"):
        conveyed_add(actor=actor, guidance=guidance, report=report)
        added += 1
    stale = current - wanted
    if isinstance(report, MeetingReport):
        GuidanceConveyed.objects.filter(meeting_report=report, guidance_id__in=stale).delete()
    else:
        GuidanceConveyed.objects.filter(trip_report=report, guidance_id__in=stale).delete()
    return added, len(stale)
