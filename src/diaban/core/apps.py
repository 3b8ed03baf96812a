from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every domain app needs: scoping, Vietnamese text, trees. Imports no domain app."""

    name = "diaban.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self):
        from django.urls import register_converter

        from diaban.core.ids import IdConverter

        # `<id:pk>` in every address: ids too large for the database are no address at all (404), never an overflow.
        register_converter(IdConverter, "id")
