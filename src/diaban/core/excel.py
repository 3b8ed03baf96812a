"""Excel workbooks as users download them, one layout for every export.

A sheet is a title row, the lines that say where and over which period, a bold header row with the panes frozen
under it, and the data rows. Columns carry their width and number format: counts grouped (1.234 in Vietnamese
Excel), shares as percentages, dates as real dates shown dd/mm/yyyy, text kept as text (a value typed "=…" is
never a formula run on opening). The workbook is written row by row (openpyxl's write-only mode), so memory
stays flat however many rows a sheet has.
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from diaban.core.views import attachment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats. Excel shows the grouping and decimal marks of the reader's locale (1.234,5 in Vietnamese).
TEXT = "@"
INTEGER = "#,##0"
DECIMAL = "0.0"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
MONTH = "mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"

TITLE_FONT, BOLD = Font(bold=True, size=13), Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class CellStyle:
    font: Font | None = None
    alignment: Alignment | None = None
    fill: PatternFill | None = None


TITLE = CellStyle(font=TITLE_FONT)
HEADER = CellStyle(font=BOLD, alignment=WRAP)
STRONG = CellStyle(font=BOLD)  # a total row; a header that does not wrap


@dataclass(frozen=True)
class Column:
    """A column of a sheet. `number_format` applies to its numbers and dates (dates without one are shown
    dd/mm/yyyy, date-times dd/mm/yyyy hh:mm); `TEXT` makes every cell of the column text, blanks included, so
    what a user types there later keeps its leading zeros and is not turned into a date."""

    header: str = ""
    width: float | None = None
    number_format: str | None = None


def _number_format(value, number_format: str | None) -> str | None:
    if number_format == TEXT:
        return TEXT
    if value is None or isinstance(value, str):
        return None
    if number_format:
        return number_format
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    return None


class Sheet:
    """One sheet being written, a row at a time."""

    def __init__(self, worksheet, columns: Sequence[Column]):
        self.worksheet = worksheet
        self.columns = tuple(columns)

    def _cell(self, value, number_format: str | None = None, style: CellStyle | None = None) -> WriteOnlyCell:
        text = isinstance(value, str)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # Excel has no time zones: the local time the pages show.
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(self.worksheet, value=value if value != "" else None)
        if text:
            cell.data_type = "s"  # text typed as "=…" stays text, never a formula run on opening
        if number_format:
            cell.number_format = number_format
        if style is not None:
            if style.font is not None:
                cell.font = style.font
            if style.alignment is not None:
                cell.alignment = style.alignment
            if style.fill is not None:
                cell.fill = style.fill
        return cell

    def line(self, values: Iterable, style: CellStyle | None = None) -> None:
        """A row without the columns' number formats: titles, notes, headers, guide text."""
        self.worksheet.append([self._cell(value, style=style) for value in values])

    def append(self, values: Iterable, style: CellStyle | None = None) -> None:
        """A data row, each value formatted as its column says (a short row leaves the last columns blank);
        `style` for a whole row (a total in bold)."""
        values = list(values)
        if self.columns and len(values) > len(self.columns):
            raise ValueError("{} values for {} columns".format(len(values), len(self.columns)))
        formats = [column.number_format for column in self.columns][: len(values)]
        formats += [None] * (len(values) - len(formats))  # a sheet without columns
        self.worksheet.append(
            [self._cell(value, _number_format(value, fmt), style) for value, fmt in zip(values, formats, strict=True)]
        )

    def extend(self, rows: Iterable[Iterable]) -> None:
        for values in rows:
            self.append(values)

    def drop_down(self, column: int, source: str, title: str, message: str) -> None:
        """Excel offers the values of `source` (a range such as 'Lists'!$A$1:$A$3) in the cells of `column`
        (1-based) under the header, and refuses anything else with `message`."""
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=message,
        )
        validation.add("{0}2:{0}1048576".format(get_column_letter(column)))
        self.worksheet.data_validations.append(validation)


class ExcelBook:
    """A workbook of sheets in the common layout. A book whose sheets all speak of one thing gives it once:
    `subject` ends every sheet's title ("<title> — <subject>") and `notes` are the lines under every title, unless
    a sheet gives its own."""

    def __init__(self, *, subject: str = "", notes: Sequence[str] = ()):
        self.book = Workbook(write_only=True)
        self.subject, self.notes = subject, tuple(notes)

    def sheet(
        self,
        name: str,
        columns: Sequence[Column] = (),
        *,
        title: str = "",
        notes: Sequence[str] | None = None,
        header: CellStyle | None = HEADER,
        hidden: bool = False,
    ) -> Sheet:
        """A new sheet named `name` (Excel allows 31 characters, none of / ? * [ ] :): `title` in large bold
        type, then `notes` one per row ("" leaves a row blank), then the columns' headers in `header` style with
        the panes frozen under them; `header=None` for a sheet without a header row."""
        if title and self.subject:
            title = "{} — {}".format(title, self.subject)
        if notes is None:
            notes = self.notes if title else ()
        worksheet = self.book.create_sheet(name)
        if hidden:
            worksheet.sheet_state = "hidden"
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.width:
                worksheet.column_dimensions[letter].width = column.width
            if column.number_format == TEXT:
                worksheet.column_dimensions[letter].number_format = TEXT
        above = (1 if title else 0) + len(notes)
        if header is not None:
            worksheet.freeze_panes = "A{}".format(above + 2)
        sheet = Sheet(worksheet, columns)
        if title:
            sheet.line([title], TITLE)
        for note in notes:
            sheet.line([note] if note else [])
        if header is not None:
            sheet.line([column.header for column in columns], header)
        return sheet

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named `filename` (ASCII, so every browser saves it under that name)."""
    return attachment(content, XLSX_CONTENT_TYPE, filename)
