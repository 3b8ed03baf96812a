"""Downloads of field work: the plan list as Excel says what the list and the selectors say, never a plan out
of scope; an approved plan and a trip report as Word documents in the Party's layout, refused for a plan not
approved yet; all scoped like their pages and bounded in queries."""

import datetime
import io
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from diaban.core.excel import XLSX_CONTENT_TYPE
from diaban.meetings.report_docx import DOCX_CONTENT_TYPE
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.visits import selectors
from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.models import PlanEvent, TripReport, VisitPlan
from diaban.visits.services.approval import plan_approve, plan_submit
from diaban.visits.services.merging import plans_merge
from diaban.visits.services.plans import plan_create
from diaban.visits.services.trip_reports import (
    trip_report_reopen,
    trip_report_save,
    trip_report_start,
    trip_report_submit,
)
from diaban.visits.visit_docx import PLAN_TEMPLATE, REPORT_TEMPLATE
from tests.conftest import PASSWORD
from tests.visits.conftest import AGENDA

D = datetime.date


def _at(date: datetime.date, hour: int = 9, minute: int = 0):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


MAY_6, MAY_7 = D(2024, 5, 6), D(2024, 5, 7)


def _plan(field, who="chuyenvien", title="Đi xã Đức Hòa", units=None, start=MAY_6, end=MAY_7, **extra):
    return plan_create(
        actor=field.users[who], title=title, start_date=start, end_date=end, units=units, agenda=AGENDA, **extra
    )


def _approve(field, plan, head="truongphong", on=None):
    """Submitted and approved in both steps; `on`: the day of the department's approval, the leader's the next
    day (the history's dates, which the files show)."""
    plan_submit(actor=field.users[plan.owner.user.username], plan=plan)
    plan_approve(actor=field.users[head], plan=plan, comment="Đồng ý")
    plan_approve(actor=field.users["phoban"], plan=plan)
    if on is not None:
        events = PlanEvent.objects.filter(plan=plan)
        events.filter(action=PlanAction.DEPARTMENT_APPROVED).update(at=_at(on))
        events.filter(action=PlanAction.APPROVED).update(at=_at(on + datetime.timedelta(days=1), 15))
    plan.refresh_from_db()
    return plan


def _file_report(field, plan, submitted_at=None):
    """The trip report of `plan`, filled in for every unit and submitted (at `submitted_at` when given)."""
    user = field.users[plan.owner.user.username]
    report = trip_report_start(actor=user, plan=plan)
    parts = list(report.units.order_by("pk"))
    findings = {
        f.pk: "Kết quả {} tại {}".format(f.agenda_item.order + 1, p.unit.name) for p in parts for f in p.findings.all()
    }
    trip_report_save(
        actor=user,
        report=report,
        fields={"summary": "Cơ sở chuẩn bị chu đáo & nghiêm túc.", "guidance_conveyed": "Chỉ thị 35-CT/TW về đại hội"},
        units={
            p.pk: {
                "situation": "Tình hình {} ổn định".format(p.unit.name),
                "guidance_given": "Góp ý cho {}".format(p.unit.name),
                "recommendations_text": "Sửa cầu dân sinh {}".format(p.unit.name),
            }
            for p in parts
        },
        findings=findings,
        follow_ups={parts[0].pk: [{"text": "Kiểm tra lại việc sửa cầu", "due_date": D(2024, 6, 30)}]},
    )
    report = trip_report_submit(actor=user, report=report)
    if submitted_at is not None:
        TripReport.objects.filter(pk=report.pk).update(submitted_at=submitted_at, first_submitted_at=submitted_at)
        report.refresh_from_db()
    return report


def _book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _table(book, name) -> list[dict]:
    """A sheet's table as dicts by header (rows 1–2 are the title, row 3 the headers)."""
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[2], row, strict=True)) for row in rows[3:]]


def _export(client, **params):
    return client.get(reverse("visit_plan_export"), params)


def _all_text(book) -> str:
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)


# ---------------------------------------------------------------------------------------------------------
# Excel


