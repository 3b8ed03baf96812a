"""The default assignment policy (DESIGN §3), for the three-tier structure until 30/06/2025 and the
two-tier one from 01/07/2025. Organization staff may change it: it is data."""

import datetime

from django.db import migrations

THREE_TIER_END = datetime.date(2025, 6, 30)
TWO_TIER_START = datetime.date(2025, 7, 1)
THREE_TIER_SOURCE = 'Phương châm "Tỉnh nắm tới xã, huyện nắm tới ấp, xã nắm tới hộ gia đình" (cấu trúc ba cấp)'
TWO_TIER_SOURCE = "Chính quyền địa phương hai cấp từ 01/07/2025 (Nghị quyết 202/2025/QH15)"

RULES = [
    # name, position level, standing committee only, target level, from, until, source
    ("Ủy viên Ban Thường vụ Tỉnh ủy phụ trách huyện", "province", True, "district", None, THREE_TIER_END,
     THREE_TIER_SOURCE),
    ("Tỉnh nắm tới xã", "province", False, "commune", None, THREE_TIER_END, THREE_TIER_SOURCE),
    ("Huyện nắm tới ấp, khu phố", "district", False, "hamlet", None, THREE_TIER_END, THREE_TIER_SOURCE),
    ("Xã nắm tới tổ nhân dân tự quản", "commune", False, "group", None, THREE_TIER_END, THREE_TIER_SOURCE),
    ("Xã nắm tới hộ gia đình", "commune", False, "household", None, THREE_TIER_END, THREE_TIER_SOURCE),
    ("Tỉnh nắm tới xã, phường, đặc khu", "province", False, "commune", TWO_TIER_START, None, TWO_TIER_SOURCE),
    ("Xã nắm tới ấp, khu phố", "commune", False, "hamlet", TWO_TIER_START, None, TWO_TIER_SOURCE),
    ("Xã nắm tới tổ nhân dân tự quản (hai cấp)", "commune", False, "group", TWO_TIER_START, None, TWO_TIER_SOURCE),
    ("Xã nắm tới hộ gia đình (hai cấp)", "commune", False, "household", TWO_TIER_START, None, TWO_TIER_SOURCE),
]  # fmt: skip


def create(apps, schema_editor):
    UnitLevel = apps.get_model("territory", "UnitLevel")
    AssignmentRule = apps.get_model("assignments", "AssignmentRule")
    levels = {level.key: level for level in UnitLevel.objects.all()}
    for name, position_level, standing, target, start, end, source in RULES:
        AssignmentRule.objects.update_or_create(
            name=name,
            defaults={
                "position_level": levels[position_level],
                "standing_committee_only": standing,
                "target_level": levels[target],
                "valid_from": start,
                "valid_until": end,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial"), ("territory", "0002_unit_levels")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
