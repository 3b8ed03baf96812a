"""The page where organization staff carry the grassroots of the old provinces into today's: preview, choose where
the hamlets of split communes go, apply once, and see who did each step."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from diaban.assignments.carrying import assignment_plan, carry_all
from diaban.core.ids import parse_id
from diaban.core.scoping import CAPTURE
from diaban.people.carrying import scope_proposals, scopes_confirm
from diaban.people.views.mixins import ManagerRequiredMixin
from diaban.territory.carrying import carrying_plan
from diaban.territory.models import ReorganizationEvent, Unit
from diaban.territory.reform import REFORM_DATE
from diaban.territory.selectors import units_visible


def _provinces_today(user):
    """Today's provinces in the user's capture scope that took the place of older ones."""
    return (
        units_visible(user, CAPTURE)
        .filter(level__key="province", valid_from=REFORM_DATE, successions_in__isnull=False)
        .distinct()
        .order_by("name")
    )


class ReformCarryView(LoginRequiredMixin, ManagerRequiredMixin, TemplateView):
    """GET: the provinces to choose from, or one province's plan; POST: carry it out with the choices made."""

    model = Unit
    template_name = "assignments/reform_carry.html"

    def province(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        unit = units_visible(self.request.user, CAPTURE).select_related("level").filter(pk=pk).first()
        if unit is None:
            raise Http404("Không có địa bàn này trong phạm vi nhập liệu của bạn.")
        return unit

    def choices(self) -> dict[str, int]:
        """The choices posted for the items of split communes: choice-unit:<id> / choice-org:<id> = commune id."""
        chosen = {}
        for name, value in self.request.POST.items():
            if name.startswith("choice-") and value:
                commune = parse_id(value)
                if commune is not None:
                    chosen[name.removeprefix("choice-")] = commune
        return chosen

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = self.province()
        context["province"] = province
        if province is None:
            context["provinces"] = _provinces_today(self.request.user)
            return context
        try:
            context.update(
                plan=carrying_plan(province), assignments=assignment_plan(province), scopes=scope_proposals(province)
            )
        except ValidationError as exc:
            context["refusal"] = " ".join(exc.messages)
            return context
        context["steps"] = ReorganizationEvent.objects.filter(province=province).select_related("actor").order_by("-at")
        return context

    def post(self, request, *args, **kwargs):
        province = self.province()
        if province is None:
            raise Http404
        if request.POST.get("action") == "scopes":
            return self.confirm_scopes(province)
        try:
            units, assignments = carry_all(province, actor=request.user, choices=self.choices())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("reform_carry_province", pk=province.pk)
        if units.empty and assignments.empty:
            messages.info(request, "Không còn gì để chuyển.")
        else:
            messages.success(
                request,
                "Đã chuyển {} ấp, khu phố; {} phân công chuyển sang địa bàn kế thừa, {} phân công kết thúc.".format(
                    len(units.hamlets), sum(len(m.old) for m in assignments.moves), len(assignments.ending)
                ),
            )
        return redirect("reform_carry_province", pk=province.pk)

    def confirm_scopes(self, province):
        chosen = set(self.request.POST.getlist("scope"))
        confirmed = [p for p in scope_proposals(province) if p.key in chosen]
        if not confirmed:
            messages.warning(self.request, "Chưa chọn phạm vi nào để xác nhận.")
        else:
            added = scopes_confirm(actor=self.request.user, province=province, proposals=confirmed)
            messages.success(self.request, "Đã thêm {} phạm vi cho {} tài khoản.".format(added, len(confirmed)))
        return redirect("reform_carry_province", pk=province.pk)
