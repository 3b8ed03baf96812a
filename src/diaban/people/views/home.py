"""Sign-in and the home page of each role."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from diaban.core.dates import today
from diaban.people.choices import Role
from diaban.people.home import home_panels
from diaban.people.permissions import can_manage_people
from diaban.territory.models import Unit
from diaban.territory.selectors import unit_roots

# What each role's home will hold as the features arrive; shown so users know what to expect.
COMING = {
    Role.ORGANIZATION: [
        "Xếp loại chi bộ, đảng bộ và cán bộ hằng năm",
    ],
    Role.LEADER: [
        "Xếp loại chi bộ, đảng bộ và cán bộ hằng năm",
    ],
    Role.GRASSROOTS: [
        "Mời cán bộ theo dõi dự sinh hoạt",
    ],
    Role.ADMINISTRATOR: [
        "Quản lý tài khoản, vai trò và phạm vi",
        "Nhập danh mục đơn vị hành chính, sắp xếp địa bàn",
    ],
}


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True


class HomeView(LoginRequiredMixin, TemplateView):
    """The landing page after sign-in, by role."""

    model = Unit  # it lists the user's scope units
    template_name = "people/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = getattr(self.request.user, "account", None)
        role = account.role if account else (Role.ADMINISTRATOR if self.request.user.is_superuser else None)
        person = getattr(self.request.user, "person", None)
        context.update(
            person=person,
            # Related manager: people stay below assignments in the dependency order.
            my_assignments=list(person.assignments.active_on(today()).select_related("unit__level", "unit__parent"))
            if person
            else [],
            manages=can_manage_people(self.request.user),
            reads_dashboards=role in (Role.ORGANIZATION, Role.LEADER, Role.ADMINISTRATOR, Role.AGENCY),
            role=role,
            role_label=Role(role).label if role else "",
            coming=COMING.get(role, []),
            roots=unit_roots(self.request.user, today()),
            panels=home_panels(self.request, person, role),
            notifications=list(self.request.user.notifications.all()[:5]),
        )
        return context
