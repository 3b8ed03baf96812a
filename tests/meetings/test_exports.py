"""The compliance workbook says what the page, the API and `diaban compliance` say; the meeting report as a
Word document in the Party's layout; both scoped like their pages and bounded in queries."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from diaban.assignments.models import Assignment
from diaban.core.excel import XLSX_CONTENT_TYPE
from diaban.core.party_document import place_date
from diaban.meetings.choices import Activity, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport, QualityCriterion
from diaban.meetings.report_docx import DOCX_CONTENT_TYPE, TEMPLATE
from diaban.meetings.selectors.cells import cells_least_attended, cells_never_attended
from diaban.meetings.selectors.compliance import compliance_report
from diaban.meetings.selectors.reporting import reporting_report
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.models import PartyOrganization, Unit
from tests.meetings.test_pages import _attendance_world
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date


def _at(date: datetime.date, hour: int = 9):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def _person(code, name, home, title_name, assigned_to=None):
    person = Person.objects.create(code=code, full_name=name, home_unit=home, agency="Huyện ủy Đông A")
    Position.objects.create(
        person=person, title=PositionTitle.objects.filter(name=title_name).first(), start_date=D(2020, 1, 1)
    )
    if assigned_to is not None:
        Assignment.objects.create(
            person=person, unit=assigned_to, start_date=D(2020, 1, 1), override_reason="Dữ liệu thử nghiệm"
        )
    return person


def _cell(unit, name, parent):
    cell = PartyOrganization(
        kind=OrganizationKind.CELL, cell_kind=CellKind.RESIDENTIAL, name=name, unit=unit, parent=parent, meeting_day=5
    )
    cell.save()
    return cell


def _report(attendance, submitted=None):
    due = attendance.meeting.date + datetime.timedelta(days=5)
    return MeetingReport.objects.create(
        attendance=attendance,
        due_date=due,
        status="submitted" if submitted else "draft",
        first_submitted_at=_at(submitted) if submitted else None,
        submitted_at=_at(submitted) if submitted else None,
    )


@pytest.fixture
def case(tree):
    """District A in 2024, under a rule of one attended meeting a quarter for "Đảng ủy viên":

    - CB-A (hamlet 1 of the first commune) attends cell A in January–May: 5 of 4, compliant; reports: January
      on time, February late, March–May none (all due long ago);
    - CB-C (second commune) attends the remote cell of its hamlet once, in March: 1 of 4, behind; on time;
    - CB-D (the district itself) is bound but attends nothing: 0 of 4, behind, no reports expected;
    - CB-E (first commune, "Trưởng phòng", bound by no rule) attends cell A in June, reports late: counted in
      reporting only;
    - a remote cell whose March meeting nobody attended.
    """
    district, communes, hamlets = tree.district_a, tree.communes_a, tree.hamlets_a
    rule = AttendanceRule.objects.create(
        name="Đảng ủy viên dự sinh hoạt chi bộ", unit=tree.province_a, activity=Activity.ASSIGNED, minimum=1,
        period=Period.QUARTER, document="Quy định thử nghiệm", valid_from=D(2020, 1, 1),
    )  # fmt: skip
    rule.titles.add(PositionTitle.objects.get(name="Đảng ủy viên"))
    Unit.objects.filter(pk__in=[hamlets[2].pk, hamlets[3].pk]).update(is_remote=True)
    remote_cell = _cell(hamlets[2], "Chi bộ Ấp Cồn Xa", tree.committee_a)
    never_cell = _cell(hamlets[3], "Chi bộ Ấp Bến Đò", tree.committee_a)
    calendar_generate(
        organizations=PartyOrganization.objects.filter(pk__in=[tree.cell_a.pk, remote_cell.pk, never_cell.pk]),
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
    )
    own = list(Meeting.objects.filter(organization=tree.cell_a).order_by("date")[:6])
    Meeting.objects.filter(pk__in=[m.pk for m in own]).update(status=MeetingStatus.HELD)
    march = {c: Meeting.objects.get(organization=c, date=D(2024, 3, 5)) for c in (remote_cell, never_cell)}
    Meeting.objects.filter(pk__in=[m.pk for m in march.values()]).update(status=MeetingStatus.HELD)
    a = [Attendance.objects.create(meeting=m, person=tree.person_a, source="cell") for m in own[:5]]
    _report(a[0], D(2024, 1, 8))
    _report(a[1], D(2024, 2, 20))
    person_c = _person("CB-C", "Lê Văn Cường", communes[1], "Đảng ủy viên", assigned_to=hamlets[2])
    _report(Attendance.objects.create(meeting=march[remote_cell], person=person_c, source="cell"), D(2024, 3, 6))
    person_d = _person("CB-D", "Phạm Thị Dung", district, "Đảng ủy viên", assigned_to=hamlets[1])
    person_e = _person("CB-E", "Võ Minh Em", communes[0], "Trưởng phòng")
    _report(Attendance.objects.create(meeting=own[5], person=person_e, source="cell"), D(2024, 6, 30))
    return {"rule": rule, "remote_cell": remote_cell, "never_cell": never_cell, "d": person_d, "e": person_e}


def _sheet(book, name) -> list[dict]:
    """A sheet's table as dicts by header (row 3 holds the headers, rows 1–2 the title)."""
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[2]
    return [dict(zip(header, row, strict=True)) for row in rows[3:]]


