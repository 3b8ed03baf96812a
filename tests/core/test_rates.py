"""A rate over nothing is no rate: where nothing was due the pages say "chưa có", muted, rather than a "0,0 %" and
red zeros that read as a failure."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from diaban.meetings.choices import Activity, Period
from diaban.meetings.models import AttendanceRule
from diaban.people.choices import Role
from diaban.people.models import PositionTitle

NO_RATE = '<span class="text-body-secondary text-nowrap" data-no-rate>chưa có</span>'


def _render(text, **context):
    return Template("{% load diaban %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("text", "context", "shown"),
    [
        ("{{ s|vn_percent }}", {"s": 0.987}, "98,7 %"),
        ("{{ s|vn_percent:d }}", {"s": 0.987, "d": 3}, "98,7 %"),
        ("{{ s|vn_percent:d }}", {"s": 0.0, "d": 4}, "0,0 %"),  # four were due, none done: a real zero
        ("{{ s|vn_percent:d }}", {"s": 0.0, "d": 0}, NO_RATE),  # nothing was due
        ("{{ s|vn_percent }}", {"s": None}, NO_RATE),  # no share at all (field time over no working day)
    ],
)
def test_a_share_is_a_percentage_only_over_something(text, context, shown):
    assert _render(text, **context) == shown


@pytest.mark.django_db
def test_the_compliance_page_of_a_year_with_nothing_due(client, tree, accounts):
    """A rule in force that binds nobody in province A: nobody assessed, no report due."""
    rule = AttendanceRule.objects.create(
        name="Ủy viên Ban Thường vụ dự sinh hoạt chi bộ", unit=tree.province_a, activity=Activity.ASSIGNED, minimum=2,
        period=Period.YEAR, document="Quy định thử nghiệm", valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    rule.titles.add(PositionTitle.objects.exclude(pk=tree.position_a.title_id).first())
    client.force_login(accounts[Role.LEADER])
    page = client.get(reverse("compliance_detail", kwargs={"pk": tree.province_a.pk}) + "?nam=2024").content.decode()
    assert "data-assessed>0<" in page
    assert "0,0 %" not in page
    assert re.search(r"data-reporting-rate>\s*" + re.escape(NO_RATE), page)
    assert re.search(r"data-on-time-rate>\s*" + re.escape(NO_RATE), page)
    # Zeros where nothing was due are no alarm.
    assert re.search(r'class="fs-4 fw-semibold num" data-behind>0<', page)
    assert re.search(r'class="fs-4 fw-semibold num" data-missing>0<', page)
