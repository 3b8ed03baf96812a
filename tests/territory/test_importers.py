"""Importing the official lists: both structures side by side in time, idempotent, all or nothing."""

import datetime
import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from diaban.territory.importers import (
    UnitImportError,
    import_divisions,
    official_divisions_file,
    read_divisions,
)
from diaban.territory.models import Succession, Unit

THREE_TIER_FILE = Path(__file__).parents[1] / "data" / "nested-divisions-0.6.0.json.gz"
JAN_2024 = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 11, 23)


def three_tier_sample():
    return [
        {
            "name": "Tỉnh Bến Tre",
            "code": 83,
            "division_type": "tỉnh",
            "districts": [
                {
                    "name": "Huyện Ba Tri",
                    "code": 836,
                    "division_type": "huyện",
                    "wards": [
                        {"name": "Thị trấn Ba Tri", "code": 29110, "division_type": "xã"},
                        {"name": "Xã An Đức", "code": 29173, "division_type": "xã"},
                    ],
                },
                {
                    "name": "Thành phố Bến Tre",
                    "code": 829,
                    "division_type": "huyện",
                    "wards": [
                        {"name": "Phường Phú Khương", "code": 28756, "division_type": "xã"},
                    ],
                },
            ],
        },
        {
            "name": "Tỉnh Vĩnh Long",
            "code": 86,
            "division_type": "tỉnh",
            "districts": [{"name": "Huyện Long Hồ", "code": 857, "division_type": "huyện", "wards": []}],
        },
    ]


def two_tier_sample():
    return [
        {
            "name": "Vĩnh Long",
            "code": 86,
            "division_type": "tỉnh",
            "wards": [
                {"name": "Xã Ba Tri", "code": 29110, "division_type": "xã"},
                {"name": "Phường An Hội", "code": 28756, "division_type": "phường"},
            ],
        },
    ]


@pytest.mark.django_db
def test_three_tier_sample_creates_tree_with_padded_codes_and_kinds():
    report = import_divisions(three_tier_sample(), source="test")
    assert report.created == {"province": 2, "district": 3, "commune": 3}
    ba_tri = Unit.objects.get(code="836")
    assert ba_tri.kind == "Huyện" and ba_tri.parent.code == "83"
    assert ba_tri.valid_until == datetime.date(2025, 6, 30) and ba_tri.valid_from is None
    assert Unit.objects.get(code="28756").kind == "Phường"
    assert Unit.objects.get(code="29110").kind == "Thị trấn"
    assert Unit.objects.get(code="829").kind == "Thành phố"
    assert set(Unit.objects.within(ba_tri, include_self=False).values_list("code", flat=True)) == {"29110", "29173"}


@pytest.mark.django_db
def test_both_structures_live_side_by_side_and_kept_codes_are_linked():
    import_divisions(three_tier_sample())
    report = import_divisions(two_tier_sample())
    assert report.created == {"province": 1, "commune": 2}
    old = Unit.objects.filter(code="86").valid_on(JAN_2024).get()
    new = Unit.objects.filter(code="86").valid_on(TODAY).get()
    assert old.name == "Tỉnh Vĩnh Long" and new.name == "Tỉnh Vĩnh Long" and old != new
    assert new.valid_from == datetime.date(2025, 7, 1)
    # Bến Tre (83) merged into Vĩnh Long (86): Nghị quyết 202/2025/QH15; Vĩnh Long kept its code.
    links = {(s.predecessor.code, s.kind) for s in Succession.objects.filter(successor=new)}
    assert links == {("86", "merge"), ("83", "merge")}
    assert not Unit.objects.filter(level__key="district").valid_on(TODAY).exists()
    assert Unit.objects.filter(level__key="district").valid_on(JAN_2024).count() == 3
    # The same code names one unit on each date: 29110 is Thị trấn Ba Tri before, Xã Ba Tri after.
    assert Unit.objects.filter(code="29110").valid_on(JAN_2024).get().name == "Thị trấn Ba Tri"
    assert Unit.objects.filter(code="29110").valid_on(TODAY).get().name == "Xã Ba Tri"


