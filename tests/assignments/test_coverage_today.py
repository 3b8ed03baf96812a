"""Coverage of today's Tỉnh Vĩnh Long on the demo, after the grassroots of Bến Tre were carried into it: the page,
the API and the command give the same figures."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from diaban.territory.models import Unit

TODAY = datetime.date(2026, 12, 7)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM)


def test_vinh_long_today_has_its_ben_tre_part_covered(vinh_long, client):
    out = io.StringIO()
    call_command("coverage", unit="86", date=TODAY.strftime("%d/%m/%Y"), json=True, stdout=out)
    rows = {row["level"]: row for row in json.loads(out.getvalue())["levels"]}
    assert rows["commune"]["units"] == 124 and rows["commune"]["covered"] == 48
    assert rows["hamlet"]["units"] == 983 and rows["hamlet"]["covered"] == 983
    assert rows["group"]["units"] == 14676 and rows["group"]["covered"] > 14600

    client.force_login(get_user_model().objects.get(username="tochuc"))
    api = client.get("/api/coverage/{}/".format(vinh_long.pk), {"date": TODAY.isoformat()}).json()
    api_rows = {row["level"]: row for row in api["levels"]}
    assert {k: (v["units"], v["covered"]) for k, v in api_rows.items()} == {
        k: (v["units"], v["covered"]) for k, v in rows.items()
    }
    page = client.get("/bao-phu/{}/".format(vinh_long.pk), {"ngay": TODAY.strftime("%d/%m/%Y")}).content.decode()
    assert "Tỉnh Vĩnh Long" in page and "983" in page
