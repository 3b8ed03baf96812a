"""The assignment pages: what organization staff do with a browser form, and what they read back."""

import datetime
import re

import pytest
from django.urls import reverse

from diaban.assignments.models import Assignment
from diaban.assignments.services import assignment_create
from diaban.people.choices import Role


@pytest.mark.django_db
def test_assign_from_the_form_refusal_then_override(web, tree, cadres):
    form = {
        "person": cadres["district"].pk,
        "unit": tree.communes_a[1].pk,
        "purpose": "follow",
        "start_date": "01/03/2021",
    }
    refused = web.post(reverse("assignment_create"), form)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Quy tắc «Tỉnh nắm tới xã»" in html and 'class="form-control is-invalid"' in html
    assert "<strong>Xã An Phú A</strong>" in html and "<strong>Phạm Văn Huyện</strong>" in html  # choices kept
    assert not Assignment.objects.filter(person=cadres["district"]).exists()
    done = web.post(reverse("assignment_create"), {**form, "override_reason": "Xã khó khăn, cần tăng cường"})
    assignment = Assignment.objects.get(person=cadres["district"])
    assert done.status_code == 302 and done["Location"] == assignment.get_absolute_url()
    page = web.get(assignment.get_absolute_url()).content.decode()
    assert "ngoài quy định" in page and "Xã khó khăn, cần tăng cường" in page
    bad_date = web.post(reverse("assignment_create"), {**form, "start_date": "31/02/2021"})
    assert "Ngày không hợp lệ" in bad_date.content.decode()


@pytest.mark.django_db
def test_end_rotate_and_depart_from_the_pages(web, staff, tree, cadres):
    assignment = assignment_create(
        actor=staff, person=cadres["district"], unit=tree.hamlets_a[1], start_date=datetime.date(2021, 1, 4)
    )
    rotated = web.post(
        reverse("assignment_rotate", kwargs={"pk": assignment.pk}),
        {"new_unit": tree.hamlets_a[2].pk, "date": "01/07/2023"},
    )
    new = Assignment.objects.get(previous=assignment)
    assert rotated["Location"] == new.get_absolute_url()
    page = web.get(new.get_absolute_url()).content.decode()
    assert "Ấp 2 Xã Đức Hòa A" in page and "30/06/2023" in page  # the earlier assignment, kept with its dates
    too_early = web.post(reverse("assignment_end", kwargs={"pk": new.pk}), {"end_date": "01/01/2020"})
    assert "trước ngày bắt đầu phân công 01/07/2023" in too_early.content.decode()
    web.post(
        reverse("person_depart", kwargs={"pk": cadres["district"].pk}), {"date": "01/04/2024", "reason": "retired"}
    )
    new.refresh_from_db()
    assert new.end_date == datetime.date(2024, 3, 31) and new.end_reason == "departed"
    person_page = web.get(cadres["district"].get_absolute_url()).content.decode()
    assert "thôi công tác từ 01/04/2024 (nghỉ hưu)" in person_page
    assert "luân chuyển" in person_page and "thôi công tác" in person_page  # the history


@pytest.mark.django_db
def test_bulk_assignment_page(web, tree, cadres):
    url = reverse("bulk_assign", kwargs={"pk": tree.district_a.pk}) + "?cap=hamlet&ngay=04/01/2021"
    page = web.get(url)
    rows = [u.name for u in page.context["rows"]]
    assert rows[0] != "Ấp 1 Xã Đức Hòa A" and len(rows) == 4  # the followed hamlet comes last
    hamlets = tree.hamlets_a[1:]
    refused = web.post(
        url,
        {"cap": "hamlet", "start_date": "04/01/2021", "unit": [h.pk for h in hamlets], "person_all": "H1",
         "person-{}".format(hamlets[2].pk): "T1"},
    )  # fmt: skip
    errors = refused.context["errors"]
    assert len(errors) == 1 and errors[0].startswith("Ấp 2 Xã An Phú A (T1): Quy tắc «Huyện nắm tới ấp, khu phố»")
    assert not Assignment.objects.filter(person__code__in=["H1", "T1"]).exists()
    done = web.post(
        url, {"cap": "hamlet", "start_date": "04/01/2021", "unit": [h.pk for h in hamlets], "person_all": "h1"}
    )
    assert done.status_code == 302
    assert set(Assignment.objects.filter(person__code="H1").values_list("unit", flat=True)) == {h.pk for h in hamlets}
    unknown = web.post(url, {"cap": "hamlet", "start_date": "04/01/2021", "unit": [hamlets[0].pk], "person_all": "ZZ"})
    assert unknown.context["errors"] == ["Không có cán bộ mã ZZ trong phạm vi của bạn."]


