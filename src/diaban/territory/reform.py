"""The July 2025 reform as data: which old units took which new units' place on 01/07/2025.

Provinces follow Nghị quyết 202/2025/QH15 (data/province-mergers-2025.json); communes follow the statistics
office's conversion table (data/commune-conversion-2025.json.gz, written by scripts/territory_data.py). The links
are made whenever both sides are in the database, so the two structures may be imported in either order, and a
re-run links nothing twice. An old commune split among several new ones is linked to each candidate: the table
gives no shares, so a person decides later where each of its hamlets goes. A code names one unit on a given date
(codes were reused across the reform), so the old side is matched by code among the units closed on 30/06/2025
and the new side among those opened on 01/07/2025, never by name.
"""

import datetime
import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from diaban.territory.choices import SuccessionKind
from diaban.territory.models import Succession, Unit

REFORM_DATE = datetime.date(2025, 7, 1)
LAST_OLD_DAY = REFORM_DATE - datetime.timedelta(days=1)
COMMUNE_DECISION = "Sắp xếp đơn vị hành chính cấp xã 2025 (bảng chuyển đổi của Tổng cục Thống kê)"


@dataclass(frozen=True)
class Unmapped:
    code: str
    name: str
    reason: str


@dataclass
class ReformLinks:
    """What one linking run did, by level ("province", "commune")."""

    created: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    unmapped: list[Unmapped] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def _data(name: str):
    return resources.files("diaban.territory") / "data" / name


@cache
def province_mergers() -> dict[str, dict]:
    """New province code → {"from": old codes, "decision": …} (Nghị quyết 202/2025/QH15)."""
    return json.loads(_data("province-mergers-2025.json").read_text(encoding="utf-8"))["provinces"]


@cache
def commune_conversion() -> dict:
    """The statistics office's table: {"communes": old code → {district, province, to, partly}, "absent": …}."""
    with gzip.open(_data("commune-conversion-2025.json.gz").open("rb"), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _closing_and_opening(level_key: str):
    """(old units closed on 30/06/2025, new units opened on 01/07/2025) of a level, each by code."""
    units = Unit.objects.filter(level__key=level_key).exclude(code="")
    fields = ("pk", "code", "name", "parent__code")
    old = {row[1]: row for row in units.filter(valid_until=LAST_OLD_DAY).values_list(*fields)}
    new = {row[1]: row for row in units.filter(valid_from=REFORM_DATE).values_list(*fields)}
    return old, new


def _province_links(report: ReformLinks) -> list[Succession]:
    old, new = _closing_and_opening("province")
    links = []
    mergers = province_mergers()
    for code, (new_pk, *_rest) in new.items():
        predecessors = set(mergers.get(code, {}).get("from", [])) | {code}
        for old_code in sorted(predecessors):
            if old_code not in old:
                continue
            same = old_code == code and len(predecessors) == 1
            links.append(
                Succession(
                    predecessor_id=old[old_code][0],
                    successor_id=new_pk,
                    kind=SuccessionKind.CONTINUE if same else SuccessionKind.MERGE,
                    date=REFORM_DATE,
                    decision=mergers.get(code, {}).get("decision", ""),
                )
            )
    return links


def _commune_links(report: ReformLinks) -> list[Succession]:
    old, new = _closing_and_opening("commune")
    if not old or not new:
        return []  # one side of the reform is not in the database yet: nothing to link, nothing to report
    table = commune_conversion()
    communes, absent = table["communes"], table["absent"]
    predecessors_of = Counter(code for entry in communes.values() for code in entry["to"])
    links = []
    for code, (old_pk, _code, name, district) in sorted(old.items()):
        entry = communes.get(code)
        if entry is None:
            reason = absent.get(code, {}).get("reason", "không có trong bảng chuyển đổi của Tổng cục Thống kê")
            report.unmapped.append(Unmapped(code, name, reason))
            continue
        if district != entry["district"]:
            report.unmapped.append(
                Unmapped(
                    code,
                    name,
                    "bảng chuyển đổi ghi mã {} thuộc huyện mã {}, trong cơ sở dữ liệu là huyện mã {}".format(
                        code, entry["district"], district
                    ),
                )
            )
            continue
        targets = [new[c] for c in entry["to"] if c in new]
        if not targets:
            report.unmapped.append(
                Unmapped(code, name, "xã mới mã {} chưa có trong cơ sở dữ liệu".format(", ".join(entry["to"])))
            )
            continue
        if len(entry["to"]) > 1:
            kind = SuccessionKind.SPLIT
        elif predecessors_of[entry["to"][0]] == 1 and not entry["partly"]:
            kind = SuccessionKind.CONTINUE
        else:
            kind = SuccessionKind.MERGE
        for target in targets:
            links.append(
                Succession(
                    predecessor_id=old_pk,
                    successor_id=target[0],
                    kind=kind,
                    date=REFORM_DATE,
                    decision=COMMUNE_DECISION,
                )
            )
    return links


def link_reform() -> ReformLinks:
    """Record the successions of the 2025 reform that are missing; the caller holds the transaction."""
    report = ReformLinks()
    for level_key, build in (("province", _province_links), ("commune", _commune_links)):
        links = build(report)
        if not links:
            continue
        recorded = Succession.objects.filter(predecessor__valid_until=LAST_OLD_DAY, predecessor__level__key=level_key)
        existing = set(recorded.values_list("predecessor_id", "successor_id"))
        fresh = [s for s in links if (s.predecessor_id, s.successor_id) not in existing]
        Succession.objects.bulk_create(fresh, batch_size=2000)
        report.created[level_key] += len(fresh)
        report.unchanged[level_key] += len(links) - len(fresh)
    return report
