"""Recommendations of the Bến Tre demo: a year (01/07/2024–30/06/2025) of kiến nghị from every channel, routed to the
bodies of the province that answer them, with the whole history of each.

What is real: the province's departments, its police and the People's Committees of its nine districts (named as they
were before 07/2025), the topics and their deadlines (migration 0003), Vietnam's working days, the problems of the
province that year (the dry season and saline intrusion, rural roads and small bridges, land certificates and
land-use plans left unexecuted, the campaign to replace makeshift houses, coconut pests, riverbank erosion, falling
durian prices, theft, phone scams, dengue). What is assumed (the articles do not say): how fast each agency answers
(a median from about 3 working days for the provincial police to about 22 for the Department of Natural Resources and
Environment, see `facts.AGENCIES` and `facts.DISTRICT_SPEEDS`), how often staff answer on the spot, return, ask for
information or send a case up, and how often the answer is told back. Generated (deterministic, seeded): which unit
raised what, when, in which words, who raised it (people's names and phone numbers are invented), the answers.

Every recommendation the meeting and trip reports made (demo.reports, demo.visits) gets a topic and a life; new ones
come in through petitions, public opinion, units' reports and direct entry. Fourteen groups join the same problem
raised by several communes in their own words (`facts.GROUP_TITLES`); some were answered together, some are open.
Deadlines and auto-escalations follow feedback.rules, as `services.escalation.escalate_overdue` does when `diaban
remind` runs every day of the year: sent up on the first day a case is more than its topic's `escalate_after_days`
working days past its deadline, with the rule's reason (naming the deadline that was missed). Loaded once; a second
run changes nothing.

The texts are in data/feedback.json (the groups, the templates of each channel, the showcase) and
data/feedback-answers.json (the answers and the staff's and agencies' notes), read by `facts`. The other modules
write the lives step by step: `context` (what they are written against), `life` (the steps and routes, as the
services would take them), `from_reports`, `channels`, `groups` and `showcase` (whose lives), `loading`
(`load_feedback`: all of it, once).
"""
