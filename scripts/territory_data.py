"""Build the administrative-unit data the product ships, from the `vietnam-provinces` wheel.

    python scripts/territory_data.py vietnam_provinces-2026.9.0-py3-none-any.whl

The wheel comes from PyPI (`pip download --no-deps --python-version 3.12 --only-binary=:all:
vietnam-provinces==2026.9.0`); it needs Python 3.12 to install, so it is read here as a zip file, never
imported as a package. Its data are the General Statistics Office's (GSO) official lists; the package is
licensed GPL-3.0-or-later, and so are the files written from it. Two files are written into
src/diaban/territory/data/:

- divisions-2025.json.gz: the official two-tier list (34 provinces, 3,321 communes) from 01/07/2025, the
  package's data/nested-divisions.json unchanged but for compact spacing.
- commune-conversion-2025.json.gz: the GSO's conversion table of the commune-level reform
  ("BangChuyendoiĐVHCmoi_cu_khong_merge.csv", effective 01/07/2025, the package's
  _ward_conversion_2025.py): for each old commune code, its old district and province and the new commune
  codes that took its place, and whether it was only partly merged. The table files two old communes under
  the wrong old province (27691 under 82 instead of 80, 30781 under 89 instead of 91); with --three-tier
  the parents are taken from the three-tier list, which is right, and the old communes of that list absent
  from the table are listed with the reason.

With --crosswalk FILE (the nested-divisions.json of an older two-tier edition, e.g. 2025.10.1) it prints, for
the communes whose code or name changed, old code → (official code, old name, official name), matched by
province and accent-folded name (the table of migration territory 0003).
"""

import argparse
import ast
import collections
import gzip
import io
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "diaban" / "territory" / "data"
DIVISIONS = "vietnam_provinces/data/nested-divisions.json"
CONVERSION = "vietnam_provinces/_ward_conversion_2025.py"
ABSENT_REASON = (
    "không có trong bảng chuyển đổi của Tổng cục Thống kê: đơn vị đã thay đổi từ 01/01 đến 30/06/2025 "
    "(nhập, đổi mã hoặc giải thể trước khi sắp xếp)"
)


def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced, one kind of dash: "Xã  Chân Mây – Lăng Cô" → "xa chan may - lang co"."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-").replace("—", "-").replace("’", "'")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(text.casefold().split())


def _call_args(node: ast.Call) -> list:
    return [ast.literal_eval(a) if not isinstance(a, ast.Call) else _call_args(a) for a in node.args]


def read_conversion(source: str) -> tuple[dict, str, str]:
    """OLD_TO_NEW of the module's source, read without running it: code → (district, province, partly, [new])."""
    tree = ast.parse(source)
    table, effective, origin = {}, "", ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name == "EFFECTIVE_DATE":
                effective = ast.literal_eval(node.value)
            elif name == "SOURCE":
                origin = ast.literal_eval(node.value)
        elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "OLD_TO_NEW":
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                old_ref, new_refs = value.args
                code, district, province, partly = _call_args(old_ref)
                new = [_call_args(ref)[0] for ref in new_refs.elts]
                table[ast.literal_eval(key)] = (district, province, partly, new)
    if not table:
        sys.exit("Không đọc được OLD_TO_NEW trong " + CONVERSION)
    return table, effective, origin


def three_tier_communes(path: Path) -> dict[int, tuple[int, int, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return {w["code"]: (d["code"], p["code"], w["name"]) for p in data for d in p["districts"] for w in d["wards"]}


def crosswalk(older: list, official: list) -> dict[int, tuple[int, str, str]]:
    """Older two-tier code → (official code, older name, official name) of the communes whose code or name
    changed; one to one or an error."""

    def groups(data):
        out = collections.defaultdict(list)
        for province in data:
            for ward in province["wards"]:
                out[(province["code"], fold(ward["name"]))].append(ward)
        return out

    before, after = groups(older), groups(official)
    if set(before) != set(after):
        sys.exit("Hai danh mục không khớp theo tỉnh và tên: {}".format(sorted(set(before) ^ set(after))[:10]))
    pairs = {}
    for key, wards in before.items():
        if len(wards) == 1:
            pairs[wards[0]["code"]] = (wards[0]["name"], after[key][0])
            continue
        # Two communes whose names differ only by accents (Xã Văn Lang, Xã Văn Lăng): the exact name decides.
        by_name = {unicodedata.normalize("NFC", " ".join(w["name"].split())): w for w in after[key]}
        for ward in wards:
            pairs[ward["code"]] = (ward["name"], by_name[unicodedata.normalize("NFC", " ".join(ward["name"].split()))])
    if len({new["code"] for _name, new in pairs.values()}) != len(pairs):
        sys.exit("Đối chiếu mã không một đối một.")
    return {
        old: (new["code"], name, new["name"])
        for old, (name, new) in sorted(pairs.items())
        if (old, name) != (new["code"], new["name"])
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--three-tier", type=Path, help="nested-divisions.json(.gz) ba cấp (bản 0.6.0)")
    parser.add_argument("--crosswalk", type=Path, help="nested-divisions.json hai cấp của bản cũ (2025.10.1)")
    args = parser.parse_args(argv)

    version = args.wheel.name.split("-")[1]
    with zipfile.ZipFile(args.wheel) as wheel:
        official = json.loads(wheel.read(DIVISIONS).decode("utf-8"))
        table, effective, origin = read_conversion(wheel.read(CONVERSION).decode("utf-8"))

    if args.crosswalk:
        older = json.loads(args.crosswalk.read_text(encoding="utf-8"))
        for old, (new, name, official_name) in crosswalk(older, official).items():
            print('    "{:05d}": ("{:05d}", "{}", "{}"),'.format(old, new, name, official_name))
        return

    package = "vietnam-provinces {} (PyPI), GPL-3.0-or-later".format(version)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as handle:
        handle.write(json.dumps(official, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    (DATA / "divisions-2025.json.gz").write_bytes(buffer.getvalue())

    old_units = three_tier_communes(args.three_tier) if args.three_tier else {}
    communes, corrected = {}, []
    for code, (district, province, partly, new) in sorted(table.items()):
        if code in old_units and old_units[code][:2] != (district, province):
            corrected.append(code)
            district, province = old_units[code][:2]
        communes["{:05d}".format(code)] = {
            "district": "{:03d}".format(district),
            "province": "{:02d}".format(province),
            "to": ["{:05d}".format(c) for c in new],
            "partly": partly,
        }
    absent = {
        "{:05d}".format(code): {
            "name": name,
            "district": "{:03d}".format(district),
            "province": "{:02d}".format(province),
            "reason": ABSENT_REASON,
        }
        for code, (district, province, name) in sorted(old_units.items())
        if code not in table
    }
    conversion = {
        "source": origin,
        "package": package,
        "effective": effective,
        "corrected_parents": ["{:05d}".format(c) for c in corrected],
        "communes": communes,
        "absent": absent,
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as handle:
        handle.write(json.dumps(conversion, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8"))
    (DATA / "commune-conversion-2025.json.gz").write_bytes(buffer.getvalue())
    print(
        "{} xã mới; bảng chuyển đổi {} xã cũ ({} sửa cấp trên), {} xã cũ không có trong bảng".format(
            sum(len(p["wards"]) for p in official), len(communes), len(corrected), len(absent)
        )
    )


if __name__ == "__main__":
    main()
