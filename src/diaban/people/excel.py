"""Excel files of people: their columns, the import template, the export in the same layout (an exported file
imports back as unchanged), and the import's row handler.

The reading, the all-or-nothing writing and the template are `diaban.core.excel_import`'s: every row is read and
checked first; the good rows then go through the services (`person_save`, `position_add`), so scope holds as on
the pages, inside one transaction with a savepoint per row. If any row failed, nothing is written and every
problem is reported at once as (row as Excel numbers it, column header, Vietnamese message).
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch

from diaban.core.dates import format_date, today
from diaban.core.excel_import import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportColumn,
    ImportFile,
    ImportReport,
    Row,
    chunks,
    match_choice,
    template_workbook,
)
from diaban.core.scoping import CAPTURE, restrict
from diaban.core.text import fold
from diaban.people.choices import Gender
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.permissions import require_manager
from diaban.people.services import person_save, position_add
from diaban.territory.unit_codes import UnitCodes, code_forms

# The file format is Vietnamese whatever language the pages are shown in.
GENDERS = {"Nam": Gender.MALE, "Nữ": Gender.FEMALE}
TITLE_LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune"}

CODE, NAME, GENDER, BIRTH_YEAR, HOME = "Mã cán bộ", "Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị công tác"
AGENCY, PHONE, EMAIL = "Cơ quan công tác", "Điện thoại", "Thư điện tử"
TITLE, TITLE_LEVEL, TITLE_FROM = "Chức vụ", "Cấp chức vụ", "Giữ chức vụ từ ngày"

PEOPLE_COLUMNS = (
    ImportColumn(
        CODE, 16, "Mã do Ban Tổ chức cấp. Cán bộ đã có mã này thì được cập nhật, chưa có thì thêm mới.", required=True
    ),
    ImportColumn(NAME, 28, "Họ và tên đầy đủ, có dấu.", required=True),
    ImportColumn(GENDER, 10, "Nam hoặc Nữ (chọn trong danh sách).", choices=tuple(GENDERS)),
    ImportColumn(BIRTH_YEAR, 10, "Năm có bốn chữ số, ví dụ 1975.", text=False),
    ImportColumn(
        HOME,
        18,
        "Mã tỉnh, huyện hoặc xã nơi cán bộ công tác (mã thống kê, ví dụ 83, 836, 28756), đang có hiệu lực.",
        required=True,
    ),
    ImportColumn(AGENCY, 28, "Ví dụ: Ban Tổ chức Tỉnh ủy, Văn phòng Huyện ủy."),
    ImportColumn(PHONE, 14, "Số điện thoại."),
    ImportColumn(EMAIL, 26, "Địa chỉ thư điện tử."),
    ImportColumn(
        TITLE,
        30,
        "Tên chức vụ đúng như danh mục chức vụ (cuối trang Hướng dẫn của tệp mẫu). Cán bộ giữ nhiều chức vụ: mỗi "
        "chức vụ một dòng, các cột thông tin cán bộ ghi giống nhau. Để trống cả ba cột chức vụ nếu chưa ghi chức vụ.",
    ),
    ImportColumn(
        TITLE_LEVEL,
        12,
        "tỉnh, huyện hoặc xã: cấp của chức vụ, để phân biệt chức vụ cùng tên ở nhiều cấp.",
        choices=tuple(TITLE_LEVELS),
    ),
    ImportColumn(
        TITLE_FROM, 18, "Ngày bắt đầu giữ chức vụ, dạng ngày/tháng/năm (01/07/2025). Bắt buộc khi có chức vụ."
    ),
)


# ---------------------------------------------------------------------------------------------------------
# Writing


def people_template() -> bytes:
    return template_workbook(PEOPLE_COLUMNS, "Cán bộ", guide_extra=_title_catalogue())


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

    return template_workbook(PEOPLE_COLUMNS, "Cán bộ", rows(), guide_extra=_title_catalogue())


# ---------------------------------------------------------------------------------------------------------
# Importing


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

    def resolve(self, row: Row, name: str, level_text: str):
        found = self.by_name.get(fold(name), [])
        if not found:
            row.error(TITLE, "Không có chức vụ «{}» trong danh mục chức vụ (xem trang Hướng dẫn).".format(name))
            return None
        words = {key: word for word, key in TITLE_LEVELS.items()}
        held_at = ", ".join(words.get(t.level.key, t.level.name) for t in found)
        if level_text:
            key = match_choice(fold(level_text).removeprefix("cap "), TITLE_LEVELS)  # "xã" or "cấp xã"
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
    upload = ImportFile(workbook_file, PEOPLE_COLUMNS)
    codes = upload.texts(CODE)
    existing, writable, held = {}, set(), set()
    for chunk in chunks(codes):
        existing |= {p.code: p for p in Person.objects.filter(code__in=chunk).select_related("home_unit")}
        writable |= set(restrict(Person.objects.filter(code__in=chunk), actor, CAPTURE).values_list("pk", flat=True))
        held |= set(
            Position.objects.filter(person__code__in=chunk).values_list("person__code", "title_id", "start_date")
        )
    units = UnitCodes(actor, upload.texts(HOME))
    titles, on = _Titles(), today()
    first_seen, positions_seen, parsed = {}, {}, []
    for row in upload.rows:
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
            fields["gender"] = match_choice(gender, GENDERS) or ""
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
            if person is not None and person.home_unit.code in code_forms(home, units.widths):
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
            if start is None and not row.text(TITLE_FROM):
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

    return upload.apply(parsed, apply_row, field_columns=PERSON_FIELD_COLUMNS, default=CODE)