@pytest.fixture
def plans(field, tree):
    """Four plans of province A's Ban Tổ chức in 2024 (a draft, one waiting for the department head, one
    approved, one done with its trip report) and, out of everyone's scope, a plan of province B's cadre."""
    communes, hamlets = tree.communes_a, tree.hamlets_a
    draft = _plan(field, title="Nắm tình hình An Phú", units=[communes[1]], start=D(2024, 3, 4), end=D(2024, 3, 4))
    waiting = _plan(
        field, "chuyenvien3", title="Khảo sát cán bộ xã", units=[communes[1]], start=D(2024, 9, 9), end=D(2024, 9, 10)
    )
    plan_submit(actor=field.users["chuyenvien3"], plan=waiting)
    approved = _plan(
        field, "chuyenvien2", title="Kiểm tra Chỉ thị 28", units=[communes[0]], start=D(2024, 6, 3), end=D(2024, 6, 4),
        companions=[field.specialist3],
    )  # fmt: skip
    approved = _approve(field, approved, on=D(2024, 5, 20))
    done = _approve(
        field, _plan(field, units=[communes[0], hamlets[0]], companions=[field.specialist2]), on=D(2024, 4, 22)
    )
    _file_report(field, done, submitted_at=_at(D(2024, 5, 10), 14, 30))
    outside = VisitPlan.objects.create(
        title="Đi cơ sở tỉnh B", owner=tree.person_b, start_date=D(2024, 5, 6), end_date=D(2024, 5, 6),
        status=PlanStatus.APPROVED,
    )  # fmt: skip
    for plan in (draft, waiting, approved, done):
        plan.refresh_from_db()
    return {"draft": draft, "waiting": waiting, "approved": approved, "done": done, "outside": outside}


def test_rows_are_the_plans_the_user_sees(client, field, tree, accounts, plans):
    user = accounts[Role.ORGANIZATION]
    client.force_login(user)
    book = _book(_export(client))
    assert book.sheetnames == ["Kế hoạch đi cơ sở"]
    assert book["Kế hoạch đi cơ sở"]["A1"].value == "Kế hoạch đi cơ sở"
    assert book["Kế hoạch đi cơ sở"]["A2"].value.startswith("Tất cả trong phạm vi · xuất ngày ")
    rows = _table(book, "Kế hoạch đi cơ sở")
    expected = list(selectors.plans_visible(user).order_by("-start_date", "-id"))
    assert [r["Tên đợt đi cơ sở"] for r in rows] == [p.title for p in expected]
    assert [r["STT"] for r in rows] == [1, 2, 3, 4]
    assert plans["outside"].title not in _all_text(book) and tree.person_b.full_name not in _all_text(book)

    by_title = {r["Tên đợt đi cơ sở"]: r for r in rows}
    for plan in expected:
        row = by_title[plan.title]
        assert (row["Từ ngày"], row["Đến ngày"]) == (
            plan.start_date.strftime("%d/%m/%Y"),
            plan.end_date.strftime("%d/%m/%Y"),
        )
        assert (row["Chủ trì"], row["Tình trạng"]) == (plan.owner.full_name, plan.get_status_display())
    done, approved = by_title[plans["done"].title], by_title[plans["approved"].title]
    assert done == {
        "STT": 3,
        "Tên đợt đi cơ sở": "Đi xã Đức Hòa",
        "Từ ngày": "06/05/2024",
        "Đến ngày": "07/05/2024",
        "Chủ trì": "Nguyễn Thị Thu Hà",
        "Phòng, ban": "Phòng Tổ chức cơ sở đảng",
        "Cùng đi": "Trần Quốc Việt",
        "Địa bàn": "{}; {}".format(tree.communes_a[0].name, tree.hamlets_a[0].name),
        "Nội dung trọng tâm": AGENDA[0]["text"],
        "Tình trạng": "đã đi, có báo cáo",
        "Trưởng phòng duyệt": "Phạm Văn Đức",
        "Lãnh đạo phụ trách duyệt": "Ngô Thị Hạnh",
        "Duyệt xong ngày": "23/04/2024",  # the leader's approval in the history
        "Nộp báo cáo chuyến đi ngày": "10/05/2024",
    }
    assert (approved["Tình trạng"], approved["Duyệt xong ngày"], approved["Nộp báo cáo chuyến đi ngày"]) == (
        "đã duyệt", "21/05/2024", None,
    )  # fmt: skip
    assert approved["Cùng đi"] == "Võ Minh Khoa"
    waiting, draft = by_title[plans["waiting"].title], by_title[plans["draft"].title]
    assert (waiting["Tình trạng"], waiting["Trưởng phòng duyệt"], waiting["Duyệt xong ngày"]) == (
        "chờ trưởng phòng duyệt", "Đỗ Thị Mai", None,
    )  # fmt: skip
    assert (draft["Tình trạng"], draft["Trưởng phòng duyệt"]) == ("dự thảo", None)


