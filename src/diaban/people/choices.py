from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does in the system (DESIGN §2)."""

    ORGANIZATION = "organization", _("Ban Tổ chức")
    LEADER = "leader", _("Lãnh đạo")
    CADRE = "cadre", _("Cán bộ theo dõi")
    GRASSROOTS = "grassroots", _("Cơ sở")
    AGENCY = "agency", _("Cơ quan")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class GrantKind(models.TextChoices):
    """View rights read a subtree; capture rights also write in it (and imply viewing it)."""

    VIEW = "view", _("xem")
    CAPTURE = "capture", _("nhập liệu")
