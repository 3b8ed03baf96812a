"""The trip report form: the report's own fields, then per unit visited its situation, one field per agenda item
(the findings), the guidance given, the recommendations (one a line) and the follow-ups with due dates.

Field names carry the row they edit (`u<unit report id>-situation`, `f<finding id>`), so one form posts the
whole report and an autosave saves whatever is valid.
"""

from itertools import zip_longest

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from diaban.core import limits
from diaban.core.dates import format_date, parse_date
from diaban.core.forms import text_field
from diaban.visits.models import FollowUp
from diaban.visits.services.trip_reports import REPORT_FIELDS, UNIT_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"})
FOLLOW_UP_MAX = FollowUp._meta.get_field("text").max_length


class FollowUpsWidget(forms.Widget):
    """Rows of two inputs, `<name>-text` and `<name>-due`, read in order (rows are added and removed on the page)."""

    def value_from_datadict(self, data, files, name):
        texts = data.getlist(name + "-text") if hasattr(data, "getlist") else []
        dues = data.getlist(name + "-due") if hasattr(data, "getlist") else []
        return [(text or "", due or "") for text, due in zip_longest(texts, dues, fillvalue="")]

    def value_omitted_from_data(self, data, files, name):
        return False


class FollowUpsField(forms.Field):
    """Follow-ups as [{"text", "due_date"}]; blank rows are dropped, every other row needs a valid due date."""

    widget = FollowUpsWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        rows, errors = [], []
        for i, (text, due) in enumerate(value or [], start=1):
            text, due = text.strip(), due.strip()
            if not text and not due:
                continue
            if not text:
                errors.append(_("Việc {}: cần ghi việc cần làm (đã có hạn {}).").format(i, due))
                continue
            length = limits.text_length(text)
            if length > FOLLOW_UP_MAX:
                errors.append(
                    _("Việc {}: {}").format(i, limits.too_long(_("việc cần làm tiếp"), length, FOLLOW_UP_MAX))
                )
                continue
            if not due:
                errors.append(_("Việc {} “{}”: cần ghi hạn hoàn thành.").format(i, text[:60]))
                continue
            try:
                date = parse_date(due)
            except ValidationError:
                errors.append(
                    _("Việc {} “{}”: hạn “{}” không hợp lệ; viết ngày/tháng/năm, ví dụ 30/06/2025.").format(
                        i, text[:60], due
                    )
                )
                continue
            rows.append({"text": text, "due_date": date})
        if errors:
            raise ValidationError(errors)
        return rows


def _date_field(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Cần ghi ngày."),
            "invalid": _("Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 05/03/2025."),
        },
    )


def _text(label, rows=3, help_text="", limit=limits.REPORT, what=None):
    return text_field(label, limit, rows=rows, required=False, help_text=help_text, what=what)


