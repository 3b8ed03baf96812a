from django import forms
from django.utils.translation import gettext_lazy as _

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
    topic = forms.CharField(label=_("Chủ đề (buổi chuyên đề)"), required=False, max_length=300)
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
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

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
    topic = forms.CharField(label=_("Chủ đề"), max_length=300)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


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
    content = forms.CharField(
        label=_("Nội dung sinh hoạt"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("các nội dung thường kỳ; chủ đề nếu là buổi chuyên đề"),
    )  # fmt: skip
    criteria = forms.MultipleChoiceField(label=_("Tiêu chí chất lượng đạt"), required=False, choices=())
    overall = forms.ChoiceField(label=_("Đánh giá chung"), required=False, choices=())
    assessment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    guidance = forms.CharField(
        label=_("Định hướng, góp ý đã truyền đạt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answers = forms.CharField(
        label=_("Câu hỏi đã giải đáp tại chỗ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations_text = forms.CharField(
        label=_("Kiến nghị của cơ sở"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("mỗi dòng một kiến nghị"),
    )  # fmt: skip
    proposals = forms.CharField(label=_("Đề xuất với cấp ủy"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

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
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
