"""The order in which the demo is loaded: each step reads what the steps before it wrote. Every step loads once
and leaves what is already there, so running the demo again changes nothing."""

import random

from django.db import transaction

from diaban.core.dates import today
from diaban.demo.accounts import demo_accounts, load_accounts
from diaban.demo.assignments import load_people_and_assignments
from diaban.demo.common import refresh_statistics
from diaban.demo.feedback.loading import load_feedback, load_feedback_after_reform
from diaban.demo.guidance import load_guidance, load_guidance_after_reform
from diaban.demo.meetings.facts import after_reform
from diaban.demo.meetings.loading import load_meetings, load_meetings_after_reform
from diaban.demo.reform import load_reform, today_province
from diaban.demo.reports import load_reports
from diaban.demo.territory import load_territory
from diaban.demo.visits.facts import SEED as VISITS_SEED
from diaban.demo.visits.loading import load_visits, load_visits_after_reform


def load_demo(log=print) -> list[tuple[str, str, str]]:
    """Load (or complete) the demo; running it again changes nothing. Returns the demo accounts."""
    with transaction.atomic():
        province = load_territory(log)  # the official lists, then the generated hamlets, groups and cells
        load_people_and_assignments(province, log)
        load_accounts(province)  # after the people: the leader's and the cadre's accounts are linked to theirs
        load_meetings(province, log)  # after the accounts: the demo cadre records some attendances himself
        load_reports(province, log)
        load_visits(province, random.Random(VISITS_SEED), log)  # after the accounts: plans of `tochuc` and others
        load_feedback(province, log)  # after the reports and trips: it gives their recommendations a life
        load_guidance(province, log)  # its audiences and sessions read everyone's people and departments
        load_reform(log)  # through the July 2025 reform into today's Vĩnh Long, as organization staff did it
        load_accounts(province)  # again: the accounts' units of today, once they exist
        vinh_long = today_province()
        if vinh_long is not None:  # today's Vĩnh Long from 01/07/2025 to today and three months ahead
            load_meetings_after_reform(vinh_long, log)
            load_reports(vinh_long, log, recent_from=after_reform(today()).recent_from)
            load_visits_after_reform(vinh_long, log)  # after the meetings: a day at a cell meeting is no trip day
            load_feedback_after_reform(vinh_long, log)  # its agencies since 2025 and the recommendations' lives
            load_guidance_after_reform(vinh_long, log)  # to the cadres following its communes and hamlets
        refresh_statistics()
    return demo_accounts()
