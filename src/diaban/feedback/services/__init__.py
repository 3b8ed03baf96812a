"""Writes of recommendations, one module per stage of their life: `recording`, `routing` (organization
staff), `agency_work` (the agency's work, the answer and telling it back), `groups` of similar ones, and the
daily `escalation` of those long overdue. Who may do what is in selectors.py. Every function checks, raises
ValidationError (Vietnamese, naming the field) or PermissionDenied, and writes a RecommendationEvent.

Deadlines, overdue and escalation follow rules.py: a forwarded recommendation is due `topic.deadline_days` working
days after the day it was forwarded; when it is more than `topic.escalate_after_days` working days past the deadline,
`escalation.escalate_overdue` (run by `diaban remind`) sends it to the Standing Committee with the reason written
down."""
