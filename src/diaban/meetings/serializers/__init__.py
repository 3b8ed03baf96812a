"""API shapes of `meetings` and attendances, `attendance_rules`, meeting `reports` and `compliance`, with the
`briefs` nested in them. Writes of meetings, attendances, rules and reports go through the services (the views
call them); serializers only parse and present."""
