"""A page names what its reader may not open but links only what opens for them: the cadre following a hamlet who
lives elsewhere, an assignment's predecessor in another unit, a unit's successor outside the scope, the busiest
cadres of a district; and every wide table scrolls in a region the keyboard reaches."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

import diaban
from diaban.assignments.models import Assignment
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.territory.choices import SuccessionKind
from diaban.territory.models import Succession

D = datetime.date


def _links(html: str) -> set[str]:
    return set(re.findall(r'<a\b[^>]*\bhref="([^"#?]+)', html))


def _person_url(person) -> str:
    return reverse("person_detail", kwargs={"pk": person.pk})


@pytest.fixture
def outsider(tree):
    """A provincial cadre (living at the province) following the first hamlet of A since 2021, after following the
    second hamlet in 2020: the first hamlet's cell secretary sees this assignment, not the person nor the earlier
    one."""
    person = Person.objects.create(code="CB-X", full_name="Võ Văn Ngoài", home_unit=tree.province_a)
    earlier = Assignment.objects.create(
        person=person, unit=tree.hamlets_a[1], start_date=D(2020, 1, 1), end_date=D(2020, 12, 31),
        override_reason="Thử nghiệm",
    )  # fmt: skip
    return Assignment.objects.create(
        person=person, unit=tree.hamlets_a[0], start_date=D(2021, 1, 1), previous=earlier, override_reason="Thử nghiệm"
    )


@pytest.mark.django_db
def test_the_cell_secretary_reads_who_follows_the_hamlet_and_opens_only_what_lies_in_its_scope(
    client, tree, accounts, outsider
):
    client.force_login(accounts[Role.GRASSROOTS])
    page = client.get(outsider.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and "Võ Văn Ngoài" in html and "Ấp 2 Xã Đức Hòa A" in html  # named
    assert _person_url(outsider.person) not in _links(html)  # not linked: it would answer 404
    assert outsider.previous.get_absolute_url() not in _links(html)
    assert client.get(_person_url(outsider.person)).status_code == 404
    assert client.get(outsider.previous.get_absolute_url()).status_code == 404
    # The cadre living in the hamlet is linked, and opens.
    own = client.get(tree.assignment_a.get_absolute_url()).content.decode()
    assert _person_url(tree.person_a) in _links(own) and client.get(_person_url(tree.person_a)).status_code == 200
    # Organization staff of the province open both.
    client.force_login(accounts[Role.ORGANIZATION])
    staff = _links(client.get(outsider.get_absolute_url()).content.decode())
    assert _person_url(outsider.person) in staff and outsider.previous.get_absolute_url() in staff


@pytest.mark.django_db
def test_a_meeting_names_every_cadre_who_attended_and_links_those_the_reader_may_open(client, tree, accounts, outsider):
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=D(2024, 3, 5), planned_date=D(2024, 3, 5), status=MeetingStatus.HELD
    )
    Attendance.objects.create(meeting=meeting, person=outsider.person, source="cell")
    Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cell")
    client.force_login(accounts[Role.GRASSROOTS])
    html = client.get(reverse("meeting_detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "Võ Văn Ngoài" in html and _person_url(outsider.person) not in _links(html)
    assert _person_url(tree.person_a) in _links(html)


@pytest.mark.django_db
def test_a_successor_outside_the_scope_is_named_not_linked(client, tree, accounts):
    Succession.objects.create(
        predecessor=tree.hamlets_a[1], successor=tree.hamlets_b[0], kind=SuccessionKind.MERGE, date=D(2025, 7, 1)
    )
    Succession.objects.create(
        predecessor=tree.hamlets_a[1], successor=tree.hamlets_a[0], kind=SuccessionKind.MERGE, date=D(2025, 7, 1)
    )
    client.force_login(accounts[Role.ORGANIZATION])  # province A
    html = client.get(reverse("unit_detail", kwargs={"pk": tree.hamlets_a[1].pk})).content.decode()
    links = _links(html)
    assert tree.hamlets_b[0].name in html and reverse("unit_detail", kwargs={"pk": tree.hamlets_b[0].pk}) not in links
    assert reverse("unit_detail", kwargs={"pk": tree.hamlets_a[0].pk}) in links
    page = client.get(reverse("unit_detail", kwargs={"pk": tree.hamlets_b[0].pk}))
    assert page.status_code == 404


@pytest.mark.django_db
def test_the_busiest_cadres_of_a_district_link_only_to_those_living_in_the_readers_scope(
    client, tree, accounts, outsider
):
    client.force_login(accounts[Role.CADRE])  # district A
    html = client.get(
        reverse("coverage_detail", kwargs={"pk": tree.district_a.pk}),
        headers={"HX-Request": "true", "HX-Target": "coverage-people"},
    ).content.decode()
    assert "Võ Văn Ngoài" in html and _person_url(outsider.person) not in _links(html)
    assert tree.person_a.full_name in html and _person_url(tree.person_a) in _links(html)


# ---------------------------------------------------------------------------------------------------------
# Wide tables


def test_a_wide_table_scrolls_in_a_named_region_the_keyboard_reaches():
    html = Template(
        '{% load diaban %}{% scrollable _("Bảng quy định phân công") %}<table></table>{% endscrollable %}'
    ).render(Context())
    assert html == (
        '<div class="table-responsive" tabindex="0" role="region" aria-label="Bảng quy định phân công">'
        "<table></table></div>"
    )


def test_every_table_of_the_product_sits_in_such_a_region():
    """One way for all: a table outside `{% scrollable %}` would overflow a phone or be out of the keyboard's reach."""
    outside = []
    for path in Path(diaban.__file__).parent.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        depth = 0
        for token in re.finditer(r"\{% (end)?scrollable\b|<table\b", text):
            if token.group(0) == "<table":
                if not depth:
                    outside.append(path.name)
            else:
                depth += -1 if token.group(1) else 1
    assert not outside, outside
