"""Writes of field work: a cadre's own `plans`, their two-step `approval`, the `merging` of two overlapping plans,
and `trip_reports`.

Who may do what:
- a cadre with a person record plans their own trips (owner = the signed-in user's person) and edits them
  while they are drafts;
- the derived department head approves a submitted plan, then the derived leader in charge; either may
  return it to the owner with a comment (it goes back to draft);
- the owner cancels a plan not yet done; owners and approvers of two overlapping plans merge them;
- the owner files the trip report once the plan is approved; the department head who approved the plan or
  organization staff reopen it with a reason.
Every function validates and raises ValidationError (Vietnamese messages) or PermissionDenied, and writes
a PlanEvent with who, when and what.
"""
