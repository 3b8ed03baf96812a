"""Nobody reads outside their scope: every page and API endpoint, every role, derived from the URL conf.

A URL joins this matrix by existing. Each view names the model it shows (`model`, or a viewset's
`queryset`); pages with a `pk` are detail pages (out of scope → 404), the others are listings (out-of-scope
objects are absent, searched by name with ?q=). A URL that is neither and is not listed in NO_SCOPED_DATA
fails the meta-test, so a new view cannot slip past.
"""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from diaban.assignments.models import Assignment
from diaban.core.excel import XLSX_CONTENT_TYPE
from diaban.feedback.models import Agency, Recommendation, RecommendationAttachment, RecommendationGroup, Topic
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    DraftRecipient,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.guidance.services.guidance import PUBLISHERS
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport, ReportAttachment
from diaban.meetings.services.schedule import CALENDAR_KEEPERS
from diaban.people.choices import Role
from diaban.people.models import CommitteeMembership, Department, Leave, Person, Position, PositionTitle
from diaban.people.permissions import MANAGERS
from diaban.territory.models import PartyOrganization, Unit
from diaban.visits.choices import PlanStatus
from diaban.visits.models import FieldTimeRule, TripReport, UnitVisitReport, VisitPlan, VisitTarget
from tests.conftest import build_accounts, build_tree, rolled_back

# URL names that show no scoped data, with why.
NO_SCOPED_DATA = {
    "login": "sign-in form",
    "logout": "sign-out (POST)",
    "set_language": "language switch",
    "api:api-root": "list of endpoints",
    "api:schema": "OpenAPI description, no data; signed-in users only (tests/api/test_errors.py)",
    "api:docs": "Swagger UI page, no data; signed-in users only (tests/api/test_errors.py)",
    "rule_list": "assignment policy: rules of the whole system, no unit data",
    "person_template": "empty Excel template: headers, guide and the catalogue of position titles",
    "assignment_template": "empty Excel template: headers and guide",
    "api:assignment-rule-list": "assignment policy: rules of the whole system, no unit data",
    "api:assignment-rule-detail": "assignment policy: rules of the whole system, no unit data",
    "calendar_feed": "a user's own meetings behind a secret address, no sign-in; wrong or revoked address → 404 "
    "(tests/meetings/test_home.py)",
    "calendar_feed_revoke": "POST: gives the signed-in user a new calendar address; shows no data",
    "api:quality-criterion-list": "quality criteria of cell meetings: one catalogue for the whole system, no unit data",
    "api:recommendation-topic-list": "topics of recommendations with their deadlines: one catalogue, no unit data",
    "healthz": "whether the server and its database answer, no sign-in, no data (tests/core/test_serving.py)",
}
ADMIN_NAMESPACE = "admin"  # Django admin: staff only, checked separately below


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace if entry.namespace else namespace
            if namespace and entry.namespace:
                ns = "{}:{}".format(namespace, entry.namespace)
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = "{}:{}".format(namespace, entry.name) if namespace else entry.name
            yield name, entry


