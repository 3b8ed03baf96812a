"""The attendance rules of Bến Tre, today's Vĩnh Long and Sơn La, brought up to date on every load."""

from django.db.models import F

from diaban.demo.meetings.facts import RULES, SON_LA_CODE, VINH_LONG_CODE
from diaban.meetings.choices import Activity
from diaban.meetings.models import AttendanceRule
from diaban.people.models import PositionTitle
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE


def load_rules(province: Unit, log) -> None:
    titles = {(t.level.key, t.name): t for t in PositionTitle.objects.select_related("level")}
    # The demo loads only today's Sơn La (from 01/07/2025), not the three-tier one the documents were issued
    # in; the rules go to the province's unit either way, the three-tier one if a database has it.
    son_la = (
        Unit.objects.filter(level__key="province", code=SON_LA_CODE)
        .order_by(F("valid_from").asc(nulls_first=True))
        .first()
    )
    vinh_long = Unit.objects.filter(level__key="province", code=VINH_LONG_CODE, valid_from=REFORM_DATE).first()
    units = {"ben_tre": province, "son_la": son_la, "vinh_long": vinh_long}
    loaded = []
    for spec in RULES:
        unit = units[spec["unit"]]
        if unit is None:
            continue
        rule, _created = AttendanceRule.objects.update_or_create(
            unit=unit,
            name=spec["name"],
            defaults={
                "activity": Activity.ASSIGNED,
                "minimum": spec["minimum"],
                "period": spec["period"],
                "document": spec["document"],
                "valid_from": spec["valid_from"],
                "valid_until": spec.get("valid_until"),
            },
        )
        level, names = spec["titles"]
        rule.titles.set([titles[(level, n)] for n in names])
        rule.excluded_titles.set([titles[(lv, n)] for lv, group in spec.get("excluded", []) for n in group])
        loaded.append(rule)
    log(
        "Quy định dự sinh hoạt: {} (Bến Tre {}, Vĩnh Long {}, Sơn La {})".format(
            len(loaded),
            sum(1 for r in loaded if r.unit_id == province.pk),
            sum(1 for r in loaded if vinh_long and r.unit_id == vinh_long.pk),
            "không có đơn vị tỉnh Sơn La" if son_la is None else sum(1 for r in loaded if r.unit_id == son_la.pk),
        )
    )
