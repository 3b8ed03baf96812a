"""API shapes of field work, one module per resource: `plans`, `trip_reports` and `visit_counts`. Writes go through
the services (the views call them); serializers only parse and present."""
