import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.assignments.selectors import coverage_data, coverage_report
from diaban.core.dates import format_date, parse_date, today
from diaban.core.scoping import SYSTEM
from diaban.core.text import format_int, format_percent
from diaban.territory.selectors import unit_by_code


class Command(BaseCommand):
    help = "Độ bao phủ địa bàn: số đơn vị mỗi cấp có và chưa có cán bộ theo dõi vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (GSO), ví dụ 83 cho tỉnh Bến Tre")
        parser.add_argument("--date", help="ngày/tháng/năm, mặc định hôm nay")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (như API)")

    def handle(self, *args, **options):
        try:
            date = parse_date(options["date"], today())
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        try:
            unit = unit_by_code(options["unit"], date, date)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        report = coverage_report(unit, date, SYSTEM, branches=options["json"])
        if options["json"]:
            self.stdout.write(json.dumps(coverage_data(report), ensure_ascii=False, indent=2))
            return
        root = report.root
        self.stdout.write("Độ bao phủ địa bàn — {} (mã {}), ngày {}".format(root.name, root.code, format_date(date)))
        self.stdout.write("")
        header = "{:<32} {:>10} {:>12} {:>9} {:>9} {:>10}".format(
            "Cấp", "Số đơn vị", "Có cán bộ", "Chưa có", "Tỷ lệ", "Số cán bộ"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in report.levels:
            self.stdout.write(
                "{:<32} {:>10} {:>12} {:>9} {:>9} {:>10}".format(
                    row.level.name_plural[:32].capitalize(),
                    format_int(row.total),
                    format_int(row.covered),
                    format_int(row.uncovered),
                    format_percent(row.share),
                    format_int(row.cadres),
                )
            )
        self.stdout.write("")
        self.stdout.write("Cán bộ đang theo dõi địa bàn: {}".format(format_int(report.cadres_assigned)))
        self.stdout.write("Cán bộ chưa được phân công địa bàn: {}".format(format_int(report.cadres_idle)))
        self.stdout.write(
            "Số địa bàn mỗi cán bộ: "
            + "; ".join("{}: {} người".format(label, format_int(n)) for label, n in report.load if n)
        )
