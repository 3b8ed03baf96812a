"""Field-work fixtures: the organization committee of province A with its departments, heads and specialists
(`field`, shared with the people tests), and a plan's agenda."""

from tests.people.conftest import field  # noqa: F401

AGENDA = [
    {"kind": "know", "text": "Nắm tình hình sinh hoạt chi bộ ấp", "is_main": True},
    {"kind": "check", "text": "Kiểm tra việc thực hiện Chỉ thị 28"},
]