def test_filters_of_the_list(client, field, tree, accounts, plans):
    client.force_login(accounts[Role.ORGANIZATION])

    def titles(**params):
        return [r["Tên đợt đi cơ sở"] for r in _table(_book(_export(client, **params)), "Kế hoạch đi cơ sở")]

    # The owner's name without accents, as on the list page.
    assert set(titles(q="nguyen thi thu ha")) == {plans["draft"].title, plans["done"].title}
    assert titles(q="Chỉ thị 28") == [plans["approved"].title]
    assert titles(q=plans["outside"].title) == []
    # The API's names and the page's.
    assert titles(status="approved") == titles(tinh_trang="approved") == [plans["approved"].title]
    assert titles(year="2023") == titles(nam="2023") == []
    assert titles(nam="2024", thang="9") == [plans["waiting"].title]
    book = _book(_export(client, tinh_trang="done", nam="2024"))
    assert book["Kế hoạch đi cơ sở"]["A2"].value.startswith(
        "Tất cả trong phạm vi; tình trạng: đã đi, có báo cáo; năm 2024"
    )
    # A cadre's list opens on the plans they go on (as owner or companion): the file is the same tab.
    client.force_login(field.users["chuyenvien3"])
    assert titles() == [plans["waiting"].title, plans["approved"].title]
    assert len(titles(xem="tat-ca")) == 4
    # Bad input is named, never silently ignored.
    bad = _export(client, nam="hai")
    assert bad.status_code == 400 and "Năm không hợp lệ" in bad.content.decode()
    bad = _export(client, status="xong")
    assert bad.status_code == 400 and "Tình trạng “xong” không có." in bad.content.decode()


def test_visits_per_unit_sheet(client, field, tree, accounts, plans, settings):
    user = accounts[Role.ORGANIZATION]
    client.force_login(user)
    district = tree.district_a
    book = _book(_export(client, unit=district.pk, year=2024))
    assert book.sheetnames == ["Kế hoạch đi cơ sở", "Số lượt đến địa bàn"]
    sheet = book["Số lượt đến địa bàn"]
    assert sheet["A1"].value == "Số lượt đến địa bàn — {}".format(district.name)
    rows = _table(book, "Số lượt đến địa bàn")
    counts = selectors.visit_counts(district, 2024, user)
    assert [r["Địa bàn"] for r in rows] == [r.unit.name for r in counts.rows]
    for row, expected in zip(rows, counts.rows, strict=True):
        assert [row["T{}".format(m)] for m in range(1, 13)] == expected.by_month
        assert row["Cả năm"] == expected.total
    # Approved and done trips count (communes: the level most visited); a draft or waiting plan does not.
    by_name = {r["Địa bàn"]: r for r in rows}
    assert (by_name[tree.communes_a[0].name]["T5"], by_name[tree.communes_a[0].name]["T6"]) == (1, 1)
    assert by_name[tree.communes_a[1].name]["Cả năm"] == 0
    assert by_name[tree.communes_a[1].name]["Ghi chú"] == "chưa được đến"
    assert by_name[tree.communes_a[0].name]["Ghi chú"] is None
    settings.DIABAN_VISITS_PER_MONTH_MAX = 0
    rows = _table(_book(_export(client, unit=district.pk, year=2024)), "Số lượt đến địa bàn")
    assert {r["Địa bàn"]: r["Ghi chú"] for r in rows}[tree.communes_a[0].name] == "đến quá nhiều"
    # Out of scope, or not asked for: no such sheet, nothing of province B.
    for params in ({"unit": tree.province_b.pk, "year": 2024}, {}):
        book = _book(_export(client, **params))
        assert book.sheetnames == ["Kế hoạch đi cơ sở"] and tree.province_b.name not in _all_text(book)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries)


