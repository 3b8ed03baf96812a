"""Excel files of people and assignments: the import templates, exports in the same layout (an exported file
imports back as unchanged), and the imports.

An import is all or nothing. Every row is read and checked first; the good rows then go through the services
(`person_save`, `position_add`, `assignment_create`), so scope and the assignment policy hold as on the pages,
inside one transaction with a savepoint per row. If any row failed, the transaction is rolled back and every
problem is reported at once as (row as Excel numbers it, column header, Vietnamese message).
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment
from diaban.assignments.services import assignment_create, assignment_update
from diaban.core.dates import format_date, parse_date, today
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import fold, nfc
from diaban.people.choices import Gender
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.permissions import require_manager
from diaban.people.services import person_save, position_add
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
CHUNK = 500  # IN (...) lists stay under every database's parameter limit
GUIDE_SHEET, LISTS_SHEET = "Hướng dẫn", "Danh mục"

# The file format is Vietnamese whatever language the pages are shown in.
GENDERS = {"Nam": Gender.MALE, "Nữ": Gender.FEMALE}
PURPOSES = {"theo dõi, hỗ trợ": Purpose.FOLLOW, "dự sinh hoạt chi bộ": Purpose.ATTEND}
TITLE_LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune"}

NOT_XLSX = (
    "Tệp tải lên không phải là tệp Excel (.xlsx) hoặc đã bị hỏng. Hãy mở tệp bằng Excel, chọn "
    "«Lưu thành» kiểu «Excel Workbook (.xlsx)» rồi tải lên lại, hoặc dùng tệp mẫu."
)
REQUIRED = "Ô bắt buộc, không được để trống."


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    guide: str
    required: bool = False
    choices: tuple[str, ...] = ()
    text: bool = True  # stored as text, so Excel keeps leading zeros and does not turn dd/mm/yyyy into dates


CODE, NAME, GENDER, BIRTH_YEAR, HOME = "Mã cán bộ", "Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị công tác"
AGENCY, PHONE, EMAIL = "Cơ quan công tác", "Điện thoại", "Thư điện tử"
TITLE, TITLE_LEVEL, TITLE_FROM = "Chức vụ", "Cấp chức vụ", "Giữ chức vụ từ ngày"
UNIT, PURPOSE, START = "Mã địa bàn", "Nhiệm vụ", "Từ ngày"
DECISION, DECISION_DATE, SIGNER, NOTE, REASON = (
    "Số quyết định", "Ngày quyết định", "Người ký", "Ghi chú", "Lý do phân công ngoài quy định"
)  # fmt: skip

PEOPLE_COLUMNS = (
    Column(CODE, 16, "Mã do Ban Tổ chức cấp. Cán bộ đã có mã này thì được cập nhật, chưa có thì thêm mới.", True),
    Column(NAME, 28, "Họ và tên đầy đủ, có dấu.", True),
    Column(GENDER, 10, "Nam hoặc Nữ (chọn trong danh sách).", choices=tuple(GENDERS)),
    Column(BIRTH_YEAR, 10, "Năm có bốn chữ số, ví dụ 1975.", text=False),
    Column(HOME, 18, "Mã tỉnh, huyện hoặc xã nơi cán bộ công tác (mã thống kê, ví dụ 83, 836, 28756), "
           "đang có hiệu lực.", True),
    Column(AGENCY, 28, "Ví dụ: Ban Tổ chức Tỉnh ủy, Văn phòng Huyện ủy."),
    Column(PHONE, 14, "Số điện thoại."),
    Column(EMAIL, 26, "Địa chỉ thư điện tử."),
    Column(TITLE, 30, "Tên chức vụ đúng như danh mục chức vụ (cuối trang Hướng dẫn của tệp mẫu). Cán bộ giữ "
           "nhiều chức vụ: mỗi chức vụ một dòng, các cột thông tin cán bộ ghi giống nhau. Để trống cả ba cột chức "
           "vụ nếu chưa ghi chức vụ."),
    Column(TITLE_LEVEL, 12, "tỉnh, huyện hoặc xã: cấp của chức vụ, để phân biệt chức vụ cùng tên ở nhiều cấp.",
           choices=tuple(TITLE_LEVELS)),
    Column(TITLE_FROM, 18, "Ngày bắt đầu giữ chức vụ, dạng ngày/tháng/năm (01/07/2025). Bắt buộc khi có chức vụ."),
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    Column(CODE, 16, "Mã của cán bộ đã có trong hệ thống (nhập tệp cán bộ trước).", True),
    Column(UNIT, 16, "Mã địa bàn được phân công theo dõi (ví dụ 28756 hoặc ấp 28756-03), có hiệu lực vào "
           "ngày bắt đầu phân công và thuộc phạm vi nhập liệu của bạn.", True),
    Column(PURPOSE, 22, "theo dõi, hỗ trợ hoặc dự sinh hoạt chi bộ (chọn trong danh sách); để trống là "
           "theo dõi, hỗ trợ.", choices=tuple(PURPOSES)),
    Column(START, 14, "Ngày bắt đầu phân công, dạng ngày/tháng/năm (01/07/2025).", True),
    Column(DECISION, 18, "Số quyết định phân công, ví dụ 123-QĐ/TU."),
    Column(DECISION_DATE, 16, "Dạng ngày/tháng/năm."),
    Column(SIGNER, 22, "Người ký quyết định."),
    Column(NOTE, 30, "Ghi chú."),
    Column(REASON, 36, "Chỉ ghi khi phân công khác quy định phân công (hệ thống sẽ báo dòng nào cần lý do); "
           "lý do được lưu cùng phân công."),
)  # fmt: skip


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
    """Every problem found in a file; nothing was written."""

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


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


# ---------------------------------------------------------------------------------------------------------
# Reading


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _read(workbook_file, columns) -> list[tuple[int, dict]]:
    """(row number, {header: value}) of every non-empty row of the data sheet; file and header problems raise."""
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
    known = {fold(c.header): c.header for c in columns}
    errors, position = [], {}
    for index, cell in enumerate(raw[0]):
        header = _text(cell)
        if not header:
            continue
        name = known.get(fold(header))
        if name is None:
            errors.append(
                RowError(
                    1,
                    header,
                    "Cột không có trong tệp mẫu. Các cột của mẫu: {}.".format(", ".join(c.header for c in columns)),
                )
            )
        elif name in position:
            errors.append(RowError(1, header, "Cột này có hai lần."))
        else:
            position[name] = index
    for column in columns:
        if column.header not in position:
            errors.append(RowError(1, column.header, "Thiếu cột này; hãy dùng tệp mẫu tải từ trang nhập."))
    if errors:
        raise ImportFailed(errors)
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        row = {name: values[i] if i < len(values) else None for name, i in position.items()}
        if any(_text(v) for v in row.values()):
            rows.append((number, row))
    if not rows:
        raise ImportFailed([RowError(None, "", "Tệp chưa có dòng dữ liệu nào dưới dòng tiêu đề.")])
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return format_date(value)
    return nfc(str(value))


def _choice(text: str, choices: dict):
    key = fold(text)
    return next((value for label, value in choices.items() if fold(label) == key), None)


class _Row:
    """One row being read: typed values out, every problem into the shared error list."""

    def __init__(self, number: int, values: dict, errors: list):
        self.number, self.values, self.errors, self.ok = number, values, errors, True

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.ok = False

    def text(self, column: str, required: bool = False) -> str:
        value = _text(self.values[column])
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
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                for error in errors:
                    for message in error.messages:
                        self.error(columns.get(field, default), message)
        else:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                self.error(default, message)


def _code_forms(code: str, widths) -> set[str]:
    """A code as written, and zero-padded to each level's width (Excel drops leading zeros of numbers)."""
    return {code} | ({code.zfill(d) for d in widths if len(code) < d} if code.isdigit() else set())


