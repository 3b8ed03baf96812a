"""Assignments through the reform on the demo, which organization staff carried on 05/07/2025: provincial and
commune cadres' units moved to their successors, district cadres' hamlets ended with the reason and went to the
communes' cadres; the page and the command show it done; users' scopes are proposed, never widened by themselves."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from diaban.assignments.carrying import assignment_plan, carry_all
from diaban.assignments.choices import EndReason, EventAction
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.people.carrying import scope_proposals
from diaban.people.models import ScopeGrant
from diaban.territory.models import ReorganizationEvent, Unit

REFORM = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM)


def open_after_reform(**filters):
    return Assignment.objects.active_on(REFORM).filter(**filters)


def test_assignments_followed_the_two_tier_policy(vinh_long):
    ben_tre = Unit.objects.get(code="83", valid_from=None)
    on_old = Assignment.objects.active_on(LAST_OLD_DAY).filter(unit__path__startswith=ben_tre.path)
    by_level = {lvl: on_old.filter(unit__level__key=lvl).count() for lvl in ("district", "commune", "hamlet", "group")}
    assert by_level["hamlet"] > 900 and by_level["group"] > 14000
    # Nothing open is left on the old units.
    assert not on_old.filter(end_date__isnull=True).exists()
    moved = on_old.filter(end_reason=EndReason.REORGANIZED, events__action=EventAction.MOVED).distinct()
    assert moved.count() == by_level["commune"] + by_level["group"]
    # Ba Tri's provincial cadres follow its seven new communes; a cadre of several merged communes has one.
    ba_tri_new = Unit.objects.filter(successions_in__predecessor__parent__code="836", level__key="commune").distinct()
    assert ba_tri_new.count() == 7
    followers = open_after_reform(unit__in=ba_tri_new)
    assert followers.count() == len({(a.person_id, a.unit_id) for a in followers}) > 0
    xa_ba_tri = Unit.objects.get(code="29110", valid_from=REFORM)
    new = open_after_reform(unit=xa_ba_tri).first()
    assert new.start_date == REFORM and new.rule.name == "Tỉnh nắm tới xã, phường, đặc khu"
    assert new.previous.end_date == LAST_OLD_DAY and new.previous.end_reason == EndReason.REORGANIZED
    assert "→ Xã Ba Tri" in new.previous.events.get(action=EventAction.MOVED).reason
    # Residents' groups: the commune cadres follow the carried groups.
    groups_today = open_after_reform(unit__level__key="group", unit__path__startswith=vinh_long.path)
    assert groups_today.count() == by_level["group"]
    # Hamlets and districts: ended with the reason that the district level ended.
    ended = on_old.filter(unit__level__key__in=["hamlet", "district"], events__action=EventAction.ENDED).distinct()
    assert ended.count() == by_level["hamlet"] + by_level["district"]
    reason = (
        AssignmentEvent.objects.filter(
            assignment__unit__level__key="hamlet", assignment__in=ended, action=EventAction.ENDED
        )
        .first()
        .reason
    )
    assert reason.startswith("Cấp huyện không còn từ 01/07/2025")
    # Today's hamlets were given to the communes' cadres from 15/07/2025; `canbo` follows one in Xã Ba Tri.
    hamlets_today = Assignment.objects.active_on(datetime.date(2025, 7, 15)).filter(
        unit__level__key="hamlet", unit__path__startswith=vinh_long.path
    )
    assert hamlets_today.values("unit").distinct().count() == 983
    cadre = hamlets_today.get(person__user__username="canbo")
    assert cadre.unit.parent == xa_ba_tri and cadre.rule.name == "Xã nắm tới ấp, khu phố"
    # Again: nothing left to do.
    counts = Assignment.objects.count(), AssignmentEvent.objects.count(), ReorganizationEvent.objects.count()
    units, plan = carry_all(vinh_long)
    assert units.empty and plan.empty and assignment_plan(vinh_long).empty
    assert (Assignment.objects.count(), AssignmentEvent.objects.count(), ReorganizationEvent.objects.count()) == counts


def test_the_page_and_the_command_show_it_done(vinh_long, client):
    client.force_login(get_user_model().objects.get(username="tochuc"))
    assert "Tỉnh Vĩnh Long" in client.get("/phan-cong/sap-xep-2025/").content.decode()
    page = client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).content.decode()
    assert "Đã chuyển xong: 983 ấp, khu phố" in page and "Thực hiện" not in page
    assert page.count("05/07/2025") == 3 and "Nguyễn Thị Thu Hà" in page  # the three steps, by tochuc
    done = client.post("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk), follow=True).content.decode()
    assert "Không còn gì để chuyển." in done
    # Someone who is not organization staff cannot.
    client.force_login(get_user_model().objects.get(username="canbo"))
    assert client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).status_code == 403

    out = io.StringIO()
    call_command("carry_grassroots", province="86", stdout=out)
    assert "Xem trước" in out.getvalue()
    assert "Ấp, khu phố chuyển: 0 (kèm 0 đơn vị bên dưới); đã chuyển trước đây: 983" in out.getvalue()
    with pytest.raises(CommandError, match="Không có đơn vị mã 99"):
        call_command("carry_grassroots", province="99")
    with pytest.raises(CommandError, match="không có ấp hay chi bộ nào chờ chọn xã mới với mã 12345"):
        call_command("carry_grassroots", province="86", choice=["12345=29110"])


def test_scopes_are_proposed_and_confirmed_never_widened_by_themselves(vinh_long, client):
    proposals = {p.grant.account.user.username: p for p in scope_proposals(vinh_long)}
    # canbo's old Huyện Ba Tri has no successor: the seven communes its communes went into are proposed (the demo's
    # staff confirmed only Xã Ba Tri, where he works now).
    canbo = proposals["canbo"]
    assert canbo.grant.unit.name == "Huyện Ba Tri" and not canbo.widens
    assert len(canbo.units) == 7 and "Xã Ba Tri" in [u.name for u in canbo.units]
    assert "coquan" not in proposals  # confirmed in the demo: old Bến Tre and today's Vĩnh Long
    before = set(ScopeGrant.objects.filter(account__user__username="canbo").values_list("unit__name", flat=True))
    client.force_login(get_user_model().objects.get(username="tochuc"))
    page = client.get("/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk)).content.decode()
    assert "Phạm vi người dùng cần xác nhận" in page and "Huyện Ba Tri" in page
    done = client.post(
        "/phan-cong/sap-xep-2025/{}/".format(vinh_long.pk), {"action": "scopes", "scope": [canbo.key]}, follow=True
    )
    assert "Đã thêm 6 phạm vi cho 1 tài khoản." in done.content.decode()
    after = set(ScopeGrant.objects.filter(account__user__username="canbo").values_list("unit__name", flat=True))
    assert after - before == {u.name for u in canbo.units} - {"Xã Ba Tri"} and before <= after
    assert "canbo" not in {p.grant.account.user.username for p in scope_proposals(vinh_long)}


def test_a_province_that_took_more_than_the_old_grant_is_marked_wider(vinh_long):
    grant = ScopeGrant.objects.get(account__user__username="coquan", unit__code="86")
    grant.delete()
    coquan = {p.grant.account.user.username: p for p in scope_proposals(vinh_long)}["coquan"]
    # Today's Vĩnh Long also holds the communes of Trà Vinh and of the old Vĩnh Long.
    assert coquan.units == [vinh_long] and coquan.widens
