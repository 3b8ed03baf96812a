import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.assignments.selectors import coverage_data, coverage_report
from diaban.core.dates import format_date, parse_date, today
from diaban.core.scoping import SYSTEM
from diaban.core.text import format_int, format_percent
from diaban.territory.models import Unit


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
        code = options["unit"].strip()
        matches = list(Unit.objects.filter(code=code).valid_on(date).select_related("level"))
        if not matches:
            others = [
                "{} ({}–{})".format(u.name, format_date(u.valid_from) or "…", format_date(u.valid_until) or "…")
                for u in Unit.objects.filter(code=code).order_by("valid_from")[:5]
            ]
            raise CommandError(
                "Không có đơn vị mã {} có hiệu lực vào ngày {}.{}".format(
                    code, format_date(date), " Mã này có hiệu lực: {}.".format("; ".join(others)) if others else ""
                )
            )
        if len(matches) > 1:
            raise CommandError(
                "Mã {} chỉ nhiều đơn vị vào ngày {}: {}.".format(
                    code, format_date(date), ", ".join("{} ({})".format(u.name, u.level.name) for u in matches)
                )
            )
        report = coverage_report(matches[0], date, SYSTEM, branches=options["json"])
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
