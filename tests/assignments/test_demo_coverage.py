"""On the demo, the coverage page, the API and `diaban coverage` give the same numbers: the articles' figures."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from diaban.assignments.models import Assignment
from diaban.demo import load_demo
from diaban.people.models import Person
from diaban.territory.models import Unit

ON = datetime.date(2021, 1, 1)
# Bến Tre, 2021 (the articles): units, units followed, and the cadres following them, per level.
ARTICLES = {
    "district": (9, 9, 9),  # Standing Committee members in charge of the 9 districts
    "commune": (148, 148, 131),  # 148 communes in the real early-2025 list (157 in the 2021 article)
    "hamlet": (983, 983, 679),
    "group": (14676, 14676, 6038),
}
BA_TRI = {"commune": (22, 22, 21), "hamlet": (129, 129, 129)}


def _silent(*_args):
    pass


def _figures(levels):
    return {row["level"]: (row["units"], row["covered"], row["cadres"]) for row in levels}


def _cli(*args):
    out = io.StringIO()
    call_command("coverage", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_cli_errors_are_vietnamese(tree):
    with pytest.raises(CommandError, match="Không có đơn vị mã 99 có hiệu lực vào ngày 01/01/2021"):
        _cli("--unit", "99", "--date", "01/01/2021")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        _cli("--unit", "83", "--date", "31/02/2021")


@pytest.mark.django_db
def test_page_api_and_cli_give_the_articles_figures(demo, client):
    client.login(username="tochuc", password="diaban-demo")
    province = Unit.objects.filter(code="83").valid_on(ON).get()
    ba_tri = Unit.objects.filter(code="836").valid_on(ON).get()

    from_cli = json.loads(_cli("--unit", "83", "--date", "01/01/2021", "--json"))
    from_api = client.get("/api/coverage/{}/".format(province.pk), {"date": "01/01/2021"}).json()
    page = client.get("/bao-phu/{}/".format(province.pk), {"ngay": "01/01/2021"})
    from_page = {row.level.key: (row.total, row.covered, row.cadres) for row in page.context["report"].levels}
    assert _figures(from_cli["levels"]) == ARTICLES
    assert _figures(from_api["levels"]) == ARTICLES
    assert from_page == ARTICLES
    assert from_cli == from_api
    # What the user reads on the page and in the terminal.
    html = page.content.decode()
    assert "<span data-covered>14.676</span>/<span data-total>14.676</span>" in html
    assert "6.038 cán bộ" in html and "679 cán bộ" in html
    text = _cli("--unit", "83", "--date", "01/01/2021")
    assert "Độ bao phủ địa bàn — Tỉnh Bến Tre (mã 83), ngày 01/01/2021" in text
    assert any(line.split()[-6:] == ["14.676", "14.676", "0", "100,0", "%", "6.038"] for line in text.splitlines())
    assert any(line.split()[-6:] == ["983", "983", "0", "100,0", "%", "679"] for line in text.splitlines())
    # Ba Tri: 129 cadres for 129 hamlets, 21 provincial cadres for its communes.
    ba_tri_figures = _figures(json.loads(_cli("--unit", "836", "--date", "01/01/2021", "--json"))["levels"])
    assert {key: ba_tri_figures[key] for key in BA_TRI} == BA_TRI
    assert ba_tri_figures["group"][0] == ba_tri_figures["group"][1]
    branches = {b["unit"]["code"]: b["levels"] for b in from_api["branches"]}
    assert branches["836"]["hamlet"] == {"units": 129, "covered": 129}
    assert ba_tri.pk in [b["unit"]["id"] for b in from_api["branches"]]

    # Later history leaves a few units uncovered on Bến Tre's last day, and the three sources still agree.
    last_day = _figures(json.loads(_cli("--unit", "83", "--date", "30/06/2025", "--json"))["levels"])
    api_last_day = _figures(
        client.get("/api/coverage/{}/".format(province.pk), {"date": "30/06/2025"}).json()["levels"]
    )
    assert last_day == api_last_day
    assert last_day["hamlet"][:2] == (983, 980) and last_day["commune"][:2] == (148, 147)
    page = client.get("/bao-phu/{}/".format(province.pk))  # today: Bến Tre has closed, its last day is shown
    assert page.context["date"] == datetime.date(2025, 6, 30) and page.context["clamped"]
    # The list of uncovered units loads into the page afterwards (htmx), for the date the page settled on.
    listed = client.get(
        "/bao-phu/{}/".format(province.pk), {"ngay": "30/06/2025"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="uncovered"
    )
    uncovered = listed.context_data["uncovered"]
    assert uncovered[0].is_remote  # remote areas first
    assert (
        listed.context_data["uncovered_count"] == sum(units - covered for units, covered, _n in last_day.values()) == 7
    )
    assert "7 đơn vị chưa có cán bộ theo dõi" in listed.content.decode() and "<html" not in listed.content.decode()
    assert all(not Assignment.objects.active_on(page.context["date"]).filter(unit=u).exists() for u in uncovered)


@pytest.mark.django_db
def test_demo_history_and_people(demo, client):
    rotated = Assignment.objects.get(end_reason="rotated")
    assert rotated.end_date == datetime.date(2023, 6, 30) and rotated.next.start_date == datetime.date(2023, 7, 1)
    assert Person.objects.filter(departed_on__isnull=False).count() == 3
    assert Assignment.objects.exclude(override_reason="").count() == 1
    assert Person.objects.get(user__username="canbo").full_name == "Lê Minh Tâm"
    # Running it again changes nothing.
    counts = Person.objects.count(), Assignment.objects.count()
    load_demo(log=_silent)
    assert (Person.objects.count(), Assignment.objects.count()) == counts
