from django.core.management.base import BaseCommand

from diaban.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Bến Tre và các tài khoản mẫu (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        accounts = load_demo(log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: {}):".format(accounts[0][1]))
        for username, _password, role in accounts:
            self.stdout.write("  {:<8} {}".format(username, role))
