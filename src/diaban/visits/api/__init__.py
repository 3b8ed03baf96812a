"""API of field work, one module per resource: visit `plans` with their two-step approval and merging,
`trip_reports` and the `visit_counts` each unit receives, scoped exactly like the pages; `common` holds the write
permission they share.

Reads need a signed-in user and return only what they may see (404 for a single object outside it): plans as
`visits.selectors.plans_visible` says (the owner's home unit in the user's scope, or the user takes part in the
plan), trip reports with their plans. Plans and trip reports are written by people, not roles: the owner
drafts, submits, cancels and reports, the derived approvers approve or return, owners and approvers merge.
An account linked to no cadre is refused (403) before anything is looked up; whether this plan is theirs the
services decide, with their Vietnamese message (403 for who, 400 naming the field for what).
"""
