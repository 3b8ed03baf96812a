from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Recommendations from the grassroots (kiến nghị, phản ánh). Meeting and trip reports create them, so this
    app sits below meetings and visits."""

    name = "diaban.feedback"
    label = "feedback"
    verbose_name = "Kiến nghị, phản ánh"