def _many_plans(field, tree, count: int) -> None:
    """`count` approved plans of the department's specialists with a companion and two units; every third with
    its trip report filed."""
    people = ["chuyenvien", "chuyenvien2"]
    for i in range(count):
        plan = _plan(
            field, people[i % 2], title="Đợt {}".format(i), units=[tree.communes_a[i % 2], tree.hamlets_a[i % 4]],
            start=D(2024, 1 + i % 12, 8), end=D(2024, 1 + i % 12, 9), companions=[field.specialist3],
        )  # fmt: skip
        plan = _approve(field, plan)
        if i % 3 == 0:
            _file_report(field, plan)


def test_export_queries_do_not_grow_with_the_plans(client, field, tree, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    url = reverse("visit_plan_export") + "?" + urlencode({"nam": 2024, "unit": tree.district_a.pk, "q": "Đợt"})
    _many_plans(field, tree, 2)
    small = _count(client, url)
    _many_plans(field, tree, 16)
    large = _count(client, url)
    assert small == large and small <= 16, (small, large)
    assert len(_table(_book(client.get(url)), "Kế hoạch đi cơ sở")) == 18


# ---------------------------------------------------------------------------------------------------------
# Word documents


def _docx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.content))
    return [p.text for p in document.paragraphs], document


@pytest.fixture
def merged(field, tree):
    """The specialist's trip to Đức Hòa, approved on 25–26/04/2024, then merged with her colleague's of the other
    department, which sends it back to the department head: approved again on 02–03/05/2024."""
    mine = _plan(
        field, units=[tree.communes_a[0], tree.hamlets_a[0]], companions=[field.specialist2],
        counterparts="Đảng ủy xã\n- Chi bộ Ấp 1 & Ban ấp", documents_studied="Nghị quyết Đại hội Đảng bộ xã",
    )  # fmt: skip
    theirs = _plan(
        field,
        "chuyenvien3",
        title="Khảo sát cán bộ",
        units=[tree.communes_a[0]],
        start=D(2024, 5, 7),
        end=D(2024, 5, 7),
    )
    mine = _approve(field, mine, on=D(2024, 4, 25))
    mine = plans_merge(actor=field.users["chuyenvien"], into=mine, other=theirs)
    assert mine.status == PlanStatus.SUBMITTED
    before = PlanEvent.objects.filter(plan=mine).latest("id").pk
    plan_approve(actor=field.users["truongphong"], plan=mine)
    plan_approve(actor=field.users["phoban"], plan=mine)
    again = PlanEvent.objects.filter(plan=mine, pk__gt=before)
    again.filter(action=PlanAction.DEPARTMENT_APPROVED).update(at=_at(D(2024, 5, 2)))
    again.filter(action=PlanAction.APPROVED).update(at=_at(D(2024, 5, 3), 15))
    mine.refresh_from_db()
    return mine


