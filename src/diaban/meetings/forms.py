from django import forms
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.forms import text_field
from diaban.meetings.choices import MeetingStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
YES_NO = [("", _("— chưa ghi —")), ("yes", _("Có")), ("no", _("Không"))]


class MeetingForm(forms.Form):
    """Move, postpone or mark held, with the members' attendance (what a cell secretary records)."""

    date = forms.DateField(
        label=_("Ngày họp"),
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 05/03/2025.")},
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=MeetingStatus.choices)
    topic = text_field(_("Chủ đề (buổi chuyên đề)"), limits.TITLE, required=False)
    members_total = forms.IntegerField(
        label=_("Tổng số đảng viên"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    members_present = forms.IntegerField(
        label=_("Số đảng viên dự"), required=False, min_value=0, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    members_excused = forms.IntegerField(
        label=_("Vắng có lý do"), required=False, min_value=0, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    committee_met_before = forms.ChoiceField(label=_("Chi ủy họp trước khi sinh hoạt"), choices=YES_NO, required=False)
    note = text_field(_("Ghi chú"), limits.NOTE, rows=3, required=False)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["committee_met_before"] = {"yes": True, "no": False}.get(data.get("committee_met_before"))
        return data

    @classmethod
    def initial_for(cls, meeting) -> dict:
        return {
            "date": meeting.date.strftime("%d/%m/%Y"),
            "status": meeting.status,
            "topic": meeting.topic,
            "members_total": meeting.members_total
            if meeting.members_total is not None
            else meeting.organization.member_count or None,
            "members_present": meeting.members_present,
            "members_excused": meeting.members_excused,
            "committee_met_before": {True: "yes", False: "no"}.get(meeting.committee_met_before, ""),
            "note": meeting.note,
        }


class ThematicMeetingForm(forms.Form):
    date = MeetingForm.base_fields["date"]
    topic = text_field(_("Chủ đề"), limits.TITLE)
    note = text_field(_("Ghi chú"), limits.NOTE, rows=3, required=False)


class MeetingReportForm(forms.Form):
    """The standard report (mẫu báo cáo dự sinh hoạt chi bộ), in the template's order."""

    members_total = forms.IntegerField(
        label=_("Tổng số đảng viên của chi bộ"), required=False, min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    members_present = forms.IntegerField(
        label=_("Số đảng viên dự"), required=False, min_value=0, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    committee_met_before = forms.ChoiceField(label=_("Chi ủy họp trước khi sinh hoạt"), choices=YES_NO, required=False)
    content = text_field(
        _("Nội dung sinh hoạt"), limits.REPORT, rows=4, required=False,
        help_text=_("các nội dung thường kỳ; chủ đề nếu là buổi chuyên đề"),
    )  # fmt: skip
    criteria = forms.MultipleChoiceField(label=_("Tiêu chí chất lượng đạt"), required=False, choices=())
    overall = forms.ChoiceField(label=_("Đánh giá chung"), required=False, choices=())
    assessment = text_field(_("Nhận xét"), limits.REPORT, rows=3, required=False)
    guidance = text_field(_("Định hướng, góp ý đã truyền đạt"), limits.REPORT, rows=3, required=False)
    answers = text_field(_("Câu hỏi đã giải đáp tại chỗ"), limits.REPORT, rows=3, required=False)
    recommendations_text = text_field(
        _("Kiến nghị của cơ sở"), limits.REPORT, rows=3, required=False, help_text=_("mỗi dòng một kiến nghị")
    )
    proposals = text_field(_("Đề xuất với cấp ủy"), limits.REPORT, rows=3, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        from diaban.meetings.choices import OverallQuality

        super().__init__(*args, **kwargs)
        self.criteria_objects = list(criteria)
        self.fields["criteria"].choices = [(str(c.pk), c.text) for c in self.criteria_objects]
        self.fields["overall"].choices = [("", _("— chưa chọn —"))] + list(OverallQuality.choices)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("criteria", []))
        data["committee_met_before"] = {"yes": True, "no": False}.get(data.get("committee_met_before"))
        data["criteria"] = [c for c in self.criteria_objects if str(c.pk) in chosen]
        return data

    @classmethod
    def initial_for(cls, report) -> dict:
        return {
            "members_total": report.members_total,
            "members_present": report.members_present,
            "committee_met_before": {True: "yes", False: "no"}.get(report.committee_met_before, ""),
            "content": report.content,
            "criteria": [str(pk) for pk in report.criteria_met.values_list("pk", flat=True)],
            "overall": report.overall,
            "assessment": report.assessment,
            "guidance": report.guidance,
            "answers": report.answers,
            "recommendations_text": report.recommendations_text,
            "proposals": report.proposals,
        }


class ReopenForm(forms.Form):
    reason = text_field(_("Lý do mở lại"), limits.NOTE, rows=2)
