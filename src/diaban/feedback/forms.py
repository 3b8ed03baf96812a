"""Forms of the recommendation pages: they parse input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.forms import date_field, text_field
from diaban.feedback.choices import RaiserKind, RecommendationSource
from diaban.feedback.models import Topic


class RecommendationForm(forms.Form):
    """A new recommendation; the unit comes from the picker (an id in the writer's scope), checked by the view."""

    text = text_field(
        _("Nội dung kiến nghị"), limits.TEXT, rows=4, error_messages={"required": _("Cần ghi nội dung kiến nghị.")}
    )
    source = forms.ChoiceField(
        label=_("Nguồn"), choices=RecommendationSource.choices, initial=RecommendationSource.DIRECT
    )
    raised_on = date_field(_("Ngày nêu"))
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Topic.objects.filter(is_active=True), required=False,
        empty_label=_("— để Ban Tổ chức phân loại —"),
    )  # fmt: skip
    raiser_kind = forms.ChoiceField(
        label=_("Người nêu là"), choices=[("", _("— không ghi —"))] + RaiserKind.choices, required=False
    )
    raiser_name = text_field(
        _("Tên chi bộ, nhóm, người nêu"), 200, required=False,
        help_text=_("tên và liên hệ của một người dân chỉ người có trách nhiệm xem được"),
    )  # fmt: skip
    raiser_contact = text_field(_("Địa chỉ, điện thoại"), 300, required=False)
    attachment = forms.FileField(label=_("Tệp đính kèm (đơn, ảnh)"), required=False)


class ForwardForm(forms.Form):
    agency = forms.IntegerField(label=_("Cơ quan giải quyết"), error_messages={"required": _("Cần chọn cơ quan.")})
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Topic.objects.filter(is_active=True),
        error_messages={"required": _("Cần chọn lĩnh vực: thời hạn tính theo lĩnh vực.")},
    )  # fmt: skip
    on = date_field(_("Ngày chuyển"))
    comment = text_field(_("Ghi chú cho cơ quan"), limits.NOTE, required=False)


class TextActionForm(forms.Form):
    """The one text an action needs (an answer, a reason, a question), and its date when it has one."""

    text = text_field(_("Nội dung"), limits.TEXT, error_messages={"required": _("Cần ghi nội dung.")})
    on = date_field(_("Ngày"), required=False)