def test_plan_docx_in_the_party_layout(client, field, tree, accounts, merged):
    client.force_login(accounts[Role.LEADER])
    paragraphs, document = _docx(client.get(reverse("visit_plan_docx", kwargs={"pk": merged.pk})))
    text = "\n".join(paragraphs)
    header = document.tables[0].rows[0].cells
    # The committee of the agency's province and the agency, from the data.
    assert header[0].text.split("\n") == ["ĐẢNG BỘ TỈNH THỬ A", "BAN TỔ CHỨC TỈNH ỦY", "*"]
    assert header[1].text.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Thử A, ngày 03 tháng 5 năm 2024"]
    assert paragraphs[1:4] == [
        "KẾ HOẠCH",
        "đi cơ sở {}, {}".format(tree.communes_a[0].name, tree.hamlets_a[0].name),
        "từ ngày 06/05/2024 đến ngày 07/05/2024",
    ]
    assert "Phòng Tổ chức cơ sở đảng xây dựng kế hoạch đi cơ sở “Đi xã Đức Hòa” như sau:" in text
    section = paragraphs[paragraphs.index("I. MỤC ĐÍCH") :]
    assert section[1] == "- " + AGENDA[0]["text"]
    assert "- Từ ngày 06/05/2024 đến ngày 07/05/2024 (2 ngày)." in paragraphs
    assert "- {} ({}).".format(tree.hamlets_a[0].name, tree.communes_a[0].name) in paragraphs
    assert "- Đồng chí Nguyễn Thị Thu Hà, Phòng Tổ chức cơ sở đảng: chủ trì." in paragraphs
    assert "- Đồng chí Trần Quốc Việt, Phòng Tổ chức cơ sở đảng: cùng đi." in paragraphs
    assert "- Đồng chí Võ Minh Khoa, Phòng Tổ chức cán bộ: cùng đi." in paragraphs
    # The agenda by kind, the main item marked, the merged plan's items with who proposed them.
    agenda = paragraphs[paragraphs.index("V. NỘI DUNG LÀM VIỆC") + 1 : paragraphs.index("VI. LÀM VIỆC VỚI")]
    assert agenda == [
        "1. Nắm tình hình",
        "- Nắm tình hình sinh hoạt chi bộ ấp (nội dung trọng tâm)",
        "- Nắm tình hình sinh hoạt chi bộ ấp (đồng chí Võ Minh Khoa đề xuất)",
        "2. Kiểm tra việc thực hiện",
        "- Kiểm tra việc thực hiện Chỉ thị 28",
        "- Kiểm tra việc thực hiện Chỉ thị 28 (đồng chí Võ Minh Khoa đề xuất)",
    ]
    counterparts = paragraphs[
        paragraphs.index("VI. LÀM VIỆC VỚI") + 1 : paragraphs.index("VII. TÀI LIỆU NGHIÊN CỨU TRƯỚC")
    ]
    assert counterparts == ["- Đảng ủy xã", "- Chi bộ Ấp 1 & Ban ấp"]  # escaped, not broken
    assert "- Nghị quyết Đại hội Đảng bộ xã" in paragraphs
    # The approvals from the history: the latest, after the merge sent the plan back to the first step.
    leader, head, owner = (cell.text.split("\n") for cell in document.tables[1].rows[0].cells)
    assert (leader[0], leader[1], leader[-1]) == (
        "LÃNH ĐẠO BAN PHỤ TRÁCH",
        "(đã duyệt ngày 03/05/2024)",
        "Ngô Thị Hạnh",
    )
    assert (head[0], head[1], head[-1]) == ("TRƯỞNG PHÒNG", "(đã duyệt ngày 02/05/2024)", "Phạm Văn Đức")
    assert (owner[0], owner[-1]) == ("NGƯỜI LẬP KẾ HOẠCH", "Nguyễn Thị Thu Hà")
    assert "{{" not in text and "{%" not in text
    section = document.sections[0]
    assert (round(section.left_margin.mm), round(section.right_margin.mm), round(section.page_width.mm)) == (
        30,
        15,
        210,
    )
    assert (document.styles["Normal"].font.name, document.styles["Normal"].font.size.pt) == ("Times New Roman", 14)


