"""Excel files of people and assignments: their columns, the import templates, exports in the same layout (an
exported file imports back as unchanged), and the imports' row handlers.

The reading, the all-or-nothing writing and the templates are `diaban.core.excel_import`'s: every row is read and
checked first; the good rows then go through the services (`person_save`, `position_add`, `assignment_create`),
so scope and the assignment policy hold as on the pages, inside one transaction with a savepoint per row. If any
row failed, nothing is written and every problem is reported at once as (row as Excel numbers it, column header,
Vietnamese message).
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment
from diaban.assignments.services import assignment_create, assignment_update
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
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import fold
from diaban.people.choices import Gender
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.permissions import require_manager
from diaban.people.services import person_save, position_add
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible

# The file format is Vietnamese whatever language the pages are shown in.
GENDERS = {"Nam": Gender.MALE, "Nữ": Gender.FEMALE}
PURPOSES = {"theo dõi, hỗ trợ": Purpose.FOLLOW, "dự sinh hoạt chi bộ": Purpose.ATTEND}
TITLE_LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune"}

CODE, NAME, GENDER, BIRTH_YEAR, HOME = "Mã cán bộ", "Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị công tác"
AGENCY, PHONE, EMAIL = "Cơ quan công tác", "Điện thoại", "Thư điện tử"
TITLE, TITLE_LEVEL, TITLE_FROM = "Chức vụ", "Cấp chức vụ", "Giữ chức vụ từ ngày"
UNIT, PURPOSE, START = "Mã địa bàn", "Nhiệm vụ", "Từ ngày"
DECISION, DECISION_DATE, SIGNER, NOTE, REASON = (
    "Số quyết định", "Ngày quyết định", "Người ký", "Ghi chú", "Lý do phân công ngoài quy định"
)  # fmt: skip

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
ASSIGNMENT_COLUMNS = (
    ImportColumn(CODE, 16, "Mã của cán bộ đã có trong hệ thống (nhập tệp cán bộ trước).", required=True),
    ImportColumn(
        UNIT,
        16,
        "Mã địa bàn được phân công theo dõi (ví dụ 28756 hoặc ấp 28756-03), có hiệu lực vào ngày bắt đầu phân công "
        "và thuộc phạm vi nhập liệu của bạn.",
        required=True,
    ),
    ImportColumn(
        PURPOSE,
        22,
        "theo dõi, hỗ trợ hoặc dự sinh hoạt chi bộ (chọn trong danh sách); để trống là theo dõi, hỗ trợ.",
        choices=tuple(PURPOSES),
    ),
    ImportColumn(START, 14, "Ngày bắt đầu phân công, dạng ngày/tháng/năm (01/07/2025).", required=True),
    ImportColumn(DECISION, 18, "Số quyết định phân công, ví dụ 123-QĐ/TU."),
    ImportColumn(DECISION_DATE, 16, "Dạng ngày/tháng/năm."),
    ImportColumn(SIGNER, 22, "Người ký quyết định."),
    ImportColumn(NOTE, 30, "Ghi chú."),
    ImportColumn(
        REASON,
        36,
        "Chỉ ghi khi phân công khác quy định phân công (hệ thống sẽ báo dòng nào cần lý do); lý do được lưu cùng "
        "phân công.",
    ),
)


# ---------------------------------------------------------------------------------------------------------
# Units named by code


def _code_forms(code: str, widths) -> set[str]:
    """A code as written, and zero-padded to each level's width (Excel drops leading zeros of numbers)."""
    return {code} | ({code.zfill(d) for d in widths if len(code) < d} if code.isdigit() else set())


class _Units:
    """The units a file names by code, resolved on a date and within the actor's capture scope."""

    def __init__(self, actor, codes):
        self.widths = set(UnitLevel.objects.exclude(code_digits=None).values_list("code_digits", flat=True))
        forms = set().union(*(_code_forms(code, self.widths) for code in codes))
        self.by_code, self.writable = defaultdict(list), set()
        for chunk in chunks(forms):
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


def people_template() -> bytes:
    return template_workbook(PEOPLE_COLUMNS, "Cán bộ", guide_extra=_title_catalogue())


def assignments_template() -> bytes:
    return template_workbook(ASSIGNMENT_COLUMNS, "Phân công")


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
    return template_workbook(ASSIGNMENT_COLUMNS, "Phân công", rows)


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
    units = _Units(actor, upload.texts(HOME))
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
    upload = ImportFile(workbook_file, ASSIGNMENT_COLUMNS)
    codes = upload.texts(CODE)
    people = {}
    for chunk in chunks(codes):
        people |= {p.code: p for p in restrict(Person.objects.filter(code__in=chunk), actor, VIEW)}
    current = {}
    for chunk in chunks([p.pk for p in people.values()]):
        for a in Assignment.objects.filter(person_id__in=chunk).select_related("person", "unit"):
            current[(a.person_id, a.unit_id, a.purpose, a.start_date)] = a
    units = _Units(actor, upload.texts(UNIT))
    seen, parsed = {}, []
    for row in upload.rows:
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
        purpose = match_choice(purpose_text, PURPOSES) if purpose_text else Purpose.FOLLOW
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

    return upload.apply(parsed, apply_row, field_columns=ASSIGNMENT_FIELD_COLUMNS, default=UNIT)
