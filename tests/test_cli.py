"""The `diaban` command: Django's management commands under the product's name, dashes accepted."""

import json
import subprocess
import sys

import pytest

from diaban.cli import main
from diaban.territory.models import Unit


@pytest.mark.django_db
def test_dashed_command_names_reach_the_management_command(tmp_path, capsys):
    data = [{"name": "Tỉnh Bến Tre", "code": 83, "districts": [{"name": "Huyện Ba Tri", "code": 836, "wards": []}]}]
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["diaban", "import-units", "--json", str(path), "--valid-until", "30/06/2025"])
    assert "Cấp huyện: tạo mới 1" in capsys.readouterr().out
    assert Unit.objects.get(code="836").valid_until.isoformat() == "2025-06-30"


def test_console_script_help_is_vietnamese(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "diaban", "import-units", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DIABAN_VAR_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Nhập danh mục đơn vị hành chính" in result.stdout
