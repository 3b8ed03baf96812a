"""The levels of the administrative tree, as data (DESIGN §3)."""

from django.db import migrations

LEVELS = [
    ("province", "Tỉnh, thành phố", "tỉnh, thành phố", 1, 2),
    ("district", "Huyện, quận, thị xã, thành phố thuộc tỉnh", "huyện, quận, thị xã", 2, 3),
    ("commune", "Xã, phường, thị trấn", "xã, phường, thị trấn", 3, 5),
    ("hamlet", "Ấp, thôn, bản, khu phố", "ấp, khu phố", 4, None),
    ("group", "Tổ nhân dân tự quản", "tổ nhân dân tự quản", 5, None),
    ("household", "Hộ gia đình", "hộ gia đình", 6, None),
]


def create_levels(apps, schema_editor):
    UnitLevel = apps.get_model("territory", "UnitLevel")
    for key, name, plural, rank, digits in LEVELS:
        UnitLevel.objects.update_or_create(
            key=key, defaults={"name": name, "name_plural": plural, "rank": rank, "code_digits": digits}
        )


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
