"""Forms of the assignment pages. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.assignments.choices import Purpose
from diaban.people.choices import DepartureReason

DATE_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"})
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")}


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={**DATE_ERRORS, "required": _("Nhập {}.").format(str(label).lower())},
    )


class DecisionFields(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    decision_signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("Lý do phân công ngoài quy định"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ điền khi phân công khác quy định phân công; lý do được lưu cùng phân công."),
    )


class AssignmentCreateForm(DecisionFields):
    """Person and unit arrive as ids chosen from the search pickers (never a list of thousands)."""

    person = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Chọn cán bộ được phân công.")})
    unit = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Chọn địa bàn.")})
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
    purpose = forms.ChoiceField(label=_("Nhiệm vụ"), choices=Purpose.choices, initial=Purpose.FOLLOW)
    start_date = date_field(_("Từ ngày"))

    field_order = ["person", "unit", "organization", "purpose", "start_date", "decision_number", "decision_date",
                   "decision_signer", "note", "override_reason"]  # fmt: skip


class AssignmentEndForm(forms.Form):
    end_date = date_field(_("Ngày cuối cùng theo dõi"))
    note = forms.CharField(
        label=_("Ghi chú"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignmentRotateForm(DecisionFields):
    new_unit = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Chọn địa bàn mới.")})
    date = date_field(_("Theo dõi địa bàn mới từ ngày"))


class PersonDepartForm(forms.Form):
    date = date_field(_("Thôi công tác từ ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=DepartureReason.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