def _model_of(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return None
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    return model


def _methods(callback) -> set[str]:
    """The HTTP methods a URL answers: a viewset route's own actions, else GET."""
    actions = getattr(callback, "actions", None)
    if actions:
        return set(actions)
    view_class = getattr(callback, "view_class", None)
    return set(getattr(view_class, "http_method_names", ["get"])) if view_class else {"get"}


def _url_table():
    table = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.split(":")[0] == ADMIN_NAMESPACE or name in NO_SCOPED_DATA or name in table:
            continue
        keys = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        keys.discard("format")
        table[name] = (_model_of(pattern.callback), keys, name.startswith("api:"))
        if "get" not in _methods(pattern.callback):
            POST_ONLY.add(name)
    return table


POST_ONLY: set[str] = set()
URLS = _url_table()


def test_every_url_is_in_the_matrix():
    """Meta-test: every named URL is a listing or a detail of a scoped model, or declared free of scoped data."""
    problems = []
    for name, (model, keys, _api) in URLS.items():
        if model is None:
            problems.append("{}: không xác định được model (thêm `model` cho view)".format(name))
        elif keys - {"pk"}:
            problems.append("{}: tham số {} chưa được ma trận hỗ trợ".format(name, sorted(keys)))
        elif not hasattr(model, "scope_path_field"):
            problems.append("{}: model {} không khai báo scope_path_field".format(name, model.__name__))
    assert not problems, "\n".join(problems)
    # The matrix really covers something: pages and API, listings and details.
    assert {"unit_list", "unit_detail", "api:unit-list", "api:unit-detail"} <= set(URLS)


def _meeting_samples(tree):
    """A held meeting of each province's cell, attended by that province's cadre, and an attendance rule of
    each province (A's issued for the hamlet of its cell, so that the hamlet secretary sees it too)."""
    if not hasattr(tree, "meeting_a"):
        for tag in ("a", "b"):
            date = datetime.date(2024, 3, 5)
            meeting = Meeting.objects.create(
                organization=getattr(tree, "cell_" + tag), date=date, planned_date=date, status="held"
            )
            attendance = Attendance.objects.create(
                meeting=meeting, person=getattr(tree, "person_" + tag), source="cell"
            )
            unit = tree.hamlets_a[0] if tag == "a" else tree.province_b
            rule = AttendanceRule.objects.create(
                name="Quy định dự sinh hoạt thử {}".format(tag.upper()),
                unit=unit,
                minimum=2,
                period="year",
                document="Quy định thử",
                valid_from=datetime.date(2020, 1, 1),
            )
            rule.titles.set([PositionTitle.objects.get(name="Đảng ủy viên")])
            report = MeetingReport.objects.create(attendance=attendance, due_date=datetime.date(2024, 3, 10))
            attachment = ReportAttachment.objects.create(
                report=report, file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"), name="bien-ban.pdf"
            )
            setattr(tree, "report_" + tag, report)
            setattr(tree, "attachment_" + tag, attachment)
            setattr(tree, "meeting_" + tag, meeting)
            setattr(tree, "attendance_" + tag, attendance)
            setattr(tree, "rule_" + tag, rule)
    return {
        Meeting: (tree.meeting_a, tree.meeting_b),
        Attendance: (tree.attendance_a, tree.attendance_b),
        AttendanceRule: (tree.rule_a, tree.rule_b),
        MeetingReport: (tree.report_a, tree.report_b),
        ReportAttachment: (tree.attachment_a, tree.attachment_b),
    }


def _visit_samples(tree):
    """Per province: a department of its committee, an approved visit plan of its cadre to its first hamlet with
    a draft trip report, a field-time rule and a leave."""
    if not hasattr(tree, "plan_a"):
        for tag in ("a", "b"):
            person, hamlet = getattr(tree, "person_" + tag), getattr(tree, "hamlets_" + tag)[0]
            # On the first hamlet, like the sample person, so that every province-A role sees the department and
            # its field-time rule (the cadre's scope is the district, the secretary's the hamlet).
            department = Department.objects.create(name="Ban Tổ chức Tỉnh ủy Thử {}".format(tag.upper()), unit=hamlet)
            date = datetime.date(2024, 4, 8)
            plan = VisitPlan.objects.create(
                title="Đi cơ sở {}".format(getattr(tree, "hamlets_" + tag)[0].name),
                owner=person,
                department=department,
                start_date=date,
                end_date=date,
                status=PlanStatus.APPROVED,
            )
            target = VisitTarget.objects.create(plan=plan, unit=getattr(tree, "hamlets_" + tag)[0])
            report = TripReport.objects.create(plan=plan, start_date=date, end_date=date)
            UnitVisitReport.objects.create(report=report, unit=target.unit)
            rule = FieldTimeRule.objects.create(
                name="Dành 1/3 thời gian đi cơ sở {}".format(tag.upper()), department=department, source="Quy chế thử"
            )
            leave = Leave.objects.create(person=person, start_date=date, end_date=date)
            for name, value in (
                ("department", department), ("plan", plan), ("trip_report", report), ("field_rule", rule),
                ("leave", leave), ("target", target),
            ):  # fmt: skip
                setattr(tree, "{}_{}".format(name, tag), value)
    return {
        Department: (tree.department_a, tree.department_b),
        VisitPlan: (tree.plan_a, tree.plan_b),
        VisitTarget: (tree.target_a, tree.target_b),
        TripReport: (tree.trip_report_a, tree.trip_report_b),
        FieldTimeRule: (tree.field_rule_a, tree.field_rule_b),
        Leave: (tree.leave_a, tree.leave_b),
    }


def _guidance_samples(tree):
    """Per province, on its first hamlet (so that every province-A role sees them): a guidance with a file sent
    to its cadre and conveyed in the cadre's meeting report, a draft with a file and the cadre's comment, and a
    review session of the department of the visit samples."""
    if not hasattr(tree, "guidance_a"):
        _meeting_samples(tree)
        _visit_samples(tree)
        for tag in ("a", "b"):
            person, hamlet = getattr(tree, "person_" + tag), getattr(tree, "hamlets_" + tag)[0]
            date = datetime.date(2024, 3, 1)
            guidance = Guidance.objects.create(
                unit=hamlet, title="Định hướng tháng 3 thử {}".format(tag.upper()), body="Nội dung",
                period="tháng 3/2024", convey_by=datetime.date(2024, 3, 20), published_on=date,
                file=ContentFile(b"%PDF-1.4", name="dinh-huong.pdf"), file_name="dinh-huong.pdf",
            )  # fmt: skip
            receipt = GuidanceRecipient.objects.create(guidance=guidance, person=person)
            conveyed = GuidanceConveyed.objects.create(
                guidance=guidance, meeting_report=getattr(tree, "report_" + tag), person=person,
                conveyed_on=datetime.date(2024, 3, 5),
            )  # fmt: skip
            draft = DraftDocument.objects.create(
                unit=hamlet, kind="plan", title="Dự thảo kế hoạch thử {}".format(tag.upper()), text="Nội dung",
                deadline=datetime.date(2024, 3, 15), sent_on=date,
                file=ContentFile(b"%PDF-1.4", name="du-thao.pdf"), file_name="du-thao.pdf",
            )  # fmt: skip
            DraftRecipient.objects.create(document=draft, person=person)
            comment = DraftComment.objects.create(document=draft, person=person, text="Đồng ý với dự thảo")
            session = ReviewSession.objects.create(
                department=getattr(tree, "department_" + tag), date=datetime.date(2024, 3, 28),
                minutes="Biên bản rút kinh nghiệm thử {}".format(tag.upper()),
            )  # fmt: skip
            for name, value in (
                ("guidance", guidance), ("receipt", receipt), ("conveyed", conveyed), ("draft", draft),
                ("comment", comment), ("session", session),
            ):  # fmt: skip
                setattr(tree, "{}_{}".format(name, tag), value)
    return {
        Guidance: (tree.guidance_a, tree.guidance_b),
        GuidanceRecipient: (tree.receipt_a, tree.receipt_b),
        GuidanceConveyed: (tree.conveyed_a, tree.conveyed_b),
        DraftDocument: (tree.draft_a, tree.draft_b),
        DraftComment: (tree.comment_a, tree.comment_b),
        ReviewSession: (tree.session_a, tree.session_b),
    }


def _feedback_samples(tree):
    """Per province, on its first hamlet: a recommendation raised by a resident (personal data) forwarded to an
    agency of that province, with a file, grouped with a second one of the same hamlet. Province A's agency has
    the generic agency account as its member, so that account's queue holds A's sample and nothing else."""
    if not hasattr(tree, "recommendation_a"):
        agency_user = get_user_model().objects.filter(username=Role.AGENCY.value).first()
        topic = Topic.objects.get(name="Giao thông nông thôn")
        for tag in ("a", "b"):
            hamlet, province = getattr(tree, "hamlets_" + tag)[0], getattr(tree, "province_" + tag)
            agency = Agency.objects.create(name="Sở Giao thông vận tải tỉnh Thử {}".format(tag.upper()), unit=province)
            agency.topics.add(topic)
            if tag == "a" and agency_user is not None:
                agency.members.add(agency_user)
            date = datetime.date(2024, 3, 5)
            recommendation = Recommendation.objects.create(
                unit=hamlet, text="Đường ấp sạt lở cần sửa chữa gấp, thử {}".format(tag.upper()), source="meeting",
                raised_on=date, topic=topic, raiser_kind="person", raiser_name="Người dân thử",
                raiser_contact="0900 000 000", status="forwarded", level="agency", agency=agency, forwarded_on=date,
                deadline=datetime.date(2024, 3, 26), carried_by=getattr(tree, "person_" + tag),
            )  # fmt: skip
            sibling = Recommendation.objects.create(
                unit=hamlet, text="Cầu ấp xuống cấp, thử {}".format(tag.upper()), source="direct", raised_on=date
            )
            group = RecommendationGroup.objects.create(title="Hạ tầng ấp thử {}".format(tag.upper()), unit=hamlet)
            Recommendation.objects.filter(pk__in=[recommendation.pk, sibling.pk]).update(group=group)
            attachment = RecommendationAttachment.objects.create(
                recommendation=recommendation, file=ContentFile(b"%PDF-1.4", name="don.pdf"), name="don.pdf"
            )
            for name, value in (
                ("recommendation", recommendation), ("recommendation_group", group),
                ("recommendation_file", attachment), ("agency", agency),
            ):  # fmt: skip
                setattr(tree, "{}_{}".format(name, tag), value)
    return {
        Recommendation: (tree.recommendation_a, tree.recommendation_b),
        RecommendationGroup: (tree.recommendation_group_a, tree.recommendation_group_b),
        RecommendationAttachment: (tree.recommendation_file_a, tree.recommendation_file_b),
        Agency: (tree.agency_a, tree.agency_b),
    }


def _samples(tree):
    """(in scope for every province-A role, out of scope for all but the administrator) per model."""
    return {
        **_meeting_samples(tree),
        **_visit_samples(tree),
        **_guidance_samples(tree),
        **_feedback_samples(tree),
        Unit: (tree.hamlets_a[0], tree.hamlets_b[0]),
        PartyOrganization: (tree.cell_a, tree.cell_b),
        Person: (tree.person_a, tree.person_b),
        Assignment: (tree.assignment_a, tree.assignment_b),
        Position: (tree.position_a, tree.position_b),
        CommitteeMembership: (tree.membership_a, tree.membership_b),
    }


def _search_text(obj) -> str:
    if isinstance(obj, (Assignment, Position, CommitteeMembership, Attendance)):
        return obj.person.full_name
    if isinstance(obj, MeetingReport):
        return obj.attendance.person.full_name
    if isinstance(obj, Meeting):
        return obj.organization.name
    if isinstance(obj, (VisitPlan, Leave)):
        return obj.title if isinstance(obj, VisitPlan) else obj.person.full_name
    if isinstance(obj, TripReport):
        return obj.plan.title
    if isinstance(obj, VisitTarget):
        return obj.plan.title
    if isinstance(obj, (GuidanceRecipient, DraftComment)):
        return obj.person.full_name
    if isinstance(obj, GuidanceConveyed):
        return obj.guidance.title
    if isinstance(obj, ReviewSession):
        return obj.minutes  # the list searches the minutes
    return str(obj)


ROLES = list(Role)


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, module_media):
    """The samples' attachments are written once for the module: every test reads them from there."""
    settings.MEDIA_ROOT = module_media


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, module_media):
    """The tree, the accounts and the samples, built once for the module's 1,500 tests."""
    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=module_media):
        tree = build_tree()
        accounts = build_accounts(tree)
        yield SimpleNamespace(tree=tree, accounts=accounts, samples=_samples(tree))


