"""Import of administrative units from the `vietnam-provinces` package's nested-divisions.json format.

Two shapes exist: the three-tier file (provinces → "districts" → "wards", valid until 30/06/2025) and the
two-tier one (provinces → "wards", valid from 01/07/2025). Both live side by side in time. The import is
all or nothing: every problem in the file is reported (naming the record) before anything is written.
Re-running the same file changes nothing and says so.
"""

import datetime
import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction

from diaban.core.text import fold, nfc
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.reform import LAST_OLD_DAY, REFORM_DATE, ReformLinks, link_reform

THREE_TIER_UNTIL = LAST_OLD_DAY
# Written into `Unit.source` for the units of the shipped official list.
OFFICIAL_SOURCE = "danh mục chính thức của TCTK (vietnam-provinces 2026.9.0)"
THREE_TIER = "ba cấp (tỉnh – huyện – xã)"
TWO_TIER = "hai cấp (tỉnh – xã)"

_PROVINCE_KINDS = ["Thành phố", "Tỉnh"]
_DISTRICT_KINDS = ["Thành phố", "Thị xã", "Quận", "Huyện"]
_COMMUNE_KINDS = ["Thị trấn", "Đặc khu", "Phường", "Xã"]
_DEFAULT_KIND = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}
_TYPE_KIND = {"thành phố trung ương": "Thành phố", "phường": "Phường", "đặc khu": "Đặc khu", "thị trấn": "Thị trấn"}


