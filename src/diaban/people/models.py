"""User accounts: a role and a scope of units (capture and view kept apart, as in DHIS2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from diaban.core.models import NormalizedTextModel
from diaban.people.choices import GrantKind, Role
from diaban.territory.models import Unit


class Account(NormalizedTextModel):
    """What the system knows of a user beyond Django's login: role, title and organization."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=200, blank=True)
    organization = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return "{} ({})".format(self.user.get_full_name() or self.user.get_username(), self.get_role_display())


class ScopeGrant(models.Model):
    """One unit (and its subtree) an account may view or capture in."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scope_grants", verbose_name=_("địa bàn"))
    kind = models.CharField(_("quyền"), max_length=10, choices=GrantKind.choices)

    class Meta:
        verbose_name = _("phạm vi")
        verbose_name_plural = _("phạm vi")
        constraints = [models.UniqueConstraint(fields=["account", "unit", "kind"], name="people_grant_unique")]

    def __str__(self):
        return "{} — {} {}".format(self.account, self.get_kind_display(), self.unit)