def _export(client, unit, year="2024"):
    response = client.get(reverse("compliance_export", kwargs={"pk": unit.pk}), {"nam": year})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_workbook_says_what_the_page_the_api_and_the_cli_say(client, tree, accounts, case):
    client.force_login(accounts[Role.ORGANIZATION])
    district = tree.district_a
    book = _export(client, district)
    assert book.sheetnames == [
        "Theo đơn vị", "Cán bộ", "Chưa đạt", "Theo tháng", "Chi bộ chưa có cán bộ dự", "Chi bộ vùng sâu, vùng xa",
        "Quy định",
    ]  # fmt: skip
    title = book["Theo đơn vị"]
    assert district.name in title["A1"].value and "Từ 01/01/2024 đến 31/12/2024" in title["A2"].value

    out = io.StringIO()
    call_command("compliance", "--unit", district.code, "--year", "2024", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    api = client.get("/api/compliance/{}/".format(district.pk), {"year": "2024"}).json()
    assert api == cli

    # By hand: three bound, one compliant; seven reports expected, four received, two on time.
    assert (cli["assessed"], cli["compliant"]) == (3, 1)
    reporting = cli["reporting"]
    assert (reporting["expected"], reporting["received"], reporting["on_time"]) == (7, 4, 2)

    units = _sheet(book, "Theo đơn vị")
    total = units[-1]
    assert total["Đơn vị"] == "Tổng"
    assert (total["Cán bộ thuộc diện quy định"], total["Đạt"], total["Chưa đạt"]) == (3, 1, 2)
    assert total["Tỷ lệ đạt"] == pytest.approx(cli["share"], abs=1e-4)
    assert (total["Báo cáo phải có"], total["Đã nhận"], total["Đúng hạn"]) == (7, 4, 2)
    assert total["Tỷ lệ báo cáo"] == pytest.approx(reporting["rate"], abs=1e-4)
    assert total["Tỷ lệ đúng hạn"] == pytest.approx(reporting["on_time_rate"], abs=1e-4)
    assert book["Theo đơn vị"].cell(row=4 + len(units) - 1, column=6).number_format == "0.0%"
    by_code = {row["Mã"]: row for row in units[:-1]}
    for branch in cli["branches"]:
        row = by_code[branch["unit"]["code"]]
        assert (row["Cán bộ thuộc diện quy định"], row["Đạt"]) == (branch["assessed"], branch["compliant"])
        assert row["Đơn vị"].startswith("Cán bộ ") == branch["own_level"]
    for branch in reporting["branches"]:
        row = by_code[branch["unit"]["code"]]
        assert (row["Báo cáo phải có"], row["Đã nhận"], row["Đúng hạn"]) == (
            branch["expected"], branch["received"], branch["on_time"]
        )  # fmt: skip
    assert sum(r["Báo cáo phải có"] or 0 for r in units[:-1]) == 7  # the rows add up to the total

    people = {row["Mã cán bộ"]: row for row in _sheet(book, "Cán bộ")}
    assert set(people) == {"CB-A", "CB-C", "CB-D", "CB-E"}
    rule = case["rule"].name
    for person in cli["people"]:
        row = people[person["code"]]
        assert row["Tỷ lệ (quy định thấp nhất)"] == pytest.approx(person["ratio"], abs=1e-4)
        assert row["Đạt"] == ("có" if person["compliant"] else "chưa")
        assert (row[rule + ": đã dự"], row[rule + ": phải dự"]) == (
            person["rules"][0]["attended"], pytest.approx(person["rules"][0]["required"], abs=1e-4)
        )  # fmt: skip
    for person in reporting["people"]:
        row = people[person["code"]]
        assert (row["Báo cáo phải có"], row["Đã nhận"], row["Đúng hạn"]) == (
            person["expected"], person["received"], person["on_time"]
        )  # fmt: skip
    assert (people["CB-A"][rule + ": đã dự"], people["CB-A"]["Đạt"]) == (5, "có")
    # Bound by no rule: its rule cells are blank, its home unit named all the same.
    assert people["CB-E"][rule + ": đã dự"] is None and people["CB-E"]["Đơn vị công tác"] == tree.communes_a[0].name
    assert people["CB-D"]["Báo cáo phải có"] is None

    behind = _sheet(book, "Chưa đạt")
    assert [r["Mã cán bộ"] for r in behind] == ["CB-D", "CB-C"]  # furthest behind first, as on the page
    assert (behind[1]["Đã dự"], behind[1]["Phải dự"], behind[1]["Tỷ lệ"]) == (1, pytest.approx(4.0), 0.25)

    months = _sheet(book, "Theo tháng")
    assert [(r["Tháng"].month, r["Báo cáo phải có"]) for r in months[:-1]] == [
        (1, 1), (2, 1), (3, 2), (4, 1), (5, 1), (6, 1)
    ]  # fmt: skip
    assert [m["month"] for m in reporting["months"]] == ["2024-{:02d}".format(r["Tháng"].month) for r in months[:-1]]
    assert months[-1]["Báo cáo phải có"] == 7

    never = _sheet(book, "Chi bộ chưa có cán bộ dự")
    assert [r["Chi bộ"] for r in never] == ["Chi bộ Ấp Bến Đò"] and never[0]["Vùng sâu, vùng xa"] == "có"
    remote = _sheet(book, "Chi bộ vùng sâu, vùng xa")
    assert [(r["Chi bộ"], r["Lượt cán bộ dự"], r["Buổi đã họp"]) for r in remote] == [
        ("Chi bộ Ấp Bến Đò", 0, 1), ("Chi bộ Ấp Cồn Xa", 1, 1)
    ]  # fmt: skip

    # The page shows the same totals, and its button asks for this file.
    page = client.get(reverse("compliance_detail", kwargs={"pk": district.pk}), {"nam": "2024"}).content.decode()
    assert "data-assessed>3<" in page and "data-compliant>1<" in page and "data-expected>7<" in page
    assert 'href="{}?nam=2024"'.format(reverse("compliance_export", kwargs={"pk": district.pk})) in page
    assert "Xuất Excel" in page


def test_workbook_is_the_selectors_results(tree, accounts, case):
    """Every person row of the workbook is a row of `compliance_report` or `reporting_report`, nothing more."""
    from diaban.meetings.exports import compliance_workbook

    user = accounts[Role.LEADER]
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    report = compliance_report(tree.province_a, start, end, user)
    reporting = reporting_report(tree.province_a, start, end, user)
    never = cells_never_attended(tree.province_a, start, end, user)
    remote = cells_least_attended(tree.province_a, start, end, user).filter(unit__is_remote=True)
    book = openpyxl.load_workbook(io.BytesIO(compliance_workbook(report, reporting, never, remote, user)))
    codes = {r["Mã cán bộ"] for r in _sheet(book, "Cán bộ")}
    assert codes == {p.code for p in report.people} | {p.code for p in reporting.people}
    assert [r["Mã cán bộ"] for r in _sheet(book, "Chưa đạt")] == [p.code for p in report.behind]


def test_export_is_scoped(client, tree, accounts, case):
    # The district cadre's account sees the district, not the province above it nor province B.
    client.force_login(accounts[Role.CADRE])
    for unit in (tree.province_a, tree.province_b, tree.district_b):
        url = reverse("compliance_export", kwargs={"pk": unit.pk})
        assert client.get(url, {"nam": "2024"}).status_code == 404
    # Province B's cadre attends a meeting in province A: a person out of scope never becomes a row.
    Attendance.objects.create(
        meeting=Meeting.objects.filter(organization=tree.cell_a, status=MeetingStatus.HELD).first(),
        person=tree.person_b,
        source="cell",
    )
    client.force_login(accounts[Role.LEADER])
    book = _export(client, tree.province_a)
    cells = {str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v}
    assert "CB-A" in cells and tree.person_b.code not in cells and tree.person_b.full_name not in cells
    assert tree.province_b.name not in cells
    # A bad year is named, and a year the unit did not exist is not a file.
    bad = client.get(reverse("compliance_export", kwargs={"pk": tree.district_a.pk}), {"nam": "hai"})
    assert bad.status_code == 400 and "Năm không hợp lệ" in bad.content.decode()
    tree.district_a.valid_until = D(2023, 6, 30)
    tree.district_a.save()
    gone = client.get(reverse("compliance_export", kwargs={"pk": tree.district_a.pk}), {"nam": "2024"})
    assert gone.status_code == 404


def _export_world(province):
    """`_attendance_world` with reports on every second attendance, remote hamlets, and a provincial cadre bound
    by no rule who attended once (a row known only to the reporting figures)."""
    district = _attendance_world(province)
    attendances = list(Attendance.objects.filter(person__home_unit=district).select_related("meeting")[::2])
    MeetingReport.objects.bulk_create(
        [
            MeetingReport(
                attendance=a,
                due_date=a.meeting.date + datetime.timedelta(days=5),
                status="submitted",
                first_submitted_at=_at(a.meeting.date + datetime.timedelta(days=3 if i % 3 else 9)),
            )
            for i, a in enumerate(attendances)
        ]
    )
    hamlets = Unit.objects.within(province).filter(level__key="hamlet").values_list("pk", flat=True)
    Unit.objects.filter(pk__in=list(hamlets)[::5]).update(is_remote=True)
    outsider = Person.objects.filter(home_unit=province).order_by("pk").first()
    meeting = Meeting.objects.filter(organization__unit__path__startswith=province.path).order_by("pk").first()
    Attendance.objects.create(meeting=meeting, person=outsider, source="cell")
    return district


@pytest.mark.django_db
def test_export_query_counts_do_not_grow_with_the_data(client):
    small = build_province(100, "01")
    large = build_province(2_000, "02")
    districts = [_export_world(small), _export_world(large)]
    assert MeetingReport.objects.filter(attendance__person__home_unit=districts[1]).count() > 5 * (
        MeetingReport.objects.filter(attendance__person__home_unit=districts[0]).count()
    )
    account = account_upsert(
        username="tc", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small, large]
    )
    client.force_login(account.user)
    for targets in ((small, large), tuple(districts)):
        counts = [
            count_queries(client, reverse("compliance_export", kwargs={"pk": u.pk}) + "?nam=2024") for u in targets
        ]
        assert counts[0] == counts[1] and counts[0] <= 20, counts
    book = _export(client, large)
    assert len(_sheet(book, "Cán bộ")) > 100 and _sheet(book, "Chi bộ vùng sâu, vùng xa")


