"""Visit plans through their pages: planning with clear errors, the two approval steps taken only by the
right person, returns with a comment, overlapping plans shown to each other and merged in one click, the
trip report started from the plan, the home panel, and query counts that do not grow with the data."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diaban.core.dates import today
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.visits import selectors
from diaban.visits.choices import PlanStatus
from diaban.visits.home import plans_panel
from diaban.visits.models import TripReport, VisitPlan
from diaban.visits.services.approval import plan_approve, plan_return, plan_submit
from diaban.visits.services.plans import plan_create
from tests.conftest import PASSWORD
from tests.territory.test_query_counts import count_queries
from tests.visits.conftest import AGENDA

D = datetime.date
CREATE = reverse("visit_plan_create")


def _form(title, start, end, units, agenda, main=0, companions=(), counterparts="", documents=""):
    """What the plan form posts: the fields, the chosen units and companions, and the agenda rows."""
    data = {
        "title": title,
        "start_date": start,
        "end_date": end,
        "units": [u.pk for u in units],
        "companions": [p.pk for p in companions],
        "counterparts": counterparts,
        "documents_studied": documents,
        "main": str(main),
        "agenda-TOTAL_FORMS": str(len(agenda)),
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
    }
    for i, (kind, text) in enumerate(agenda):
        data["agenda-{}-kind".format(i)] = kind
        data["agenda-{}-text".format(i)] = text
        data["agenda-{}-proposed_by".format(i)] = ""
    return data


def _login(client, field, username):
    client.force_login(field.users[username])
    return client


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _create(client, field, tree, who="chuyenvien", **overrides):
    values = {
        "title": "Nắm tình hình xã Đức Hòa",
        "start": "06/05/2024",
        "end": "07/05/2024",
        "units": [tree.communes_a[0]],
        "agenda": [("know", AGENDA[0]["text"]), ("check", AGENDA[1]["text"])],
    }
    values.update(overrides)
    _login(client, field, who)
    response = client.post(CREATE, _form(**values))
    assert response.status_code == 302, response.content.decode()[:3000]
    return VisitPlan.objects.get(title=values["title"], owner__user=field.users[who])


def _history(page: str) -> list[str]:
    """The history entries on a plan's page, as plain text."""
    block = page.split("data-history>", 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", block, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


# ---------------------------------------------------------------------------------------------------------
# Planning


def test_bad_input_is_named_in_vietnamese_and_nothing_is_saved(client, field, tree):
    _login(client, field, "chuyenvien")
    page = client.post(CREATE, _form("", "07/05/2024", "05/05/2024", [], [("know", "")])).content.decode()
    assert "Cần ghi tên đợt đi cơ sở." in page
    assert "Ngày về (05/05/2024) trước ngày đi (07/05/2024)." in page
    assert "Cần chọn ít nhất một địa bàn đến." in page
    assert "Cần ghi ít nhất một nội dung làm việc." in page
    wrong_date = client.post(CREATE, _form("Đi ấp", "31/02/2024", "", [tree.hamlets_a[0]], [("know", "Nắm")]))
    assert "Ngày không hợp lệ; viết theo dạng ngày/tháng/năm" in wrong_date.content.decode()
    # A unit of another province is not the cadre's to plan for.
    outside = client.post(CREATE, _form("Đi tỉnh B", "06/05/2024", "06/05/2024", [tree.hamlets_b[0]], [("know", "x")]))
    assert "Địa bàn số {} không có hoặc nằm ngoài phạm vi của bạn.".format(tree.hamlets_b[0].pk) in (
        outside.content.decode()
    )
    # What was typed stays on the page.
    assert 'value="Đi tỉnh B"' in outside.content.decode()
    assert not VisitPlan.objects.exists()


def test_an_account_without_a_person_is_told_why_it_cannot_plan(client, tree, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    page = _page(client, CREATE)
    assert "chưa gắn với một cán bộ" in page and 'name="title"' not in page
    response = client.post(CREATE, _form("Đi ấp", "06/05/2024", "06/05/2024", [tree.hamlets_a[0]], [("know", "x")]))
    assert response.status_code == 403 and not VisitPlan.objects.exists()


def test_plan_created_with_units_agenda_companions_and_preview_of_approvers(client, field, tree):
    plan = _create(
        client,
        field,
        tree,
        units=[tree.hamlets_a[1], tree.communes_a[0]],
        agenda=[("know", "Nắm tình hình"), ("advise", "Góp ý nghị quyết chi bộ"), ("check", "")],
        main=1,
        companions=[field.specialist2],
        counterparts="Đảng ủy xã Đức Hòa\n\n  Chi bộ ấp 2  ",
    )
    assert [t.unit for t in plan.targets.all()] == [tree.hamlets_a[1], tree.communes_a[0]]
    assert [(a.kind, a.text, a.is_main) for a in plan.agenda.order_by("order")] == [
        ("know", "Nắm tình hình", False), ("advise", "Góp ý nghị quyết chi bộ", True),
    ]  # fmt: skip
    assert list(plan.companions.all()) == [field.specialist2]
    assert plan.counterparts == "Đảng ủy xã Đức Hòa\nChi bộ ấp 2"
    page = _page(client, plan.get_absolute_url())
    preview = page.split("data-preview>", 1)[1].split("</ol>", 1)[0]
    assert "Trưởng phòng duyệt: <strong>Phạm Văn Đức</strong>" in preview
    assert "Lãnh đạo phụ trách duyệt: <strong>Ngô Thị Hạnh</strong>" in preview
    assert "Trình duyệt" in page and "Sửa kế hoạch" in page
    # The companion sees the plan among theirs.
    _login(client, field, "chuyenvien2")
    assert plan.get_absolute_url() in _page(client, reverse("visit_plan_list"))


def test_without_department_the_preview_says_what_is_missing(client, field, tree):
    field.specialist.department = None
    field.specialist.save()
    plan = _create(client, field, tree)
    page = _page(client, plan.get_absolute_url())
    assert "Chưa xác định được phòng, ban của Nguyễn Thị Thu Hà" in page
    client.post(reverse("visit_plan_submit", kwargs={"pk": plan.pk}))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_only_the_owner_edits_a_draft(client, field, tree):
    plan = _create(client, field, tree)
    edit = reverse("visit_plan_edit", kwargs={"pk": plan.pk})
    page = _page(client, edit)
    assert 'value="Nắm tình hình xã Đức Hòa"' in page and AGENDA[1]["text"] in page
    response = client.post(
        edit,
        _form("Nắm tình hình xã Đức Hòa (bổ sung)", "06/05/2024", "08/05/2024", [tree.communes_a[0]],
              [("know", AGENDA[0]["text"]), ("support", "Hỗ trợ chuyển đổi số")]),
    )  # fmt: skip
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.end_date) == ("Nắm tình hình xã Đức Hòa (bổ sung)", D(2024, 5, 8))
    assert "Hỗ trợ chuyển đổi số" in [a.text for a in plan.agenda.all()]
    # The history names what was edited, and only that.
    edited = _history(_page(client, plan.get_absolute_url()))[-1]
    assert edited.startswith("Sửa kế hoạch") and "nội dung làm việc" in edited and "đến ngày" in edited
    assert "địa bàn" not in edited and "người cùng đi" not in edited
    _login(client, field, "truongphong")
    assert client.get(edit).status_code == 403
    plan_submit(actor=field.users["chuyenvien"], plan=plan)
    _login(client, field, "chuyenvien")
    locked = client.get(edit, follow=True).content.decode()
    assert "không sửa được" in locked


# ---------------------------------------------------------------------------------------------------------
# Approval


def _post(client, name, plan, **data):
    return client.post(reverse(name, kwargs={"pk": plan.pk}), data)


def test_only_the_right_approver_acts_at_each_step_and_history_shows_who_and_when(client, field, tree):
    plan = _create(client, field, tree)
    _login(client, field, "chuyenvien2")
    assert _post(client, "visit_plan_submit", plan).status_code == 403
    _login(client, field, "chuyenvien")
    _post(client, "visit_plan_submit", plan)
    plan.refresh_from_db()
    assert (plan.status, plan.department_approver, plan.leader_approver) == (
        PlanStatus.SUBMITTED, field.head, field.deputy,
    )  # fmt: skip

    def refused(who, step_status):
        _login(client, field, who)
        page = _page(client, plan.get_absolute_url())
        assert "data-approve-form" not in page, who
        for name in ("visit_plan_approve", "visit_plan_return"):
            assert _post(client, name, plan, comment="Không đồng ý").status_code == 403, (who, name)
        plan.refresh_from_db()
        assert plan.status == step_status and plan.events.count() == events, who

    events = plan.events.count()
    for wrong in ("chuyenvien", "chuyenvien2", "phoban", "truongban", "truongphong2"):
        refused(wrong, PlanStatus.SUBMITTED)
    _login(client, field, "truongphong")
    assert "data-approve-form" in _page(client, plan.get_absolute_url())
    done = client.post(reverse("visit_plan_approve", kwargs={"pk": plan.pk}), {"comment": "Đồng ý"}, follow=True)
    assert "chuyển Ngô Thị Hạnh duyệt tiếp" in done.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DEPARTMENT_APPROVED
    events = plan.events.count()
    for wrong in ("truongphong", "chuyenvien", "truongban"):
        refused(wrong, PlanStatus.DEPARTMENT_APPROVED)
    _login(client, field, "phoban")
    _post(client, "visit_plan_approve", plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    # Someone outside the province does not even find the plan.
    outsider = account_upsert(
        username="ngoaitinh", password=PASSWORD, role=Role.CADRE, full_name="Lý Văn Tư", view_units=[tree.province_b]
    )
    Person.objects.create(code="B-99", full_name="Lý Văn Tư", home_unit=tree.province_b, user=outsider.user)
    client.force_login(outsider.user)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert _post(client, "visit_plan_approve", plan).status_code == 404

    _login(client, field, "chuyenvien")
    page = _page(client, plan.get_absolute_url())
    history = _history(page)
    stamps = [timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M") for e in plan.events.all()]
    expected = [
        ("Lập kế hoạch", "Nguyễn Thị Thu Hà"),
        ("Trình duyệt", "Nguyễn Thị Thu Hà"),
        ("Trưởng phòng duyệt", "Phạm Văn Đức"),
        ("Lãnh đạo phụ trách duyệt", "Ngô Thị Hạnh"),
    ]
    assert len(history) == 4
    for entry, (action, who), stamp in zip(history, expected, stamps, strict=True):
        assert entry.startswith(action) and who in entry and stamp in entry, entry
    assert "Ý kiến: Đồng ý" in history[2]
    steps = page.split("data-approvers>", 1)[1].split("</section>", 1)[0]
    assert steps.count("đã duyệt") == 2 and "Phạm Văn Đức" in steps and "Ngô Thị Hạnh" in steps


def test_returning_needs_a_comment_which_the_owner_then_sees(client, field, tree):
    plan = _create(client, field, tree)
    _post(client, "visit_plan_submit", plan)
    _login(client, field, "truongphong")
    page = client.post(reverse("visit_plan_return", kwargs={"pk": plan.pk}), {"comment": "  "}, follow=True)
    assert "Cần ghi ý kiến khi trả lại kế hoạch." in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    _post(client, "visit_plan_return", plan, comment="Bổ sung nội dung kiểm tra Chỉ thị 35")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    _login(client, field, "chuyenvien")
    page = _page(client, plan.get_absolute_url())
    assert "data-returned" in page and "Bổ sung nội dung kiểm tra Chỉ thị 35" in page
    assert "bị trả lại" in page and "Trình duyệt" in page
    assert "data-preview" in page  # approvers are derived again when it is submitted again
    returned = _page(client, reverse("visit_plan_list") + "?tinh_trang=returned")
    assert plan.get_absolute_url() in returned
    home = _page(client, reverse("home"))
    drafts = home.split('data-visits="drafts">', 1)[1].split("</ul>", 1)[0]
    assert plan.title in drafts and "Bổ sung nội dung kiểm tra Chỉ thị 35" in drafts


def test_the_owner_cancels_and_nobody_else(client, field, tree):
    plan = _create(client, field, tree)
    _login(client, field, "truongphong")
    assert _post(client, "visit_plan_cancel", plan).status_code == 403
    _login(client, field, "chuyenvien")
    _post(client, "visit_plan_cancel", plan, comment="Trùng lịch họp Tỉnh ủy")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    page = _page(client, plan.get_absolute_url())
    assert "Trùng lịch họp Tỉnh ủy" in _history(page)[-1] and "Trình duyệt" not in page


# ---------------------------------------------------------------------------------------------------------
# Coordination


def _approve(field, plan, owner, head):
    plan_submit(actor=field.users[owner], plan=plan)
    plan_approve(actor=field.users[head], plan=plan)
    plan_approve(actor=field.users["phoban"], plan=plan)


def test_overlapping_plans_show_each_other_and_merge_in_one_click(client, field, tree):
    mine = _create(client, field, tree, agenda=[("know", "Nắm tình hình sinh hoạt chi bộ")])
    _login(client, field, "chuyenvien3")
    created = client.post(
        CREATE,
        _form("Khảo sát đội ngũ cán bộ xã", "09/05/2024", "09/05/2024", [tree.communes_a[0], tree.hamlets_a[0]],
              [("check", "Kiểm tra quy hoạch cán bộ")]),
        follow=True,
    ).content.decode()  # fmt: skip
    assert "Cùng địa bàn, cùng thời gian có kế hoạch khác: “Nắm tình hình xã Đức Hòa” của Nguyễn Thị Thu Hà" in created
    theirs = VisitPlan.objects.get(title="Khảo sát đội ngũ cán bộ xã")
    far = _create(client, field, tree, who="chuyenvien2", title="Tháng 7", start="01/07/2024", end="01/07/2024")
    for plan, other in ((mine, theirs), (theirs, mine)):
        page = _page(client, plan.get_absolute_url())
        overlaps = page.split("data-overlaps>", 1)[1].split("</section>", 1)[0]
        assert other.get_absolute_url() in overlaps and far.get_absolute_url() not in overlaps
    _approve(field, mine, "chuyenvien", "truongphong")
    _approve(field, theirs, "chuyenvien3", "truongphong2")
    # Someone not involved sees the overlap but may not merge.
    _login(client, field, "chuyenvien2")
    page = _page(client, mine.get_absolute_url())
    assert theirs.get_absolute_url() in page and "Gộp vào kế hoạch này" not in page
    assert _post(client, "visit_plan_merge", mine, other=theirs.pk).status_code == 403
    _login(client, field, "chuyenvien")
    page = _page(client, mine.get_absolute_url())
    assert "Gộp vào kế hoạch này" in page
    done = client.post(reverse("visit_plan_merge", kwargs={"pk": mine.pk}), {"other": theirs.pk}, follow=True)
    assert "Đã gộp “Khảo sát đội ngũ cán bộ xã” của Võ Minh Khoa vào kế hoạch này." in done.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (theirs.status, theirs.merged_into) == (PlanStatus.MERGED, mine)
    assert VisitPlan.objects.exclude(status=PlanStatus.MERGED).filter(start_date__month=5).count() == 1
    assert [(a.text, a.proposed_by) for a in mine.agenda.all()] == [
        ("Nắm tình hình sinh hoạt chi bộ", field.specialist), ("Kiểm tra quy hoạch cán bộ", field.specialist3),
    ]  # fmt: skip
    assert list(mine.companions.all()) == [field.specialist3]
    assert {t.unit for t in mine.targets.all()} == {tree.communes_a[0], tree.hamlets_a[0]}
    # What was approved changed: back to the first step, approvers derived again.
    assert (mine.status, mine.department_approver, mine.leader_approver) == (
        PlanStatus.SUBMITTED, field.head, field.deputy,
    )  # fmt: skip
    page = _page(client, mine.get_absolute_url())
    assert "Kiểm tra quy hoạch cán bộ" in page and "đề xuất: Võ Minh Khoa" in page
    first_step = page.split('data-step="1">', 1)[1].split("</li>", 1)[0]
    assert "Phạm Văn Đức" in first_step and "đang chờ duyệt" in first_step
    assert "data-overlaps" not in page  # the other plan is merged: nothing left to coordinate
    assert "Gộp “Khảo sát đội ngũ cán bộ xã” của Võ Minh Khoa" in _history(page)[-1]
    merged_page = _page(client, theirs.get_absolute_url())
    assert "Kế hoạch này đã được gộp vào" in merged_page and mine.get_absolute_url() in merged_page


# ---------------------------------------------------------------------------------------------------------
# Trip report and home


def test_trip_report_started_from_an_approved_plan_once_the_trip_began(client, field, tree):
    plan = _create(client, field, tree)
    _approve(field, plan, "chuyenvien", "truongphong")
    home = _page(client, reverse("home"))
    assert plan.title in home.split('data-visits="unreported">', 1)[1].split("</ul>", 1)[0]
    _login(client, field, "truongphong")
    assert "Lập báo cáo chuyến đi" not in _page(client, plan.get_absolute_url())
    assert _post(client, "trip_report_start", plan).status_code == 403
    _login(client, field, "chuyenvien")
    assert "Lập báo cáo chuyến đi" in _page(client, plan.get_absolute_url())
    response = _post(client, "trip_report_start", plan)
    report = TripReport.objects.get(plan=plan)
    assert response.status_code == 302 and response["Location"] == reverse("trip_report", kwargs={"pk": report.pk})
    again = _post(client, "trip_report_start", plan)
    assert again["Location"] == response["Location"] and TripReport.objects.count() == 1
    assert "Lập báo cáo chuyến đi" not in _page(client, plan.get_absolute_url())


def test_a_future_trip_has_no_report_yet_and_shows_on_home_as_next(client, field, tree):
    start = today() + datetime.timedelta(days=10)
    plan = _create(client, field, tree, start=start.strftime("%d/%m/%Y"), end=start.strftime("%d/%m/%Y"))
    _approve(field, plan, "chuyenvien", "truongphong")
    page = _page(client, plan.get_absolute_url())
    assert "Lập báo cáo sau khi đi" in page and "Lập báo cáo chuyến đi" not in page
    follow = client.post(reverse("trip_report_start", kwargs={"pk": plan.pk}), follow=True).content.decode()
    assert "báo cáo lập sau khi đi" in follow and not TripReport.objects.exists()
    home = _page(client, reverse("home"))
    assert plan.title in home.split('data-visits="upcoming">', 1)[1].split("</ul>", 1)[0]


def test_home_shows_what_awaits_my_approval(client, field, tree):
    plan = _create(client, field, tree)
    plan_submit(actor=field.users["chuyenvien"], plan=plan)
    _login(client, field, "truongphong")
    home = _page(client, reverse("home"))
    assert "data-awaiting-count>1<" in home and plan.title in home
    listing = _page(client, reverse("visit_plan_list") + "?xem=cho-duyet")
    assert plan.get_absolute_url() in listing
    _login(client, field, "phoban")
    assert "data-awaiting-count" not in _page(client, reverse("home"))


def test_list_searches_without_accents_and_filters_by_month(client, field, tree):
    may = _create(client, field, tree)
    july = _create(client, field, tree, title="Kiểm tra ấp", start="01/07/2024", end="02/07/2024",
                   units=[tree.hamlets_a[3]])  # fmt: skip
    url = reverse("visit_plan_list")
    found = _page(client, url + "?q=duc hoa")
    assert may.get_absolute_url() in found and july.get_absolute_url() not in found
    by_unit = _page(client, url + "?q=" + tree.hamlets_a[3].name.lower())
    assert july.get_absolute_url() in by_unit and may.get_absolute_url() not in by_unit
    july_only = _page(client, url + "?nam=2024&thang=7")
    assert july.get_absolute_url() in july_only and may.get_absolute_url() not in july_only
    bad = _page(client, url + "?nam=hai-nghin")
    assert "Năm không hợp lệ" in bad and may.get_absolute_url() in bad
    assert "06/05/2024 – 07/05/2024" in found
    # Typing in the search box refreshes the list only.
    partial = client.get(url + "?q=duc", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-list").content.decode()
    assert may.get_absolute_url() in partial and "<html" not in partial


# ---------------------------------------------------------------------------------------------------------
# Query counts


def _add_plans(field, tree, first, count):
    """Plans alternating between two owners to the same two units (so each overlaps the other owner's), with
    two agenda items and a companion each; a third submitted, a third approved, a third returned."""
    units = [tree.communes_a[0], tree.hamlets_a[0]]
    plans = []
    for i in range(first, first + count):
        who = "chuyenvien" if i % 2 == 0 else "chuyenvien2"
        plan = plan_create(
            actor=field.users[who], title="Kế hoạch {}".format(i), start_date=D(2024, 5, 6), end_date=D(2024, 5, 7),
            units=units, agenda=AGENDA, companions=[field.specialist3],
        )  # fmt: skip
        plan_submit(actor=field.users[who], plan=plan)
        if i % 3 == 1:
            plan_approve(actor=field.users["truongphong"], plan=plan)
            plan_approve(actor=field.users["phoban"], plan=plan)
        elif i % 3 == 2:
            plan_return(actor=field.users["truongphong"], plan=plan, comment="Bổ sung")
        plans.append(plan)
    return plans


def test_pages_query_counts_do_not_grow_with_the_plans(client, field, tree):
    plans = _add_plans(field, tree, 0, 3)
    pages = [
        ("chuyenvien", reverse("visit_plan_list")),
        ("chuyenvien", reverse("visit_plan_list") + "?xem=tat-ca&q=duc&nam=2024&thang=5"),
        ("truongphong", reverse("visit_plan_list") + "?xem=cho-duyet"),
        ("chuyenvien", plans[0].get_absolute_url()),  # submitted; every plan of the other owner overlaps it
        ("chuyenvien", plans[2].get_absolute_url()),  # returned draft: the approvers are previewed
        ("chuyenvien3", plans[1].get_absolute_url()),  # approved, seen by a companion
        ("chuyenvien", reverse("home")),
        ("truongphong", reverse("home")),
    ]

    def measure():
        counts = []
        for who, url in pages:
            client.force_login(field.users[who])
            counts.append(count_queries(client, url))
        return counts

    def panel_queries(who):
        """The field-work panel alone (the home page also holds other apps' panels)."""
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.select_related("person").get(username=who)
        with CaptureQueriesContext(connection) as ctx:
            panel = plans_panel(request, request.user.person, None)
        assert panel["template"] == "visits/home_panel.html"
        return len(ctx.captured_queries)

    measure()  # first visits create things once (e.g. the home page's calendar address)
    small = measure() + [panel_queries("chuyenvien"), panel_queries("truongphong")]
    _add_plans(field, tree, 3, 27)
    assert VisitPlan.objects.count() == 30
    assert len(selectors.overlapping_plans(plans[0], field.users["chuyenvien"])) == 15
    large = measure() + [panel_queries("chuyenvien"), panel_queries("truongphong")]
    names = [p[1] for p in pages] + ["panel chuyenvien", "panel truongphong"]
    assert small == large, list(zip(names, small, large, strict=True))
    assert max(large[:6]) <= 20 and max(large[-2:]) <= 7, list(zip(names, large, strict=True))
