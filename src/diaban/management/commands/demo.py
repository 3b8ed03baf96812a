from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from diaban.core.dates import format_date, parse_date, today
from diaban.demo import load_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: tỉnh Bến Tre từ đầu năm 2024 qua sắp xếp tháng 7/2025 vào Tỉnh Vĩnh Long hôm nay, đến "
        "hôm nay và vài tháng tới, cùng các tài khoản mẫu (chạy lại không tạo trùng)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="NGÀY/THÁNG/NĂM",
            help="Dựng dữ liệu như thể hôm nay là ngày này (mặc định: hôm nay). Để sản phẩm cũng coi ngày này là "
            "hôm nay, đặt DIABAN_TODAY khi chạy.",
        )

    def handle(self, *args, **options):
        try:
            day = parse_date(options["today"]) or today()
        except ValidationError as exc:
            raise CommandError("--today: " + exc.messages[0]) from exc
        self.stdout.write("Dữ liệu mẫu tính đến ngày {}.".format(format_date(day)))
        with override_settings(DIABAN_TODAY=day):
            accounts = load_demo(log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: {}):".format(accounts[0][1]))
        for username, _password, role in accounts:
            self.stdout.write("  {:<8} {}".format(username, role))
