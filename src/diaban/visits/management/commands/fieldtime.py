import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.core.dates import format_date, parse_date, today
from diaban.core.scoping import SYSTEM
from diaban.core.text import fold, format_int, format_percent
from diaban.people.models import Department
from diaban.visits.fieldtime_data import field_time_data
from diaban.visits.fieldtime_selectors import check_period, department_field_time


class Command(BaseCommand):
    help = (
        "Thời gian đi cơ sở của cán bộ một phòng, ban (và các phòng trực thuộc) trong một khoảng thời gian "
        "(như trang Thời gian đi cơ sở)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="số hiệu (id) hoặc tên phòng, ban")
        parser.add_argument(
            "--from", dest="start", metavar="dd/mm/yyyy", help="từ ngày, dd/mm/yyyy; mặc định 01/01 năm nay"
        )
        parser.add_argument("--to", dest="end", metavar="dd/mm/yyyy", help="đến ngày, dd/mm/yyyy; mặc định hôm nay")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, **options):
        now = today()
        try:
            start = parse_date(options["start"], now.replace(month=1, day=1))
            end = parse_date(options["end"], now)
            check_period(start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        department = self._department(options["department"].strip())
        result = department_field_time(department, start, end, SYSTEM)
        if options["json"]:
            self.stdout.write(json.dumps(field_time_data(result), ensure_ascii=False, indent=2))
            return
        self._print(result)

    def _department(self, text: str) -> Department:
        departments = Department.objects.select_related("unit", "parent")
        if text.isdigit():
            found = departments.filter(pk=int(text)).first()
            if found is None:
                raise CommandError("Không có phòng, ban số hiệu {}.".format(text))
            return found
        key = fold(text)
        # Accents and case ignored, so a name typed without Vietnamese keyboard is found too.
        matches = [d for d in departments if fold(d.name) == key]
        if not matches:
            raise CommandError("Không có phòng, ban tên {!r}. Dùng số hiệu (id) hoặc tên đầy đủ.".format(text))
        if len(matches) > 1:
            raise CommandError(
                "Tên {!r} chỉ nhiều phòng, ban: {}. Dùng số hiệu (id).".format(
                    text, ", ".join("{} (số hiệu {}, {})".format(d.name, d.pk, d.unit.name) for d in matches)
                )
            )
        return matches[0]

    def _print(self, result):
        write = self.stdout.write
        write(
            "Thời gian đi cơ sở — {} (số hiệu {}), từ {} đến {}".format(
                result.department.name, result.department.pk, format_date(result.start), format_date(result.end)
            )
        )
        rule = result.rule
        if rule is None:
            write("Chưa có quy định về thời gian đi cơ sở áp dụng cho phòng, ban này; không so với chỉ tiêu.")
        else:
            write(
                "Chỉ tiêu: {}/{} thời gian làm việc — {} ({}, quy định cho {})".format(
                    rule.share_numerator, rule.share_denominator, rule.name, rule.source, rule.department.name
                )
            )
        write("")
        header = "{:<36} {:>10} {:>10} {:>8} {:>8}".format("Cán bộ", "Ở cơ sở", "Làm việc", "Tỷ lệ", "Chỉ tiêu")
        write(header)
        write("-" * len(header))
        for row in result.rows:
            write(self._line(row.person.full_name, row.figure, row.meets))
        write("-" * len(header))
        write(self._line("Cả phòng, ban", result.total, result.meets))
        if rule is not None:
            write("Cán bộ đạt chỉ tiêu: {} / {}.".format(format_int(result.at_target), format_int(result.assessed)))
        if result.total.uncounted_days:
            write(
                "Ngày ở cơ sở rơi vào cuối tuần, ngày lễ, Tết hoặc ngày nghỉ phép, không tính: {}.".format(
                    format_int(result.total.uncounted_days)
                )
            )

    @staticmethod
    def _line(name, figure, meets) -> str:
        mark = {True: "đạt", False: "chưa đạt"}.get(meets, "—")
        ratio = format_percent(figure.ratio) if figure.ratio is not None else "—"
        return "{:<36} {:>10} {:>10} {:>8} {:>8}".format(
            name[:36], format_int(figure.field_days), format_int(figure.working_days), ratio, mark
        )
