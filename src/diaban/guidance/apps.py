from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    """Guidance to cadres with read receipts, drafts sent up for comment, and departments' review sessions."""

    name = "diaban.guidance"
    label = "guidance"
    verbose_name = "Định hướng, góp ý, rút kinh nghiệm"

    def ready(self):
        from diaban.guidance.home import cadre_panel, office_panel
        from diaban.guidance.reminders import review_reminders
        from diaban.people.home import register_home_panel
        from diaban.people.reminders import register_reminders

        register_home_panel(cadre_panel)
        register_home_panel(office_panel)
        register_reminders(review_reminders)
