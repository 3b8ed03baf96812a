"""API of recommendations, one module per resource: `recommendations` (intake, routing, the agency's work, the
answer and its way back to the grassroots), `groups` of similar ones, the `catalogue` of topics and agencies, and
the `trends` report; scoped exactly like the pages.

Every recommendation is looked up through `selectors.recommendations_visible`: a unit scope for most users, the
agency's queue for an agency's accounts (Recommendation.narrow_scope). One outside it does not exist (404), on
reading and on every action alike; for one inside it the services decide who may act (403 with their Vietnamese
message) and what is missing (400 naming the field). Only recording a new recommendation and forming a group are
refused up front to the roles that never may."""
