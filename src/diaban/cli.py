"""The `diaban` console command: Django's management commands under the product's name.

`diaban import-units --json FILE` is `django-admin import_units --json FILE`: dashes in the command
name are accepted for underscores, so the documented spelling works.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaban.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "diaban"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