class UnitImportError(Exception):
    """The file cannot be imported; `errors` lists every problem found, in Vietnamese."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportReport:
    structure: str = ""
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    links: ReformLinks = field(default_factory=ReformLinks)
    warnings: list[str] = field(default_factory=list)

    @property
    def successions(self) -> int:
        return self.links.total_created

    def lines(self) -> list[str]:
        out = ["Cấu trúc: {}".format(self.structure)]
        for key, label in (("province", "tỉnh"), ("district", "huyện"), ("commune", "xã")):
            total = self.created[key] + self.updated[key] + self.unchanged[key]
            if total:
                out.append(
                    "Cấp {}: tạo mới {}, cập nhật {}, giữ nguyên {}".format(
                        label, self.created[key], self.updated[key], self.unchanged[key]
                    )
                )
        by_level = ", ".join(
            "{} {}".format(label, self.links.created[key])
            for key, label in (("province", "tỉnh"), ("commune", "xã"))
            if self.links.created[key]
        )
        out.append("Liên kết kế thừa mới: {}{}".format(self.successions, " ({})".format(by_level) if by_level else ""))
        kept = sum(self.links.unchanged.values())
        if kept:
            out.append("Liên kết kế thừa đã có: {}".format(kept))
        if self.links.unmapped:
            out.append("Chưa liên kết được: {} xã cũ".format(len(self.links.unmapped)))
            out.extend("  {} (mã {}): {}".format(item.name, item.code, item.reason) for item in self.links.unmapped)
        out.extend("Lưu ý: " + w for w in self.warnings)
        return out


@dataclass
class _Record:
    level: str
    code: str
    name: str
    kind: str
    parent_key: tuple[str, str] | None
    where: str


def official_divisions_file() -> Path:
    """Today's two-tier structure: the statistics office's official list (34 provinces, 3,321 communes), shipped
    as data/divisions-2025.json.gz by scripts/territory_data.py."""
    return Path(str(resources.files("diaban.territory") / "data" / "divisions-2025.json.gz"))


def read_divisions(path: Path | str) -> list:
    """Parse the JSON file (gzip-compressed if it ends in .gz); a failure names the file and the position."""
    path = Path(path)
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnitImportError(["Không tìm thấy tệp {}.".format(path)]) from exc
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
        raise UnitImportError(
            ["Tệp {} không đọc được: không phải văn bản UTF-8 hoặc tệp nén bị hỏng.".format(path)]
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnitImportError(
            ["Tệp {} không phải JSON hợp lệ: dòng {}, cột {}: {}.".format(path, exc.lineno, exc.colno, exc.msg)]
        ) from exc
    return data


def _kind(name: str, candidates: list[str], division_type: str, level: str) -> str:
    for kind in candidates:
        if name.startswith(kind + " "):
            return kind
    return _TYPE_KIND.get((division_type or "").strip().lower(), _DEFAULT_KIND[level])


def _flatten(data) -> tuple[str, list[_Record], list[str]]:
    """Walk the nested file into records, collecting every structural problem."""
    errors: list[str] = []
    records: list[_Record] = []
    if not isinstance(data, list) or not data:
        return "", [], ["Tệp phải là một danh sách tỉnh (JSON array) không rỗng."]
    three = any(isinstance(p, dict) and "districts" in p for p in data)
    structure = THREE_TIER if three else TWO_TIER
    digits = {"province": 2, "district": 3, "commune": 5}

    def record(obj, level, where, parent_key, kinds, expected_parents):
        if not isinstance(obj, dict):
            errors.append("{}: không phải một đối tượng JSON.".format(where))
            return None
        name, code = obj.get("name"), obj.get("code")
        if not isinstance(name, str) or not name.strip():
            errors.append("{}: thiếu trường 'name' (tên).".format(where))
            return None
        if isinstance(code, bool) or not (isinstance(code, int) or (isinstance(code, str) and code.isdigit())):
            errors.append("{} ({}): trường 'code' (mã) phải là số, nhận được {!r}.".format(where, name, code))
            return None
        code = str(code).zfill(digits[level])
        # Older formats repeat the parents' codes in the child: they must name a parent in the file, and
        # the one the record is nested in.
        for key, parent_level, enclosing in expected_parents:
            if key in obj:
                given = str(obj[key]).zfill(digits[parent_level])
                if (parent_level, given) not in known_codes:
                    errors.append(
                        "{} ({}, mã {}): đơn vị cấp trên mã {} không có trong tệp.".format(where, name, code, given)
                    )
                elif given != enclosing:
                    errors.append(
                        "{} ({}, mã {}): ghi cấp trên mã {} nhưng nằm trong đơn vị mã {}.".format(
                            where, name, code, given, enclosing
                        )
                    )
        name = nfc(name)
        kind = _kind(name, kinds, obj.get("division_type", ""), level)
        if level == "province" and not name.startswith(kind + " "):
            name = "{} {}".format(kind, name)  # the two-tier file writes "Cao Bằng" for "Tỉnh Cao Bằng"
        rec = _Record(level, code, name, kind, parent_key, where)
        records.append(rec)
        return rec

    known_codes = set()
    for p in data:
        if isinstance(p, dict) and "code" in p:
            known_codes.add(("province", str(p["code"]).zfill(2)))
            for d in p.get("districts") or []:
                if isinstance(d, dict) and "code" in d:
                    known_codes.add(("district", str(d["code"]).zfill(3)))

    for i, province in enumerate(data, start=1):
        prov = record(province, "province", "Tỉnh thứ {}".format(i), None, _PROVINCE_KINDS, [])
        if prov is None:
            continue
        if three:
            children = province.get("districts")
            if not isinstance(children, list):
                errors.append("{} ({}): thiếu danh sách 'districts'.".format(prov.where, prov.name))
                continue
            for j, district in enumerate(children, start=1):
                where = "{} ({}) › huyện thứ {}".format(prov.where, prov.name, j)
                dist = record(
                    district,
                    "district",
                    where,
                    ("province", prov.code),
                    _DISTRICT_KINDS,
                    [("province_code", "province", prov.code)],
                )
                if dist is None:
                    continue
                for k, ward in enumerate(district.get("wards") or [], start=1):
                    record(
                        ward,
                        "commune",
                        "{} ({}) › xã thứ {}".format(where, dist.name, k),
                        ("district", dist.code),
                        _COMMUNE_KINDS,
                        [("district_code", "district", dist.code), ("province_code", "province", prov.code)],
                    )
        else:
            for k, ward in enumerate(province.get("wards") or [], start=1):
                record(
                    ward,
                    "commune",
                    "{} ({}) › xã thứ {}".format(prov.where, prov.name, k),
                    ("province", prov.code),
                    _COMMUNE_KINDS,
                    [("province_code", "province", prov.code)],
                )

    seen: dict[tuple[str, str], _Record] = {}
    for rec in records:
        key = (rec.level, rec.code)
        if key in seen:
            errors.append(
                "{} ({}): mã {} trùng với {} ({}).".format(
                    rec.where, rec.name, rec.code, seen[key].where, seen[key].name
                )
            )
        else:
            seen[key] = rec
    return structure, records, errors


def import_divisions(
    data,
    *,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    source: str = "",
    progress=None,
) -> ImportReport:
    """Create or update the units of a nested-divisions structure; all or nothing.

    Without explicit dates a three-tier file is valid until 30/06/2025 and a two-tier one from 01/07/2025.
    `progress(done, total)` is called as units are written.
    """
    structure, records, errors = _flatten(data)
    if errors:
        raise UnitImportError(errors)
    three = structure == THREE_TIER
    if valid_from is None and valid_until is None:
        if three:
            valid_until = THREE_TIER_UNTIL
        else:
            valid_from = REFORM_DATE
    if valid_from and valid_until and valid_from > valid_until:
        raise UnitImportError(["Ngày hiệu lực từ phải trước ngày hiệu lực đến."])

    report = ImportReport(structure=structure)
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    total = len(records)
    done = 0
    with transaction.atomic():
        units_by_key: dict[tuple[str, str], Unit] = {}
        for level_key in ("province", "district", "commune"):
            level_records = [r for r in records if r.level == level_key]
            if not level_records:
                continue
            level = levels[level_key]
            existing = {
                u.code: u
                for u in Unit.objects.filter(
                    level=level, valid_from=valid_from, code__in=[r.code for r in level_records]
                )
            }
            to_create: list[tuple[_Record, Unit]] = []
            to_update: list[Unit] = []
            for rec in level_records:
                parent = units_by_key[rec.parent_key] if rec.parent_key else None
                unit = existing.get(rec.code)
                if unit is None:
                    unit = Unit(
                        level=level,
                        kind=rec.kind,
                        name=rec.name,
                        code=rec.code,
                        parent=parent,
                        valid_from=valid_from,
                        valid_until=valid_until,
                        source=source,
                        search_key=fold(rec.name),
                    )
                    to_create.append((rec, unit))
                    continue
                if (unit.parent_id or None) != (parent.pk if parent else None):
                    errors.append(
                        "{} ({}, mã {}): đã có trong cơ sở dữ liệu dưới cấp trên khác; "
                        "chuyển cấp trên phải làm bằng thao tác sắp xếp địa bàn.".format(rec.where, rec.name, rec.code)
                    )
                elif (unit.name, unit.kind, unit.valid_until) != (rec.name, rec.kind, valid_until):
                    unit.name, unit.kind, unit.valid_until, unit.search_key = (
                        rec.name,
                        rec.kind,
                        valid_until,
                        fold(rec.name),
                    )
                    to_update.append(unit)
                else:
                    report.unchanged[level_key] += 1
                units_by_key[(level_key, rec.code)] = unit
            if errors:
                raise UnitImportError(errors)
            Unit.assign_paths([u for _r, u in to_create])
            created = Unit.objects.bulk_create([u for _r, u in to_create], batch_size=2000)
            for (rec, _u), unit in zip(to_create, created, strict=True):
                units_by_key[(level_key, rec.code)] = unit
            if to_update:
                Unit.objects.bulk_update(to_update, ["name", "kind", "valid_until", "search_key"], batch_size=2000)
            report.created[level_key] += len(to_create)
            report.updated[level_key] += len(to_update)
            done += len(level_records)
            if progress:
                progress(done, total)
        # Whichever structure comes second completes the pairs; a re-run finds them all recorded.
        report.links = link_reform()
    # Keep only non-zero counts, so a report compares equal to what a reader would write down.
    report.created, report.updated, report.unchanged = +report.created, +report.updated, +report.unchanged
    return report
