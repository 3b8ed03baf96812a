"""Recommendations raised by the grassroots (kiến nghị, đề xuất, phản ánh): for now the record a meeting report
creates — where it was raised, its unit and text. Routing, answers and deadlines come with their own work."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from diaban.core.models import NormalizedTextModel
from diaban.people.models import Person
from diaban.territory.models import Unit


class RecommendationSource(models.TextChoices):
    MEETING = "meeting", _("buổi sinh hoạt chi bộ")
    VISIT = "visit", _("chuyến đi cơ sở")
    PETITION = "petition", _("đơn thư")
    PUBLIC_OPINION = "opinion", _("dư luận")
    UNIT_REPORT = "unit_report", _("báo cáo của đơn vị")
    DIRECT = "direct", _("nhập trực tiếp")


class Recommendation(NormalizedTextModel):
    """A recommendation from a unit (kiến nghị), raised through one channel."""

    scope_path_field = "unit__path"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("địa bàn"))
    text = models.TextField(_("nội dung kiến nghị"))
    source = models.CharField(_("nguồn"), max_length=20, choices=RecommendationSource.choices)
    raised_on = models.DateField(_("ngày nêu"))
    carried_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("cán bộ tiếp nhận"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")

    def __str__(self):
        return self.text[:80]
