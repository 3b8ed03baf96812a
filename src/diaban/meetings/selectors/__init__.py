"""Reads of meetings, attendance and compliance. Every queryset starts from `restrict`: the `lists` a user may see,
the `compliance` report, the `reporting` rate and timeliness, the `cells` cadres attend least, and what the
`cadre` sees of their own.

`compliance.compliance_report` is what the compliance page, the API and `diaban compliance` show: the rules in
force, each person's figures by `diaban.meetings.compliance`, summed per branch of the tree. Its queries are
fixed in number whatever the size of the unit: the rules (three), the positions of the people they bind,
those people's assignments and attendances, and the branches."""