# ---------------------------------------------------------------------------------------------------------
# The meeting report as a Word document


def _text(content: bytes) -> tuple[list[str], list]:
    document = Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs], document


@pytest.fixture
def filed(tree, accounts):
    """The province-A cadre's submitted report of the cell's meeting of 05/03/2024."""
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=D(2024, 3, 5), planned_date=D(2024, 3, 5), status=MeetingStatus.HELD,
        members_total=21, members_present=18, members_excused=2,
    )  # fmt: skip
    attendance = Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cadre")
    report = MeetingReport.objects.create(
        attendance=attendance, due_date=D(2024, 3, 10), status="submitted", members_total=21, members_present=18,
        committee_met_before=True, overall="good",
        content="Kiểm điểm nghị quyết tháng 2.\nTriển khai phòng, chống hạn mặn & xâm nhập mặn.",
        assessment="Chi bộ chuẩn bị chu đáo; đảng viên phát biểu sôi nổi.",
        guidance="Quán triệt Chỉ thị 05-CT/TW.", answers="Giải đáp chế độ hỗ trợ hộ nghèo.",
        proposals="Đề nghị Huyện ủy bố trí kinh phí sửa trụ sở ấp.",
        recommendations_text="Nạo vét kênh thủy lợi ấp trước mùa khô\n\n- Sửa cầu dân sinh bị sạt lở",
        first_submitted_at=_at(D(2024, 3, 6)), submitted_at=_at(D(2024, 3, 6)),
    )  # fmt: skip
    report.criteria_met.set(QualityCriterion.objects.filter(active=True)[:2])
    return report


