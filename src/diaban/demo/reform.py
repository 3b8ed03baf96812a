"""The Bến Tre demo through the July 2025 reform into today's Tỉnh Vĩnh Long.

Organization staff (`tochuc`) carry the grassroots on 05/07/2025 through the product's own operation
(`assignments.carrying.carry_all`): Bến Tre's 983 hamlets with their 14,676 groups continue under 48 of Vĩnh
Long's communes, the cells under the new communes' party committees, the provincial and commune cadres'
assignments move to the successors, the district cadres' hamlets end with the reason. Then the communes' party
committees give each carried hamlet a follower from 15/07/2025 ("Xã nắm tới ấp, khu phố"): the members of the new
commune's party committee in turn (the old communes' cadres go on in the commune theirs merged into), except Khu
phố 1 of Xã Ba Tri, which `canbo` follows: his district level ended, and from 01/07/2025 he is a member of the
Party Committee of Xã Ba Tri. The Trà Vinh and old Vĩnh Long
parts of today's province are real communes with no generated hamlets.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from diaban.assignments.carrying import carry_all
from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment, AssignmentRule
from diaban.core.dates import format_date
from diaban.core.text import in_sentence
from diaban.demo.accounts import DEMO_CADRE, XA_BA_TRI
from diaban.demo.assignments import bulk_assignments
from diaban.people.models import Person, Position, PositionTitle
from diaban.territory.choices import SuccessionKind
from diaban.territory.models import ReorganizationEvent, Succession, Unit
from diaban.territory.reform import LAST_OLD_DAY, REFORM_DATE

CARRIED_ON = datetime.datetime(2025, 7, 5, 9, 0)
HAMLETS_FROM = datetime.date(2025, 7, 15)
HAMLET_DECISION = ("Số 01-QĐ/ĐU (dữ liệu mẫu)", datetime.date(2025, 7, 14), "Ban Thường vụ Đảng ủy xã")
CADRE_TITLE = "Đảng ủy viên"


def today_province() -> Unit | None:
    return Unit.objects.filter(level__key="province", code="86", valid_from=REFORM_DATE).first()


def load_reform(log) -> None:
    vinh_long = today_province()
    if vinh_long is None:
        log("Không có Tỉnh Vĩnh Long (hai cấp): bỏ qua chuyển cơ sở.")
        return
    staff = get_user_model().objects.filter(username="tochuc").first()
    units, assignments = carry_all(vinh_long, actor=staff)
    if units.empty and assignments.empty:
        log("Chuyển cơ sở sang Tỉnh Vĩnh Long: đã có, giữ nguyên.")
        return
    # The steps were done in July 2025, not on the day the demo is loaded.
    ReorganizationEvent.objects.filter(province=vinh_long).update(at=timezone.make_aware(CARRIED_ON))
    log(
        "Chuyển cơ sở sang Tỉnh Vĩnh Long từ 01/07/2025: {} ấp, khu phố; {} phân công chuyển, {} kết thúc".format(
            len(units.hamlets), sum(len(m.old) for m in assignments.moves), len(assignments.ending)
        )
    )
    _cadre_joins_the_commune()
    continued = _cadres_continue(vinh_long)
    log("Chức vụ tiếp tục ở tỉnh, xã mới từ 01/07/2025: {}".format(continued))
    followed = _hamlet_followers(vinh_long)
    log("Ấp, khu phố có cán bộ xã theo dõi từ {}: {}".format(format_date(HAMLETS_FROM), followed))


def _cadre_joins_the_commune() -> None:
    """`canbo`'s district positions end on 30/06/2025; from 01/07/2025 he sits on Xã Ba Tri's party committee."""
    person = Person.objects.get(code=DEMO_CADRE)
    Position.objects.filter(person=person, end_date__isnull=True, title__level__key="district").update(
        end_date=LAST_OLD_DAY
    )
    title = PositionTitle.objects.get(level__key="commune", name=CADRE_TITLE)
    commune = Unit.objects.get(level__key="commune", code=XA_BA_TRI, valid_from=REFORM_DATE)
    Position.objects.get_or_create(
        person=person,
        title=title,
        start_date=REFORM_DATE,
        defaults={"organization": "Đảng ủy " + in_sentence(commune.name), "unit": commune},
    )


def _cadres_continue(vinh_long: Unit) -> int:
    """Old Bến Tre's provincial cadres go on in today's Vĩnh Long, and the old communes' cadres in the commune
    theirs merged into, with the same titles: their positions there end on 30/06/2025 and the same ones in the
    new unit start on 01/07/2025 (the demo's assumption: in reality the new committees were appointed anew)."""
    successor = dict(
        Succession.objects.filter(kind=SuccessionKind.MERGE, date=REFORM_DATE)
        .filter(Q(successor=vinh_long) | Q(successor__parent=vinh_long))
        .values_list("predecessor_id", "successor_id")
    )
    new_units = Unit.objects.in_bulk(set(successor.values()))
    positions = list(
        Position.objects.filter(end_date__isnull=True, unit__isnull=True, person__home_unit_id__in=successor)
        .filter(title__level__key__in=["province", "commune"])
        .select_related("person", "title__level")
        .order_by("pk")
    )
    Position.objects.filter(pk__in=[p.pk for p in positions]).update(end_date=LAST_OLD_DAY)

    def organization(position, unit):
        return unit.name if position.title.level.key == "province" else "Đảng ủy " + in_sentence(unit.name)

    Position.objects.bulk_create(
        [
            Position(
                person=p.person,
                title_id=p.title_id,
                organization=organization(p, new_units[successor[p.person.home_unit_id]]),
                unit=new_units[successor[p.person.home_unit_id]],
                start_date=REFORM_DATE,
            )
            for p in positions
        ],
        batch_size=2000,
    )
    return len(positions)


def _hamlet_followers(vinh_long: Unit) -> int:
    """Each carried hamlet without a follower gets one of its new commune's party committee members (Đảng ủy
    viên), in turn, from 15/07/2025; `canbo` takes the first hamlet of Xã Ba Tri."""
    rule = AssignmentRule.objects.get(name="Xã nắm tới ấp, khu phố")
    hamlets = list(Unit.objects.within(vinh_long).filter(level__key="hamlet", valid_from=REFORM_DATE).order_by("path"))
    followed = set(Assignment.objects.filter(unit__in=hamlets, end_date__isnull=True).values_list("unit_id", flat=True))
    cadre = Person.objects.get(code=DEMO_CADRE)
    members: dict[int, list[Person]] = {}
    for position in (
        Position.objects.filter(title__name=CADRE_TITLE, title__level__key="commune", start_date=REFORM_DATE)
        .filter(unit__parent=vinh_long)
        .exclude(person=cadre)
        .select_related("person")
        .order_by("person__code")
    ):
        members.setdefault(position.unit_id, []).append(position.person)
    xa_ba_tri = Unit.objects.get(level__key="commune", code=XA_BA_TRI, valid_from=REFORM_DATE)
    first_in_ba_tri = next(h for h in hamlets if h.parent_id == xa_ba_tri.pk)
    number, decided, signer = HAMLET_DECISION
    turn: dict[int, int] = {}
    new = []
    for hamlet in hamlets:
        if hamlet.pk in followed:
            continue
        if hamlet.pk == first_in_ba_tri.pk:
            person = cadre
        else:
            people = members.get(hamlet.parent_id)
            if not people:
                continue
            person = people[turn.get(hamlet.parent_id, 0) % len(people)]
            turn[hamlet.parent_id] = turn.get(hamlet.parent_id, 0) + 1
        new.append(
            Assignment(
                person=person,
                unit=hamlet,
                purpose=Purpose.FOLLOW,
                start_date=HAMLETS_FROM,
                decision_number=number,
                decision_date=decided,
                decision_signer=signer,
                rule=rule,
            )
        )
    bulk_assignments(new)
    return len(followed) + len(new)
