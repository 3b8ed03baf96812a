"""Files imported from Excel row by row, all or nothing, and the templates users fill in for them.

An importer declares its columns (`ImportColumn`) and reads the upload with `ImportFile`: the data sheet is found,
its header matched to the columns (in any order, ignoring accents and case), and every non-empty row handed out
as a `Row` that turns cells into typed values and records each problem as (row as Excel numbers it, column
header, Vietnamese message). The importer then writes the good rows through its services with `ImportFile.apply`:
one transaction, a savepoint per row; if any row failed, at parsing or in a service, the transaction is rolled
back and every problem is reported at once (`ImportFailed`).

`template_workbook` writes the same columns as a file to fill in, or to export rows in a layout that imports
back unchanged: the data sheet with drop-down lists, a guide sheet, and a hidden sheet of the lists.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from diaban.core.dates import format_date, parse_date
from diaban.core.excel import BOLD, HEADER, TEXT, CellStyle, Column, ExcelBook
from diaban.core.text import fold, nfc

MAX_ROWS = 20_000
CHUNK = 500  # IN (...) lists stay under every database's parameter limit
GUIDE_SHEET, LISTS_SHEET = "Hướng dẫn", "Danh mục"

NOT_XLSX = (
    "Tệp tải lên không phải là tệp Excel (.xlsx) hoặc đã bị hỏng. Hãy mở tệp bằng Excel, chọn "
    "«Lưu thành» kiểu «Excel Workbook (.xlsx)» rồi tải lên lại, hoặc dùng tệp mẫu."
)
REQUIRED = "Ô bắt buộc, không được để trống."


@dataclass(frozen=True)
class ImportColumn:
    """A column of an import file, as the template and its guide show it."""

    header: str
    width: int
    guide: str
    required: bool = False
    choices: tuple[str, ...] = ()
    text: bool = True  # stored as text, so Excel keeps leading zeros and does not turn dd/mm/yyyy into dates


def chunks(items: Iterable, size: int = CHUNK):
    """`items` in lists of at most `size`: the codes a file names, looked up a few hundred at a time."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel numbers it (the header is row 1); None for the file as a whole
    column: str
    message: str

    def __str__(self):
        where = "Dòng {}".format(self.row) if self.row else "Tệp"
        return "{}{}: {}".format(where, ", cột «{}»".format(self.column) if self.column else "", self.message)


class ImportFailed(Exception):
    """Every problem found in a file, by row and then in the order of the columns; nothing was written."""

    def __init__(self, errors, columns=()):
        order = {c.header: i for i, c in enumerate(columns)}
        self.errors = sorted(errors, key=lambda e: (e.row or 0, order.get(e.column, len(order))))
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportReport:
    """What an import did, counted by row: a row that creates anything counts as created."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self):
        return "Đã nhập {} dòng: {} thêm mới, {} cập nhật, {} không thay đổi.".format(
            self.rows, self.created, self.updated, self.unchanged
        )


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"  # what a row handler returns


# ---------------------------------------------------------------------------------------------------------
# Reading


def cell_text(value) -> str:
    """A cell as the text a user typed: whole numbers without ".0", dates dd/mm/yyyy, Unicode in NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return format_date(value)
    return nfc(str(value))


def match_choice(text: str, choices: dict):
    """The value of the label `text` names in `choices` (label → value), ignoring accents and case; None if none."""
    key = fold(text)
    return next((value for label, value in choices.items() if fold(label) == key), None)


