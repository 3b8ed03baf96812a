"""Writes of `guidance`, guidance `conveyed` in reports, `drafts` for comment and review `sessions`.

Who may do what (DESIGN §2):
- guidance is published by organization staff and administrators in their capture scope, and by leaders in
  their view scope (leaders decide what is conveyed and usually hold view rights only), to the cadres of a unit
  there; its recipients are written on the day (see `selectors.guidance_audience`);
- a recipient marks a guidance read (the first time counts); the publisher, and organization staff, leaders
  and administrators who could publish to its unit, remind those who have not read it, once per cadre;
- the author of a meeting or trip report records which guidance they conveyed in it;
- the grassroots (cell and committee offices), organization staff and administrators send a draft from a unit
  in their capture scope to the cadres following it; the invited cadres comment until the deadline (that day
  included) and edit or withdraw their comments until then;
- organization staff and administrators in their capture scope, and a department's head, record its review
  sessions.
Every function validates and raises ValidationError (Vietnamese messages, by field) or PermissionDenied."""
