"""The catalogue of positions by level and the committee terms, as data (DESIGN §3)."""

from django.db import migrations

TITLES = {
    # level: [(name, is_standing_committee)], in order of precedence
    "province": [
        ("Bí thư Tỉnh ủy", True),
        ("Phó Bí thư Tỉnh ủy", True),
        ("Ủy viên Ban Thường vụ Tỉnh ủy", True),
        ("Tỉnh ủy viên", False),
        ("Ủy viên Ủy ban Kiểm tra Tỉnh ủy", False),
        ("Giám đốc Sở", False),
        ("Phó Giám đốc Sở", False),
        ("Trưởng ban, ngành, đoàn thể tỉnh", False),
        ("Phó Trưởng ban, ngành, đoàn thể tỉnh", False),
        ("Chuyên viên cấp tỉnh", False),
    ],
    "district": [
        ("Bí thư Huyện ủy", True),
        ("Phó Bí thư Huyện ủy", True),
        ("Ủy viên Ban Thường vụ Huyện ủy", True),
        ("Huyện ủy viên", False),
        ("Ủy viên Ủy ban Kiểm tra Huyện ủy", False),
        ("Trưởng phòng", False),
        ("Phó Trưởng phòng", False),
        ("Trưởng ban, ngành, đoàn thể huyện", False),
        ("Chuyên viên cấp huyện", False),
    ],
    "commune": [
        ("Bí thư Đảng ủy xã", True),
        ("Phó Bí thư Đảng ủy xã", True),
        ("Đảng ủy viên", False),
        ("Chủ tịch Ủy ban nhân dân xã", False),
        ("Phó Chủ tịch Ủy ban nhân dân xã", False),
        ("Trưởng đoàn thể xã", False),
        ("Công chức xã", False),
    ],
}
TERMS = [("2015–2020", 2015, 2020), ("2020–2025", 2020, 2025), ("2025–2030", 2025, 2030)]


def create(apps, schema_editor):
    UnitLevel = apps.get_model("territory", "UnitLevel")
    PositionTitle = apps.get_model("people", "PositionTitle")
    Term = apps.get_model("people", "Term")
    for level_key, titles in TITLES.items():
        level = UnitLevel.objects.get(key=level_key)
        for rank, (name, standing) in enumerate(titles, start=1):
            PositionTitle.objects.update_or_create(
                name=name, level=level, defaults={"is_standing_committee": standing, "rank": rank}
            )
    for name, start, end in TERMS:
        Term.objects.update_or_create(name=name, defaults={"start_year": start, "end_year": end})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_people_and_positions"), ("territory", "0002_unit_levels")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