class Row:
    """One row being read: typed values out, every problem into the file's error list."""

    def __init__(self, number: int, values: dict, errors: list):
        self.number, self.values, self.errors, self.ok = number, values, errors, True

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.ok = False

    def text(self, column: str, required: bool = False) -> str:
        value = cell_text(self.values[column])
        if required and not value:
            self.error(column, REQUIRED)
        return value

    def date(self, column: str, required: bool = False) -> datetime.date | None:
        value = self.values[column]
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            date = parse_date(self.text(column, required))
        except ValidationError as exc:
            self.error(column, exc.messages[0])
            return None
        return date

    def service_error(self, exc: Exception, columns: dict, default: str) -> None:
        """The messages of a service's refusal, each under the column of the field it names (`columns`: field →
        header), or under `default`."""
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                for error in errors:
                    for message in error.messages:
                        self.error(columns.get(field, default), message)
        else:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                self.error(default, message)


def _raw_rows(workbook_file) -> list[tuple]:
    """The values of the data sheet's rows, header first; a damaged, foreign, empty or huge file raises."""
    raw, too_many = [], False
    try:
        book = load_workbook(workbook_file, read_only=True, data_only=True)
        try:
            # The data sheet, even if the guide was moved in front of it.
            sheet = next((ws for ws in book.worksheets if ws.title not in (GUIDE_SHEET, LISTS_SHEET)), book.active)
            for values in sheet.iter_rows(values_only=True):
                raw.append(values)
                if len(raw) > MAX_ROWS + 1:
                    too_many = True
                    break
        finally:
            book.close()
    except Exception:  # a damaged or foreign file fails in many ways inside zipfile and openpyxl
        raise ImportFailed([RowError(None, "", NOT_XLSX)]) from None
    if too_many:
        raise ImportFailed([RowError(None, "", "Tệp có hơn {} dòng; hãy chia thành nhiều tệp.".format(MAX_ROWS))])
    if not raw:
        raise ImportFailed([RowError(None, "", "Tệp trống: dòng đầu tiên phải là dòng tiêu đề của tệp mẫu.")])
    return raw


def _positions(header: tuple, columns: Sequence[ImportColumn]) -> dict[str, int]:
    """Column header → index in the file; unknown, repeated and missing columns raise, all at once."""
    known = {fold(c.header): c.header for c in columns}
    errors, position = [], {}
    for index, cell in enumerate(header):
        text = cell_text(cell)
        if not text:
            continue
        name = known.get(fold(text))
        if name is None:
            errors.append(
                RowError(
                    1,
                    text,
                    "Cột không có trong tệp mẫu. Các cột của mẫu: {}.".format(", ".join(c.header for c in columns)),
                )
            )
        elif name in position:
            errors.append(RowError(1, text, "Cột này có hai lần."))
        else:
            position[name] = index
    for column in columns:
        if column.header not in position:
            errors.append(RowError(1, column.header, "Thiếu cột này; hãy dùng tệp mẫu tải từ trang nhập."))
    if errors:
        raise ImportFailed(errors)
    return position


class ImportFile:
    """An uploaded workbook's data rows, read against `columns`; `errors` gathers every problem of every row.

    File and header problems raise `ImportFailed` at once: there are no rows to check without them."""

    def __init__(self, workbook_file, columns: Sequence[ImportColumn]):
        self.columns = tuple(columns)
        self.errors: list[RowError] = []
        raw = _raw_rows(workbook_file)
        position = _positions(raw[0], self.columns)
        self.rows: list[Row] = []
        for number, values in enumerate(raw[1:], start=2):
            row = {name: values[i] if i < len(values) else None for name, i in position.items()}
            if any(cell_text(v) for v in row.values()):
                self.rows.append(Row(number, row, self.errors))
        if not self.rows:
            raise ImportFailed([RowError(None, "", "Tệp chưa có dòng dữ liệu nào dưới dòng tiêu đề.")])

    def texts(self, column: str) -> set[str]:
        """The column's non-blank values as text: the codes to look up at once, before reading row by row."""
        return {cell_text(row.values[column]) for row in self.rows} - {""}

    def apply(
        self, parsed: Iterable[tuple[Row, object]], apply_row: Callable, *, field_columns: dict, default: str
    ) -> ImportReport:
        """Run `apply_row(item)` for every (row, item) whose row read well, in one transaction with a savepoint
        each; it returns CREATED, UPDATED or UNCHANGED. A service's refusal is the row's error, under the column
        of the field it names (`field_columns`) or `default`. If any row failed, all is rolled back and
        `ImportFailed` lists every problem."""
        report = ImportReport()
        with transaction.atomic():
            for row, item in parsed:
                if not row.ok:
                    continue
                try:
                    with transaction.atomic():
                        outcome = apply_row(item)
                except (ValidationError, PermissionDenied) as exc:
                    row.service_error(exc, field_columns, default)
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
            if self.errors:
                raise ImportFailed(self.errors, self.columns)
        return report


