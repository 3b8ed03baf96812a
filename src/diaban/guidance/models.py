"""Information passed down and drafts sent up: guidance to cadres with read receipts (định hướng, thông tin),
the meeting and trip reports that conveyed it, drafts the grassroots send for comment (góp ý) with the
cadres' comments, and the departments' periodic review sessions (rút kinh nghiệm) with their minutes.

Audiences are frozen when something is sent: a guidance's recipients and a draft's invited cadres are rows
written on that day, so later assignments, rotations and departures do not rewrite who was meant.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.models import NormalizedTextModel
from diaban.core.text import fold
from diaban.core.uploads import GeneratedName
from diaban.guidance.choices import DraftKind, ReviewPeriod, period_label
from diaban.people.models import Department, Person
from diaban.territory.models import Unit

# ---------------------------------------------------------------------------------------------------------
# Guidance (định hướng, thông tin)


class Guidance(NormalizedTextModel):
    """A note or document the committee of `unit` pushes to its cadres to convey ("this month's points to
    convey at cell meetings"), with the date by which to convey it. Its recipients are fixed at publication."""

    scope_path_field = "unit__path"

    title = models.CharField(_("tiêu đề"), max_length=limits.TITLE)
    body = models.TextField(_("nội dung"), max_length=limits.REPORT, blank=True)
    file = models.FileField(_("tệp đính kèm"), upload_to=GeneratedName("dinh-huong"), blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="guidance",
        verbose_name=_("gửi cán bộ của"),
        help_text=_("cán bộ công tác hoặc được phân công theo dõi trong địa bàn này nhận định hướng"),
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    period = models.CharField(_("kỳ"), max_length=60, help_text=_("ví dụ: tháng 6/2025"))
    convey_by = models.DateField(_("truyền đạt trước ngày"))
    published_on = models.DateField(_("ngày gửi"), help_text=_("người nhận xác định theo phân công ngày này"))
    published_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(_("số người nhận"), default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("định hướng, thông tin")
        verbose_name_plural = _("định hướng, thông tin")
        indexes = [models.Index(fields=["unit", "published_on"], name="guidance_unit_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.fill_search_text()
        super().save(*args, **kwargs)

    def fill_search_text(self) -> None:
        """What the search matches, without accents; called by save() and before a bulk insert."""
        self.search_text = fold(" ".join((self.title, self.period, self.body)))


class GuidanceRecipient(models.Model):
    """A cadre a guidance was sent to, and when they read it (the read receipt)."""

    scope_path_field = "guidance__unit__path"

    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="guidance_received", verbose_name=_("cán bộ")
    )
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["person__sort_key", "id"]
        verbose_name = _("người nhận định hướng")
        verbose_name_plural = _("người nhận định hướng")
        constraints = [models.UniqueConstraint(fields=["guidance", "person"], name="guidance_recipient_unique")]
        indexes = [
            models.Index(fields=["guidance", "read_at"], name="guidance_recipient_read"),
            models.Index(fields=["person", "read_at"], name="guidance_recipient_person"),
        ]

    def __str__(self):
        return "{} — {}".format(self.person, self.guidance)

    def get_absolute_url(self):
        return self.guidance.get_absolute_url()


class GuidanceConveyed(models.Model):
    """A guidance conveyed at a cell meeting or on a trip: links the guidance to exactly one meeting report or
    trip report of the cadre who conveyed it."""

    scope_path_field = "guidance__unit__path"

    guidance = models.ForeignKey(
        Guidance, on_delete=models.CASCADE, related_name="conveyed", verbose_name=_("định hướng")
    )
    meeting_report = models.ForeignKey(
        "meetings.MeetingReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guidance_links",
        verbose_name=_("báo cáo dự sinh hoạt"),
    )
    trip_report = models.ForeignKey(
        "visits.TripReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guidance_links",
        verbose_name=_("báo cáo chuyến đi cơ sở"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="guidance_conveyed", verbose_name=_("cán bộ truyền đạt")
    )
    conveyed_on = models.DateField(_("ngày truyền đạt"), help_text=_("ngày buổi sinh hoạt hoặc ngày về của chuyến đi"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-conveyed_on", "-id"]
        verbose_name = _("định hướng đã truyền đạt")
        verbose_name_plural = _("định hướng đã truyền đạt")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_report__isnull=False, trip_report__isnull=True)
                | Q(meeting_report__isnull=True, trip_report__isnull=False),
                name="guidance_conveyed_one_report",
            ),
            models.UniqueConstraint(
                fields=["guidance", "meeting_report"],
                condition=Q(meeting_report__isnull=False),
                name="guidance_conveyed_meeting_unique",
            ),
            models.UniqueConstraint(
                fields=["guidance", "trip_report"],
                condition=Q(trip_report__isnull=False),
                name="guidance_conveyed_trip_unique",
            ),
        ]

    def __str__(self):
        return "{} — {}".format(self.guidance, self.person)

    def get_absolute_url(self):
        return self.guidance.get_absolute_url()

    @property
    def report(self):
        return self.meeting_report if self.meeting_report_id else self.trip_report


# ---------------------------------------------------------------------------------------------------------
# Drafts for comment (góp ý)


class DraftDocument(NormalizedTextModel):
    """A draft (resolution, plan, report) a grassroots unit sends to the cadres following it for comment,
    with a deadline; the cadres invited are fixed when it is sent."""

    scope_path_field = "unit__path"

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="drafts_for_comment", verbose_name=_("đơn vị gửi")
    )
    kind = models.CharField(_("loại dự thảo"), max_length=12, choices=DraftKind.choices)
    title = models.CharField(_("tên dự thảo"), max_length=limits.TITLE)
    text = models.TextField(_("nội dung"), max_length=limits.DOCUMENT, blank=True)
    file = models.FileField(_("tệp dự thảo"), upload_to=GeneratedName("gop-y"), blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    deadline = models.DateField(_("hạn góp ý"))
    sent_on = models.DateField(_("ngày gửi"))
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recipient_count = models.PositiveIntegerField(_("số cán bộ được xin ý kiến"), default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("dự thảo xin góp ý")
        verbose_name_plural = _("dự thảo xin góp ý")
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=models.F("sent_on")), name="guidance_draft_deadline")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("draft_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.normalize_text()
        self.fill_search_text()
        super().save(*args, **kwargs)

    def fill_search_text(self) -> None:
        """What the search matches, without accents; called by save() and before a bulk insert."""
        self.search_text = fold(" ".join((self.title, self.text)))

    def is_open_on(self, date) -> bool:
        """Comments are taken up to and including the deadline."""
        return date <= self.deadline


class DraftRecipient(models.Model):
    """A cadre asked to comment on a draft: one who followed the sending unit, or a unit above it, on the day
    it was sent."""

    scope_path_field = "document__unit__path"

    document = models.ForeignKey(DraftDocument, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="drafts_received", verbose_name=_("cán bộ")
    )

    class Meta:
        ordering = ["person__sort_key", "id"]
        verbose_name = _("cán bộ được xin ý kiến")
        verbose_name_plural = _("cán bộ được xin ý kiến")
        constraints = [models.UniqueConstraint(fields=["document", "person"], name="guidance_draft_recipient_unique")]

    def __str__(self):
        return "{} — {}".format(self.person, self.document)


class DraftComment(NormalizedTextModel):
    """One comment of an invited cadre on a draft; editable by its author until the deadline."""

    scope_path_field = "document__unit__path"

    document = models.ForeignKey(
        DraftDocument, on_delete=models.CASCADE, related_name="comments", verbose_name=_("dự thảo")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="draft_comments", verbose_name=_("cán bộ góp ý")
    )
    text = models.TextField(_("ý kiến"), max_length=limits.TEXT)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        indexes = [models.Index(fields=["document", "person"], name="guidance_comment_doc_person")]

    def __str__(self):
        return "{}: {}".format(self.person, self.text[:60])

    def get_absolute_url(self):
        return "{}#y-kien-{}".format(reverse("draft_detail", kwargs={"pk": self.document_id}), self.pk)


# ---------------------------------------------------------------------------------------------------------
# Review sessions (rút kinh nghiệm)


class ReviewSession(NormalizedTextModel):
    """A department's periodic session drawing lessons from its cadres' work at the grassroots, with the
    attendees and the minutes. Its `period` is the cadence it belongs to; the department's next session is
    expected by the period of its latest one (quarterly when it has none)."""

    scope_path_field = "department__unit__path"

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="review_sessions", verbose_name=_("phòng, ban")
    )
    date = models.DateField(_("ngày họp"))
    period = models.CharField(_("định kỳ"), max_length=10, choices=ReviewPeriod.choices, default=ReviewPeriod.QUARTER)
    title = models.CharField(_("tên buổi"), max_length=limits.TITLE, blank=True)
    attendees = models.ManyToManyField(Person, related_name="review_sessions", blank=True, verbose_name=_("cán bộ dự"))
    minutes = models.TextField(_("biên bản"), max_length=limits.REPORT, blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), max_length=limits.REPORT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("buổi rút kinh nghiệm")
        verbose_name_plural = _("buổi rút kinh nghiệm")
        indexes = [models.Index(fields=["department", "date"], name="guidance_session_dept_date")]

    def __str__(self):
        return self.title or "Rút kinh nghiệm {} — {}".format(self.period_label, self.department)

    def get_absolute_url(self):
        return reverse("review_session_detail", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.date)

    def save(self, *args, **kwargs):
        self.normalize_text()
        # The minutes are searched without accents ("bien ban" finds "biên bản").
        self.search_text = fold(" ".join((self.title, self.minutes, self.lessons)))
        super().save(*args, **kwargs)
