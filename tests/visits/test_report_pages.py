"""The trip report as its users meet it: the owner drafts it on the page (saved as typed), submits it once,
others read it; the department head reopens it with a reason; the history says who did what and when."""

import datetime
import re

import pytest
from django.urls import reverse

from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.visits.choices import PlanStatus, TripReportStatus
from diaban.visits.models import FollowUp, TripReport
from diaban.visits.services.approval import plan_approve, plan_submit
from diaban.visits.services.plans import plan_create
from diaban.visits.services.trip_reports import trip_report_save, trip_report_start, trip_report_submit
from tests.conftest import PASSWORD
from tests.territory.test_query_counts import count_queries
from tests.visits.conftest import AGENDA

D = datetime.date
AUTOSAVE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "report-status"}


def approved_plan(field, units, agenda=AGENDA, title="Đi xã Đức Hòa và An Phú"):
    plan = plan_create(
        actor=field.users["chuyenvien"],
        title=title,
        start_date=D(2024, 5, 6),
        end_date=D(2024, 5, 7),
        units=units,
        agenda=agenda,
    )
    plan_submit(actor=field.users["chuyenvien"], plan=plan)
    plan_approve(actor=field.users["truongphong"], plan=plan)
    return plan_approve(actor=field.users["phoban"], plan=plan)


@pytest.fixture
def report(client, field, tree):
    """The specialist's approved two-commune plan, its report opened from the plan's page."""
    plan = approved_plan(field, [tree.communes_a[0], tree.communes_a[1]])
    client.force_login(field.users["chuyenvien"])
    response = client.post(reverse("trip_report_start", kwargs={"pk": plan.pk}))
    report = TripReport.objects.get(plan=plan)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    return report


def _parts(report):
    return {p.unit.name: p for p in report.units.select_related("unit").prefetch_related("findings")}


def _full_form(report, **overrides):
    """What the browser posts: every field of the form as the page shows it, then the changes."""
    data = {"start_date": "06/05/2024", "end_date": "07/05/2024", "summary": "", "guidance_conveyed": ""}
    for part in report.units.all():
        for name in ("situation", "guidance_given", "recommendations_text"):
            data["u{}-{}".format(part.pk, name)] = ""
        data["u{}-follow_ups-text".format(part.pk)] = [""]
        data["u{}-follow_ups-due".format(part.pk)] = [""]
        for finding in part.findings.all():
            data["f{}".format(finding.pk)] = ""
    data.update(overrides)
    return data


def test_owner_sees_a_card_per_unit_with_a_field_per_agenda_item(client, field, tree, report):
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-form"' in page and 'hx-trigger="input delay:1s, change"' in page
    assert page.count("data-unit-part=") == 2
    for part in report.units.all():
        for finding in part.findings.all():
            assert 'name="f{}"'.format(finding.pk) in page
    assert "Nắm tình hình (trọng tâm): Nắm tình hình sinh hoạt chi bộ ấp" in page
    assert "Kiểm tra việc thực hiện: Kiểm tra việc thực hiện Chỉ thị 28" in page
    assert "nội dung của Nguyễn Thị Thu Hà" in page
    assert "mỗi dòng thành một kiến nghị của Xã Đức Hòa A" in page
    assert page.count('name="u{}-follow_ups-due"'.format(report.units.first().pk)) == 2  # one row + the template
    # The breadcrumb goes back to the plan.
    assert 'href="{}"'.format(report.plan.get_absolute_url()) in page