def test_plan_docx_only_once_approved(client, field, tree, accounts, plans):
    client.force_login(field.users["chuyenvien"])
    url = reverse("visit_plan_docx", kwargs={"pk": plans["draft"].pk})
    draft = client.get(url)
    assert draft.status_code == 409
    assert draft.content.decode() == (
        "Kế hoạch “Nắm tình hình An Phú” đang ở bước “dự thảo”: chỉ tải được bản DOCX của kế hoạch đã được "
        "trưởng phòng và lãnh đạo phụ trách duyệt."
    )
    waiting = client.get(reverse("visit_plan_docx", kwargs={"pk": plans["waiting"].pk}))
    assert waiting.status_code == 409 and "chờ trưởng phòng duyệt" in waiting.content.decode()
    for name in ("approved", "done"):
        _docx(client.get(reverse("visit_plan_docx", kwargs={"pk": plans[name].pk})))
    # Out of scope is not found, whatever its status.
    assert client.get(reverse("visit_plan_docx", kwargs={"pk": plans["outside"].pk})).status_code == 404
    # A merged plan points to the plan it became.
    other = _plan(
        field, "chuyenvien2", title="Đi cùng", units=[tree.communes_a[1]], start=D(2024, 3, 4), end=D(2024, 3, 4)
    )
    plans_merge(actor=field.users["chuyenvien"], into=plans["draft"], other=other)
    gone = client.get(reverse("visit_plan_docx", kwargs={"pk": other.pk}))
    assert gone.status_code == 409 and "đã gộp vào kế hoạch khác" in gone.content.decode()


def test_trip_report_docx(client, field, tree, accounts, plans):
    done = plans["done"]
    client.force_login(accounts[Role.LEADER])
    paragraphs, document = _docx(client.get(reverse("trip_report_docx", kwargs={"pk": done.report.pk})))
    text = "\n".join(paragraphs)
    assert document.tables[0].rows[0].cells[1].text.split("\n")[1] == "Thử A, ngày 10 tháng 5 năm 2024"
    commune, hamlet = tree.communes_a[0], tree.hamlets_a[0]
    assert paragraphs[1:5] == [
        "BÁO CÁO",
        "kết quả đi cơ sở {}, {}".format(commune.name, hamlet.name),
        "từ ngày 06/05/2024 đến ngày 07/05/2024",
        "Đã nộp lúc 14:30 ngày 10/05/2024",
    ]
    members = paragraphs[
        paragraphs.index("I. THỜI GIAN, THÀNH PHẦN") + 1 : paragraphs.index("II. KẾT QUẢ TẠI TỪNG ĐỊA BÀN")
    ]
    assert members == [
        "- Thời gian: từ ngày 06/05/2024 đến ngày 07/05/2024.",
        "- Thành phần đoàn công tác:",
        "+ Đồng chí Nguyễn Thị Thu Hà, Phòng Tổ chức cơ sở đảng: chủ trì.",
        "+ Đồng chí Trần Quốc Việt, Phòng Tổ chức cơ sở đảng: cùng đi.",
    ]
    first = paragraphs[paragraphs.index("1. {} ({})".format(commune.name, tree.district_a.name)) :]
    second = paragraphs.index("2. {} ({})".format(hamlet.name, commune.name))
    assert first[: first.index("2. {} ({})".format(hamlet.name, commune.name))] == [
        "1. {} ({})".format(commune.name, tree.district_a.name),
        "a) Tình hình chung",
        "Tình hình {} ổn định".format(commune.name),
        "b) Kết quả theo nội dung làm việc",
        "- {}: Kết quả 1 tại {}".format(AGENDA[0]["text"], commune.name),
        "- {}: Kết quả 2 tại {}".format(AGENDA[1]["text"], commune.name),
        "c) Định hướng, góp ý đã đưa ra",
        "Góp ý cho {}".format(commune.name),
        "d) Kiến nghị của cơ sở",
        "- Sửa cầu dân sinh {}".format(commune.name),
        "đ) Việc cần theo dõi tiếp",
        "- Kiểm tra lại việc sửa cầu (hạn 30/06/2024).",
    ]
    assert paragraphs[second + 2] == "Tình hình {} ổn định".format(hamlet.name)
    assert paragraphs[paragraphs.index("III. ĐÁNH GIÁ CHUNG") + 1] == "Cơ sở chuẩn bị chu đáo & nghiêm túc."
    assert paragraphs[paragraphs.index("IV. ĐỊNH HƯỚNG, THÔNG TIN ĐÃ TRUYỀN ĐẠT") + 1] == "Chỉ thị 35-CT/TW về đại hội"
    assert document.tables[1].rows[0].cells[1].text.split("\n")[-1] == "Nguyễn Thị Thu Hà"
    assert "{{" not in text and "BẢN NHÁP" not in text

    # Reopened for correction: a draft again, and the file says so.
    trip_report_reopen(actor=field.users["truongphong"], report=done.report, reason="Bổ sung")
    paragraphs, _document = _docx(client.get(reverse("trip_report_docx", kwargs={"pk": done.report.pk})))
    assert paragraphs[4] == "BẢN NHÁP – mở lại để sửa, chưa nộp lại"


