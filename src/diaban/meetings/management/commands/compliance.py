import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.core.dates import format_date, parse_year, today
from diaban.core.scoping import SYSTEM
from diaban.core.text import format_int, format_percent
from diaban.meetings.selectors.compliance import compliance_data, compliance_report, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.territory.selectors import unit_by_code


class Command(BaseCommand):
    help = "Thực hiện quy định dự sinh hoạt chi bộ của cán bộ một đơn vị trong một năm (như trang Dự sinh hoạt)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (GSO), ví dụ 83 cho tỉnh Bến Tre")
        parser.add_argument("--year", help="năm, mặc định năm nay")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (như API)")

    def handle(self, *args, **options):
        try:
            year = parse_year(options["year"], today().year)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        try:
            unit = unit_by_code(options["unit"], datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        start, end = year_span(unit, year)
        report = compliance_report(unit, start, end, SYSTEM)
        reporting = reporting_report(unit, start, end, SYSTEM, lineage=report.lineage_branches)
        if options["json"]:
            self.stdout.write(json.dumps(compliance_data(report, reporting), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            "Dự sinh hoạt chi bộ — {} (mã {}), từ {} đến {}".format(
                unit.name, unit.code, format_date(start), format_date(end)
            )
        )
        if report.lineage_note:
            self.stdout.write(report.lineage_note)
        if not report.rules:
            self.stdout.write("Không có quy định dự sinh hoạt nào áp dụng cho cán bộ của đơn vị trong thời gian này.")
            return
        self.stdout.write("")
        for rule in report.rules:
            self.stdout.write(
                "Quy định: {} — tối thiểu {} lần/{} ({})".format(
                    rule.name, rule.minimum, rule.get_period_display(), rule.document
                )
            )
        self.stdout.write("")
        header = "{:<40} {:>10} {:>8} {:>9} {:>9}".format("Đơn vị", "Thuộc diện", "Đạt", "Chưa đạt", "Tỷ lệ đạt")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for b in report.branches:
            name = "Cán bộ " + unit.name if b.own_level else b.unit.name
            self.stdout.write(
                "{:<40} {:>10} {:>8} {:>9} {:>9}".format(
                    name[:40],
                    format_int(b.assessed),
                    format_int(b.compliant),
                    format_int(b.behind),
                    format_percent(b.share) if b.assessed else "—",
                )
            )
        self.stdout.write("-" * len(header))
        self.stdout.write(
            "{:<40} {:>10} {:>8} {:>9} {:>9}".format(
                "Tổng",
                format_int(report.assessed),
                format_int(report.compliant),
                format_int(report.assessed - report.compliant),
                format_percent(report.share),
            )
        )
        total = reporting.total
        self.stdout.write("")
        self.stdout.write(
            "Báo cáo dự sinh hoạt (tính đến {}): phải có {}, đã nhận {} ({}), đúng hạn {} ({}).".format(
                format_date(reporting.as_of),
                format_int(total.expected),
                format_int(total.received),
                format_percent(total.rate),
                format_int(total.on_time),
                format_percent(total.on_time_rate),
            )
        )
