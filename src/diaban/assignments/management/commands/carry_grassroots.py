"""diaban carry-grassroots --province CODE [--apply] [--choice ITEM=COMMUNE_CODE …]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.assignments.carrying import assignment_plan, carry_all
from diaban.territory.carrying import carrying_plan
from diaban.territory.reform import REFORM_DATE
from diaban.territory.selectors import unit_by_code


class Command(BaseCommand):
    help = (
        "Chuyển ấp, tổ, tổ chức đảng và phân công của các tỉnh cũ vào tỉnh, thành phố hiện nay (sau sắp xếp "
        "01/07/2025). Mặc định chỉ in những gì sẽ làm; thêm --apply để thực hiện. Chạy lại không làm gì thêm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="mã tỉnh, thành phố hiện nay (ví dụ 86)")
        parser.add_argument("--apply", action="store_true", help="thực hiện (mặc định chỉ xem trước)")
        parser.add_argument(
            "--choice",
            action="append",
            default=[],
            metavar="ẤP=MÃ_XÃ",
            help="xã cũ bị chia: mã ấp (hoặc org:<id> của chi bộ) = mã xã mới nhận nó; lặp lại cho mỗi mục",
        )

    def handle(self, *args, province, apply, choice, **options):
        try:
            unit = unit_by_code(province, REFORM_DATE, REFORM_DATE)
            choices = self._choices(unit, choice)
            if apply:
                units, assignments = carry_all(unit, choices=choices)
                self.stdout.write("Đã thực hiện.")
            else:
                units = carrying_plan(unit, choices)
                assignments = assignment_plan(unit)
                self.stdout.write("Xem trước (chưa thay đổi gì; thêm --apply để thực hiện).")
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for line in units.lines() + assignments.lines():
            self.stdout.write(line)

    def _choices(self, province, given: list[str]) -> dict[str, int]:
        if not given:
            return {}
        plan = carrying_plan(province)
        waiting = {}
        for placement in plan.undecided:
            waiting[placement.key] = placement
            if getattr(placement.item, "code", ""):
                waiting[placement.item.code] = placement
        choices, errors = {}, []
        for text in given:
            item, _sep, code = text.partition("=")
            placement = waiting.get(item.strip())
            if placement is None:
                errors.append("--choice {}: không có ấp hay chi bộ nào chờ chọn xã mới với mã {}.".format(text, item))
                continue
            commune = next((c for c in placement.candidates if c.code == code.strip()), None)
            if commune is None:
                errors.append(
                    "--choice {}: {} chỉ chọn được một trong {}.".format(
                        text,
                        placement.item.name,
                        ", ".join("{} ({})".format(c.name, c.code) for c in placement.candidates),
                    )
                )
                continue
            choices[placement.key] = commune.pk
        if errors:
            raise ValidationError(errors)
        return choices