def test_autosave_saves_what_is_valid_and_says_when(client, field, tree, report):
    parts = _parts(report)
    hoa, phu = parts["Xã Đức Hòa A"], parts["Xã An Phú A"]
    finding = hoa.findings.first()
    data = _full_form(
        report,
        summary="Cơ sở chuẩn bị chu đáo",
        **{
            "f{}".format(finding.pk): "Chi bộ sinh hoạt đều, đúng ngày 5",
            "u{}-situation".format(phu.pk): "Ổn định",
            "u{}-follow_ups-text".format(hoa.pk): ["Kiểm tra lại việc sửa cầu", "Nhắc lịch sinh hoạt"],
            "u{}-follow_ups-due".format(hoa.pk): ["30/06/2024", ""],
        },
    )
    response = client.post(report.get_absolute_url(), data, **AUTOSAVE)
    text = response.content.decode()
    assert response.status_code == 200 and "<form" not in text and 'id="report-status"' in text
    assert re.search(r"Đã lưu nháp lúc \d\d:\d\d", text)
    # The follow-up without a due date is named; everything else was kept.
    assert "Xã Đức Hòa A — Việc cần theo dõi tiếp: Việc 2 “Nhắc lịch sinh hoạt”: cần ghi hạn hoàn thành." in text
    report.refresh_from_db()
    finding.refresh_from_db()
    assert report.summary == "Cơ sở chuẩn bị chu đáo" and finding.text == "Chi bộ sinh hoạt đều, đúng ngày 5"
    assert report.units.get(pk=phu.pk).situation == "Ổn định"
    assert FollowUp.objects.filter(unit_report=hoa).count() == 0
    # With the date the follow-ups are saved too, and the page shows them back.
    data["u{}-follow_ups-due".format(hoa.pk)] = ["30/06/2024", "05/07/2024"]
    text = client.post(report.get_absolute_url(), data, **AUTOSAVE).content.decode()
    assert "chưa lưu" not in text
    assert list(FollowUp.objects.filter(unit_report=hoa).values_list("text", "due_date")) == [
        ("Kiểm tra lại việc sửa cầu", D(2024, 6, 30)),
        ("Nhắc lịch sinh hoạt", D(2024, 7, 5)),
    ]
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="Nhắc lịch sinh hoạt"' in page and 'value="05/07/2024"' in page
    # Removing a row (the page posts without it) removes the follow-up.
    data["u{}-follow_ups-text".format(hoa.pk)] = ["Nhắc lịch sinh hoạt"]
    data["u{}-follow_ups-due".format(hoa.pk)] = ["05/07/2024"]
    client.post(report.get_absolute_url(), data, **AUTOSAVE)
    assert list(FollowUp.objects.filter(unit_report=hoa).values_list("text", flat=True)) == ["Nhắc lịch sinh hoạt"]


def test_bad_dates_are_named_next_to_the_field(client, field, tree, report):
    response = client.post(report.get_absolute_url(), _full_form(report, end_date="05/05/2024", action="save"))
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_end_date-error">Ngày về \(05/05/2024\) trước ngày đi \(06/05/2024\)', page)
    report.refresh_from_db()
    assert report.end_date == D(2024, 5, 7)
    typo = client.post(report.get_absolute_url(), _full_form(report, start_date="6/5/24", action="save"))
    assert "Ngày không hợp lệ; viết theo dạng ngày/tháng/năm" in typo.content.decode()


