"""Forms of the guidance pages: they parse input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.dates import format_date
from diaban.core.forms import date_field, text_field
from diaban.guidance.choices import DraftKind, ReviewPeriod
from diaban.guidance.services.guidance import REMINDER_LENGTH


def unit_label(unit) -> str:
    parent = " · {}".format(unit.parent.name) if unit.parent_id else ""
    return "{} ({}{})".format(unit.name, unit.level.name.lower(), parent)


class _UnitChoiceForm(forms.Form):
    """A form whose `unit` is chosen among the units the view offers (already scoped)."""

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [("", _("— chọn —"))] + [(pk, unit_label(u)) for pk, u in self.units.items()]

    def clean_unit(self):
        return self.units.get(self.cleaned_data["unit"])


class GuidanceForm(_UnitChoiceForm):
    unit = forms.ChoiceField(
        label=_("Gửi cán bộ của"),
        help_text=_("cán bộ công tác hoặc được phân công theo dõi trong địa bàn này, tính theo phân công hôm nay"),
        error_messages={"required": _("Chọn địa bàn có cán bộ nhận định hướng.")},
    )
    title = text_field(_("Tiêu đề"), limits.TITLE)
    period = text_field(_("Kỳ"), 60, required=False, help_text=_("ví dụ: tháng 6/2025; để trống là tháng này"))
    convey_by = date_field(_("Truyền đạt trước ngày"))
    issuer = text_field(_("Cơ quan ban hành"), 200, required=False)
    body = text_field(
        _("Nội dung"), limits.REPORT, rows=8, required=False,
        help_text=_("những điểm cần truyền đạt tại buổi sinh hoạt chi bộ, khi đi cơ sở"),
    )  # fmt: skip
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class RemindForm(forms.Form):
    message = text_field(
        _("Lời nhắc"),
        REMINDER_LENGTH,
        rows=2,
        initial=_("Đề nghị đồng chí đọc và truyền đạt đúng hạn."),
        error_messages={"required": _("Ghi lời nhắc gửi kèm thông báo.")},
    )


class ConveyedForm(forms.Form):
    guidance = forms.MultipleChoiceField(label=_("Định hướng đã truyền đạt"), required=False, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidance"].choices = [
            (str(g.pk), "{} ({})".format(g.title, format_date(g.published_on))) for g in candidates
        ]


class DraftForm(_UnitChoiceForm):
    unit = forms.ChoiceField(
        label=_("Đơn vị gửi"),
        help_text=_("dự thảo gửi đến cán bộ được phân công theo dõi đơn vị này và các cấp trên của nó"),
        error_messages={"required": _("Chọn đơn vị gửi.")},
    )
    kind = forms.ChoiceField(label=_("Loại dự thảo"), choices=DraftKind.choices)
    title = text_field(_("Tên dự thảo"), limits.TITLE)
    deadline = date_field(_("Hạn góp ý"), help_text=_("nhận ý kiến đến hết ngày này"))
    text = text_field(_("Nội dung"), limits.DOCUMENT, rows=8, required=False)
    file = forms.FileField(label=_("Tệp dự thảo"), required=False)


class CommentForm(forms.Form):
    text = text_field(_("Ý kiến góp ý"), limits.TEXT, rows=4, error_messages={"required": _("Cần ghi ý kiến.")})


class SessionForm(forms.Form):
    date = date_field(_("Ngày họp"))
    period = forms.ChoiceField(label=_("Định kỳ"), choices=ReviewPeriod.choices, initial=ReviewPeriod.QUARTER)
    title = text_field(_("Tên buổi"), limits.TITLE, required=False, help_text=_("để trống: theo định kỳ và ngày họp"))
    attendees = forms.MultipleChoiceField(label=_("Cán bộ dự"), choices=(), required=False)
    minutes = text_field(_("Biên bản"), limits.REPORT, rows=8)
    lessons = text_field(_("Bài học kinh nghiệm"), limits.REPORT, rows=4, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(p.pk): p for p in members}
        self.fields["attendees"].choices = [(pk, p.full_name) for pk, p in self.members.items()]
        self.fields["minutes"].error_messages["required"] = _("Cần ghi biên bản buổi rút kinh nghiệm.")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["attendees"] = [self.members[pk] for pk in data.get("attendees", [])]
        return data

    @classmethod
    def initial_for(cls, session) -> dict:
        return {
            "date": format_date(session.date),
            "period": session.period,
            "title": session.title,
            "attendees": [str(pk) for pk in session.attendees.values_list("pk", flat=True)],
            "minutes": session.minutes,
            "lessons": session.lessons,
        }
