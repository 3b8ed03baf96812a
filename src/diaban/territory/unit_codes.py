"""Units named by code in an imported file: Excel drops the leading zeros of a number, and one code may name
several units over time (a reorganization), so a code resolves on a date and within the writer's capture scope."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError

from diaban.core.dates import format_date
from diaban.core.excel_import import chunks
from diaban.core.scoping import CAPTURE
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible


def code_forms(code: str, widths) -> set[str]:
    """A code as written, and zero-padded to each level's width (Excel drops leading zeros of numbers)."""
    return {code} | ({code.zfill(d) for d in widths if len(code) < d} if code.isdigit() else set())


class UnitCodes:
    """The units a file names by code, resolved on a date and within the actor's capture scope."""

    def __init__(self, actor, codes):
        self.widths = set(UnitLevel.objects.exclude(code_digits=None).values_list("code_digits", flat=True))
        forms = set().union(*(code_forms(code, self.widths) for code in codes))
        self.by_code, self.writable = defaultdict(list), set()
        for chunk in chunks(forms):
            for unit in Unit.objects.filter(code__in=chunk).select_related("level"):
                self.by_code[unit.code].append(unit)
            self.writable |= set(units_visible(actor, CAPTURE).filter(code__in=chunk).values_list("pk", flat=True))

    def resolve(self, code: str, date: datetime.date | None) -> Unit | None:
        """The unit, or ValidationError; None when only the (unreadable) date could tell which one."""
        units = [u for form in sorted(code_forms(code, self.widths)) for u in self.by_code.get(form, [])]
        if not units:
            raise ValidationError("Không có địa bàn nào mang mã {}.".format(code))
        if date is not None:
            valid = [u for u in units if u.is_valid_on(date)]
            if not valid:
                known = "; ".join(
                    "{} ({}–{})".format(u.name, format_date(u.valid_from) or "…", format_date(u.valid_until) or "…")
                    for u in units
                    if u.pk in self.writable
                )
                raise ValidationError(
                    "Mã {} không ứng với địa bàn nào có hiệu lực vào ngày {}.{}".format(
                        code, format_date(date), " Mã này dùng cho: " + known + "." if known else ""
                    )
                )
            units = valid
        inside = [u for u in units if u.pk in self.writable]
        if not inside:
            raise ValidationError("Địa bàn mã {} nằm ngoài phạm vi nhập liệu của bạn.".format(code))
        exact = [u for u in inside if u.code == code]
        if len(inside) == 1 or len(exact) == 1:
            return exact[0] if len(exact) == 1 else inside[0]
        if date is None:
            return None
        raise ValidationError(
            "Mã {} ứng với nhiều địa bàn vào ngày {}: {}. Ghi mã đầy đủ, kể cả số 0 ở đầu.".format(
                code, format_date(date), ", ".join(u.name for u in inside)
            )
        )
