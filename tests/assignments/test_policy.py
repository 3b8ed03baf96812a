"""The assignment policy: refusals name the rule and say why; an override needs a reason and keeps it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diaban.assignments.choices import EventAction
from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.assignments.services import assignment_create
from diaban.people.choices import Role

ON = datetime.date(2021, 3, 1)


@pytest.mark.django_db
def test_the_default_policy_allows_each_level_its_own(tree, staff, cadres):
    cases = [
        (cadres["standing"], tree.district_a, "Ủy viên Ban Thường vụ Tỉnh ủy phụ trách huyện"),
        (cadres["province"], tree.communes_a[0], "Tỉnh nắm tới xã"),
        (cadres["district"], tree.hamlets_a[1], "Huyện nắm tới ấp, khu phố"),
    ]
    for person, unit, rule in cases:
        assignment = assignment_create(actor=staff, person=person, unit=unit, start_date=ON)
        assert assignment.rule.name == rule
        assert assignment.override_reason == ""
        event = assignment.events.get()
        assert event.action == EventAction.CREATED and event.actor == staff


@pytest.mark.django_db
def test_a_refusal_names_the_rule_and_why(tree, staff, cadres):
    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=staff, person=cadres["district"], unit=tree.communes_a[1], start_date=ON)
    message = refused.value.message_dict["override_reason"][0]
    assert "Quy tắc «Tỉnh nắm tới xã»" in message
    assert "xã, phường, thị trấn chỉ do cán bộ giữ chức vụ cấp tỉnh theo dõi" in message
    assert "Phạm Văn Huyện giữ chức vụ Trưởng phòng (cấp huyện)" in message
    assert "Theo chức vụ này, cán bộ được theo dõi: ấp, khu phố." in message
    # A provincial committee member who is not in the Standing Committee may not take a district.
    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=staff, person=cadres["province"], unit=tree.district_a, start_date=ON)
    assert "chỉ do Ủy viên Ban Thường vụ cấp tỉnh theo dõi" in refused.value.message_dict["override_reason"][0]
    assert not Assignment.objects.filter(person__in=cadres.values()).exists()


@pytest.mark.django_db
def test_the_rules_in_force_on_the_start_date_decide(tree, staff, cadres):
    # After 01/07/2025 the district level is gone: district positions follow nothing.
    with pytest.raises(ValidationError) as refused:
        assignment_create(
            actor=staff, person=cadres["district"], unit=tree.hamlets_a[1], start_date=datetime.date(2025, 7, 1)
        )
    assert "Xã nắm tới ấp, khu phố" in refused.value.message_dict["override_reason"][0]
    # A person without any position on the date is told so.
    cadres["province"].positions.update(start_date=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=staff, person=cadres["province"], unit=tree.communes_a[0], start_date=ON)
    assert "không giữ chức vụ nào vào ngày 01/03/2021" in refused.value.message_dict["override_reason"][0]


@pytest.mark.django_db
def test_an_override_needs_a_reason_and_keeps_it(tree, staff, cadres):
    reason = "Tăng cường cho xã khó khăn theo chỉ đạo của Thường trực"
    assignment = assignment_create(
        actor=staff, person=cadres["district"], unit=tree.communes_a[1], start_date=ON, override_reason=reason
    )
    assert assignment.rule is None and assignment.override_reason == reason
    event = assignment.events.get()
    assert event.action == EventAction.OVERRIDDEN and event.reason == reason and event.actor == staff
    assert event.changes["after"]["override_reason"] == reason


@pytest.mark.django_db
def test_rules_are_data(tree, staff, cadres):
    """Organization staff may change the policy: a new rule lets district cadres follow communes."""
    AssignmentRule.objects.create(
        name="Huyện hỗ trợ xã khó khăn",
        position_level_id=cadres["district"].home_unit.level_id,
        target_level_id=tree.communes_a[1].level_id,
        source="Quyết định thử nghiệm",
    )
    assignment = assignment_create(actor=staff, person=cadres["district"], unit=tree.communes_a[1], start_date=ON)
    assert assignment.rule.name == "Huyện hỗ trợ xã khó khăn"


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_vietnamese_message(tree, staff, cadres):
    tree.communes_a[0].valid_until = datetime.date(2020, 12, 31)
    tree.communes_a[0].save()
    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=staff, person=cadres["province"], unit=tree.communes_a[0], start_date=ON)
    assert "không có hiệu lực vào ngày 01/03/2021" in refused.value.message_dict["start_date"][0]
    assignment_create(actor=staff, person=cadres["province"], unit=tree.communes_a[1], start_date=ON)
    with pytest.raises(ValidationError) as refused:
        assignment_create(actor=staff, person=cadres["province"], unit=tree.communes_a[1], start_date=ON)
    assert "đã được phân công theo dõi, hỗ trợ Xã An Phú A từ ngày 01/03/2021" in refused.value.message_dict["unit"][0]


@pytest.mark.django_db
def test_only_organization_staff_assign_and_only_in_their_capture_scope(tree, accounts, cadres, second_district):
    from diaban.people.services import account_upsert

    for role in (Role.LEADER, Role.CADRE, Role.AGENCY, Role.GRASSROOTS):
        with pytest.raises(PermissionDenied):
            assignment_create(actor=accounts[role], person=cadres["district"], unit=tree.hamlets_a[1], start_date=ON)
    district_staff = account_upsert(
        username="tochuc-huyen", password="x-123456789", role=Role.ORGANIZATION, capture_units=[tree.district_a]
    ).user
    assignment_create(actor=district_staff, person=cadres["district"], unit=tree.hamlets_a[1], start_date=ON)
    _district, _commune, other_hamlet = second_district
    with pytest.raises(PermissionDenied, match="nằm ngoài phạm vi nhập liệu"):
        assignment_create(actor=district_staff, person=cadres["district"], unit=other_hamlet, start_date=ON)
    assert AssignmentEvent.objects.filter(assignment__unit=other_hamlet).count() == 0
