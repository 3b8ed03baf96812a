"""Field work of the Bến Tre demo: a year (01/07/2024–30/06/2025) of visit plans by the staff of the province's
Organization Committee and of Ba Tri's, with their two-step approval, trip reports, recommendations and leave.

From the articles: specialists plan their trips with several contents at once, the department head and the committee
leader in charge of the area approve them, the trip report gives findings per content, guidance and the grassroots'
recommendations; specialists are expected to spend a third of their working time at the grassroots, and many do not
("chưa thực hiện đúng quy định giành 1/3 thời gian đi cơ sở", Nghệ An); remote areas are visited least while some
units receive several teams in one month.

Assumed for Bến Tre (the articles do not say): that the one-third rule applies there (the FieldTimeRule says where
the figure comes from), the four departments' staff, which deputy head is in charge of which district. Generated
(deterministic, seeded): names, codes, dates, texts, who went where.

Figures elsewhere stay as they were: the new people follow no unit and hold no title an attendance rule names, and Ba
Tri keeps its three "cadres without a unit" (a figure the coverage page shows): its leader in charge is an existing
committee member who already follows a hamlet, made Deputy Secretary, and the district specialist of the
`tochuchuyen` account has a person record without a position.

After the reform (`facts.after_reform`, loaded by `load_visits_after_reform`): assumed, the province's departments
and staff carry on over today's Vĩnh Long; the two deputy heads are in charge, from 01/07/2025, of the new communes
that succeeded their districts' communes, so that a plan made today is approved by `truongphong` and `phoban`; trips
to those communes (now and then with one of their hamlets) are done up to a week before today, waiting for approval
or drafted for the weeks after it, with `tochuc`'s plans in hand (an overlapping pair, a draft, a returned plan) in
the weeks after today. Ba Tri's committee ended with its district; its specialist with an account went on in the
province's Phòng Tổ chức cơ sở đảng - đảng viên. What the year left in hand was closed by its owners on 30/06/2025
(`closing`). Each period is loaded once; a second run changes nothing. The agenda
items, findings, comments and other texts are in data/visits.json, read by `facts`; `organization`, `schedule` and
`writing` are the steps, `loading` runs them (`load_visits`)."""
