"""Loading the field work of the demo: once per period, and a summary of what was written."""

import datetime
import random

from django.contrib.auth import get_user_model

from diaban.core.dates import format_date, today
from diaban.core.workdays import working_days
from diaban.demo.common import refresh_statistics
from diaban.demo.visits.closing import close_before_reform
from diaban.demo.visits.facts import AGENCY, BEFORE_REFORM, CODES, Period, after_reform
from diaban.demo.visits.organization import build_organization, leave_for, organization_after_reform
from diaban.demo.visits.schedule import places_after_reform, places_before_reform, schedule_trips
from diaban.demo.visits.writing import write_trips
from diaban.people.models import Department, LeaderInCharge, Leave, Person
from diaban.territory.models import Unit
from diaban.visits.models import AgendaItem, PlanEvent, TripReport, UnitVisitReport, VisitPlan, VisitTarget


def load_visits(province: Unit, rng: random.Random, log) -> None:
    """Departments, leaders in charge, leave, the field-time rule and a year of plans, once."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CODES)}
    if Department.objects.filter(unit=province, name=AGENCY, parent=None).exists():
        for username, code in CODES.items():
            Person.objects.filter(code=code).exclude(user=users[username]).update(user=users[username])
        log("Kế hoạch đi cơ sở mẫu đã có: giữ nguyên.")
        return
    ba_tri = province.children.get(code="836")
    org = build_organization(province, ba_tri, users, rng)
    _plans_of(org, places_before_reform(province, ba_tri), BEFORE_REFORM, rng, log)
    close_before_reform(log)  # before the recommendations' lives: the reports it sends raise some


def load_visits_after_reform(vinh_long: Unit, log) -> None:
    """The province's Organization Committee's trips to today's Vĩnh Long from 01/07/2025 to the weeks after
    today, with the deputy heads in charge of its communes; once."""
    period = after_reform(today())
    agency = Department.objects.filter(name=AGENCY, parent=None).select_related("unit").first()
    if agency is None:
        return
    if VisitPlan.objects.filter(department__parent=agency, start_date__gte=period.start).exists():
        log("Kế hoạch đi cơ sở mẫu từ {} đã có: giữ nguyên.".format(format_date(period.start)))
        return
    rng = random.Random(period.seed)
    places = places_after_reform(vinh_long, agency.unit)
    org = organization_after_reform(agency, places.area_of, rng)
    refresh_statistics(LeaderInCharge)
    _plans_of(org, places, period, rng, log)


def _plans_of(org: dict, places, period: Period, rng: random.Random, log) -> None:
    calendar = working_days(period.start - datetime.timedelta(days=60), period.end + datetime.timedelta(days=40))
    leaves = leave_for(org, period, rng)
    trips = schedule_trips(org, places, period, calendar, rng)
    written = write_trips(trips, calendar, period, rng)
    refresh_statistics(VisitPlan, VisitTarget, AgendaItem, PlanEvent, TripReport, UnitVisitReport, Leave)
    by_status = {s[0]: sum(1 for t in trips if t.status == s[0]) for s in period.statuses}
    if org["ba_tri"]:
        log(
            "Ban Tổ chức Tỉnh ủy: 4 phòng, {} cán bộ các phòng; Ban Tổ chức Huyện ủy Ba Tri: {} cán bộ; {} lần nghỉ "
            "phép, nghỉ ốm".format(len(org["province"]), len(org["ba_tri"]) + 1, len(leaves))
        )
    else:
        log(
            "Ban Tổ chức Tỉnh ủy từ {}: {} cán bộ các phòng đi cơ sở ở {} xã mới; 2 Phó Trưởng Ban phụ trách các xã; "
            "{} lần nghỉ phép".format(
                format_date(period.start), len(org["province"]), len(places.communes), len(leaves)
            )
        )
    log(
        "Kế hoạch đi cơ sở {}–{}: {} ({} đã đi, {} đã duyệt chưa báo cáo, {} chờ duyệt, {} bị trả lại, {} hủy, {} "
        "dự thảo); {} báo cáo chuyến đi, {} kiến nghị".format(
            format_date(period.start), format_date(period.end), len(trips), by_status["done"], by_status["approved"],
            by_status["submitted"] + by_status["dept_ok"], by_status["returned"], by_status["cancelled"],
            by_status["draft"], written["reports"], written["recommendations"],
        )
    )  # fmt: skip
