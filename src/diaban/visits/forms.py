"""Forms of the visit plan pages: the plan with its agenda rows, and the list's filters. They only parse input;
the rules (dates, scope of units, one main agenda item…) are the services'."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.dates import FIRST_YEAR, LAST_YEAR
from diaban.core.forms import LimitedCharField, text_field
from diaban.people.models import Person
from diaban.territory.models import Unit
from diaban.visits.choices import AgendaKind, PlanStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"})
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 06/05/2024.")}


def lines(text: str) -> str:
    """One entry per line, blanks and surrounding spaces dropped."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


class _OrderedChoices(forms.ModelMultipleChoiceField):
    """Several objects picked by id, returned as a list in the order they were picked."""

    def clean(self, value):
        chosen = super().clean(value)
        order = {str(v): i for i, v in enumerate(value or [])}
        return sorted(chosen, key=lambda obj: order.get(str(obj.pk), len(order)))


class PlanForm(forms.Form):
    """A visit plan: what the owner types. Required fields are left to the services, whose messages name the
    problem (e.g. "Ngày về (05/05/2024) trước ngày đi (06/05/2024)")."""

    title = LimitedCharField(
        label=_("Tên đợt đi cơ sở"),
        max_length=limits.TITLE,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ: Nắm tình hình sinh hoạt chi bộ xã Đức Hòa"}),
    )
    start_date = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    end_date = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    units = _OrderedChoices(
        label=_("Địa bàn đến"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Địa bàn số %(value)s không có hoặc nằm ngoài phạm vi của bạn."),
            "invalid_pk_value": _("Địa bàn “%(pk)s” không hợp lệ."),
        },
    )
    companions = _OrderedChoices(
        label=_("Người cùng đi"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Cán bộ số %(value)s không có hoặc nằm ngoài phạm vi của bạn."),
            "invalid_pk_value": _("Cán bộ “%(pk)s” không hợp lệ."),
        },
    )
    counterparts = text_field(
        _("Làm việc với"),
        limits.TEXT,
        rows=3,
        required=False,
        help_text=_("mỗi dòng một tổ chức hoặc người cần gặp, ví dụ: Đảng ủy xã Đức Hòa"),
    )
    documents_studied = text_field(
        _("Tài liệu nghiên cứu trước"),
        limits.TEXT,
        rows=3,
        required=False,
        help_text=_("mỗi dòng một văn bản, tài liệu"),
    )
    main = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, units, people, keep_units=(), keep_people=(), **kwargs):
        """`units`, `people`: what the user may pick (their scope); `keep_*`: ids already on the plan, kept
        choosable so that editing a merged plan does not fail on a companion from another scope."""
        super().__init__(*args, **kwargs)
        self.agenda_errors: list[str] = []
        self.fields["units"].queryset = Unit.objects.filter(
            Q(pk__in=units.values("pk")) | Q(pk__in=list(keep_units))
        ).select_related("level", "parent")
        self.fields["companions"].queryset = Person.objects.filter(
            Q(pk__in=people.values("pk")) | Q(pk__in=list(keep_people))
        )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": (data.get("title") or "").strip(),
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "counterparts": lines(data.get("counterparts")),
            "documents_studied": lines(data.get("documents_studied")),
        }

    def picked(self, name: str) -> list:
        """The objects picked in `name` (valid or not yet validated), to show them again on the page."""
        if self.is_bound and hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return list(self.cleaned_data[name])
        raw = self[name].value() or []
        ids = [int(v) for v in raw if str(v).isdigit()]
        if not ids:
            return []
        found = self.fields[name].queryset.in_bulk(ids)
        return [found[i] for i in ids if i in found]

    @classmethod
    def initial_for(cls, plan) -> dict:
        agenda = list(plan.agenda.all())
        return {
            "title": plan.title,
            "start_date": plan.start_date.strftime("%d/%m/%Y"),
            "end_date": plan.end_date.strftime("%d/%m/%Y"),
            "units": [t.unit_id for t in plan.targets.all()],
            "companions": [p.pk for p in plan.companions.all()],
            "counterparts": plan.counterparts,
            "documents_studied": plan.documents_studied,
            "main": next((i for i, item in enumerate(agenda) if item.is_main), 0),
        }


class AgendaForm(forms.Form):
    """One agenda row; a row without text is left out."""

    kind = forms.ChoiceField(label=_("Loại nội dung"), choices=AgendaKind.choices, initial=AgendaKind.KNOW)
    text = text_field(_("Nội dung"), limits.TEXT, rows=2, required=False)
    proposed_by = forms.IntegerField(required=False, widget=forms.HiddenInput)


AgendaFormSet = forms.formset_factory(AgendaForm, extra=0, max_num=30, absolute_max=30)


def agenda_initial(plan) -> list[dict]:
    return [{"kind": a.kind, "text": a.text, "proposed_by": a.proposed_by_id} for a in plan.agenda.all()]


TABS = [
    ("cua-toi", _("Của tôi")),
    ("cho-duyet", _("Chờ tôi duyệt")),
    ("tat-ca", _("Tất cả trong phạm vi")),
]


class PlanFilterForm(forms.Form):
    """The list's filters, in the address so that a filtered list can be bookmarked and shared."""

    xem = forms.ChoiceField(label=_("Xem"), choices=TABS, required=False)
    q = forms.CharField(label=_("Tìm theo tên đợt, địa bàn hoặc người chủ trì"), required=False, max_length=200)
    tinh_trang = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("Tất cả")), ("returned", _("bị trả lại"))] + list(PlanStatus.choices),
        required=False,
        error_messages={"invalid_choice": _("Tình trạng “%(value)s” không có.")},
    )
    nam = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "ví dụ 2024"}),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("Năm không hợp lệ; viết bốn chữ số, ví dụ 2025.")
        ),
    )
    thang = forms.TypedChoiceField(
        label=_("Tháng"),
        choices=[("", _("Cả năm"))] + [(str(m), "{:02d}".format(m)) for m in range(1, 13)],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Tháng “%(value)s” không có; chọn từ 1 đến 12.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("thang") and not data.get("nam"):
            self.add_error("thang", _("Chọn tháng thì cần ghi cả năm."))
        return data