@pytest.mark.django_db
def test_coverage_export_has_the_page_figures_and_every_uncovered_unit(web, staff, tree, cadres):
    import io

    from openpyxl import load_workbook

    assignment_create(
        actor=staff, person=cadres["province"], unit=tree.communes_a[0], start_date=datetime.date(2021, 1, 4)
    )
    url = reverse("coverage_export", kwargs={"pk": tree.province_a.pk}) + "?ngay=01/02/2021"
    response = web.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="bao-phu-83-20210201.xlsx"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    levels = [row[:6] for row in book["Theo cấp"].iter_rows(min_row=2, values_only=True)]
    assert levels == [
        ("Huyện, quận, thị xã", 1, 0, 1, 0.0, 0),
        ("Xã, phường, thị trấn", 2, 1, 1, 50.0, 1),
        ("Ấp, khu phố", 4, 1, 3, 25.0, 1),
    ]
    uncovered = {row[0] for row in book["Chưa có cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert uncovered == {"Huyện Đông A", "Xã An Phú A"} | {h.name for h in tree.hamlets_a[1:]}
    idle = [row[1] for row in book["Cán bộ chưa phân công"].iter_rows(min_row=2, values_only=True)]
    # Holding a position, following nothing, by given name; the fixture's hamlet secretary follows her hamlet.
    assert idle == ["Phạm Văn Huyện", "Lê Thị Thường Vụ"]


@pytest.mark.django_db
def test_the_policy_and_people_are_kept_in_the_admin_site(client, accounts, tree):
    from diaban.people.choices import Role

    client.force_login(accounts[Role.ADMINISTRATOR])
    for path in ("assignments/assignmentrule/", "people/person/", "people/positiontitle/", "assignments/assignment/"):
        assert client.get("/quan-tri/" + path).status_code == 200, path
    rules = client.get("/quan-tri/assignments/assignmentrule/").content.decode()
    assert "Tỉnh nắm tới xã" in rules
    # Assignments are read there, never edited: history is written by the services only.
    assert client.get("/quan-tri/assignments/assignment/add/").status_code == 403


@pytest.mark.django_db
def test_the_person_page_shows_their_assignments_history_and_links_among_its_own(client, accounts, staff, tree):
    person = tree.person_a
    client.force_login(staff)
    page = client.get(person.get_absolute_url()).content.decode()
    links = re.findall(r'<a class="btn btn-sm [^"]+" href="([^"]+)">([^<]+)</a>', page)
    assert links == [
        ("{}?person={}".format(reverse("assignment_create"), person.pk), "Phân công địa bàn"),
        (reverse("position_add", kwargs={"pk": person.pk}), "Ghi chức vụ"),
        (reverse("person_edit", kwargs={"pk": person.pk}), "Sửa thông tin"),
        (reverse("person_depart", kwargs={"pk": person.pk}), "Thôi công tác"),
    ]
    # Beside the positions, then under them.
    assert page.index('id="positions-h"') < page.index('id="assignments-h"') < page.index('id="history-h"')
    assert 'href="{}"'.format(tree.assignment_a.get_absolute_url()) in page
    client.force_login(accounts[Role.LEADER])  # reads, never writes: no links
    page = client.get(person.get_absolute_url()).content.decode()
    assert 'id="assignments-h"' in page and "Phân công địa bàn" not in page
