from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Cell meetings (sinh hoạt chi bộ), cadres' attendance and the attendance rules (quy định) they are held to."""

    name = "diaban.meetings"
    label = "meetings"
    verbose_name = "Dự sinh hoạt chi bộ"

    def ready(self):
        from diaban.meetings.home import cadre_panel, cells_panel
        from diaban.people.home import register_home_panel

        register_home_panel(cadre_panel)
        register_home_panel(cells_panel)

        from diaban.meetings.selectors.cells import meetings_held_before
        from diaban.territory.lineage import register_predecessor_fact

        register_predecessor_fact(meetings_held_before)
