"""The `diaban` command: Django's management commands under the product's name, dashes accepted."""

import json
import subprocess
import sys

from diaban.cli import main


def test_dashed_command_names_reach_the_management_command(monkeypatch):
    # run_from_argv closes every database connection when it ends, so the command runner is stubbed here;
    # the command itself is exercised in tests/territory/test_importers.py and below through a subprocess.
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    main(["/usr/local/bin/diaban", "import-units", "--json", "f.json", "--valid-until", "30/06/2025"])
    assert seen == [["diaban", "import_units", "--json", "f.json", "--valid-until", "30/06/2025"]]
    main(["diaban", "--version"])
    assert seen[-1] == ["diaban", "--version"]


def test_console_script_imports_a_file(tmp_path):
    data = [{"name": "Tỉnh Bến Tre", "code": 83, "districts": [{"name": "Huyện Ba Tri", "code": 836, "wards": []}]}]
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DIABAN_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    for args in (["migrate", "-v0"], ["import-units", "--json", str(path)]):
        result = subprocess.run(
            [sys.executable, "-m", "diaban", *args], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
    assert "Cấp huyện: tạo mới 1" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "diaban", "import-units", "--json", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert bad.returncode == 1 and "Không tìm thấy tệp" in bad.stderr


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
