from django.apps import AppConfig


class DiabanConfig(AppConfig):
    """The project package itself: site templates, vendored static files and project-wide commands (demo)."""

    name = "diaban"
    verbose_name = "Địa Bàn"