def test_trip_report_docx_of_a_draft_and_out_of_scope(client, field, tree, accounts):
    from tests.test_permission_matrix import _visit_samples

    inside, outside = _visit_samples(tree)[TripReport]
    client.force_login(accounts[Role.ORGANIZATION])
    paragraphs, _document = _docx(client.get(reverse("trip_report_docx", kwargs={"pk": inside.pk})))
    assert paragraphs[4] == "BẢN NHÁP – chưa nộp"
    assert "Không có." in paragraphs
    assert client.get(reverse("trip_report_docx", kwargs={"pk": outside.pk})).status_code == 404
    # The hamlet's secretary sees the hamlet, not the province's agency that visits it.
    plan = _approve(field, _plan(field, units=[tree.hamlets_a[0]]))
    report = _file_report(field, plan)
    client.force_login(accounts[Role.GRASSROOTS])
    assert client.get(reverse("trip_report_docx", kwargs={"pk": report.pk})).status_code == 404
    assert client.get(reverse("visit_plan_docx", kwargs={"pk": plan.pk})).status_code == 404
    # Who goes on a trip sees its documents, even from outside the owner's scope.
    account = account_upsert(username="canbo_b", password=PASSWORD, role=Role.CADRE, view_units=[tree.province_b])
    tree.person_b.user = account.user
    tree.person_b.save()
    plan = _approve(field, _plan(field, units=[tree.communes_a[1]], companions=[tree.person_b]))
    report = _file_report(field, plan)
    client.force_login(account.user)
    _docx(client.get(reverse("visit_plan_docx", kwargs={"pk": plan.pk})))
    paragraphs, _document = _docx(client.get(reverse("trip_report_docx", kwargs={"pk": report.pk})))
    assert "+ Đồng chí {}: cùng đi.".format(tree.person_b.full_name) in paragraphs


def test_docx_queries_do_not_grow_with_the_plan(client, field, tree, accounts):
    client.force_login(accounts[Role.LEADER])
    counts = []
    for units in ([tree.communes_a[0]], [*tree.communes_a, *tree.hamlets_a]):
        plan = _plan(field, units=units, companions=[field.specialist2, field.specialist3])
        plan = _approve(field, plan)
        report = _file_report(field, plan)
        counts.append(
            (
                _count(client, reverse("visit_plan_docx", kwargs={"pk": plan.pk})),
                _count(client, reverse("trip_report_docx", kwargs={"pk": report.pk})),
            )
        )
    assert counts[0] == counts[1] and max(counts[0]) <= 16, counts


@pytest.mark.parametrize("template", [PLAN_TEMPLATE, REPORT_TEMPLATE], ids=["plan", "report"])
def test_committed_templates_are_what_the_script_builds(template):
    """Rebuild with `python src/diaban/visits/docx/build_template.py` after changing the layout."""
    from diaban.visits.docx import build_template

    build = build_template.build_plan if template == PLAN_TEMPLATE else build_template.build_report
    # Part by part: the compressed bytes may differ between zlib builds, the parts may not.
    built, committed = (zipfile.ZipFile(io.BytesIO(c)) for c in (build(), Path(template).read_bytes()))
    assert built.namelist() == committed.namelist()
    for name in built.namelist():
        assert built.read(name) == committed.read(name), name
