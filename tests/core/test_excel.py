"""The workbook writer and the row-by-row import engine every app's Excel files go through."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from diaban.core.excel import (
    DATE,
    DATETIME,
    INTEGER,
    PERCENT,
    STRONG,
    TEXT,
    XLSX_CONTENT_TYPE,
    Column,
    ExcelBook,
    xlsx_response,
)
from diaban.core.excel_import import (
    CREATED,
    GUIDE_SHEET,
    LISTS_SHEET,
    NOT_XLSX,
    REQUIRED,
    UNCHANGED,
    ImportColumn,
    ImportFailed,
    ImportFile,
    ImportReport,
    RowError,
    template_workbook,
)


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


# ---------------------------------------------------------------------------------------------------------
# Writing


def test_a_titled_sheet_has_its_title_notes_bold_header_frozen_under_it_and_widths():
    book = ExcelBook()
    sheet = book.sheet(
        "Tổng hợp",
        [Column("Đơn vị", 36), Column("Số cán bộ", 12, INTEGER), Column("Tỷ lệ", 10, PERCENT)],
        title="Tổng hợp — Tỉnh Bến Tre",
        notes=["Từ 01/01/2025 đến 31/12/2025"],
    )
    sheet.append(["Huyện Ba Tri", 1234, 0.875])
    sheet.append(["Tổng", 1234, None], STRONG)
    ws = load(book.save())["Tổng hợp"]

    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Tổng hợp — Tỉnh Bến Tre", None, None],
        ["Từ 01/01/2025 đến 31/12/2025", None, None],
        ["Đơn vị", "Số cán bộ", "Tỷ lệ"],
        ["Huyện Ba Tri", 1234, 0.875],
        ["Tổng", 1234, None],
    ]
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert not ws["A2"].font.b
    assert all(cell.font.b and cell.alignment.wrap_text for cell in ws[3])
    assert ws.freeze_panes == "A4"
    assert [ws.column_dimensions[letter].width for letter in "ABC"] == [36, 12, 10]
    assert (ws["A4"].number_format, ws["B4"].number_format, ws["C4"].number_format) == ("General", INTEGER, PERCENT)
    assert all(cell.font.b for cell in ws[5]) and ws["A5"].number_format == "General"


def test_the_panes_freeze_under_the_header_whatever_stands_above_it():
    book = ExcelBook()
    book.sheet("Không tiêu đề", [Column("Mã", 10)])
    book.sheet("Dòng trống", [Column("Mã", 10)], title="Tiêu đề", notes=["Ghi chú", ""])
    book.sheet("Hướng dẫn", [Column(width=30)], header=None)
    saved = load(book.save())
    assert saved["Không tiêu đề"].freeze_panes == "A2" and saved["Không tiêu đề"]["A1"].value == "Mã"
    assert saved["Dòng trống"].freeze_panes == "A5" and saved["Dòng trống"]["A4"].value == "Mã"
    assert saved["Dòng trống"]["A3"].value is None
    assert saved["Hướng dẫn"].freeze_panes is None


def test_dates_are_real_dates_shown_dd_mm_yyyy_and_text_stays_text(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    read_at = datetime.datetime(2025, 7, 1, 1, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    book = ExcelBook()
    sheet = book.sheet("Ngày", [Column("Ngày"), Column("Lúc"), Column("Ghi chú"), Column("Mã", 10, TEXT)])
    sheet.append([datetime.date(2025, 7, 1), read_at, "=1+2", "00123"])
    sheet.append([None, None, "", None])
    ws = load(book.save())["Ngày"]

    assert ws["A2"].value == datetime.datetime(2025, 7, 1) and ws["A2"].is_date
    assert ws["A2"].number_format == DATE == "dd/mm/yyyy"
    assert ws["B2"].value == datetime.datetime(2025, 7, 1, 8, 30)  # the local time the pages show
    assert ws["B2"].number_format == DATETIME
    assert ws["C2"].value == "=1+2" and ws["C2"].data_type == "s"  # never a formula run on opening
    assert ws["D2"].value == "00123" and ws["D2"].number_format == TEXT
    assert ws["D3"].number_format == TEXT  # blank, but what a user types there stays text
    assert ws.column_dimensions["D"].number_format == TEXT
    assert ws["C3"].value is None


def test_a_book_about_one_thing_heads_every_sheet_with_it():
    book = ExcelBook(subject="Tỉnh Bến Tre", notes=["Năm 2025"])
    book.sheet("A", [Column("Cột")], title="Theo đơn vị")
    book.sheet("B", [Column("Cột")], title="Theo tháng", notes=["Riêng"])
    saved = load(book.save())
    assert [saved["A"]["A1"].value, saved["A"]["A2"].value] == ["Theo đơn vị — Tỉnh Bến Tre", "Năm 2025"]
    assert [saved["B"]["A1"].value, saved["B"]["A2"].value] == ["Theo tháng — Tỉnh Bến Tre", "Riêng"]


def test_a_row_longer_than_the_header_is_a_mistake_a_shorter_one_ends_blank():
    book = ExcelBook()
    sheet = book.sheet("A", [Column("Một"), Column("Hai")])
    with pytest.raises(ValueError):
        sheet.append([1, 2, 3])
    sheet.append([1, 2])
    sheet.append([3])
    rows = [[c.value for c in row] for row in load(book.save())["A"].iter_rows()]
    assert rows == [["Một", "Hai"], [1, 2], [3, None]]


def test_the_response_is_a_named_xlsx_download():
    book = ExcelBook()
    book.sheet("A", [Column("Cột")])
    response = xlsx_response(book.save(), "bao-cao-2025.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2025.xlsx"'
    assert load(response.content).sheetnames == ["A"]


# ---------------------------------------------------------------------------------------------------------
# Importing

NAME, DAY, NOTE = "Tên nhóm", "Ngày lập", "Ghi chú"
COLUMNS = (
    ImportColumn(NAME, 20, "Tên nhóm, không trùng.", required=True),
    ImportColumn(DAY, 14, "Dạng ngày/tháng/năm.", required=True),
    ImportColumn(NOTE, 30, "Tự do.", choices=("mới", "cũ")),
)


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_groups(content: bytes) -> ImportReport:
    """An importer as the apps write one: read every row, then write the good ones through a "service"."""
    upload = ImportFile(io.BytesIO(content), COLUMNS)
    existing = set(Group.objects.filter(name__in=upload.texts(NAME)).values_list("name", flat=True))
    parsed = []
    for row in upload.rows:
        name, day = row.text(NAME, required=True), row.date(DAY, required=True)
        parsed.append((row, (name, day)))

    def apply_row(item):
        name, _day = item
        if name in existing:
            return UNCHANGED
        if name.startswith("Ban"):
            raise ValidationError({"name": "Tên nhóm không được bắt đầu bằng «Ban»."})
        Group.objects.create(name=name)
        return CREATED

    return upload.apply(parsed, apply_row, field_columns={"name": NAME}, default=NOTE)


GOOD = [["Nhóm {}".format(n), "01/07/2025", "mới"] for n in range(1, 8)]


@pytest.mark.django_db
def test_an_import_with_three_bad_rows_reports_all_three_and_writes_nothing():
    rows = [list(row) for row in GOOD]
    rows[1][0] = None  # Excel row 3: a required cell left blank
    rows[3][1] = "31/02/2025"  # row 5: no such day
    rows[5][0] = "Ban Tổ chức"  # row 7: refused when written, after rows that were written
    before = Group.objects.count()

    with pytest.raises(ImportFailed) as failed:
        import_groups(xlsx([NAME, DAY, NOTE], rows))

    errors = failed.value.errors
    assert [(e.row, e.column) for e in errors] == [(3, NAME), (5, DAY), (7, NAME)]
    assert errors[0].message == REQUIRED
    assert "Ngày không hợp lệ" in errors[1].message and "31/02/2025" in errors[1].message
    assert errors[2].message == "Tên nhóm không được bắt đầu bằng «Ban»."
    assert str(errors[1]).startswith("Dòng 5, cột «Ngày lập»: Ngày không hợp lệ")
    assert Group.objects.count() == before  # the good rows written before row 7 were rolled back

    assert import_groups(xlsx([NAME, DAY, NOTE], GOOD)) == ImportReport(created=7)
    assert import_groups(xlsx([NAME, DAY, NOTE], GOOD)) == ImportReport(unchanged=7)
    assert Group.objects.count() == before + 7


@pytest.mark.django_db
def test_headers_match_in_any_order_ignoring_accents_and_case_and_blank_rows_are_skipped():
    rows = [["mới", "01/07/2025", "Nhóm 1"], [None, None, None], ["", datetime.datetime(2025, 7, 2), "Nhóm 2"]]
    upload = ImportFile(io.BytesIO(xlsx(["GHI CHU", "ngay lap", "Tên nhóm"], rows)), COLUMNS)
    assert [row.number for row in upload.rows] == [2, 4]
    assert [row.date(DAY) for row in upload.rows] == [datetime.date(2025, 7, 1), datetime.date(2025, 7, 2)]
    assert upload.texts(NAME) == {"Nhóm 1", "Nhóm 2"}


def test_header_problems_are_reported_at_once():
    with pytest.raises(ImportFailed) as failed:
        ImportFile(io.BytesIO(xlsx([NAME, NAME, "Số điện thoại"], [["Nhóm 1", "x", "y"]])), COLUMNS)
    assert [(e.row, e.column) for e in failed.value.errors] == [
        (1, NAME),
        (1, "Số điện thoại"),
        (1, DAY),
        (1, NOTE),
    ]
    assert failed.value.errors[0].message == "Cột này có hai lần."


def test_a_file_that_is_not_a_workbook_is_refused_plainly():
    with pytest.raises(ImportFailed) as failed:
        ImportFile(io.BytesIO(b"%PDF-1.4 not a workbook"), COLUMNS)
    assert failed.value.errors == [RowError(None, "", NOT_XLSX)]
    assert str(failed.value.errors[0]) == "Tệp: " + NOT_XLSX


def test_the_template_has_drop_down_lists_a_guide_and_text_columns_and_reads_back():
    content = template_workbook(COLUMNS, "Nhóm", [["Nhóm 1", "01/07/2025", "mới"]], [("Danh mục", "Cấp"), ("A", "B")])
    book = load(content)
    assert book.sheetnames == ["Nhóm", GUIDE_SHEET, LISTS_SHEET]
    data = book["Nhóm"]
    assert [c.value for c in data[1]] == [NAME, DAY, NOTE] and data.freeze_panes == "A2"
    assert all(c.font.b for c in data[1])
    assert data["B2"].value == "01/07/2025" and data["B2"].number_format == TEXT
    assert data.column_dimensions["A"].width == 20
    [validation] = data.data_validations.dataValidation
    assert validation.formula1 == "'{}'!$A$1:$A$2".format(LISTS_SHEET) and str(validation.sqref) == "C2:C1048576"
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert [c.value for c in book[LISTS_SHEET]["A"]] == ["mới", "cũ"]
    guide = [[c.value for c in row] for row in book[GUIDE_SHEET].iter_rows()]
    assert [NAME, "có", "Tên nhóm, không trùng."] in guide and ["Danh mục", "Cấp", None] in guide

    upload = ImportFile(io.BytesIO(content), COLUMNS)  # the data sheet, not the guide
    assert [(row.number, row.text(NAME), row.date(DAY)) for row in upload.rows] == [
        (2, "Nhóm 1", datetime.date(2025, 7, 1))
    ]
