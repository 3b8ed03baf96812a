"""Excel in and out: imports are all or nothing and list every bad row; re-imports and exports change nothing."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diaban.assignments import excel
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.core.excel_import import NOT_XLSX, ImportFailed, ImportReport, RowError
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.territory.models import Unit
from tests.people.test_excel import PEOPLE_HEADERS, counts, post_file, xlsx

ASSIGNMENT_HEADERS = ["Mã cán bộ", "Mã địa bàn", "Nhiệm vụ", "Từ ngày", "Số quyết định", "Ngày quyết định",
                      "Người ký", "Ghi chú", "Lý do phân công ngoài quy định"]  # fmt: skip
FOLLOW = "theo dõi, hỗ trợ"


def errors_of(response):
    return [(e.row, e.column) for e in response.context["errors"]]


@pytest.fixture
def district_cadres(tree):
    make_district_cadres(tree)


def make_district_cadres(tree):
    """25 district committee members of A (they may follow hamlets until 30/06/2025) and one commune clerk."""
    district_title = PositionTitle.objects.get(name="Huyện ủy viên")
    for n in range(1, 26):
        person = Person(code="H{:03d}".format(n), full_name="Phạm Văn Huyện {}".format(n), home_unit=tree.district_a)
        person.save()
        Position.objects.create(person=person, title=district_title, start_date=datetime.date(2020, 10, 1))
    clerk = Person(code="X001", full_name="Lê Thị Xã", home_unit=tree.communes_a[0])
    clerk.save()
    Position.objects.create(
        person=clerk, title=PositionTitle.objects.get(name="Công chức xã"), start_date=datetime.date(2020, 10, 1)
    )


def hundred_assignments(hamlet_codes):
    return [
        ["H{:03d}".format(n), code, FOLLOW, "01/03/2024", "12-QĐ/HU", "15/02/2024", "Nguyễn Văn Ký", "", ""]
        for n in range(1, 26)
        for code in hamlet_codes
    ]


@pytest.mark.django_db
def test_an_assignment_file_with_three_bad_rows_reports_all_of_them_and_writes_nothing(
    client, tree, manager, hamlet_codes, district_cadres
):
    rows = hundred_assignments(hamlet_codes)
    assert len(rows) == 100
    rows[9][3] = "31/02/2024"  # Excel row 11
    rows[49][1] = "99999"  # row 51
    rows[89][0] = "X001"  # row 91: a commune clerk may not follow a hamlet, and no reason is given
    before = counts()

    response = post_file(client, "assignment_import", xlsx(ASSIGNMENT_HEADERS, rows))

    assert response.status_code == 200
    assert errors_of(response) == [(11, "Từ ngày"), (51, "Mã địa bàn"), (91, "Lý do phân công ngoài quy định")]
    messages = [e.message for e in response.context["errors"]]
    assert "Ngày không hợp lệ" in messages[0] and "31/02/2024" in messages[0]
    assert messages[1] == "Không có địa bàn nào mang mã 99999."
    assert "Quy tắc «Huyện nắm tới ấp, khu phố»" in messages[2] and "Lê Thị Xã" in messages[2]
    body = response.content.decode()
    assert "Tệp có 3 lỗi; chưa ghi dữ liệu nào." in body
    assert "<td>91</td><td>Lý do phân công ngoài quy định</td>" in body
    assert counts() == before

    rows[9][3] = "29/02/2024"
    rows[49][1] = hamlet_codes[1]
    rows[89][8] = "Xã thiếu cán bộ huyện theo dõi ấp này"
    fixed = xlsx(ASSIGNMENT_HEADERS, rows)
    response = post_file(client, "assignment_import", fixed)
    assert response.context["report"] == ImportReport(created=100)
    assert "100 dòng thêm mới" in response.content.decode()
    assert Assignment.objects.count() == before[2] + 100
    assert AssignmentEvent.objects.count() == before[3] + 100
    overridden = Assignment.objects.get(person__code="X001")
    assert overridden.override_reason == "Xã thiếu cán bộ huyện theo dõi ấp này" and overridden.rule is None
    assert Assignment.objects.get(person__code="H003", unit__code=hamlet_codes[1]).start_date == datetime.date(
        2024, 2, 29
    )

    after = counts()
    response = post_file(client, "assignment_import", fixed)
    assert response.context["report"] == ImportReport(unchanged=100)
    assert "100 dòng không thay đổi" in response.content.decode()
    assert counts() == after

    rows[0][4] = "15-QĐ/HU"  # a corrected decision number updates the assignment, with history
    report = excel.assignments_import(actor=manager, workbook_file=io.BytesIO(xlsx(ASSIGNMENT_HEADERS, rows)))
    assert report == ImportReport(updated=1, unchanged=99)
    assignment = Assignment.objects.get(person__code="H001", unit__code=rows[0][1])
    assert assignment.decision_number == "15-QĐ/HU"
    assert assignment.events.latest("id").changes["decision_number"] == ["12-QĐ/HU", "15-QĐ/HU"]


@pytest.mark.django_db
def test_each_kind_of_bad_assignment_row_gets_a_clear_message(client, tree, manager, hamlet_codes, district_cadres):
    Unit.objects.filter(code=hamlet_codes[3]).update(valid_until=datetime.date(2023, 12, 31))
    rows = [
        ["H001", hamlet_codes[0], FOLLOW, "01/03/2024", "", "", "", "", ""],
        ["H001", hamlet_codes[0], FOLLOW, "01/03/2024", "", "", "", "", ""],
        ["Z999", hamlet_codes[1], FOLLOW, "01/03/2024", "", "", "", "", ""],
        ["H002", hamlet_codes[1], "đi chơi", "", "", "", "", "", ""],
        ["H003", hamlet_codes[3], FOLLOW, "01/03/2024", "", "", "", "", ""],
        ["H004", "84101", FOLLOW, "01/03/2024", "", "", "", "", ""],
    ]
    response = post_file(client, "assignment_import", xlsx(ASSIGNMENT_HEADERS, rows))
    found = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert found == {
        (3, "Mã cán bộ"): "Trùng với dòng 2 (cùng cán bộ, địa bàn, nhiệm vụ và ngày bắt đầu).",
        (4, "Mã cán bộ"): "Không có cán bộ mã Z999 trong phạm vi của bạn; hãy nhập tệp cán bộ trước.",
        (5, "Nhiệm vụ"): "Ghi «theo dõi, hỗ trợ» hoặc «dự sinh hoạt chi bộ».",
        (5, "Từ ngày"): "Ô bắt buộc, không được để trống.",
        (6, "Mã địa bàn"): "Mã {} không ứng với địa bàn nào có hiệu lực vào ngày 01/03/2024. Mã này dùng cho: "
        "Ấp 2 Xã An Phú A (…–31/12/2023).".format(hamlet_codes[3]),
        (7, "Mã địa bàn"): "Địa bàn mã 84101 nằm ngoài phạm vi nhập liệu của bạn.",
    }
    assert not Assignment.objects.filter(person__code__startswith="H").exists()


@pytest.mark.django_db
def test_headers_must_be_those_of_the_template(client, tree, manager):
    headers = [h for h in ASSIGNMENT_HEADERS if h != "Người ký"] + ["Quê quán"]
    headers[1] = "ma dia ban"  # typed without accents: still the same column
    response = post_file(client, "assignment_import", xlsx(headers, [["H001", "83101", "", "01/03/2024"]]))
    assert errors_of(response) == [(1, "Quê quán"), (1, "Người ký")]
    assert "Thiếu cột này" in response.context["errors"][1].message


@pytest.mark.django_db
def test_a_file_that_is_not_xlsx_gets_a_vietnamese_message(client, tree, manager):
    before = counts()
    response = post_file(client, "person_import", "Mã cán bộ;Họ và tên\nCB-9;Ngô Văn Chín\n".encode(), "can-bo.xlsx")
    assert response.status_code == 200
    assert "không phải là tệp Excel (.xlsx)" in response.content.decode()
    with pytest.raises(ImportFailed) as failed:
        excel.assignments_import(actor=manager, workbook_file=io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert failed.value.errors == [RowError(None, "", NOT_XLSX)]
    response = post_file(client, "person_import", xlsx(PEOPLE_HEADERS, []))
    assert "Tệp chưa có dòng dữ liệu nào" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_an_export_imports_back_unchanged(client, tree, manager, hamlet_codes, district_cadres):
    excel.assignments_import(
        actor=manager, workbook_file=io.BytesIO(xlsx(ASSIGNMENT_HEADERS, hundred_assignments(hamlet_codes)))
    )
    people = client.get(reverse("person_export"))
    assert people["Content-Disposition"] == 'attachment; filename="can-bo.xlsx"'
    assignments = client.get(reverse("assignment_export"))
    assert assignments["Content-Disposition"] == 'attachment; filename="phan-cong.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(assignments.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ASSIGNMENT_HEADERS
    assert sheet.max_row == 1 + 101  # every assignment in scope (the list page shows 50 a page)
    assert ["CB-B" not in [c.value for c in row] for row in sheet.iter_rows()] == [True] * 102
    before = counts()

    response = post_file(client, "person_import", people.content)
    assert response.context["report"] == ImportReport(unchanged=27)
    response = post_file(client, "assignment_import", assignments.content)
    assert response.context["report"] == ImportReport(unchanged=101)
    assert counts() == before


@pytest.mark.django_db
def test_exports_follow_the_list_filters_in_a_bounded_number_of_queries(client, tree, manager, hamlet_codes):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries(reverse("person_export")), queries(reverse("assignment_export"))
    make_district_cadres(tree)
    page = client.get(reverse("assignment_list"), {"q": "H001", "page": "1"})
    assert 'href="/phan-cong/xuat-excel/?q=H001"' in page.content.decode()
    rows = list(openpyxl.load_workbook(io.BytesIO(client.get("/phan-cong/xuat-excel/?q=H001").content)).active.values)
    assert rows == [tuple(ASSIGNMENT_HEADERS)]  # H001 follows nothing yet
    page = client.get(reverse("person_list"), {"q": "huyen 2", "status": "active"})
    assert 'href="/can-bo/xuat-excel/?q=huyen+2&amp;status=active"' in page.content.decode()
    exported = client.get("/can-bo/xuat-excel/?q=huyen+2&status=active").content
    codes = [row[0] for row in openpyxl.load_workbook(io.BytesIO(exported)).active.values][1:]
    assert sorted(codes) == ["H002"] + ["H{:03d}".format(n) for n in range(20, 26)]
    excel.assignments_import(
        actor=manager, workbook_file=io.BytesIO(xlsx(ASSIGNMENT_HEADERS, hundred_assignments(hamlet_codes)))
    )
    assert (queries(reverse("person_export")), queries(reverse("assignment_export"))) == few


@pytest.mark.django_db
def test_the_assignment_template_has_its_list_and_the_import_page_links_it(client, tree, manager):
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assignment_template")).content))
    [validation] = book.worksheets[0].data_validations.dataValidation
    assert str(validation.sqref).startswith("C2") and [c.value for c in book["Danh mục"]["A"] if c.value] == [
        "theo dõi, hỗ trợ",
        "dự sinh hoạt chi bộ",
    ]
    page = client.get(reverse("assignment_import"))
    assert 'href="{}"'.format(reverse("assignment_template")) in page.content.decode()
    assert '<label class="form-label" for="id_file">' in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.CADRE, Role.GRASSROOTS, Role.AGENCY], ids=lambda r: r.value)
def test_only_organization_staff_may_import(client, tree, accounts, hamlet_codes, role):
    client.force_login(accounts[role])
    content = xlsx(ASSIGNMENT_HEADERS, [["CB-A", hamlet_codes[1], FOLLOW, "01/03/2024", "", "", "", "", "x"]])
    before = counts()
    for name in ("person_import", "assignment_import"):
        assert client.get(reverse(name)).status_code == 403
        assert post_file(client, name, content).status_code == 403
    assert counts() == before
    page = client.get(reverse("person_list")).content.decode()
    assert "Xuất Excel" in page and "Nhập từ Excel" not in page


@pytest.mark.django_db
def test_the_downloaded_template_filled_in_excel_imports(client, tree, manager, hamlet_codes, district_cadres):
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assignment_template")).content))
    sheet = book.worksheets[0]
    # Typed the way people type: a unit code that Excel turned into a number, a real date cell, a note like a formula.
    sheet.append(["H001", 83101, "", datetime.datetime(2024, 3, 1), "", "", "", "=1+2", ""])
    sheet["H2"].data_type = "s"  # the template's text format keeps "=1+2" as typed
    sheet.append(["H002", hamlet_codes[2], "dự sinh hoạt chi bộ", "01/03/2024", "", "", "", "", ""])
    filled = io.BytesIO()
    book.save(filled)
    response = post_file(client, "assignment_import", filled.getvalue())
    # H001 may not follow a commune (district cadres follow hamlets): the reason column is named.
    assert errors_of(response) == [(2, "Lý do phân công ngoài quy định")]
    sheet["I2"] = "Tăng cường theo dõi xã"
    filled = io.BytesIO()
    book.save(filled)
    response = post_file(client, "assignment_import", filled.getvalue())
    assert response.context["report"] == ImportReport(created=2)
    commune = Assignment.objects.get(person__code="H001")
    assert (commune.unit, commune.purpose, commune.note) == (tree.communes_a[0], "follow", "=1+2")
    assert Assignment.objects.get(person__code="H002").purpose == "attend"

    exported = client.get(reverse("assignment_export"), {"q": "H001"}).content
    [cell] = [c for c in openpyxl.load_workbook(io.BytesIO(exported)).worksheets[0]["H"] if c.value == "=1+2"]
    assert cell.data_type == "s"  # shown as typed, never run as a formula
    assert post_file(client, "assignment_import", exported).context["report"] == ImportReport(unchanged=1)
