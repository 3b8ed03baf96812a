"""diaban import-units [--json FILE] [--valid-from DD/MM/YYYY] [--valid-until DD/MM/YYYY]"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.core.dates import parse_date
from diaban.territory.importers import (
    OFFICIAL_SOURCE,
    UnitImportError,
    import_divisions,
    official_divisions_file,
    read_divisions,
)


class Command(BaseCommand):
    help = (
        "Nhập danh mục đơn vị hành chính theo định dạng nested-divisions.json của gói vietnam-provinces. "
        "Mặc định lấy danh mục chính thức hai cấp của Tổng cục Thống kê đi kèm (hiệu lực từ 01/07/2025); tệp ba "
        "cấp có hiệu lực đến 30/06/2025. Nhập theo thứ tự nào cũng ghi đủ liên kết kế thừa của đợt sắp xếp 2025 "
        "(tỉnh theo Nghị quyết 202/2025/QH15, xã theo bảng chuyển đổi của Tổng cục Thống kê). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_file", help="tệp nested-divisions.json khác (ví dụ của bản 0.6.0)")
        parser.add_argument("--valid-from", help="hiệu lực từ ngày (dd/mm/yyyy)")
        parser.add_argument("--valid-until", help="hiệu lực đến ngày (dd/mm/yyyy)")
        parser.add_argument("--source", help="ghi chú nguồn dữ liệu (mặc định: tên tệp)")

    def handle(self, *args, json_file=None, valid_from=None, valid_until=None, source=None, **options):
        try:
            start = parse_date(valid_from)
            end = parse_date(valid_until)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        path = json_file or official_divisions_file()
        if source is None:
            source = OFFICIAL_SOURCE if not json_file else str(json_file).rsplit("/", 1)[-1]
        progress = self._progress if sys.stderr.isatty() else None
        try:
            data = read_divisions(path)
            report = import_divisions(data, valid_from=start, valid_until=end, source=source, progress=progress)
        except UnitImportError as exc:
            shown = exc.errors[:50]
            more = len(exc.errors) - len(shown)
            lines = ["Không nhập gì cả: tệp có {} lỗi.".format(len(exc.errors)), *shown]
            if more:
                lines.append("… và {} lỗi khác.".format(more))
            raise CommandError("\n".join(lines)) from exc
        if progress:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)

    def _progress(self, done, total):
        sys.stderr.write("\rĐang nhập: {}/{} đơn vị".format(done, total))
        sys.stderr.flush()
