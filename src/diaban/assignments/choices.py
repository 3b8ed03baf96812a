from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """What an assignment asks of the cadre."""

    FOLLOW = "follow", _("theo dõi, hỗ trợ")
    ATTEND = "attend", _("dự sinh hoạt chi bộ")


class EndReason(models.TextChoices):
    """Why an assignment ended: never by editing, always by one of these operations."""

    ENDED = "ended", _("kết thúc phân công")
    ROTATED = "rotated", _("luân chuyển địa bàn")
    DEPARTED = "departed", _("cán bộ thôi công tác")
    REORGANIZED = "reorganized", _("sắp xếp địa bàn")


class EventAction(models.TextChoices):
    """What happened to an assignment, in its history."""

    CREATED = "created", _("phân công")
    OVERRIDDEN = "overridden", _("phân công ngoài quy định")
    UPDATED = "updated", _("sửa thông tin")
    ENDED = "ended", _("kết thúc")
    ROTATED = "rotated", _("luân chuyển")
    DEPARTED = "departed", _("thôi công tác")
    MOVED = "moved", _("chuyển sang địa bàn kế thừa")
