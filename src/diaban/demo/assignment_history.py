"""The later history of the demo's assignments, made through the services as organization staff would, after
01/01/2021: a rotation, three departures, a policy override and a few newly appointed cadres without a unit, so
that today's dashboard has uncovered units and idle cadres to show."""

import datetime

from django.db.models import Count

from diaban.assignments.models import Assignment
from diaban.assignments.services import assignment_create, assignment_rotate, person_depart
from diaban.core.scoping import SYSTEM
from diaban.demo.common import CODE_PREFIX
from diaban.people.choices import DepartureReason, Gender
from diaban.people.models import Person, Position
from diaban.territory.models import Unit


def later_history(province, ba_tri, districts, titles, rng, log) -> None:
    """Later changes, made through the services as organization staff would: after 01/01/2021."""
    ba_tri_hamlets = list(Unit.objects.within(ba_tri).filter(level__key="hamlet").order_by("path"))
    remote = [h for h in ba_tri_hamlets if h.is_remote] or ba_tri_hamlets
    # 1. Rotation: the cadre of a remote Ba Tri hamlet moves to a hamlet in the district town on 01/07/2023,
    #    which leaves the remote hamlet uncovered.
    left = remote[0]
    moved = Assignment.objects.get(unit=left, end_date__isnull=True)
    town = next(h for h in ba_tri_hamlets if h.parent.kind == "Thị trấn" and h.pk != left.pk)
    assignment_rotate(
        actor=SYSTEM,
        assignment=moved,
        new_unit=town,
        date=datetime.date(2023, 7, 1),
        decision_number="Số 112-QĐ/HU (dữ liệu mẫu)",
        decision_date=datetime.date(2023, 6, 20),
        decision_signer="Ban Thường vụ Huyện ủy",
        note="Luân chuyển địa bàn theo kế hoạch năm 2023",
    )
    # 2. A provincial cadre supporting one Ba Tri commune retires on 01/04/2024.
    ba_tri_commune_followers = Assignment.objects.filter(unit__parent=ba_tri, end_date__isnull=True).values_list(
        "person_id", flat=True
    )
    single = [p for p in ba_tri_commune_followers if list(ba_tri_commune_followers).count(p) == 1]
    person_depart(
        actor=SYSTEM,
        person=Person.objects.get(pk=single[-1]),
        date=datetime.date(2024, 4, 1),
        reason=DepartureReason.RETIRED,
        note="Nghỉ hưu theo chế độ",
    )
    # 3. A district cadre of Thạnh Phú who follows two hamlets is transferred on 01/01/2024.
    thanh_phu = next(d for d in districts if d.code == "837")
    two = (
        Assignment.objects.filter(unit__path__startswith=thanh_phu.path, unit__level__key="hamlet")
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n=2)
        .order_by("person_id")
        .first()
    )
    person_depart(
        actor=SYSTEM,
        person=Person.objects.get(pk=two["person_id"]),
        date=datetime.date(2024, 1, 1),
        reason=DepartureReason.TRANSFERRED,
        note="Chuyển công tác về Sở Nội vụ",
    )
    # 4. A commune cadre in Ba Tri is transferred on 15/08/2022: the groups they followed are uncovered.
    commune_cadre = Person.objects.filter(home_unit__parent=ba_tri, assignments__isnull=False).order_by("code").first()
    person_depart(
        actor=SYSTEM,
        person=commune_cadre,
        date=datetime.date(2022, 8, 15),
        reason=DepartureReason.TRANSFERRED,
        note="Điều động sang xã khác",
    )
    # 5. A provincial specialist sent to a remote hamlet outside the policy, with the reason recorded.
    specialist = Person(
        code="{}{}-P9001".format(CODE_PREFIX, province.code),
        full_name="Đoàn Thị Mỹ Duyên",
        gender=Gender.FEMALE,
        birth_year=1991,
        home_unit=province,
        agency="Ban Tổ chức Tỉnh ủy",
    )
    specialist.save()
    Position.objects.create(
        person=specialist,
        title=titles[("province", "Chuyên viên cấp tỉnh")],
        organization="Ban Tổ chức Tỉnh ủy",
        start_date=datetime.date(2019, 8, 1),
    )
    assignment_create(
        actor=SYSTEM,
        person=specialist,
        unit=remote[1] if len(remote) > 1 else ba_tri_hamlets[1],
        start_date=datetime.date(2023, 3, 1),
        decision_number="Số 2041-QĐ/BTCTU (dữ liệu mẫu)",
        decision_date=datetime.date(2023, 2, 20),
        decision_signer="Ban Tổ chức Tỉnh ủy",
        override_reason="Tăng cường hỗ trợ ấp vùng sâu theo chỉ đạo của Thường trực Tỉnh ủy, thời hạn hai năm",
    )
    # 6. Three newly appointed Ba Tri cadres, not yet given a unit.
    for n, (name, title) in enumerate(
        [
            ("Nguyễn Hoàng Phúc", "Phó Trưởng phòng"),
            ("Trần Thị Mỹ Hạnh", "Chuyên viên cấp huyện"),
            ("Lê Quốc Khánh", "Huyện ủy viên"),
        ],
        start=1,
    ):
        person = Person(
            code="{}{}-N{:02d}".format(CODE_PREFIX, ba_tri.code, n),
            full_name=name,
            gender=Gender.FEMALE if " Thị " in name else Gender.MALE,
            birth_year=1985 + n,
            home_unit=ba_tri,
            agency="Huyện ủy Ba Tri",
        )
        person.save()
        Position.objects.create(
            person=person,
            title=titles[("district", title)],
            organization="Huyện Ba Tri",
            start_date=datetime.date(2024, 9, 1),
        )
    log("Lịch sử phân công mẫu: 1 luân chuyển, 3 cán bộ thôi công tác, 1 phân công ngoài quy định, 3 cán bộ mới")
