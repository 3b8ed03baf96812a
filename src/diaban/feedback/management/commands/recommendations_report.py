import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.core.dates import format_date, parse_date
from diaban.core.scoping import SYSTEM
from diaban.core.text import format_int, format_percent
from diaban.feedback.trends import NO_TOPIC, period_of, trends_report
from diaban.feedback.trends_data import trends_data
from diaban.territory.selectors import unit_by_code

OPTION_NAMES = {"from": "--from", "to": "--to"}


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Plain-text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = (
        "Thống kê kiến nghị dưới một đơn vị trong một kỳ (như trang Thống kê kiến nghị): theo lĩnh vực, đơn vị, tháng; "
        "đang mở và quá hạn theo cơ quan; thời gian trả lời; kiến nghị mở lâu nhất."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (GSO), ví dụ 83 cho tỉnh Bến Tre")
        parser.add_argument(
            "--from", dest="from", help="từ ngày nêu (dd/mm/yyyy), mặc định ngày 1 của tháng cách đây 11 tháng"
        )
        parser.add_argument("--to", dest="to", help="đến ngày (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (như API)")

    def _dates(self, options):
        dates = {}
        for name in ("from", "to"):
            try:
                dates[name] = parse_date(options[name])
            except ValidationError as exc:
                raise CommandError("{}: {}".format(OPTION_NAMES[name], exc.messages[0])) from exc
        return dates["from"], dates["to"]

    def handle(self, *args, **options):
        start, end = self._dates(options)
        code = options["unit"].strip()
        if start is not None and end is not None and end < start:
            raise CommandError(
                "--to: ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(end), format_date(start))
            )
        try:
            unit = unit_by_code(code, start, end)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        try:
            start, end = period_of(unit, options["from"], options["to"])
        except ValidationError as exc:  # only the defaults can clash here, e.g. --from after today
            raise CommandError(
                " ".join("{}: {}".format(OPTION_NAMES[k], " ".join(v)) for k, v in exc.message_dict.items())
            ) from exc
        report = trends_report(SYSTEM, unit, start, end)
        if options["json"]:
            self.stdout.write(json.dumps(trends_data(report), ensure_ascii=False, indent=2))
            return
        for line in self._text(report):
            self.stdout.write(line)

    def _text(self, report):
        unit, end = report.unit, format_date(report.end)
        yield "Thống kê kiến nghị — {} (mã {}), nêu từ {} đến {}".format(
            unit.name, unit.code, format_date(report.start), end
        )
        if report.lineage_note:
            yield report.lineage_note
        yield "Kiến nghị nêu trong kỳ: {}; đang mở ngày {}: {}, trong đó quá hạn {}.".format(
            format_int(report.total), end, format_int(report.open_total), format_int(report.overdue_total)
        )
        yield "Trả lời trong kỳ: {}; thời gian trả lời (trung vị): {} ngày làm việc.".format(
            format_int(report.answered_total), report.median_lead_display
        )
        yield ""
        yield "Theo lĩnh vực"
        yield from _table(
            ["Lĩnh vực", "Số kiến nghị", "Tỷ lệ"],
            [[t.name, format_int(t.count), format_percent(t.share)] for t in report.by_topic]
            + [["Tổng", format_int(report.total), ""]],
        )
        yield ""
        yield "Theo đơn vị"
        yield from _table(
            ["Đơn vị", "Số kiến nghị"],
            [["Tại " + unit.name if u.own_level else u.unit.name, format_int(u.count)] for u in report.by_unit]
            + [["Tổng", format_int(report.total)]],
        )
        yield ""
        yield "Theo tháng"
        yield from _table(["Tháng", "Số kiến nghị"], [[m.label, format_int(m.count)] for m in report.by_month])
        yield ""
        yield "Đang mở và quá hạn theo cơ quan, ngày {}".format(end)
        yield from _table(
            ["Cơ quan", "Đang mở", "Quá hạn"],
            [[a.name, format_int(a.open), format_int(a.overdue)] for a in report.agencies]
            + [["Tổng", format_int(report.open_total), format_int(report.overdue_total)]],
        )
        for title, rows in (
            ("Thời gian trả lời theo cơ quan (trung vị, ngày làm việc)", report.lead_by_agency),
            ("Thời gian trả lời theo lĩnh vực (trung vị, ngày làm việc)", report.lead_by_topic),
        ):
            yield ""
            yield title
            yield from _table(
                ["", "Đã trả lời", "Trung vị"], [[r.name, format_int(r.answered), r.median_display] for r in rows]
            )
        yield ""
        yield "Kiến nghị đang mở lâu nhất, ngày {}".format(end)
        yield from _table(
            ["Số", "Ngày nêu", "Địa bàn", "Lĩnh vực", "Cơ quan", "Ngày làm việc", "Quá hạn"],
            [
                [
                    str(o.recommendation.pk),
                    format_date(o.recommendation.raised_on),
                    o.recommendation.unit.name,
                    o.recommendation.topic.name if o.recommendation.topic_id else NO_TOPIC,
                    o.agency_name,
                    format_int(o.age),
                    "có" if o.overdue else "",
                ]
                for o in report.oldest
            ],
        )