def test_submit_locks_the_report_and_creates_the_recommendations_once(client, field, tree, report):
    parts = _parts(report)
    hoa, phu = parts["Xã Đức Hòa A"], parts["Xã An Phú A"]
    # Nothing found in An Phú yet: the error is shown on An Phú's situation, nothing is submitted.
    data = _full_form(
        report,
        action="submit",
        **{
            "u{}-situation".format(hoa.pk): "Chi bộ hoạt động tốt",
            "u{}-recommendations_text".format(hoa.pk): "Sửa cầu ấp 2\n- Cấp kinh phí sinh hoạt chi bộ\n",
        },
    )
    refused = client.post(report.get_absolute_url(), data)
    assert refused.status_code == 200
    assert re.search(
        r'id="id_u{}-situation-error">Xã An Phú A: cần ghi tình hình'.format(phu.pk), refused.content.decode()
    )
    report.refresh_from_db()
    assert report.status == TripReportStatus.DRAFT and not Recommendation.objects.exists()
    # The draft was kept all the same.
    assert report.units.get(pk=hoa.pk).situation == "Chi bộ hoạt động tốt"

    data["u{}-situation".format(phu.pk)] = "Ổn định"
    response = client.post(report.get_absolute_url(), data, follow=True)
    page = response.content.decode()
    assert "báo cáo đã khóa. 2 kiến nghị của cơ sở đã được ghi để theo dõi." in page
    report.refresh_from_db()
    assert report.status == TripReportStatus.SUBMITTED and report.plan.status == PlanStatus.DONE
    assert "Đã nộp lúc" in page and 'id="report-form"' not in page and "data-report-readonly" in page
    recs = Recommendation.objects.filter(source=RecommendationSource.VISIT)
    assert sorted(r.text for r in recs) == ["Cấp kinh phí sinh hoạt chi bộ", "Sửa cầu ấp 2"]
    for r in recs:
        assert 'data-recommendation="{}"'.format(r.pk) in page
    # Locked: the owner's posts change nothing.
    locked = client.post(report.get_absolute_url(), _full_form(report, summary="Sửa sau khi nộp"), follow=True)
    assert "Báo cáo đã nộp và bị khóa" in locked.content.decode()
    autosave = client.post(report.get_absolute_url(), _full_form(report, summary="Sửa sau khi nộp"), **AUTOSAVE)
    assert "Báo cáo đã nộp và bị khóa" in autosave.content.decode()
    report.refresh_from_db()
    assert report.summary == ""

    # Reopened by the department head with a reason, then submitted again: no recommendation twice.
    client.force_login(field.users["truongphong"])
    assert "data-reopen-form" in client.get(report.get_absolute_url()).content.decode()
    client.post(reverse("trip_report_reopen", kwargs={"pk": report.pk}), {"reason": "Bổ sung kết quả tại An Phú"})
    client.force_login(field.users["chuyenvien"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-form"' in page and "mở lại để sửa" in page
    data["u{}-recommendations_text".format(hoa.pk)] += "Bố trí thêm sinh hoạt chuyên đề"
    client.post(report.get_absolute_url(), data)
    assert sorted(Recommendation.objects.values_list("text", flat=True)) == [
        "Bố trí thêm sinh hoạt chuyên đề", "Cấp kinh phí sinh hoạt chi bộ", "Sửa cầu ấp 2",
    ]  # fmt: skip


def _submitted(client, field, report):
    parts = list(report.units.all())
    data = _full_form(report, action="submit", **{"u{}-situation".format(p.pk): "Ổn định" for p in parts})
    client.force_login(field.users["chuyenvien"])
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    return report


def test_others_read_but_cannot_edit(client, field, tree, report):
    client.post(report.get_absolute_url(), _full_form(report, summary="Cơ sở chuẩn bị chu đáo"))
    for who in ("chuyenvien2", "chuyenvien3", "truongphong", "phoban"):
        client.force_login(field.users[who])
        page = client.get(report.get_absolute_url()).content.decode()
        assert 'id="report-form"' not in page and "Cơ sở chuẩn bị chu đáo" in page, who
        assert client.post(report.get_absolute_url(), _full_form(report, summary="Sửa hộ")).status_code == 403
        assert client.post(report.get_absolute_url(), _full_form(report, summary="x"), **AUTOSAVE).status_code == 403
    report.refresh_from_db()
    assert report.summary == "Cơ sở chuẩn bị chu đáo"
    # Outside the province: as if the report did not exist.
    outsider = account_upsert(
        username="btc-b", password=PASSWORD, role=Role.ORGANIZATION, capture_units=[tree.province_b]
    )
    client.force_login(outsider.user)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.post(reverse("trip_report_reopen", kwargs={"pk": report.pk}), {"reason": "x"}).status_code == 404


def test_reopen_needs_a_reason_and_the_right_person_and_the_history_says_who(client, field, tree, report):
    report = _submitted(client, field, report)
    url = reverse("trip_report_reopen", kwargs={"pk": report.pk})
    # The owner, the leader who approved, another department's head (no capture scope): refused, no form.
    for who in ("chuyenvien", "phoban", "truongphong2"):
        client.force_login(field.users[who])
        assert "data-reopen-form" not in client.get(report.get_absolute_url()).content.decode(), who
        assert client.post(url, {"reason": "Sửa"}).status_code == 403, who
    client.force_login(field.users["truongphong"])
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 400
    assert re.search(r'id="id_reason-error">Cần ghi lý do mở lại báo cáo.', empty.content.decode())
    report.refresh_from_db()
    assert report.status == TripReportStatus.SUBMITTED
    done = client.post(url, {"reason": "Bổ sung kết quả tại An Phú"}, follow=True)
    assert "Đã mở lại báo cáo để người chủ trì sửa." in done.content.decode()
    report.refresh_from_db()
    assert report.status == TripReportStatus.REOPENED
    # A report that is open needs no reopening.
    again = client.post(url, {"reason": "Lần nữa"})
    assert again.status_code == 400 and "Báo cáo chưa nộp, không cần mở lại." in again.content.decode()
    history = re.search(r"data-report-history>(.*?)</ul>", done.content.decode(), re.S).group(1)
    lines = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
        for li in re.findall(r"<li[^>]*>(.*?)</li>", history, re.S)
    ]
    assert len(lines) == 3
    stamp = r"\d\d/\d\d/\d{4} \d\d:\d\d"
    assert re.fullmatch(stamp + r" · Nguyễn Thị Thu Hà · lưu báo cáo chuyến đi \(lập báo cáo; .*\)", lines[0])
    assert "Xã An Phú A — tình hình chung" in lines[0]
    assert re.fullmatch(stamp + " · Nguyễn Thị Thu Hà · nộp báo cáo chuyến đi", lines[1])
    assert re.fullmatch(stamp + " · Phạm Văn Đức · mở lại báo cáo chuyến đi: Bổ sung kết quả tại An Phú", lines[2])


def test_organization_staff_with_capture_scope_may_reopen(client, field, tree, report, accounts):
    report = _submitted(client, field, report)
    client.force_login(accounts[Role.ORGANIZATION])
    assert "data-reopen-form" in client.get(report.get_absolute_url()).content.decode()
    response = client.post(reverse("trip_report_reopen", kwargs={"pk": report.pk}), {"reason": "Thiếu kết quả"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == TripReportStatus.REOPENED


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_report(client, field, tree):
    """A two-unit, two-item report and a six-unit, six-item one with follow-ups and recommendations: the same
    number of queries for the owner's form, the read-only page and the reopening head's page."""
    small = approved_plan(field, [tree.communes_a[0]], title="Nhỏ")
    agenda = [{"kind": k, "text": "Nội dung {}".format(i)} for i, k in enumerate(["know", "advise", "check"] * 2)]
    units = [*tree.communes_a, *tree.hamlets_a]
    large = approved_plan(field, units, agenda=agenda, title="Lớn")
    owner = field.users["chuyenvien"]
    reports = [trip_report_start(actor=owner, plan=p) for p in (small, large)]
    for r in reports:
        parts = list(r.units.all())
        follow_ups = [{"text": "Việc {}".format(i), "due_date": D(2024, 6, i)} for i in (1, 2, 3)]
        trip_report_save(
            actor=owner,
            report=r,
            units={p.pk: {"situation": "Ổn định", "recommendations_text": "Kiến nghị 1\nKiến nghị 2"} for p in parts},
            follow_ups={p.pk: follow_ups for p in parts},
        )
    assert reports[1].units.count() == 6 and reports[1].units.first().findings.count() == 6
    client.force_login(owner)
    drafts = [count_queries(client, r.get_absolute_url()) for r in reports]
    for r in reports:
        trip_report_submit(actor=owner, report=r)
    assert Recommendation.objects.count() == 2 * 7
    submitted = [count_queries(client, r.get_absolute_url()) for r in reports]
    client.force_login(field.users["truongphong"])
    head = [count_queries(client, r.get_absolute_url()) for r in reports]
    for counts in (drafts, submitted, head):
        assert counts[0] == counts[1] and counts[0] <= 12, (drafts, submitted, head)


def test_a_step_taken_by_the_system_reads_so_in_the_history(client, field, report):
    """An event without a user (the daily job, or an account since deleted) once made the page fail."""
    report.plan.events.filter(action__startswith="report").update(actor=None)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    history = re.search(r"data-report-history>(.*?)</ul>", page.content.decode(), re.S).group(1)
    assert "hệ thống" in history