def test_docx_in_the_party_layout(client, tree, accounts, filed):
    client.force_login(accounts[Role.LEADER])
    page = client.get(filed.get_absolute_url()).content.decode()
    url = reverse("meeting_report_docx", kwargs={"pk": filed.pk})
    assert 'href="{}"'.format(url) in page and "Tải DOCX" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    paragraphs, document = _text(response.content)
    text = "\n".join(paragraphs)
    header = document.tables[0].rows[0].cells
    assert header[0].text.split("\n") == ["ĐẢNG BỘ TỈNH THỬ A", "CHI BỘ ẤP", "*"]
    assert header[1].text.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Thử A, ngày 06 tháng 3 năm 2024"]
    assert "BÁO CÁO" in paragraphs and "Kết quả dự sinh hoạt chi bộ {}".format(tree.hamlets_a[0].name) in text
    assert tree.cell_a.name in text and "05/03/2024" in text
    assert "2. Đánh giá chung: Tốt" in paragraphs
    assert "Chi bộ chuẩn bị chu đáo; đảng viên phát biểu sôi nổi." in paragraphs
    assert "- Nạo vét kênh thủy lợi ấp trước mùa khô" in paragraphs
    assert "- Sửa cầu dân sinh bị sạt lở" in paragraphs
    assert "Triển khai phòng, chống hạn mặn & xâm nhập mặn." in paragraphs  # escaped, not broken
    assert (
        "- Số đảng viên dự: 18/21 đồng chí." in paragraphs
        and "1. Tiêu chí đạt: 2/{}".format(QualityCriterion.objects.filter(active=True).count()) in paragraphs
    )
    assert "{{" not in text and "{%" not in text
    signature = document.tables[1].rows[0].cells[1].text
    assert signature.startswith("NGƯỜI BÁO CÁO") and signature.endswith(tree.person_a.full_name)
    section = document.sections[0]
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)


