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


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class DepartureReason(models.TextChoices):
    """Why a cadre stops following any unit (nghỉ hưu, chuyển công tác…)."""

    RETIRED = "retired", _("nghỉ hưu")
    TRANSFERRED = "transferred", _("chuyển công tác")
    RESIGNED = "resigned", _("thôi việc")
    DECEASED = "deceased", _("từ trần")
    OTHER = "other", _("lý do khác")


class CommitteeRole(models.TextChoices):
    """A member's place in a party committee for one term."""

    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy", _("Phó Bí thư")
    STANDING_MEMBER = "standing", _("Ủy viên Ban Thường vụ")
    MEMBER = "member", _("Ủy viên Ban Chấp hành")
    INSPECTION_MEMBER = "inspection", _("Ủy viên Ủy ban Kiểm tra")