@pytest.fixture
def tree(matrix, db):
    return matrix.tree


@pytest.fixture
def accounts(matrix, db):
    return matrix.accounts


@pytest.fixture
def samples(matrix, db):
    return matrix.samples


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize("url_name", sorted(URLS))
def test_scope(client, samples, accounts, role, url_name):
    model, keys, is_api = URLS[url_name]
    inside, outside = samples[model]
    client.force_login(accounts[role])
    everything = role == Role.ADMINISTRATOR
    view = _view_class(url_name)
    if url_name in OBJECT_ACTIONS:
        _check_object_action(client, url_name, inside, outside, role)
        return
    if url_name in POST_ONLY:
        _check_post_only(client, url_name, keys, inside, outside, role)
        return
    if getattr(view, "capture", False) and role not in getattr(view, "writers", MANAGERS):
        # Write pages are for organization staff: everyone else is refused, inside their scope or not.
        targets = (
            [reverse(url_name, kwargs={"pk": o.pk}) for o in (inside, outside)] if "pk" in keys else [reverse(url_name)]
        )
        for url in targets:
            assert client.get(url).status_code == 403, url
        return
    if "pk" in keys:
        ok = client.get(reverse(url_name, kwargs={"pk": inside.pk}))
        assert ok.status_code == 200, ok.content[:500]
        hidden = client.get(reverse(url_name, kwargs={"pk": outside.pk}))
        assert hidden.status_code == (200 if everything else 404)
        return
    for target in (inside, outside):
        response = client.get(reverse(url_name), {"q": _search_text(target)})
        assert response.status_code == 200
        if is_api:
            shown = target.pk in [row["id"] for row in response.json()["results"]]
        elif response["Content-Type"] == XLSX_CONTENT_TYPE:
            # An Excel export: rows name objects by code, not by link.
            shown = _code_of(target) in _xlsx_cells(response.content)
        else:
            # The link to the object, not its name: the page echoes the search text in its form.
            shown = 'href="{}"'.format(target.get_absolute_url()) in response.content.decode()
        if target is outside and not everything:
            assert not shown, "{} lộ {} cho vai trò {}".format(url_name, target, role.value)
        if target is inside and getattr(view, "searchable", is_api):
            assert shown, "{} không hiện {} cho vai trò {}".format(url_name, target, role.value)