def test_docx_of_a_draft_and_out_of_scope(client, tree, accounts):
    from tests.test_permission_matrix import _meeting_samples

    samples = _meeting_samples(tree)[MeetingReport]
    client.force_login(accounts[Role.ORGANIZATION])
    draft = client.get(reverse("meeting_report_docx", kwargs={"pk": samples[0].pk}))
    assert draft.status_code == 200
    paragraphs, _document = _text(draft.content)
    assert "2. Đánh giá chung: chưa đánh giá" in paragraphs and "Không có." in paragraphs
    assert client.get(reverse("meeting_report_docx", kwargs={"pk": samples[1].pk})).status_code == 404
    client.force_login(accounts[Role.ADMINISTRATOR])
    assert client.get(reverse("meeting_report_docx", kwargs={"pk": samples[1].pk})).status_code == 200


def test_place_and_date_as_party_documents_write_them():
    assert place_date("Ba Tri", D(2024, 3, 5)) == "Ba Tri, ngày 05 tháng 3 năm 2024"
    assert place_date("Bến Tre", D(2025, 2, 14)) == "Bến Tre, ngày 14 tháng 02 năm 2025"


def test_committed_template_is_what_the_script_builds():
    """Rebuild with `python src/diaban/meetings/docx/build_template.py` after changing the layout."""
    import importlib.util

    script = Path(TEMPLATE).with_name("build_template.py")
    spec = importlib.util.spec_from_file_location("build_template", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Part by part: the compressed bytes may differ between zlib builds, the parts may not.
    built, committed = (zipfile.ZipFile(io.BytesIO(c)) for c in (module.build(), Path(TEMPLATE).read_bytes()))
    assert built.namelist() == committed.namelist()
    for name in built.namelist():
        assert built.read(name) == committed.read(name), name