@pytest.mark.django_db
def test_reimport_is_idempotent_and_reports_updates():
    import_divisions(three_tier_sample())
    count = Unit.objects.count()
    again = import_divisions(three_tier_sample())
    assert Unit.objects.count() == count
    assert sum(again.created.values()) == 0 and again.unchanged == {"province": 2, "district": 3, "commune": 3}
    renamed = three_tier_sample()
    renamed[0]["districts"][0]["wards"][1]["name"] = "Xã An Đức Mới"
    report = import_divisions(renamed)
    assert report.updated == {"commune": 1}
    assert Unit.objects.get(code="29173").search_key == "xa an duc moi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d[0]["districts"][0]["wards"].append({"name": "Xã Trùng", "code": 29110}), "mã 29110 trùng"),
        (lambda d: d[0]["districts"][0]["wards"][0].update(district_code=999), "cấp trên mã 999 không có trong tệp"),
        (lambda d: d[0]["districts"][1]["wards"][0].update(district_code=836), "ghi cấp trên mã 836"),
        (lambda d: d[0]["districts"][0]["wards"][0].pop("name"), "thiếu trường 'name'"),
        (lambda d: d[1].update(code="tám sáu"), "trường 'code' (mã) phải là số"),
    ],
)
def test_bad_records_are_named_and_nothing_is_written(mutate, message):
    data = three_tier_sample()
    mutate(data)
    with pytest.raises(UnitImportError) as caught:
        import_divisions(data)
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_error_names_where_the_record_is():
    data = three_tier_sample()
    data[0]["districts"][0]["wards"].append({"name": "Xã Trùng", "code": 29110})
    with pytest.raises(UnitImportError) as caught:
        import_divisions(data)
    assert caught.value.errors == [
        "Tỉnh thứ 1 (Tỉnh Bến Tre) › huyện thứ 1 (Huyện Ba Tri) › xã thứ 3 (Xã Trùng): "
        "mã 29110 trùng với Tỉnh thứ 1 (Tỉnh Bến Tre) › huyện thứ 1 (Huyện Ba Tri) › xã thứ 1 (Thị trấn Ba Tri)."
    ]


@pytest.mark.django_db
def test_a_failed_reimport_leaves_existing_units_untouched():
    import_divisions(three_tier_sample())
    before = list(Unit.objects.values_list("code", "name", "valid_until").order_by("code"))
    data = three_tier_sample()
    data[0]["districts"][0]["wards"][1]["name"] = "Tên đổi"
    data[1]["districts"][0]["wards"].append({"name": "Xã Lỗi", "code": "x"})
    with pytest.raises(UnitImportError):
        import_divisions(data)
    assert list(Unit.objects.values_list("code", "name", "valid_until").order_by("code")) == before


def test_malformed_json_names_line_and_column(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"name": "Tỉnh Bến Tre", "code": 83,\n "districts": [}]', encoding="utf-8")
    with pytest.raises(UnitImportError) as caught:
        read_divisions(broken)
    assert "không phải JSON hợp lệ: dòng 2" in caught.value.errors[0]
    with pytest.raises(UnitImportError, match="Không tìm thấy tệp"):
        read_divisions(tmp_path / "missing.json")


@pytest.mark.django_db
def test_command_prints_report_and_clear_errors(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(three_tier_sample(), ensure_ascii=False), encoding="utf-8")
    call_command("import_units", json_file=str(good))
    out = capsys.readouterr().out
    assert "Cấp xã: tạo mới 3, cập nhật 0, giữ nguyên 0" in out
    call_command("import_units", json_file=str(good))
    assert "Cấp xã: tạo mới 0, cập nhật 0, giữ nguyên 3" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="Không nhập gì cả: tệp có 1 lỗi"):
        call_command("import_units", json_file=str(bad))
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("import_units", json_file=str(good), valid_from="31/02/2025")


@pytest.mark.django_db
def test_explicit_validity_dates_override_the_defaults():
    import_divisions(three_tier_sample(), valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2024, 12, 31))
    assert Unit.objects.valid_on(datetime.date(2025, 3, 1)).count() == 0
    assert Unit.objects.valid_on(datetime.date(2022, 3, 1)).count() == 8


@pytest.mark.django_db
def test_real_national_files_give_the_official_counts():
    with gzip.open(THREE_TIER_FILE, "rt", encoding="utf-8") as handle:
        assert json.load(handle)[0]["name"] == "Thành phố Hà Nội"
    old = import_divisions(read_divisions(THREE_TIER_FILE), source="vietnam-provinces 0.6.0")
    assert old.created == {"province": 63, "district": 696, "commune": 10051}
    new = import_divisions(read_divisions(official_divisions_file()), source="vietnam-provinces")
    assert new.created == {"province": 34, "commune": 3321}
    by_level = lambda date: dict(  # noqa: E731
        Unit.objects.valid_on(date).values_list("level__key").annotate(n=__import__("django").db.models.Count("id"))
    )
    assert by_level(JAN_2024) == {"province": 63, "district": 696, "commune": 10051}
    assert by_level(TODAY) == {"province": 34, "commune": 3321}
    ben_tre = Unit.objects.filter(code="83").valid_on(JAN_2024).get()
    assert Unit.objects.within(ben_tre).filter(level__key="commune").count() == 148
    assert Unit.objects.get(code="836").children.count() == 22
    # Every old province is linked to the new one it became part of (the communes: tests/territory/test_reform.py).
    assert Succession.objects.filter(date=datetime.date(2025, 7, 1), predecessor__level__key="province").count() == 63
    assert Unit.objects.filter(code="86").valid_on(TODAY).get().successions_in.count() == 3