class _Units:
    """The units a file names by code, resolved on a date and within the actor's capture scope."""

    def __init__(self, actor, codes):
        self.widths = set(UnitLevel.objects.exclude(code_digits=None).values_list("code_digits", flat=True))
        forms = set().union(*(_code_forms(code, self.widths) for code in codes))
        self.by_code, self.writable = defaultdict(list), set()
        for chunk in _chunks(forms):
            for unit in Unit.objects.filter(code__in=chunk).select_related("level"):
                self.by_code[unit.code].append(unit)
            self.writable |= set(units_visible(actor, CAPTURE).filter(code__in=chunk).values_list("pk", flat=True))

    def resolve(self, code: str, date: datetime.date | None) -> Unit | None:
        """The unit, or ValidationError; None when only the (unreadable) date could tell which one."""
        units = [u for form in sorted(_code_forms(code, self.widths)) for u in self.by_code.get(form, [])]
        if not units:
            raise ValidationError("Không có địa bàn nào mang mã {}.".format(code))
        if date is not None:
            valid = [u for u in units if u.is_valid_on(date)]
            if not valid:
                known = "; ".join(
                    "{} ({}–{})".format(u.name, format_date(u.valid_from) or "…", format_date(u.valid_until) or "…")
                    for u in units
                    if u.pk in self.writable
                )
                raise ValidationError(
                    "Mã {} không ứng với địa bàn nào có hiệu lực vào ngày {}.{}".format(
                        code, format_date(date), " Mã này dùng cho: " + known + "." if known else ""
                    )
                )
            units = valid
        inside = [u for u in units if u.pk in self.writable]
        if not inside:
            raise ValidationError("Địa bàn mã {} nằm ngoài phạm vi nhập liệu của bạn.".format(code))
        exact = [u for u in inside if u.code == code]
        if len(inside) == 1 or len(exact) == 1:
            return exact[0] if len(exact) == 1 else inside[0]
        if date is None:
            return None
        raise ValidationError(
            "Mã {} ứng với nhiều địa bàn vào ngày {}: {}. Ghi mã đầy đủ, kể cả số 0 ở đầu.".format(
                code, format_date(date), ", ".join(u.name for u in inside)
            )
        )


