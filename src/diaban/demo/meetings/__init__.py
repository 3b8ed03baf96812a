"""Attendance rules, cell meetings and cadres' attendance of the Bến Tre demo: eighteen months, 01/01/2024 to 30/06/2025
(the last day of the three-tier Bến Tre).

Rules: Sơn La's Quy định 1120-QĐ/TU and the later monthly request to district committees (seed articles), and Bến
Tre's own under Quy định số 13-QĐ/TU, whose counts the articles do not give (assumed here, and said so in the rule's
document).

Meetings: every cell's regular calendar from its meeting day, then made realistic (deterministic, seeded): most held
with 70–100 % of members present, a few moved some days or postponed, thematic meetings in a third of the cells.
Attendance: provincial and district cadres at meetings of cells in the units they were assigned to on the day, with
the failings the articles describe: some cadres behind their quota, a few never going, remote hamlets visited least,
some cells no cadre attended in a whole year. The notes and topics are in data/meetings.json, read by `facts`;
`rules`, `cell_calendar` and `attendance` are the steps, `loading` runs them (`load_meetings`)."""
