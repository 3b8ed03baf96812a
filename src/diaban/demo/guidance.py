"""Guidance, drafts for comment and review sessions of the Bến Tre demo, 07/2024 to 06/2025.

Guidance: each month the Standing Committees of the province and of Ba Tri send their cadres the points to
convey at cell meetings (the topics of those months: storm and flood season, the dry season, the 2025
congresses, the 2025 reorganization). Their recipients are computed as the app computes them, on each day of
publication; most read within days, some late, and a few cadres never open anything — as the articles say,
guidance reaches some cadres late or not at all. The demo cadre leaves June's guidance unread, so that his home
page has some, and records what he conveyed in his meeting reports; other cadres of Ba Tri do so for some of
theirs.

Drafts for comment: communes of Ba Tri (and the demo cell secretary's hamlet) send their draft resolutions,
plans and reports to the cadres following them; most answer, some never do.

Review sessions: four quarterly sessions (Q3/2024 to Q2/2025) of "Phòng Tổ chức cơ sở đảng - đảng viên" of the
provincial organization committee (created by the visits demo), or, without it, of Ba Tri's organization
committee. Generated, deterministic (seeded), written in bulk; loaded once. The texts are in data/guidance.json.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from diaban.core.dates import format_date, today
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.common import data, refresh_statistics
from diaban.guidance.choices import DraftKind, ReviewPeriod
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    DraftRecipient,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.guidance.selectors import draft_followers, guidance_audience, session_members
from diaban.meetings.models import MeetingReport
from diaban.people.models import Department, Person
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE

SEED = 2025_06_30
MONTHS = [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 7)]
FIRST_DAY, LAST_DAY = datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)
NEVER_READS = 0.06  # cadres who open no guidance at all
READS = 0.88  # of the others, the share who read a given guidance
SESSION_DEPARTMENT = ("Phòng Tổ chức cơ sở đảng - đảng viên", "Ban Tổ chức Tỉnh ủy Bến Tre")
FALLBACK_DEPARTMENT = "Ban Tổ chức Huyện ủy Ba Tri"

_TEXTS = data("guidance")
# Month → (topic, points to convey). The same topic goes out from the province and, adapted, from Ba Tri; after the
# reform from today's Vĩnh Long's provincial committee.
TOPICS = {
    tuple(int(n) for n in month.split("-")): tuple(topic)
    for month, topic in [*_TEXTS["topics"].items(), *_TEXTS["topics_after_reform"].items()]
}
DRAFTS = [(DraftKind(kind), title) for kind, title in _TEXTS["drafts"]]  # (kind, title) sent up for comment
COMMENTS = _TEXTS["comments"]
# Review sessions: (date, minutes, lessons).
SESSIONS = [(datetime.date.fromisoformat(day), minutes, lessons) for day, minutes, lessons in _TEXTS["sessions"]]


def load_guidance(province: Unit, log) -> None:
    """Guidance, drafts and sessions, each once: a second run changes nothing."""
    rng = random.Random(SEED)
    ba_tri = province.children.get(code="836")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["tochuc", "tochuchuyen", "coso"])}
    if Guidance.objects.filter(unit=province, published_on__gte=FIRST_DAY, published_on__lte=LAST_DAY).exists():
        log("Định hướng, dự thảo xin góp ý và rút kinh nghiệm mẫu đã có: giữ nguyên.")
        return
    committees = [
        (province, "Ban Thường vụ Tỉnh ủy Bến Tre", users.get("tochuc"), 1, "{topic}: những điểm cần truyền đạt tại "
         "sinh hoạt chi bộ tháng {month}/{year}", "toàn tỉnh"),
        (ba_tri, "Ban Thường vụ Huyện ủy Ba Tri", users.get("tochuchuyen"), 3, "Huyện ủy Ba Tri định hướng sinh hoạt "
         "chi bộ tháng {month}/{year}: {topic}", "huyện Ba Tri"),
    ]  # fmt: skip
    guidance = _guidance(committees, MONTHS, LAST_DAY, rng)
    conveyed = _conveyed(ba_tri, guidance, rng, FIRST_DAY, LAST_DAY, home=ba_tri)
    drafts, comments, silent = _drafts(ba_tri, users, rng)
    department, sessions = _sessions(province, ba_tri, users, rng)
    refresh_statistics(Guidance, GuidanceRecipient, GuidanceConveyed, DraftRecipient)
    read = sum(g.read for g in guidance)
    total = sum(g.recipient_count for g in guidance)
    log(
        "Định hướng tháng 07/2024–06/2025: {} (Tỉnh ủy {}, Huyện ủy Ba Tri {}), {} lượt nhận, {} đã đọc ({:.0%}); "
        "{} lần ghi đã truyền đạt".format(
            len(guidance), sum(1 for g in guidance if g.unit_id == province.pk),
            sum(1 for g in guidance if g.unit_id == ba_tri.pk), total, read, read / total if total else 0, conveyed,
        )
    )  # fmt: skip
    log(
        "Dự thảo xin góp ý: {} của các xã Ba Tri, {} ý kiến, {} lượt cán bộ không trả lời; rút kinh nghiệm: {} "
        "buổi của {}".format(drafts, comments, silent, sessions, department.name)
    )


def load_guidance_after_reform(province: Unit, log) -> None:
    """Today's Vĩnh Long from 07/2025 to today: each month its provincial Standing Committee sends the cadres who follow
    its communes and hamlets the points to convey; the demo cadre has not read the latest yet. Once."""
    last = today()
    if Guidance.objects.filter(unit=province, published_on__gte=REFORM_DATE).exists():
        log("Định hướng mẫu từ {} đã có: giữ nguyên.".format(format_date(REFORM_DATE)))
        return
    rng = random.Random(SEED + 1)
    months, day = [], REFORM_DATE
    while day <= last:
        if (day.year, day.month) in TOPICS:
            months.append((day.year, day.month))
        day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    tochuc = get_user_model().objects.filter(username="tochuc").first()
    committees = [(province, "Ban Thường vụ Tỉnh ủy Vĩnh Long", tochuc, 1, "{topic}: những điểm cần truyền đạt tại "
                   "sinh hoạt chi bộ tháng {month}/{year}", "toàn tỉnh")]  # fmt: skip
    guidance = _guidance(committees, months, last, rng)
    conveyed = _conveyed(province, guidance, rng, REFORM_DATE, last)
    refresh_statistics(Guidance, GuidanceRecipient, GuidanceConveyed)
    read = sum(g.read for g in guidance)
    total = sum(g.recipient_count for g in guidance)
    log(
        "Định hướng của Tỉnh ủy Vĩnh Long {}–{}: {}, {} lượt nhận, {} đã đọc ({:.0%}); {} lần ghi đã truyền đạt".format(
            format_date(REFORM_DATE), format_date(last), len(guidance), total, read, read / total if total else 0,
            conveyed,
        )
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Guidance


def _guidance(committees: list, months: list, last: datetime.date, rng: random.Random) -> list[Guidance]:
    """Each committee's guidance of each month (none published after `last`), received by those the app would
    choose on the day; the demo cadre leaves the latest unread."""
    rows = []
    for unit, issuer, user, offset, title, where in committees:
        for year, month in months:
            topic, points = TOPICS[(year, month)]
            day = datetime.date(year, month, offset + rng.randint(0, 2))
            if day > last:
                continue
            rows.append(
                Guidance(
                    unit=unit,
                    issuer=issuer,
                    published_by=user,
                    published_on=day,
                    published_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30))),
                    title=title.format(topic=topic, month=month, year=year),
                    body="{} Áp dụng {}; báo cáo kết quả qua báo cáo dự sinh hoạt.".format(points, where),
                    period="tháng {}/{}".format(month, year),
                    convey_by=datetime.date(year, month, 28),
                )  # fmt: skip
            )
    for g in rows:
        g.fill_search_text()
    audiences = [list(guidance_audience(g.unit, g.published_on).values_list("pk", "code")) for g in rows]
    everyone = sorted({code for audience in audiences for _pk, code in audience})
    never = {code for code in everyone if rng.random() < NEVER_READS and code != DEMO_CADRE}
    for g, audience in zip(rows, audiences, strict=True):
        g.recipient_count = len(audience)
    rows = Guidance.objects.bulk_create(rows)
    receipts = []
    last_month = max(((g.published_on.year, g.published_on.month) for g in rows), default=None)
    for g, audience in zip(rows, audiences, strict=True):
        g.read = 0
        for pk, code in sorted(audience, key=lambda row: row[1]):
            if code == DEMO_CADRE:
                reads = (g.published_on.year, g.published_on.month) != last_month
            else:
                reads = code not in never and rng.random() < READS
            read_at = None
            if reads:
                # Most within a few days, some only after the convey-by date; in the day, between 7 and 21 o'clock.
                days = int(rng.expovariate(1 / 3.5)) if rng.random() < 0.85 else rng.randint(20, 45)
                read_at = g.published_at + datetime.timedelta(days=days, minutes=rng.randint(10, 12 * 60 + 30))
                g.read += 1
            receipts.append(GuidanceRecipient(guidance=g, person_id=pk, read_at=read_at))
    GuidanceRecipient.objects.bulk_create(receipts, batch_size=5000)
    return rows


def _conveyed(area: Unit, guidance: list[Guidance], rng: random.Random, first, last, home: Unit | None = None) -> int:
    """Reports of the area's meetings from `first` to `last` (by authors living in `home`, when given) say which
    guidance of the month (of the province, of Ba Tri) was conveyed: all of the demo cadre's, about half of the
    others'. Only what the author received, by the day."""
    authors = {"person__home_unit__path__startswith": home.path} if home is not None else {}
    by_month: dict = {}
    for g in guidance:
        by_month.setdefault((g.published_on.year, g.published_on.month), []).append(g)
    received = set(
        GuidanceRecipient.objects.filter(guidance__in=guidance, **authors).values_list("guidance_id", "person_id")
    )
    reports = (
        MeetingReport.objects.filter(subtree_q("attendance__meeting__organization__unit__path", area.path))
        .filter(attendance__meeting__date__gte=first, attendance__meeting__date__lte=last)
        .order_by("attendance__meeting__date", "id")
        .values_list("pk", "attendance__person_id", "attendance__person__code", "attendance__meeting__date")
    )
    links = []
    for pk, person_id, code, day in reports:
        if code != DEMO_CADRE and rng.random() < 0.5:
            continue
        for g in by_month.get((day.year, day.month), []):
            if g.published_on <= day and (g.pk, person_id) in received:
                links.append(GuidanceConveyed(guidance=g, meeting_report_id=pk, person_id=person_id, conveyed_on=day))
    GuidanceConveyed.objects.bulk_create(links, batch_size=2000)
    return len(links)


