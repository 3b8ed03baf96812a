from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Recommendations from the grassroots (kiến nghị, phản ánh). Meeting and trip reports create them, so this
    app sits below meetings and visits."""

    name = "diaban.feedback"
    label = "feedback"
    verbose_name = "Kiến nghị, phản ánh"

    def ready(self):
        from diaban.feedback.home import recommendations_panel
        from diaban.feedback.reminders import recommendation_reminders
        from diaban.people.home import register_home_panel
        from diaban.people.reminders import register_reminders

        register_home_panel(recommendations_panel)
        register_reminders(recommendation_reminders)
