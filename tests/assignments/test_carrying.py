"""Assignments through the reform on the demo: provincial and commune cadres' units move to their successors,
district cadres' hamlets end with the reason and wait for the commune's cadres; done once."""

import datetime

import pytest

from diaban.assignments.carrying import assignment_plan, carry_all
from diaban.assignments.choices import EndReason, EventAction
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.territory.models import ReorganizationEvent, Unit

REFORM = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM)


def open_after_reform(**filters):
    return Assignment.objects.active_on(REFORM).filter(**filters)


def test_assignments_follow_the_two_tier_policy(vinh_long):
    before_on_old = Assignment.objects.active_on(LAST_OLD_DAY).filter(
        unit__path__startswith=Unit.objects.get(code="83", valid_from=None).path
    )
    by_level = {
        lvl: before_on_old.filter(unit__level__key=lvl).count() for lvl in ("district", "commune", "hamlet", "group")
    }
    assert by_level["hamlet"] > 900 and by_level["group"] > 14000
    # Before the hamlets are carried only the communes (linked on import) have somewhere to go.
    early = assignment_plan(vinh_long)
    assert {a.unit.level.key for m in early.moves for a in m.old} == {"commune"}
    assert {a.unit.level.key for a in early.ending} == {"district"}  # that level is gone: nothing to move to

    units, plan = carry_all(vinh_long)

    assert not units.undecided and not plan.waiting
    moved = sum(len(m.old) for m in plan.moves)
    assert moved == by_level["commune"] + by_level["group"]
    assert len(plan.ending) == by_level["hamlet"] + by_level["district"]
    xa_ba_tri = Unit.objects.get(code="29110", valid_from=REFORM)
    # Ba Tri's provincial cadres now follow its seven new communes; a cadre of several merged communes has one.
    ba_tri_new = Unit.objects.filter(successions_in__predecessor__parent__code="836", level__key="commune").distinct()
    assert ba_tri_new.count() == 7
    followers = open_after_reform(unit__in=ba_tri_new)
    assert followers.count() == len({(a.person_id, a.unit_id) for a in followers})
    assert open_after_reform(unit=xa_ba_tri).exists()
    new = open_after_reform(unit=xa_ba_tri).first()
    assert new.start_date == REFORM and new.rule.name == "Tỉnh nắm tới xã, phường, đặc khu"
    assert new.previous.end_date == LAST_OLD_DAY and new.previous.end_reason == EndReason.REORGANIZED
    moved_event = new.previous.events.get(action=EventAction.MOVED)
    assert "→ Xã Ba Tri" in moved_event.reason
    # Residents' groups: the commune cadres follow the carried groups.
    assert (
        open_after_reform(unit__level__key="group", unit__path__startswith=vinh_long.path).count() == by_level["group"]
    )
    # Hamlets: the district cadres' assignments ended with the reason; today's hamlets are not followed yet.
    ended = Assignment.objects.filter(
        unit__level__key="hamlet", end_date=LAST_OLD_DAY, end_reason=EndReason.REORGANIZED
    )
    assert ended.count() == by_level["hamlet"]
    reason = AssignmentEvent.objects.filter(assignment=ended.first(), action=EventAction.ENDED).get().reason
    assert reason.startswith("Cấp huyện không còn từ 01/07/2025")
    assert not open_after_reform(unit__level__key="hamlet", unit__path__startswith=vinh_long.path).exists()
    assert ReorganizationEvent.objects.filter(province=vinh_long, action="assignments").count() == 1


def test_running_it_again_changes_nothing(vinh_long):
    carry_all(vinh_long)
    counts = (Assignment.objects.count(), AssignmentEvent.objects.count(), ReorganizationEvent.objects.count())
    units, plan = carry_all(vinh_long)
    assert units.empty and plan.empty
    assert (Assignment.objects.count(), AssignmentEvent.objects.count(), ReorganizationEvent.objects.count()) == counts


def test_organization_staff_preview_and_carry_on_the_page(vinh_long, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="tochuc"))
    listing = client.get("/phan-cong/sap-xep-2025/").content.decode()
    assert "Tỉnh Vĩnh Long" in listing
    page = client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).content.decode()
    assert "Ấp, khu phố chuyển: 983" in page and "Thực hiện" in page
    assert Unit.objects.within(vinh_long).filter(level__key="hamlet").count() == 0  # a preview changes nothing
    done = client.post("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk), follow=True).content.decode()
    assert "Đã chuyển 983 ấp, khu phố" in done
    assert "Đã chuyển xong: 983 ấp, khu phố" in done
    assert ReorganizationEvent.objects.filter(province=vinh_long, actor__username="tochuc").count() == 3
    # Someone who is not organization staff cannot.
    client.force_login(get_user_model().objects.get(username="canbo"))
    assert client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).status_code == 403


def test_the_command_previews_then_applies(vinh_long):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("carry_grassroots", province="86", stdout=out)
    assert "Xem trước" in out.getvalue() and "Ấp, khu phố chuyển: 983" in out.getvalue()
    assert not Unit.objects.within(vinh_long).filter(level__key="hamlet").exists()
    out = StringIO()
    call_command("carry_grassroots", province="86", apply=True, stdout=out)
    assert "Đã thực hiện." in out.getvalue()
    assert Unit.objects.within(vinh_long).filter(level__key="hamlet").count() == 983
    with pytest.raises(CommandError, match="Không có đơn vị mã 99"):
        call_command("carry_grassroots", province="99")
    with pytest.raises(CommandError, match="không có ấp hay chi bộ nào chờ chọn xã mới với mã 12345"):
        call_command("carry_grassroots", province="86", choice=["12345=29110"])


def test_scopes_are_proposed_and_confirmed_never_widened_by_themselves(vinh_long, client):
    from django.contrib.auth import get_user_model

    from diaban.people.carrying import scope_proposals
    from diaban.people.models import ScopeGrant

    carry_all(vinh_long)
    proposals = {p.grant.account.user.username: p for p in scope_proposals(vinh_long)}
    # canbo's Huyện Ba Tri has no successor: the seven communes its communes went into are proposed.
    canbo = proposals["canbo"]
    assert canbo.grant.unit.name == "Huyện Ba Tri"
    assert len(canbo.units) == 7 and "Xã Ba Tri" in [u.name for u in canbo.units]
    # coquan's old Bến Tre became part of Vĩnh Long, which also took Trà Vinh: wider than before, and said so.
    assert proposals["coquan"].units == [vinh_long] and proposals["coquan"].widens
    before = set(ScopeGrant.objects.filter(account__user__username="canbo").values_list("unit__name", flat=True))
    client.force_login(get_user_model().objects.get(username="tochuc"))
    page = client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).content.decode()
    assert "rộng hơn phạm vi cũ" in page and "Huyện Ba Tri" in page
    done = client.post(
        "/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk), {"action": "scopes", "scope": [canbo.key]}, follow=True
    )
    assert "Đã thêm 7 phạm vi cho 1 tài khoản." in done.content.decode()
    after = set(ScopeGrant.objects.filter(account__user__username="canbo").values_list("unit__name", flat=True))
    assert after - before == {u.name for u in canbo.units} and before <= after
    # Nobody else's scope changed; canbo is no longer proposed.
    assert "canbo" not in {p.grant.account.user.username for p in scope_proposals(vinh_long)}
    assert "coquan" in {p.grant.account.user.username for p in scope_proposals(vinh_long)}
