from django.apps import AppConfig


class DiabanConfig(AppConfig):
    """The project package itself: site templates, vendored static files and project-wide commands (demo)."""

    name = "diaban"
    verbose_name = "Địa Bàn"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from diaban.menu import remember_menu

        user_logged_in.connect(remember_menu, dispatch_uid="diaban.menu.remember_menu")
