"""The read receipts of a guidance as an Excel workbook: every recipient in the Vietnamese order, whether and
when they read it, as the detail page lists them."""

from diaban.core.dates import format_date
from diaban.core.excel import DATETIME, Column, ExcelBook
from diaban.guidance.models import Guidance
from diaban.guidance.selectors import receipt_counts, receipts_of

COLUMNS = [
    Column("STT", 6),
    Column("Mã cán bộ", 14),
    Column("Họ và tên", 28),
    Column("Cơ quan, đơn vị", 36),
    Column("Đã đọc", 9),
    Column("Đọc lúc", 18, DATETIME),  # the local time the page shows
]


def receipts_workbook(guidance: Guidance) -> bytes:
    counts = receipt_counts(guidance)
    sent = "Gửi cán bộ của {} ngày {} · truyền đạt trước {} · đã đọc {}/{}".format(
        guidance.unit.name,
        format_date(guidance.published_on),
        format_date(guidance.convey_by),
        counts["read"],
        counts["total"],
    )
    book = ExcelBook()
    sheet = book.sheet(
        "Người nhận", COLUMNS, title="Người nhận định hướng «{}»".format(guidance.title), notes=[sent, ""]
    )
    rows = receipts_of(guidance).values_list(
        "person__code", "person__full_name", "person__agency", "person__home_unit__name", "read_at"
    )
    for number, (code, name, agency, home, read_at) in enumerate(rows.iterator(chunk_size=2000), start=1):
        sheet.append([number, code, name, agency or home, "Có" if read_at else "Chưa", read_at])
    return book.save()
