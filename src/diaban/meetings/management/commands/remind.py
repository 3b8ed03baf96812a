from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diaban.core.dates import parse_date, today
from diaban.meetings.reminders import remind


class Command(BaseCommand):
    help = (
        "Nhắc việc: buổi sinh hoạt sắp tới, báo cáo sắp đến hạn, báo cáo quá hạn — thông báo trong ứng dụng và "
        "thư điện tử. Chạy lại không gửi trùng; có thể chạy mỗi giờ (cron, systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày/tháng/năm coi là hôm nay (mặc định hôm nay)")
        parser.add_argument("--base-url", default="", help="địa chỉ trang, để thư có liên kết đầy đủ")

    def handle(self, *args, **options):
        try:
            on = parse_date(options["date"], today())
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        counts = remind(on, options["base_url"].rstrip("/"))
        self.stdout.write(
            "Đã tạo {notifications} thông báo mới, gửi {emails} thư, cho {people} cán bộ có tài khoản.".format(**counts)
        )
