"""Forms of the people pages. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.people.choices import Gender
from diaban.people.models import PositionTitle

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


class PersonForm(forms.Form):
    """A cadre's own data; the home unit arrives as an id from the unit picker."""

    code = forms.CharField(label=_("Mã cán bộ"), max_length=32)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Gender.choices], required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), required=False, min_value=1930, max_value=2015,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Năm sinh là một số, ví dụ 1975."), "min_value": _("Năm sinh không hợp lý."),
                        "max_value": _("Năm sinh không hợp lý.")},
    )  # fmt: skip
    home_unit = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Chọn tỉnh, huyện hoặc xã nơi cán bộ công tác.")}
    )
    agency = forms.CharField(label=_("Cơ quan công tác"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")}
    )


class PositionForm(forms.Form):
    title = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=PositionTitle.objects.select_related("level"),
        error_messages={"required": _("Chọn chức vụ."), "invalid_choice": _("Chức vụ không có trong danh mục.")},
    )  # fmt: skip
    organization = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=200, required=False)
    start_date = date_field(_("Từ ngày"))
    end_date = date_field(_("Đến ngày"), required=False)
