"""Every guidance page and endpoint, and the home panels, run the same number of queries in a small and a large
world: more guidance, recipients, drafts, comments, departments, sessions and links in the large one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from diaban.core.dates import today
from diaban.guidance.models import DraftComment, DraftRecipient, GuidanceConveyed, GuidanceRecipient, ReviewSession
from diaban.guidance.services.drafts import draft_send
from diaban.guidance.services.guidance import guidance_publish
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.people.choices import Role
from diaban.people.models import Department, Person
from diaban.people.services import account_upsert
from diaban.territory.models import PartyOrganization, Unit
from tests.assignments.test_query_counts import staff_people
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date


def _world(province: Unit, size: int, actor) -> dict:
    """`size` guidance to the province (a third read by everyone), `size` drafts from its communes with a comment
    each, `size` departments with two people each and a session each, `size` meeting reports linked to the
    first guidance; the first district cadre gets an account."""
    district = staff_people(province)
    on = today()
    guidance = [
        guidance_publish(
            actor=actor,
            unit=province,
            title="Định hướng {} số {}".format(province.code, i),
            body="Nội dung",
            convey_by=on + datetime.timedelta(days=10),
        )  # fmt: skip
        for i in range(size)
    ]
    GuidanceRecipient.objects.filter(guidance__in=guidance[: size // 3 + 1]).update(read_at=timezone.now())
    communes = list(Unit.objects.within(province).filter(level__key="commune").order_by("path"))
    drafts = [
        draft_send(
            actor=actor,
            unit=communes[i % len(communes)],
            kind="plan",
            title="Dự thảo {} số {}".format(province.code, i),
            text="…",
            deadline=on + datetime.timedelta(days=5),
        )  # fmt: skip
        for i in range(size)
    ]
    DraftComment.objects.bulk_create(
        [DraftComment(document=d, person=d.recipients.first().person, text="Ý kiến") for d in drafts]
    )
    people = list(Person.objects.filter(home_unit=province).order_by("code"))
    departments = []
    for i in range(size):
        department = Department.objects.create(name="Phòng {} số {}".format(province.code, i), unit=province)
        members = people[(2 * i) % len(people) : (2 * i) % len(people) + 2]
        Person.objects.filter(pk__in=[p.pk for p in members]).update(department=department)
        session = ReviewSession.objects.create(department=department, date=D(2025, 3, 1), minutes="Biên bản họp")
        session.attendees.set(members)
        departments.append(department)
    cadre = Person.objects.filter(home_unit=district).order_by("code").first()
    cadre.user = account_upsert(username="cb-{}".format(province.code), password="x-123456789", role=Role.CADRE).user
    cadre.save()
    DraftRecipient.objects.bulk_create([DraftRecipient(document=d, person=cadre) for d in drafts])
    cells = list(PartyOrganization.objects.filter(unit__path__startswith=province.path, kind="cell")[:size])
    meetings = Meeting.objects.bulk_create(
        [Meeting(organization=c, date=on, planned_date=on, status="held") for c in cells]
    )
    attendances = Attendance.objects.bulk_create(
        [Attendance(meeting=m, person=cadre, source="cadre") for m in meetings]
    )
    reports = MeetingReport.objects.bulk_create([MeetingReport(attendance=a, due_date=on) for a in attendances])
    GuidanceConveyed.objects.bulk_create(
        [GuidanceConveyed(guidance=guidance[0], meeting_report=r, person=cadre, conveyed_on=on) for r in reports]
    )
    return {"guidance": guidance[0], "draft": drafts[0], "session": session, "cadre": cadre.user, "report": reports[0]}


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small_province, large_province = build_province(100, "01"), build_province(1_000, "02")
    staff = account_upsert(
        username="tc", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small_province, large_province]
    ).user
    small, large = _world(small_province, 2, staff), _world(large_province, 35, staff)
    assert small["guidance"].recipient_count * 5 < large["guidance"].recipient_count
    client.force_login(staff)
    pages = {
        "guidance list": lambda w: reverse("guidance_list"),
        "guidance": lambda w: w["guidance"].get_absolute_url(),
        "guidance unread": lambda w: w["guidance"].get_absolute_url() + "?trang_thai=chua-doc&sap_xep=doc",
        "receipts xlsx": lambda w: reverse("guidance_receipts_export", kwargs={"pk": w["guidance"].pk}),
        "conveyed": lambda w: reverse("conveyed_meeting_report", kwargs={"pk": w["report"].pk}),
        "draft list": lambda w: reverse("draft_list"),
        "draft": lambda w: w["draft"].get_absolute_url(),
        "session list": lambda w: reverse("review_session_list") + "?q=bien+ban",
        "session": lambda w: w["session"].get_absolute_url(),
        "session form": lambda w: reverse("review_session_create") + "?phong={}".format(w["session"].department_id),
        "home (office)": lambda w: reverse("home"),
        "api guidance": lambda w: reverse("api:guidance-list"),
        "api guidance detail": lambda w: reverse("api:guidance-detail", kwargs={"pk": w["guidance"].pk}),
        "api receipts": lambda w: reverse("api:guidance-receipt-list") + "?guidance={}".format(w["guidance"].pk),
        "api conveyed": lambda w: reverse("api:guidance-conveyed-list"),
        "api drafts": lambda w: reverse("api:draft-list"),
        "api draft detail": lambda w: reverse("api:draft-detail", kwargs={"pk": w["draft"].pk}),
        "api comments": lambda w: reverse("api:draft-comment-list"),
        "api sessions": lambda w: reverse("api:review-session-list"),
        "api due": lambda w: reverse("api:review-due-list"),
    }
    measured = {}
    for name, make_url in pages.items():
        counts = [count_queries(client, make_url(w)) for w in (small, large)]
        measured[name] = counts
        assert counts[0] == counts[1] and counts[0] <= 20, (name, counts)
    # The cadre's home and guidance pages: unread guidance and drafts awaiting them, more in the large world.
    for name in ("home (cadre)", "guidance (recipient)", "guidance list (recipient)"):
        counts = []
        for world in (small, large):
            client.force_login(world["cadre"])
            url = {
                "home (cadre)": reverse("home"),
                "guidance (recipient)": world["guidance"].get_absolute_url(),
                "guidance list (recipient)": reverse("guidance_list") + "?unread=true",
            }[name]
            counts.append(count_queries(client, url))
        measured[name] = counts
        assert counts[0] == counts[1] and counts[0] <= 30, (name, counts)
    print("\nSố truy vấn (nhỏ, lớn):", measured)
