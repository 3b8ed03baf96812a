"""The read receipts of a guidance as an Excel workbook: every recipient in the Vietnamese order, whether and
when they read it, as the detail page lists them."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from diaban.core.dates import format_date
from diaban.guidance.models import Guidance
from diaban.guidance.selectors import receipt_counts, receipts_of

COLUMNS = [("STT", 6), ("Mã cán bộ", 14), ("Họ và tên", 28), ("Cơ quan, đơn vị", 36), ("Đã đọc", 9),
           ("Đọc lúc", 18)]  # fmt: skip
DATETIME = "dd/mm/yyyy hh:mm"


def _cell(sheet, value, number_format=None, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def receipts_workbook(guidance: Guidance) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Người nhận")
    for letter, (_title, width) in zip("ABCDEF", COLUMNS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    counts = receipt_counts(guidance)
    title = _cell(sheet, "Người nhận định hướng «{}»".format(guidance.title))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append(
        [
            _cell(
                sheet,
                "Gửi cán bộ của {} ngày {} · truyền đạt trước {} · đã đọc {}/{}".format(
                    guidance.unit.name,
                    format_date(guidance.published_on),
                    format_date(guidance.convey_by),
                    counts["read"],
                    counts["total"],
                ),
            )
        ]
    )
    sheet.append([])
    header = []
    for text, _width in COLUMNS:
        cell = _cell(sheet, text, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    rows = receipts_of(guidance).values_list(
        "person__code", "person__full_name", "person__agency", "person__home_unit__name", "read_at"
    )
    for number, (code, name, agency, home, read_at) in enumerate(rows.iterator(chunk_size=2000), start=1):
        # Excel has no time zones: the local time the page shows.
        when = timezone.localtime(read_at).replace(tzinfo=None) if read_at else None
        sheet.append(
            [
                _cell(sheet, number),
                _cell(sheet, code),
                _cell(sheet, name),
                _cell(sheet, agency or home),
                _cell(sheet, "Có" if read_at else "Chưa"),
                _cell(sheet, when, DATETIME),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
