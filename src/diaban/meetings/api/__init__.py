"""API of cell meetings and cadres' attendance (`meetings`), `attendance_rules`, meeting `reports` and
`compliance`, scoped exactly like the pages.

Reads need a signed-in user and return only what lies in their scope (404 for a single object outside it).
Meetings, attendances and reports are written through `diaban.meetings.services`, which decide who may: the
cell's grassroots users and organization staff keep the calendar within their capture scope, a cadre records
their own attendance and writes their own report, organization staff reopen a submitted one; refusals are 403
with the services' Vietnamese message. Rules are set and changed by organization staff in their capture scope,
through the services too, which keep each rule's history."""
