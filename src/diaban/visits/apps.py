from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """Field work (đi cơ sở): visit plans and their approval, coordination of overlapping visits, trip reports
    and the time cadres spend at the grassroots."""

    name = "diaban.visits"
    label = "visits"
    verbose_name = "Đi cơ sở"

    def ready(self):
        from diaban.people.home import register_home_panel
        from diaban.visits.home import plans_panel

        register_home_panel(plans_panel)