def _code_of(obj) -> str:
    return obj.person.code if isinstance(obj, Assignment) else getattr(obj, "code", str(obj))


def _xlsx_cells(content: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = {str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v is not None}
    book.close()
    return cells


# POST-only actions open to more roles than organization staff, with why.
POST_WRITERS = {
    # Anyone may record their own attendance at a meeting they see (leaders and agency staff attend too);
    # whose attendance they may record the services decide.
    "api:meeting-attendances": set(Role),
    # Only a cadre recorded as attending opens a report; the generic accounts are nobody's person.
    "meeting_report_start": set(),
    # Only a report's author submits it or attaches files to it: no generic account is.
    "api:meeting-report-submit": set(),
    "api:meeting-report-attachments": set(),
    # A visit plan is acted on by people, not roles: its owner submits, cancels and starts the trip report,
    # its derived approvers approve or return it, owners and approvers merge. The generic accounts are
    # nobody's person, so none of them may (tests/visits/test_plan_pages.py covers the real actors).
    "visit_plan_submit": set(),
    "visit_plan_approve": set(),
    "visit_plan_return": set(),
    "visit_plan_cancel": set(),
    "visit_plan_merge": set(),
    "trip_report_start": set(),
    # The same actions through the API, and the trip report's submission (its owner's): a person's, never a
    # role's (tests/visits/test_api.py). Reopening a trip report keeps the default: organization staff (or the
    # department head who approved the plan, a person).
    "api:visit-plan-submit": set(),
    "api:visit-plan-approve": set(),
    "api:visit-plan-return": set(),
    "api:visit-plan-cancel": set(),
    "api:visit-plan-merge": set(),
    "api:visit-plan-trip-report": set(),
    "api:trip-report-submit": set(),
    # Only a recipient marks a guidance read: the generic accounts are nobody's person (tests/guidance/).
    "api:guidance-read": set(),
    # The publisher, and leaders, organization staff and administrators who could publish to the guidance's unit
    # (leaders in their view scope), remind those who have not read it; the reminder's text is required.
    "api:guidance-remind": PUBLISHERS,
}


# Actions on a recommendation or a group, where who may act depends on the object (the agency it is with, the
# cadre who carried it, its state), not on the role alone: a role that may not act on the province-A sample gets
# 403; those who may get past the check (200, or 400 for the empty body). Outside the scope, or outside an
# agency's queue, the object does not exist (404) for those who may act; a role refused up front gets 403 there.
# The sample is forwarded to province A's agency, whose member is the generic agency account; it is not waiting
# for information, not answered, and carried by nobody's account.
STAFF = {Role.ORGANIZATION, Role.ADMINISTRATOR}
OBJECT_ACTIONS = {
    "api:recommendation-forward": STAFF,
    "api:recommendation-answer-on-the-spot": STAFF,
    "api:recommendation-escalate": STAFF,
    "api:recommendation-acknowledge": {Role.AGENCY},
    "api:recommendation-request-information": {Role.AGENCY},
    "api:recommendation-return": {Role.AGENCY},
    "api:recommendation-answer": {Role.AGENCY},
    "api:recommendation-provide-information": set(),  # nobody asked for information
    "api:recommendation-close": set(),  # not answered yet
    "api:recommendation-convey": set(),  # no answer to tell back yet
    "api:recommendation-group-add": STAFF,
    "api:recommendation-group-remove": STAFF,
    "api:recommendation-group-answer": STAFF,  # staff route every open member; the agency sees only one of them
}


def _check_object_action(client, url_name, inside, outside, role):
    inside_response = client.post(reverse(url_name, kwargs={"pk": inside.pk}), {}, content_type="application/json")
    if role in OBJECT_ACTIONS[url_name]:
        assert inside_response.status_code in (200, 400), inside_response.content[:500]
    else:
        assert inside_response.status_code == 403, inside_response.content[:500]
    if role != Role.ADMINISTRATOR:
        outside_url = reverse(url_name, kwargs={"pk": outside.pk})
        outside_response = client.post(outside_url, {}, content_type="application/json")
        expected = (404,) if role in OBJECT_ACTIONS[url_name] else (403, 404)
        assert outside_response.status_code in expected


def _check_post_only(client, url_name, keys, inside, outside, role):
    """An API action that only writes: others than its writers (organization staff unless POST_WRITERS says
    otherwise) get 403; writers get 404 outside their scope and a Vietnamese validation error (400) for an
    empty request inside it."""
    urls = [reverse(url_name, kwargs={"pk": o.pk}) for o in (inside, outside)] if "pk" in keys else [reverse(url_name)]
    if role not in POST_WRITERS.get(url_name, MANAGERS):
        for url in urls:
            assert client.post(url, {}, content_type="application/json").status_code == 403, url
        return
    inside_response = client.post(urls[0], {}, content_type="application/json")
    assert inside_response.status_code == 400, inside_response.content[:500]
    if len(urls) > 1:
        expected = 400 if role == Role.ADMINISTRATOR else 404
        assert client.post(urls[1], {}, content_type="application/json").status_code == expected


def _view_class(url_name):
    for name, pattern in _walk(get_resolver().url_patterns):
        if name == url_name:
            return getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    return None


# API writes beside POST-only actions: (method, URL name, body, roles that may write).
API_WRITES = [
    ("patch", "api:meeting-detail", {"note": "Đã kiểm tra"}, CALENDAR_KEEPERS),
    ("patch", "api:attendance-rule-detail", {"minimum": 3}, MANAGERS),
    # Only a report's author edits its draft: no generic account is (tests/meetings/test_api_reports.py).
    ("patch", "api:meeting-report-detail", {"content": "Sửa nội dung"}, set()),
    # Only a plan's owner edits its draft, and its trip report: no generic account is anyone's person
    # (tests/visits/test_api.py).
    ("patch", "api:visit-plan-detail", {"title": "Đi cơ sở (sửa)"}, set()),
    ("patch", "api:trip-report-detail", {"summary": "Cơ sở chuẩn bị tốt"}, set()),
    # Only a comment's author edits it, and only a report's author removes the guidance recorded in it: no generic
    # account is anyone's person (tests/guidance/test_api.py).
    ("patch", "api:draft-comment-detail", {"text": "Sửa ý kiến"}, set()),
    ("delete", "api:guidance-conveyed-detail", {}, set()),
    # Organization staff (capture scope) and administrators correct a review session; a department head too, as a
    # person (tests/guidance/test_sessions.py).
    ("patch", "api:review-session-detail", {"minutes": "Biên bản đã sửa"}, MANAGERS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize(("method", "url_name", "body", "writers"), API_WRITES, ids=[w[1] for w in API_WRITES])
def test_api_writes(client, samples, accounts, role, method, url_name, body, writers):
    """Roles that do not write get 403 anywhere; writers change what is inside their scope and find nothing
    outside it (404)."""
    inside, outside = samples[URLS[url_name][0]]
    client.force_login(accounts[role])
    send = getattr(client, method)
    responses = [
        send(reverse(url_name, kwargs={"pk": o.pk}), body, content_type="application/json") for o in (inside, outside)
    ]
    if role not in writers:
        assert [r.status_code for r in responses] == [403, 403]
        return
    assert responses[0].status_code == 200, responses[0].content[:500]
    assert responses[1].status_code == (200 if role == Role.ADMINISTRATOR else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(URLS))
def test_anonymous_is_turned_away(client, samples, url_name):
    model, keys, is_api = URLS[url_name]
    inside, _outside = samples[model]
    url = reverse(url_name, kwargs={"pk": inside.pk}) if "pk" in keys else reverse(url_name)
    response = client.get(url)
    if is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.ADMINISTRATOR], ids=lambda r: r.value)
def test_admin_site_is_for_administrators_only(client, accounts, role):
    client.force_login(accounts[role])
    response = client.get("/quan-tri/territory/unit/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
