"""Forms of the assignment pages. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.assignments.choices import Purpose
from diaban.core import limits
from diaban.core.forms import text_field
from diaban.people.choices import DepartureReason
from diaban.people.forms import date_field


class DecisionFields(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    decision_signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    note = text_field(_("Ghi chú"), limits.NOTE, rows=2, required=False)
    override_reason = text_field(
        _("Lý do phân công ngoài quy định"),
        limits.NOTE,
        rows=2,
        required=False,
        help_text=_("chỉ điền khi phân công khác quy định phân công; lý do được lưu cùng phân công"),
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
    note = text_field(_("Ghi chú"), limits.NOTE, rows=2, required=False)


class AssignmentRotateForm(DecisionFields):
    new_unit = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Chọn địa bàn mới.")})
    date = date_field(_("Theo dõi địa bàn mới từ ngày"))


class PersonDepartForm(forms.Form):
    date = date_field(_("Thôi công tác từ ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=DepartureReason.choices)
    note = text_field(_("Ghi chú"), 500, required=False)
