"""API shapes of recommendations (`recommendations`), their `groups`, and the `catalogue` of topics and agencies,
with the input `fields` they share. Writes go through `feedback.services` (the views call them); serializers only
parse and present.

The name and contact of a person who raised a recommendation are shown only to those
`selectors.can_see_personal_data` allows; everyone else gets null there and reads `raiser` as "cá nhân (thông tin
cá nhân được bảo vệ)". Input fields are named like the services' error keys, so a 400 names the field sent."""
