"""Visit plans and trip reports have maximum lengths: the API answers 400 naming the field, the length and the
limit, the report page shows it beside the field, and what was saved stays as it was."""

import re

import pytest
from django.core.exceptions import ValidationError

from diaban.visits.choices import PlanStatus
from diaban.visits.models import TripReport, VisitPlan
from diaban.visits.services.approval import plan_approve
from diaban.visits.services.trip_reports import trip_report_save
from tests.people.test_api import login, post
from tests.visits.test_api import REPORTS, approved_plan, make_plan, patch, plan_url


def _messages(detail, path=()) -> list[tuple[tuple, str]]:
    """(where, message) of each message of a 400 body, however deep the nested input put it."""
    if isinstance(detail, dict):
        return [m for key, value in detail.items() for m in _messages(value, (*path, key))]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value, path)]
    return [(path, detail)]


def _report(client, field, tree) -> dict:
    plan = approved_plan(client, field, tree)
    started = post(login(client, field.users["chuyenvien"]), plan_url(plan["id"], "trip-report"))
    assert started.status_code in (200, 201), started.content
    return started.json()


def test_a_trip_report_section_too_long_is_refused_by_the_api(client, field, tree):
    report = _report(client, field, tree)
    url = "{}{}/".format(REPORTS, report["id"])
    part = report["units"][0]
    refused = patch(client, url, {"summary": "Tốt", "units": [{"id": part["id"], "situation": "a" * 20_001}]})
    assert refused.status_code == 400
    [(where, message)] = _messages(refused.json())
    assert (where[0], where[-1], message) == ("units", "situation", "Tình hình chung dài 20.001 ký tự, tối đa 20.000.")
    finding = {"id": part["findings"][0]["id"], "text": "b" * 5001}
    refused = patch(client, url, {"units": [{"id": part["id"], "findings": [finding]}]})
    [(where, message)] = _messages(refused.json())
    assert (where[0], where[-1], message) == ("units", "text", "Kết quả dài 5.001 ký tự, tối đa 5.000.")
    stored = TripReport.objects.get(pk=report["id"])
    assert stored.summary == "" and stored.units.get(pk=part["id"]).situation == ""


def test_the_services_hold_the_same_limits_whoever_calls_them(client, field, tree):
    report = TripReport.objects.get(pk=_report(client, field, tree)["id"])
    owner = field.users["chuyenvien"]
    part = report.units.select_related("unit").first()
    finding = part.findings.first()
    with pytest.raises(ValidationError) as refused:
        trip_report_save(actor=owner, report=report, findings={finding.pk: "b" * 5001})
    assert refused.value.message_dict == {
        "findings": ["{}: Kết quả dài 5.001 ký tự, tối đa 5.000.".format(part.unit.name)]
    }
    with pytest.raises(ValidationError) as refused:
        trip_report_save(actor=owner, report=report, units={part.pk: {"recommendations_text": "c" * 5001}})
    assert refused.value.message_dict == {
        "units": ["{}: Kiến nghị dòng 1 dài 5.001 ký tự, tối đa 5.000.".format(part.unit.name)]
    }
    follow_up = [{"text": "d" * 501, "due_date": report.end_date}]
    with pytest.raises(ValidationError) as refused:
        trip_report_save(actor=owner, report=report, follow_ups={part.pk: follow_up})
    assert refused.value.message_dict == {
        "follow_ups": ["{}, việc 1: Việc cần làm tiếp dài 501 ký tự, tối đa 500.".format(part.unit.name)]
    }
    finding.refresh_from_db()
    assert finding.text == "" and not part.follow_ups.exists()


def test_the_trip_report_page_shows_the_error_beside_the_field(client, field, tree):
    report = TripReport.objects.get(pk=_report(client, field, tree)["id"])
    part = report.units.first()
    page = client.get(report.get_absolute_url()).content.decode()
    situation = re.search(r'<textarea[^>]*name="u{}-situation"[^>]*>'.format(part.pk), page).group(0)
    assert 'maxlength="20000"' in situation
    data = {"start_date": "06/05/2024", "end_date": "07/05/2024", "u{}-situation".format(part.pk): "a" * 20_001}
    sent = client.post(report.get_absolute_url(), data)
    body = sent.content.decode()
    error = re.search(r'id="id_u{}-situation-error">([^<]*)<'.format(part.pk), body)
    assert error.group(1).strip() == "Tình hình chung dài 20.001 ký tự, tối đa 20.000."
    part.refresh_from_db()
    assert part.situation == ""


def test_an_approvers_comment_too_long_is_refused_and_the_plan_waits(client, field, tree):
    plan = make_plan(client, field, tree)
    assert post(client, plan_url(plan["id"], "submit")).status_code == 200
    head = login(client, field.users["truongphong"])
    refused = post(head, plan_url(plan["id"], "return"), {"comment": "e" * 1001})
    assert refused.status_code == 400
    assert refused.json() == {"comment": ["Ý kiến dài 1.001 ký tự, tối đa 1.000."]}
    with pytest.raises(ValidationError) as service:
        plan_approve(actor=field.users["truongphong"], plan=VisitPlan.objects.get(pk=plan["id"]), comment="e" * 1001)
    assert service.value.message_dict == {"comment": ["Ý kiến dài 1.001 ký tự, tối đa 1.000."]}
    assert VisitPlan.objects.get(pk=plan["id"]).status == PlanStatus.SUBMITTED
    title = post(login(client, field.users["chuyenvien"]), "/api/visit-plans/", {"title": "T" * 301})
    assert title.status_code == 400 and title.json()["title"] == ["Tên đợt đi cơ sở dài 301 ký tự, tối đa 300."]