class TripReportForm(forms.Form):
    """The whole trip report in one form. `parts` are the report's unit parts with their findings (agenda item
    and proposer selected) and follow-ups prefetched."""

    start_date = _date_field(_("Đi từ ngày"))
    end_date = _date_field(_("Đến ngày"))
    summary = _text(_("Đánh giá chung"), rows=4)
    guidance_conveyed = _text(
        _("Định hướng, thông tin của cấp ủy đã truyền đạt"), help_text=_("những điểm định hướng đã nói với cơ sở")
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        self.full_labels = {name: str(field.label) for name, field in self.fields.items()}
        for part in self.parts:
            unit = part.unit.name
            self._add(part, "u{}-situation".format(part.pk), _text(_("Tình hình chung"), rows=3))
            for finding in part.findings.all():
                item = finding.agenda_item
                who = item.proposed_by.full_name if item.proposed_by_id else ""
                kind = capfirst(item.get_kind_display())
                label = (
                    "{} ({}): {}".format(kind, _("trọng tâm"), item.text)
                    if item.is_main
                    else "{}: {}".format(kind, item.text)
                )
                self._add(
                    part,
                    "f{}".format(finding.pk),
                    _text(
                        label,
                        rows=2,
                        help_text=_("nội dung của {}").format(who) if who else "",
                        limit=limits.TEXT,
                        what=_("kết quả"),
                    ),
                )
            self._add(part, "u{}-guidance_given".format(part.pk), _text(_("Định hướng, góp ý đã đưa ra"), rows=3))
            self._add(
                part,
                "u{}-recommendations_text".format(part.pk),
                _text(
                    _("Kiến nghị của cơ sở"),
                    rows=3,
                    help_text=_(
                        "mỗi dòng một kiến nghị; khi nộp báo cáo, mỗi dòng thành một kiến nghị của {} để theo dõi "
                        "giải quyết"
                    ).format(unit),
                ),
            )
            self._add(part, "u{}-follow_ups".format(part.pk), FollowUpsField(label=_("Việc cần theo dõi tiếp")))

    def _add(self, part, name, field):
        self.fields[name] = field
        self.full_labels[name] = "{} — {}".format(part.unit.name, field.label)

    @classmethod
    def initial_for(cls, report, parts) -> dict:
        initial = {name: getattr(report, name) for name in REPORT_FIELDS}
        for name in ("start_date", "end_date"):
            initial[name] = format_date(initial[name])
        for part in parts:
            for name in UNIT_FIELDS:
                initial["u{}-{}".format(part.pk, name)] = getattr(part, name)
            for finding in part.findings.all():
                initial["f{}".format(finding.pk)] = finding.text
            initial["u{}-follow_ups".format(part.pk)] = [
                (f.text, format_date(f.due_date)) for f in part.follow_ups.all()
            ]
        return initial

    # --- reading the posted form --------------------------------------------------------------------------

    def sections(self):
        """Per unit part, the bound fields in the order of the page."""
        result = []
        for part in self.parts:
            result.append(
                {
                    "part": part,
                    "situation": self["u{}-situation".format(part.pk)],
                    "findings": [self["f{}".format(f.pk)] for f in part.findings.all()],
                    "guidance_given": self["u{}-guidance_given".format(part.pk)],
                    "recommendations_text": self["u{}-recommendations_text".format(part.pk)],
                    "follow_ups": self["u{}-follow_ups".format(part.pk)],
                    "follow_up_rows": self.follow_up_rows(part),
                }
            )
        return result

    def follow_up_rows(self, part) -> list[tuple[str, str]]:
        """The rows as typed (or as stored), for redisplay."""
        value = self["u{}-follow_ups".format(part.pk)].value() or []
        return [(text, due) for text, due in value if (text or "").strip() or (due or "").strip()]

    def service_payload(self) -> dict:
        """What the service saves, from the fields that are valid (an autosave keeps the rest of the typing)."""
        data = self.cleaned_data
        payload = {
            "fields": {name: data[name] for name in REPORT_FIELDS if name in data},
            "units": {},
            "findings": {},
            "follow_ups": {},
        }
        for part in self.parts:
            values = {}
            for name in UNIT_FIELDS:
                key = "u{}-{}".format(part.pk, name)
                if key in data:
                    values[name] = data[key]
            if values:
                payload["units"][part.pk] = values
            for finding in part.findings.all():
                key = "f{}".format(finding.pk)
                if key in data:
                    payload["findings"][finding.pk] = data[key]
            key = "u{}-follow_ups".format(part.pk)
            if key in data:
                payload["follow_ups"][part.pk] = data[key]
        return payload

    def messages(self) -> list[str]:
        """Every error with the field named after its unit, for the status line and the summary at the top."""
        result = [str(e) for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            result.extend("{}: {}".format(self.full_labels.get(name, name), e) for e in errors)
        return result

    def add_service_errors(self, exc: ValidationError) -> None:
        """A service's errors next to the field they concern: report fields by name; a unit's problem (its
        message starts with the unit's name) on that unit's situation or follow-ups; the rest at the top."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for key, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    self.add_error(self._field_for(key, message), message)

    def _field_for(self, key, message):
        if key in self.fields:
            return key
        target = {"units": "situation", "follow_ups": "follow_ups"}.get(key)
        if target:
            for part in self.parts:
                if message.startswith(part.unit.name):
                    return "u{}-{}".format(part.pk, target)
        return None


class ReopenForm(forms.Form):
    reason = text_field(
        _("Lý do mở lại"), limits.NOTE, rows=2, error_messages={"required": _("Cần ghi lý do mở lại báo cáo.")}
    )
