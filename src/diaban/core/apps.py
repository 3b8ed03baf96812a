from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every domain app needs: scoping, Vietnamese text, trees. Imports no domain app."""

    name = "diaban.core"
    label = "core"
    verbose_name = "Lõi"
