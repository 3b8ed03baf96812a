from django.db import models
from django.utils.translation import gettext_lazy as _


class SuccessionKind(models.TextChoices):
    """How a unit became another on a reorganization."""

    MERGE = "merge", _("sáp nhập")
    SPLIT = "split", _("chia tách")
    REPARENT = "reparent", _("chuyển cấp trên")
    CONTINUE = "continue", _("tiếp nối")


class OrganizationKind(models.TextChoices):
    """Kinds of party organization (tổ chức đảng)."""

    PROVINCIAL_COMMITTEE = "provincial", _("Đảng bộ tỉnh")
    DISTRICT_COMMITTEE = "district", _("Đảng bộ huyện")
    GRASSROOTS_COMMITTEE = "grassroots", _("Đảng bộ cơ sở")
    CELL = "cell", _("Chi bộ")


class CellKind(models.TextChoices):
    """Kinds of cell and grassroots organization (loại hình)."""

    RESIDENTIAL = "residential", _("khu dân cư")
    AGENCY = "agency", _("cơ quan")
    ENTERPRISE = "enterprise", _("doanh nghiệp")
    SCHOOL = "school", _("trường học")
    ARMED_FORCES = "armed_forces", _("lực lượng vũ trang")
    OTHER = "other", _("khác")