# ---------------------------------------------------------------------------------------------------------
# Writing


def _workbook(columns, sheet_title: str, rows=(), guide_extra=()) -> bytes:
    """A sheet with the header row (bold, frozen, sized), drop-down lists, the rows, and the guide sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    lists = []
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            lists.append(column.choices)
            source = get_column_letter(len(lists))
            validation = DataValidation(
                type="list",
                formula1="'{}'!${}$1:${}${}".format(LISTS_SHEET, source, source, len(column.choices)),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error="Chọn một giá trị trong danh sách: {}.".format("; ".join(column.choices)),
            )
            validation.add("{0}2:{0}1048576".format(letter))
            sheet.data_validations.append(validation)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F8D7DA")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    for values in rows:
        line = []
        for column, value in zip(columns, values, strict=True):
            cell = WriteOnlyCell(sheet, value=value if value not in (None, "") else None)
            if isinstance(value, str):
                cell.data_type = "s"  # text typed as "=…" stays text, never a formula run on opening
            if column.text:
                cell.number_format = "@"
            line.append(cell)
        sheet.append(line)
    _guide(book.create_sheet(GUIDE_SHEET), columns, guide_extra)
    hidden = book.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    for i in range(max((len(values) for values in lists), default=0)):
        hidden.append([values[i] if i < len(values) else None for values in lists])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _guide(sheet, columns, extra) -> None:
    bold = Font(bold=True)
    for letter, width in zip("ABC", (30, 12, 90), strict=True):
        sheet.column_dimensions[letter].width = width

    def line(*values, strong=False):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if strong:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    line("Cách điền tệp", strong=True)
    for text in (
        "Mỗi dòng một bản ghi; giữ nguyên dòng tiêu đề, có thể đổi thứ tự cột.",
        "Ngày viết dạng ngày/tháng/năm, ví dụ 01/07/2025. Các cột mã và ngày để định dạng chữ (Text) để Excel không "
        "bỏ số 0 ở đầu hoặc đổi ngày.",
        "Nhập là tất cả hoặc không: nếu có dòng sai, hệ thống không ghi gì và liệt kê mọi dòng sai (dòng, cột, lỗi) "
        "để sửa một lần.",
        "Nhập lại cùng một tệp không tạo bản ghi trùng: bản ghi đã có và không đổi được báo là không thay đổi.",
    ):
        line("", "", text)
    line()
    line("Cột", "Bắt buộc", "Cách ghi", strong=True)
    for column in columns:
        line(column.header, "có" if column.required else "", column.guide)
    if extra:
        line()
        line(*extra[0], strong=True)
        for row in extra[1:]:
            line(*row)


def people_template() -> bytes:
    return _workbook(PEOPLE_COLUMNS, "Cán bộ", guide_extra=_title_catalogue())


def assignments_template() -> bytes:
    return _workbook(ASSIGNMENT_COLUMNS, "Phân công")


def _title_catalogue():
    words = {key: word for word, key in TITLE_LEVELS.items()}
    rows = [(t.name, words.get(t.level.key, t.level.name)) for t in PositionTitle.objects.select_related("level")]
    return [("Danh mục chức vụ", "Cấp chức vụ"), *rows] if rows else []


def people_workbook(queryset) -> bytes:
    """The people of `queryset` in the import layout: one row per position held (one row if none); 2 queries."""
    words = {key: word for word, key in TITLE_LEVELS.items()}
    labels = {value: label for label, value in GENDERS.items()}
    people = queryset.select_related("home_unit").prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("title__level").order_by("start_date", "id"))
    )

    def rows():
        for p in people:
            person = [
                p.code,
                p.full_name,
                labels.get(p.gender, ""),
                p.birth_year,
                p.home_unit.code,
                p.agency,
                p.phone,
                p.email,
            ]
            for position in list(p.positions.all()) or [None]:
                if position is None:
                    yield [*person, "", "", ""]
                else:
                    level = position.title.level
                    yield [
                        *person,
                        position.title.name,
                        words.get(level.key, level.name),
                        format_date(position.start_date),
                    ]

    return _workbook(PEOPLE_COLUMNS, "Cán bộ", rows(), guide_extra=_title_catalogue())


def assignments_workbook(queryset) -> bytes:
    """The assignments of `queryset` in the import layout (one query)."""
    labels = {value: label for label, value in PURPOSES.items()}
    rows = (
        [
            a.person.code,
            a.unit.code,
            labels[a.purpose],
            format_date(a.start_date),
            a.decision_number,
            format_date(a.decision_date),
            a.decision_signer,
            a.note,
            a.override_reason,
        ]
        for a in queryset.select_related("person", "unit")
    )
    return _workbook(ASSIGNMENT_COLUMNS, "Phân công", rows)


# ---------------------------------------------------------------------------------------------------------
# Importing


def _apply(parsed, errors, apply_row, file_columns, field_columns, default) -> ImportReport:
    """Run `apply_row` on every good row in one transaction, a savepoint each; roll back all if any failed."""
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
        if errors:
            raise ImportFailed(errors, file_columns)
    return report


PERSON_FIELD_COLUMNS = {
    "code": CODE,
    "full_name": NAME,
    "gender": GENDER,
    "birth_year": BIRTH_YEAR,
    "home_unit": HOME,
    "agency": AGENCY,
    "phone": PHONE,
    "email": EMAIL,
    "title": TITLE,
    "start_date": TITLE_FROM,
    "organization": AGENCY,
}


class _Titles:
    def __init__(self):
        self.by_name = defaultdict(list)
        for title in PositionTitle.objects.select_related("level"):
            self.by_name[fold(title.name)].append(title)

    def resolve(self, row: _Row, name: str, level_text: str):
        found = self.by_name.get(fold(name), [])
        if not found:
            row.error(TITLE, "Không có chức vụ «{}» trong danh mục chức vụ (xem trang Hướng dẫn).".format(name))
            return None
        words = {key: word for word, key in TITLE_LEVELS.items()}
        held_at = ", ".join(words.get(t.level.key, t.level.name) for t in found)
        if level_text:
            key = _choice(fold(level_text).removeprefix("cap "), TITLE_LEVELS)  # "xã" or "cấp xã"
            if key is None:
                row.error(TITLE_LEVEL, "Ghi tỉnh, huyện hoặc xã.")
                return None
            found = [t for t in found if t.level.key == key]
            if not found:
                row.error(
                    TITLE_LEVEL, "Chức vụ «{}» không có ở cấp {} (có ở cấp: {}).".format(name, level_text, held_at)
                )
                return None
        if len(found) > 1:
            row.error(TITLE_LEVEL, "Chức vụ «{}» có ở nhiều cấp ({}): ghi cấp chức vụ.".format(name, held_at))
            return None
        return found[0]


def people_import(*, actor, workbook_file) -> ImportReport:
    """Create or update people by code, and add the positions they hold; all or nothing."""
    require_manager(actor)
    errors: list[RowError] = []
    rows = [_Row(number, values, errors) for number, values in _read(workbook_file, PEOPLE_COLUMNS)]
    codes = {_text(r.values[CODE]) for r in rows} - {""}
    existing, writable, held = {}, set(), set()
    for chunk in _chunks(codes):
        existing |= {p.code: p for p in Person.objects.filter(code__in=chunk).select_related("home_unit")}
        writable |= set(restrict(Person.objects.filter(code__in=chunk), actor, CAPTURE).values_list("pk", flat=True))
        held |= set(
            Position.objects.filter(person__code__in=chunk).values_list("person__code", "title_id", "start_date")
        )
    units = _Units(actor, {_text(r.values[HOME]) for r in rows} - {""})
    titles, on = _Titles(), today()
    first_seen, positions_seen, parsed = {}, {}, []
    for row in rows:
        code = row.text(CODE, required=True)
        person = existing.get(code)
        if person is not None and person.pk not in writable:
            row.error(CODE, "Mã {} đã dùng cho một cán bộ nằm ngoài phạm vi nhập liệu của bạn.".format(code))
        fields = {
            "full_name": row.text(NAME, required=True),
            "agency": row.text(AGENCY),
            "phone": row.text(PHONE),
            "email": row.text(EMAIL),
            "gender": "",
            "birth_year": None,
            "home_unit": None,
        }
        if fields["email"]:
            try:
                validate_email(fields["email"])
            except ValidationError:
                row.error(EMAIL, "Địa chỉ thư điện tử không hợp lệ: {}.".format(fields["email"]))
        gender = row.text(GENDER)
        if gender:
            fields["gender"] = _choice(gender, GENDERS) or ""
            if not fields["gender"]:
                row.error(GENDER, "Ghi Nam hoặc Nữ.")
        year = row.text(BIRTH_YEAR)
        if year:
            if year.isdigit() and 1900 <= int(year) <= on.year:
                fields["birth_year"] = int(year)
            else:
                row.error(BIRTH_YEAR, "Năm sinh không hợp lệ: {}. Ghi năm có bốn chữ số, ví dụ 1975.".format(year))
        home = row.text(HOME, required=True)
        if home:
            if person is not None and person.home_unit.code in _code_forms(home, units.widths):
                fields["home_unit"] = person.home_unit  # where they already work, even if since reorganized
            else:
                try:
                    fields["home_unit"] = units.resolve(home, on)
                except ValidationError as exc:
                    row.error(HOME, exc.messages[0])
        title_name, level_text, start = row.text(TITLE), row.text(TITLE_LEVEL), row.date(TITLE_FROM)
        title = None
        if title_name:
            title = titles.resolve(row, title_name, level_text)
            if start is None and not _text(row.values[TITLE_FROM]):
                row.error(TITLE_FROM, "Ghi ngày bắt đầu giữ chức vụ.")
        elif level_text or start:
            row.error(TITLE, "Ghi tên chức vụ, hoặc để trống cả ba cột chức vụ.")
        if code:
            # The same person on several rows (one per position) must read the same on each.
            mine = {
                NAME: fields["full_name"],
                GENDER: gender.casefold(),
                BIRTH_YEAR: year,
                HOME: home,
                AGENCY: fields["agency"],
                PHONE: fields["phone"],
                EMAIL: fields["email"],
            }
            before = first_seen.setdefault(code, (row.number, mine))
            for column, value in mine.items():
                if before[0] != row.number and before[1][column] != value:
                    row.error(
                        column,
                        "Khác với dòng {} của cùng cán bộ mã {} («{}» ≠ «{}»).".format(
                            before[0], code, before[1][column], value
                        ),
                    )
            key = (code, title.pk if title else fold(title_name), start)
            if key in positions_seen:
                row.error(TITLE if title_name else CODE, "Trùng với dòng {}.".format(positions_seen[key]))
            positions_seen.setdefault(key, row.number)
        parsed.append((row, (code, fields, title, start)))
    people = dict(existing)

    def apply_row(item):
        code, fields, title, start = item
        person = people.get(code)
        outcome = UNCHANGED
        if person is None:
            person = people[code] = person_save(actor=actor, code=code, **fields)
            outcome = CREATED
        else:
            changed = {k: v for k, v in fields.items() if getattr(person, k) != v}
            if changed:
                person_save(actor=actor, person=person, **changed)
                outcome = UPDATED
        if title is not None and (code, title.pk, start) not in held:
            position_add(actor=actor, person=person, title=title, start_date=start, organization=fields["agency"])
            held.add((code, title.pk, start))
            outcome = CREATED
        return outcome

    return _apply(parsed, errors, apply_row, PEOPLE_COLUMNS, PERSON_FIELD_COLUMNS, CODE)


ASSIGNMENT_FIELD_COLUMNS = {
    "person": CODE,
    "unit": UNIT,
    "organization": UNIT,
    "purpose": PURPOSE,
    "start_date": START,
    "end_date": START,
    "decision_number": DECISION,
    "decision_date": DECISION_DATE,
    "decision_signer": SIGNER,
    "note": NOTE,
    "override_reason": REASON,
}


def assignments_import(*, actor, workbook_file) -> ImportReport:
    """Assign people (by code) to units (by code valid on the start date); all or nothing."""
    require_manager(actor)
    errors: list[RowError] = []
    rows = [_Row(number, values, errors) for number, values in _read(workbook_file, ASSIGNMENT_COLUMNS)]
    codes = {_text(r.values[CODE]) for r in rows} - {""}
    people = {}
    for chunk in _chunks(codes):
        people |= {p.code: p for p in restrict(Person.objects.filter(code__in=chunk), actor, VIEW)}
    current = {}
    for chunk in _chunks([p.pk for p in people.values()]):
        for a in Assignment.objects.filter(person_id__in=chunk).select_related("person", "unit"):
            current[(a.person_id, a.unit_id, a.purpose, a.start_date)] = a
    units = _Units(actor, {_text(r.values[UNIT]) for r in rows} - {""})
    seen, parsed = {}, []
    for row in rows:
        code, unit_code = row.text(CODE, required=True), row.text(UNIT, required=True)
        person = people.get(code)
        if code and person is None:
            row.error(CODE, "Không có cán bộ mã {} trong phạm vi của bạn; hãy nhập tệp cán bộ trước.".format(code))
        start = row.date(START, required=True)
        unit = None
        if unit_code:
            try:
                unit = units.resolve(unit_code, start)
            except ValidationError as exc:
                row.error(UNIT, exc.messages[0])
        purpose_text = row.text(PURPOSE)
        purpose = _choice(purpose_text, PURPOSES) if purpose_text else Purpose.FOLLOW
        if purpose is None:
            row.error(PURPOSE, "Ghi «theo dõi, hỗ trợ» hoặc «dự sinh hoạt chi bộ».")
        details = {
            "decision_number": row.text(DECISION),
            "decision_date": row.date(DECISION_DATE),
            "decision_signer": row.text(SIGNER),
            "note": row.text(NOTE),
        }
        key = (code, unit.pk if unit else unit_code, purpose, start)
        if code and unit_code and start and key in seen:
            row.error(CODE, "Trùng với dòng {} (cùng cán bộ, địa bàn, nhiệm vụ và ngày bắt đầu).".format(seen[key]))
        seen.setdefault(key, row.number)
        parsed.append((row, (person, unit, purpose, start, details, row.text(REASON))))

    def apply_row(item):
        person, unit, purpose, start, details, reason = item
        assignment = current.get((person.pk, unit.pk, purpose, start))
        if assignment is None:
            assignment_create(
                actor=actor,
                person=person,
                unit=unit,
                start_date=start,
                purpose=purpose,
                override_reason=reason,
                **details,
            )
            return CREATED
        changed = {k: v for k, v in details.items() if getattr(assignment, k) != v}
        if not changed:
            return UNCHANGED
        assignment_update(actor=actor, assignment=assignment, **changed)
        return UPDATED

    return _apply(parsed, errors, apply_row, ASSIGNMENT_COLUMNS, ASSIGNMENT_FIELD_COLUMNS, UNIT)