# ---------------------------------------------------------------------------------------------------------
# Templates

TEMPLATE_HEADER = CellStyle(
    font=BOLD, alignment=Alignment(wrap_text=True, vertical="center"), fill=PatternFill("solid", fgColor="F8D7DA")
)
GUIDE_TEXT = CellStyle(alignment=HEADER.alignment)
HOW_TO_FILL = (
    "Mỗi dòng một bản ghi; giữ nguyên dòng tiêu đề, có thể đổi thứ tự cột.",
    "Ngày viết dạng ngày/tháng/năm, ví dụ 01/07/2025. Các cột mã và ngày để định dạng chữ (Text) để Excel không "
    "bỏ số 0 ở đầu hoặc đổi ngày.",
    "Nhập là tất cả hoặc không: nếu có dòng sai, hệ thống không ghi gì và liệt kê mọi dòng sai (dòng, cột, lỗi) "
    "để sửa một lần.",
    "Nhập lại cùng một tệp không tạo bản ghi trùng: bản ghi đã có và không đổi được báo là không thay đổi.",
)


def template_workbook(
    columns: Sequence[ImportColumn], sheet_title: str, rows: Iterable[Sequence] = (), guide_extra: Sequence = ()
) -> bytes:
    """The data sheet (header bold and frozen, text columns as text, drop-down lists for columns with choices)
    with `rows` if any, the guide sheet (how to fill the file, every column, then the table `guide_extra`: its
    header row first), and the hidden sheet the drop-down lists read."""
    book = ExcelBook()
    sheet = book.sheet(
        sheet_title,
        [Column(c.header, c.width, TEXT if c.text else None) for c in columns],
        header=TEMPLATE_HEADER,
    )
    lists = []
    for index, column in enumerate(columns, start=1):
        if column.choices:
            lists.append(column.choices)
            source = get_column_letter(len(lists))
            sheet.drop_down(
                index,
                "'{}'!${}$1:${}${}".format(LISTS_SHEET, source, source, len(column.choices)),
                column.header,
                "Chọn một giá trị trong danh sách: {}.".format("; ".join(column.choices)),
            )
    sheet.extend(rows)
    guide = book.sheet(GUIDE_SHEET, [Column(width=30), Column(width=12), Column(width=90)], header=None)
    _guide(guide, columns, guide_extra)
    hidden = book.sheet(LISTS_SHEET, header=None, hidden=True)
    for i in range(max((len(values) for values in lists), default=0)):
        hidden.line([values[i] if i < len(values) else None for values in lists])
    return book.save()


def _guide(sheet, columns: Sequence[ImportColumn], extra: Sequence) -> None:
    sheet.line(["Cách điền tệp"], HEADER)
    for text in HOW_TO_FILL:
        sheet.line(["", "", text], GUIDE_TEXT)
    sheet.line([])
    sheet.line(["Cột", "Bắt buộc", "Cách ghi"], HEADER)
    for column in columns:
        sheet.line([column.header, "có" if column.required else "", column.guide], GUIDE_TEXT)
    if extra:
        sheet.line([])
        sheet.line(extra[0], HEADER)
        for row in extra[1:]:
            sheet.line(row, GUIDE_TEXT)
