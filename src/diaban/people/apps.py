from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People (cán bộ) and their accounts: roles and scopes. Persons and positions come with assignments."""

    name = "diaban.people"
    label = "people"
    verbose_name = "Cán bộ và tài khoản"
