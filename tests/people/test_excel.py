"""Excel in and out for people: the import is all or nothing and lists every bad row; a re-import changes
nothing; the template guides the typing."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.core.excel_import import ImportReport
from diaban.people.models import Person, Position

PEOPLE_HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Năm sinh", "Mã đơn vị công tác", "Cơ quan công tác",
                  "Điện thoại", "Thư điện tử", "Chức vụ", "Cấp chức vụ", "Giữ chức vụ từ ngày"]  # fmt: skip


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_file(client, url_name, content, name="tep.xlsx"):
    return client.post(reverse(url_name), {"file": SimpleUploadedFile(name, content)})


def counts():
    """Rows of everything an import may write: people, positions, assignments and their history."""
    return [model.objects.count() for model in (Person, Position, Assignment, AssignmentEvent)]


def people_rows(tree, hamlet_codes):
    return [
        ["P001", "Võ Thị Mai", "Nữ", 1978, "831", "Ban Tổ chức Huyện ủy", "0912345678", "mai@example.vn",
         "Trưởng phòng", "huyện", "01/01/2021"],
        ["P001", "Võ Thị Mai", "Nữ", 1978, "831", "Ban Tổ chức Huyện ủy", "0912345678", "mai@example.vn",
         "Huyện ủy viên", "", datetime.datetime(2021, 6, 1)],
        ["P002", "Đặng Văn Bình", "Nam", "", "83101", "Đảng ủy xã", "", "", "", "", ""],
        ["CB-A", "Trần Thị Hồng Nhung A", "", "", hamlet_codes[0], "Chi bộ ấp", "0987654321", "", "Đảng ủy viên",
         "xã", "01/10/2020"],
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_people_file_is_all_or_nothing_then_imports_once(client, tree, manager, hamlet_codes):
    rows = people_rows(tree, hamlet_codes)
    bad = rows + [
        ["P003", "Hồ Văn Ba", "Nam", 1980, "831", "", "", "", "Chủ nhiệm hợp tác xã", "", "01/01/2021"],
        ["P004", "Lý Văn Bốn", "Nam", 1980, "84", "", "", "", "", "", ""],
        ["P005", "Mai Văn Năm", "nam", "19a5", "831", "", "", "khong-phai-thu", "", "", ""],
        ["P002", "Đặng Văn Bình", "Nam", "", "83101", "Đảng ủy xã", "", "", "", "", ""],
        ["P006", "", "", "", "831", "", "", "", "Trưởng phòng", "", ""],
        ["P001", "Võ Thị Mai", "Nữ", 1978, "831", "Văn phòng Huyện ủy", "0912345678", "mai@example.vn", "", "", ""],
    ]
    before = counts()
    response = post_file(client, "person_import", xlsx(PEOPLE_HEADERS, bad))
    found = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert found == {
        (6, "Chức vụ"): "Không có chức vụ «Chủ nhiệm hợp tác xã» trong danh mục chức vụ (xem trang Hướng dẫn).",
        (7, "Mã đơn vị công tác"): "Địa bàn mã 84 nằm ngoài phạm vi nhập liệu của bạn.",
        (8, "Năm sinh"): "Năm sinh không hợp lệ: 19a5. Ghi năm có bốn chữ số, ví dụ 1975.",
        (8, "Thư điện tử"): "Địa chỉ thư điện tử không hợp lệ: khong-phai-thu.",
        (9, "Mã cán bộ"): "Trùng với dòng 4.",
        (10, "Họ và tên"): "Ô bắt buộc, không được để trống.",
        (10, "Giữ chức vụ từ ngày"): "Ghi ngày bắt đầu giữ chức vụ.",
        (11, "Cơ quan công tác"): "Khác với dòng 2 của cùng cán bộ mã P001 («Ban Tổ chức Huyện ủy» ≠ «Văn phòng "
        "Huyện ủy»).",
    }
    assert counts() == before

    response = post_file(client, "person_import", xlsx(PEOPLE_HEADERS, rows))
    # P001 and their two positions, P002, and a new phone number for CB-A.
    assert response.context["report"] == ImportReport(created=3, updated=1)
    mai = Person.objects.get(code="P001")
    assert (mai.full_name, mai.gender, mai.birth_year, mai.home_unit) == ("Võ Thị Mai", "female", 1978, tree.district_a)
    assert sorted(mai.positions.values_list("title__name", "start_date")) == [
        ("Huyện ủy viên", datetime.date(2021, 6, 1)),
        ("Trưởng phòng", datetime.date(2021, 1, 1)),
    ]
    tree.person_a.refresh_from_db()
    assert tree.person_a.phone == "0987654321" and tree.person_a.positions.count() == 1

    after = counts()
    response = post_file(client, "person_import", xlsx(PEOPLE_HEADERS, rows))
    assert response.context["report"] == ImportReport(unchanged=4)
    assert "4 dòng không thay đổi" in response.content.decode()
    assert counts() == after


@pytest.mark.django_db
def test_the_people_template_has_headers_lists_and_a_guide(client, tree, manager):
    response = client.get(reverse("person_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-can-bo.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == PEOPLE_HEADERS and sheet.max_row == 1
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 20
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(lists) == {"C2", "J2"}  # Giới tính, Cấp chức vụ
    choices = book["Danh mục"]
    assert [c.value for c in choices["A"] if c.value] == ["Nam", "Nữ"]
    assert [c.value for c in choices["B"] if c.value] == ["tỉnh", "huyện", "xã"]
    guide = [c.value for row in book["Hướng dẫn"].iter_rows() for c in row if c.value]
    assert book.sheetnames[1] == "Hướng dẫn"
    assert all(header in guide for header in PEOPLE_HEADERS) and "Trưởng phòng" in guide
