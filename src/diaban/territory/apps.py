from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    """Units (địa bàn) and party organizations (tổ chức đảng): the two trees everything else hangs on."""

    name = "diaban.territory"
    label = "territory"
    verbose_name = "Địa bàn"
