"""Excel files of assignments: their columns, the import template, the export in the same layout (an exported
file imports back as unchanged), and the import's row handler; people are named by their code (`people.excel`).

The reading, the all-or-nothing writing and the template are `diaban.core.excel_import`'s: every row is read and
checked first; the good rows then go through the services (`assignment_create`, `assignment_update`), so scope
and the assignment policy hold as on the pages, inside one transaction with a savepoint per row. If any row
failed, nothing is written and every problem is reported at once as (row as Excel numbers it, column header,
Vietnamese message).
"""

from django.core.exceptions import ValidationError

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment
from diaban.assignments.services import assignment_create, assignment_update
from diaban.core.dates import format_date
from diaban.core.excel_import import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportColumn,
    ImportFile,
    ImportReport,
    chunks,
    match_choice,
    template_workbook,
)
from diaban.core.scoping import VIEW, restrict
from diaban.people.excel import CODE
from diaban.people.models import Person
from diaban.people.permissions import require_manager
from diaban.territory.unit_codes import UnitCodes

# The file format is Vietnamese whatever language the pages are shown in.
PURPOSES = {"theo dõi, hỗ trợ": Purpose.FOLLOW, "dự sinh hoạt chi bộ": Purpose.ATTEND}

UNIT, PURPOSE, START = "Mã địa bàn", "Nhiệm vụ", "Từ ngày"
DECISION, DECISION_DATE, SIGNER, NOTE, REASON = (
    "Số quyết định", "Ngày quyết định", "Người ký", "Ghi chú", "Lý do phân công ngoài quy định"
)  # fmt: skip

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
# Writing


def assignments_template() -> bytes:
    return template_workbook(ASSIGNMENT_COLUMNS, "Phân công")


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
    units = UnitCodes(actor, upload.texts(UNIT))
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
