"""Loading the field work of the demo: once, and a summary of what was written."""

import datetime
import random

from django.contrib.auth import get_user_model

from diaban.core.dates import format_date
from diaban.core.workdays import working_days
from diaban.demo.common import refresh_statistics
from diaban.demo.visits.facts import AGENCY, CODES, END, START, STATUSES
from diaban.demo.visits.organization import build_organization, leave_for
from diaban.demo.visits.schedule import schedule_trips
from diaban.demo.visits.writing import write_trips
from diaban.people.models import Department, Leave, Person
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
    calendar = working_days(START - datetime.timedelta(days=60), END + datetime.timedelta(days=40))
    leaves = leave_for(org, rng)
    trips = schedule_trips(org, province, ba_tri, calendar, rng)
    written = write_trips(trips, calendar, rng)
    refresh_statistics(VisitPlan, VisitTarget, AgendaItem, PlanEvent, TripReport, UnitVisitReport, Leave)
    by_status = {s: sum(1 for t in trips if t.status == s) for s, _w, _f in STATUSES}
    log(
        "Ban Tổ chức Tỉnh ủy: 4 phòng, {} cán bộ các phòng; Ban Tổ chức Huyện ủy Ba Tri: {} cán bộ; {} lần nghỉ "
        "phép, nghỉ ốm".format(len(org["province"]), len(org["ba_tri"]) + 1, len(leaves))
    )
    log(
        "Kế hoạch đi cơ sở {}–{}: {} ({} đã đi, {} đã duyệt chưa báo cáo, {} chờ duyệt, {} bị trả lại, {} hủy, {} "
        "dự thảo); {} báo cáo chuyến đi, {} kiến nghị".format(
            format_date(START), format_date(END), len(trips), by_status["done"], by_status["approved"],
            by_status["submitted"] + by_status["dept_ok"], by_status["returned"], by_status["cancelled"],
            by_status["draft"], written["reports"], written["recommendations"],
        )
    )  # fmt: skip