# ---------------------------------------------------------------------------------------------------------
# Drafts for comment


def _drafts(ba_tri: Unit, users: dict, rng: random.Random) -> tuple[int, int, int]:
    communes = list(Unit.objects.filter(parent=ba_tri, level__key="commune").order_by("code"))
    senders = rng.sample(communes, len(DRAFTS) - 1)
    coso_hamlet = Unit.objects.within(ba_tri).filter(level__key="hamlet").order_by("path").first()
    sent = []
    for i, ((kind, title), unit) in enumerate(zip(DRAFTS, [*senders, coso_hamlet], strict=True)):
        day = min(datetime.date(2024, 7, 15) + datetime.timedelta(days=i * 45 + rng.randint(0, 10)), LAST_DAY)
        followers = list(draft_followers(unit, day).order_by("code").values_list("pk", flat=True))
        if not followers:
            continue  # as the app refuses: a unit nobody follows has nobody to ask
        owner = "Chi bộ {}".format(unit.name) if unit == coso_hamlet else "Đảng ủy {}".format(unit.name.lower())
        document = DraftDocument(
            unit=unit, kind=kind, title="{} của {}".format(title, owner), sent_on=day,
            sent_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0))),
            deadline=min(day + datetime.timedelta(days=rng.choice([7, 10, 14])), LAST_DAY),
            text="Kính gửi các đồng chí được phân công theo dõi {}: xin ý kiến góp ý vào dự thảo (gửi kèm).".format(
                unit.name
            ),
            sent_by=users.get("coso") if unit == coso_hamlet else None,
        )  # fmt: skip
        document.fill_search_text()
        document.recipient_count = len(followers)
        sent.append((document, followers))
    documents = DraftDocument.objects.bulk_create([d for d, _f in sent])
    recipients, comments, silent = [], [], 0
    for document, (_d, followers) in zip(documents, sent, strict=True):
        for person_id in followers:
            recipients.append(DraftRecipient(document=document, person_id=person_id))
            if rng.random() < 0.3:
                silent += 1
                continue
            for text in rng.sample(COMMENTS, 1 if rng.random() < 0.75 else 2):
                comments.append(DraftComment(document=document, person_id=person_id, text=text))
    DraftRecipient.objects.bulk_create(recipients)
    DraftComment.objects.bulk_create(comments)
    # Written between the sending and the deadline, as the app allows (the insert stamped them now).
    for comment in comments:
        document = comment.document
        day = document.sent_on + datetime.timedelta(days=rng.randint(0, (document.deadline - document.sent_on).days))
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(7, 20), rng.randint(0, 59))))
        DraftComment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
    return len(documents), len(comments), silent


