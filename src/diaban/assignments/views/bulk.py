"""Assigning many at once: the units of one level under a unit, each given a cadre by code, or all one cadre.

The page lists the units (uncovered first) with a box for the cadre's code on each row and one box for all
ticked rows; the whole batch goes to `assignments_bulk_create`, all or nothing, every bad row named.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from diaban.assignments import services
from diaban.assignments.models import Assignment
from diaban.core.dates import format_date, parse_date, today
from diaban.core.scoping import CAPTURE
from diaban.core.text import vietnamese_sort_key
from diaban.people.selectors import people_visible
from diaban.people.views.mixins import ManagerRequiredMixin
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible

MAX_ROWS = 300


class BulkAssignView(LoginRequiredMixin, ManagerRequiredMixin, TemplateView):
    """Phân công nhiều địa bàn một lần (/bao-phu/<pk>/phan-cong-nhieu/?cap=hamlet)."""

    model = Unit
    template_name = "assignments/bulk_assign.html"

    def setup_rows(self):
        user = self.request.user
        self.root = get_object_or_404(units_visible(user, CAPTURE), pk=self.kwargs["pk"])
        self.levels = list(UnitLevel.objects.filter(rank__gt=self.root.level.rank))
        key = self.request.GET.get("cap") or self.request.POST.get("cap") or ""
        self.level = next((lv for lv in self.levels if lv.key == key), self.levels[0] if self.levels else None)
        try:
            self.date = parse_date(self.request.POST.get("start_date") or self.request.GET.get("ngay"), today())
        except ValidationError:
            self.date = today()
        self.date = self.root.clamp_date(self.date)
        if self.level is None:
            self.rows = []
            return
        covered = Assignment.objects.active_on(self.date).filter(unit=OuterRef("pk"))
        units = (
            units_visible(user, CAPTURE)
            .within(self.root, include_self=False)
            .filter(level=self.level)
            .valid_on(self.date)
            .annotate(is_covered=Exists(covered))
            .select_related("parent")
            .order_by("path")[: MAX_ROWS + 1]
        )
        self.rows = sorted(units, key=lambda u: (u.is_covered, not u.is_remote, vietnamese_sort_key(u.name)))

    def get(self, request, *args, **kwargs):
        self.setup_rows()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            root=self.root,
            levels=self.levels,
            level=self.level,
            rows=self.rows[:MAX_ROWS],
            truncated=len(self.rows) > MAX_ROWS,
            date_text=format_date(self.date),
            posted=getattr(self, "posted", {}),
            errors=getattr(self, "errors", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.setup_rows()
        by_pk = {str(u.pk): u for u in self.rows[:MAX_ROWS]}
        chosen = [key for key in request.POST.getlist("unit") if key in by_pk]
        common = request.POST.get("person_all", "").strip()
        codes = {key: request.POST.get("person-{}".format(key), "").strip() or common for key in chosen}
        self.posted = {"chosen": set(chosen), "codes": codes, "common": common}
        errors = []
        if not chosen:
            errors.append("Chưa chọn địa bàn nào.")
        missing = [by_pk[k].name for k in chosen if not codes[k]]
        if missing:
            errors.append("Chưa nhập mã cán bộ cho: {}.".format(", ".join(missing)))
        people = {
            p.code.upper(): p
            # Codes are typed by hand: "cb836-0001" finds "CB836-0001".
            for p in people_visible(request.user).filter(
                code__in={v for c in codes.values() if c for v in (c, c.upper())}
            )
        }
        unknown = sorted({c for c in codes.values() if c and c.upper() not in people})
        if unknown:
            errors.append("Không có cán bộ mã {} trong phạm vi của bạn.".format(", ".join(unknown)))
        if errors:
            self.errors = errors
            return self.render_to_response(self.get_context_data())
        items = [
            {
                "person": people[codes[k].upper()],
                "unit": by_pk[k],
                "start_date": self.date,
                "decision_number": request.POST.get("decision_number", ""),
                "override_reason": request.POST.get("override_reason", ""),
            }
            for k in chosen
        ]
        try:
            created = services.assignments_bulk_create(actor=request.user, items=items)
        except ValidationError as exc:
            # "Dòng n" counts the ticked rows in the order shown.
            self.errors = [
                message.replace("Dòng {}:".format(n), "{} ({}):".format(by_pk[k].name, codes[k]), 1)
                for message in exc.messages
                for n, k in enumerate(chosen, start=1)
                if message.startswith("Dòng {}:".format(n))
            ]
            return self.render_to_response(self.get_context_data())
        messages.success(request, "Đã phân công {} địa bàn.".format(len(created)))
        return redirect("{}?cap={}&ngay={}".format(request.path, self.level.key, format_date(self.date)))