# ---------------------------------------------------------------------------------------------------------
# Review sessions


def _sessions(province: Unit, ba_tri: Unit, users: dict, rng: random.Random) -> tuple[Department, int]:
    name, agency = SESSION_DEPARTMENT
    department = Department.objects.filter(name=name, parent__name=agency, unit=province).first()
    if department is None:
        department, _created = Department.objects.get_or_create(name=FALLBACK_DEPARTMENT, unit=ba_tri)
        if not department.members.exists():
            Person.objects.filter(agency=FALLBACK_DEPARTMENT, department__isnull=True).update(department=department)
        if department.head is None:
            department.head = Person.objects.filter(code=DEMO_CADRE).first()
            department.save(update_fields=["head"])
    members = list(session_members(department))
    recorder = users.get("tochuc") if department.unit_id == province.pk else users.get("tochuchuyen")
    for date, minutes, lessons in SESSIONS:
        present = [p for p in members if p.departed_on is None or p.departed_on > date]
        absent = set(rng.sample(present, min(len(present) // 4, rng.randint(0, 2)))) if present else set()
        session = ReviewSession.objects.create(
            department=department, date=date, period=ReviewPeriod.QUARTER, minutes=minutes, lessons=lessons,
            recorded_by=recorder,
        )  # fmt: skip
        session.attendees.set([p for p in present if p not in absent])
    return department, len(SESSIONS)
