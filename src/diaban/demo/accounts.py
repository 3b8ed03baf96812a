"""The demo accounts: one per role, with their scopes, and the cadres among them linked to their person records."""

from django.contrib.auth import get_user_model

from diaban.core.text import in_sentence
from diaban.demo.territory import BA_TRI_CODE
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.reform import REFORM_DATE

DEMO_PASSWORD = "diaban-demo"
DEMO_CADRE = "CB836-0001"  # the person of the `canbo` account: a district cadre following a Ba Tri hamlet
XA_BA_TRI = "29110"  # today's commune of that hamlet, where he sits on the party committee from 01/07/2025

ACCOUNTS = [
    # username, role, full name, title, organization
    (
        "tochuc",
        Role.ORGANIZATION,
        "Nguyễn Thị Thu Hà",
        "Chuyên viên Ban Tổ chức Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy Bến Tre",
    ),
    ("lanhdao", Role.LEADER, "Trần Văn Hùng", "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy Bến Tre"),
    ("canbo", Role.CADRE, "Lê Minh Tâm", "Huyện ủy viên, Trưởng Ban Tổ chức Huyện ủy", "Huyện ủy Ba Tri"),
    ("coso", Role.GRASSROOTS, "Võ Thị Ngọc Lan", "Bí thư Chi bộ", ""),
    (
        "coquan",
        Role.AGENCY,
        "Phạm Quốc Bảo",
        "Chánh Văn phòng Sở",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre",
    ),
    (
        "tochuchuyen",
        Role.ORGANIZATION,
        "Phan Thị Kim Ngân",
        "Chuyên viên Ban Tổ chức Huyện ủy",
        "Ban Tổ chức Huyện ủy Ba Tri",
    ),
    (
        "truongphong",
        Role.ORGANIZATION,
        "Trương Văn Nghĩa",
        "Trưởng phòng Tổ chức cơ sở đảng - đảng viên",
        "Ban Tổ chức Tỉnh ủy Bến Tre",
    ),
    ("phoban", Role.LEADER, "Võ Thị Mỹ Linh", "Phó Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy Bến Tre"),
    ("admin", Role.ADMINISTRATOR, "Huỳnh Thanh Sơn", "Quản trị hệ thống", "Văn phòng Tỉnh ủy Bến Tre"),
]


# What the accounts' headers say from 01/07/2025, once the grassroots are carried into today's Vĩnh Long (assumed for
# the demo: the provincial staff went on in Vĩnh Long's bodies, `tochuchuyen` in the province's department, the agency
# under its post-2025 name): (title, organization); `canbo` and `coso` below.
TODAY_HEADERS = {
    "tochuc": ("Chuyên viên Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy Vĩnh Long"),
    "lanhdao": (
        "Phó Bí thư Tỉnh ủy (từ 01/07/2025; trước đó Phó Bí thư Thường trực Tỉnh ủy Bến Tre)",
        "Tỉnh ủy Vĩnh Long",
    ),
    "coquan": ("Chánh Văn phòng Sở", "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long"),
    "tochuchuyen": (
        "Chuyên viên Phòng Tổ chức cơ sở đảng - đảng viên (từ 01/07/2025; trước đó Ban Tổ chức Huyện ủy Ba Tri)",
        "Ban Tổ chức Tỉnh ủy Vĩnh Long",
    ),
    "truongphong": ("Trưởng phòng Tổ chức cơ sở đảng - đảng viên", "Ban Tổ chức Tỉnh ủy Vĩnh Long"),
    "phoban": ("Phó Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy Vĩnh Long"),
    "admin": ("Quản trị hệ thống", "Văn phòng Tỉnh ủy Vĩnh Long"),
}

# Demo accounts that are cadres themselves: the leader follows a district, the cadre a Ba Tri hamlet.
LINKED_PEOPLE = {"lanhdao": "CB83-T002", "canbo": DEMO_CADRE}


def demo_accounts() -> list[tuple[str, str, str]]:
    """(user name, password, role) of each demo account."""
    return [(a[0], DEMO_PASSWORD, a[1].label) for a in ACCOUNTS]


def load_accounts(province: Unit) -> None:
    """The demo accounts with their scopes, and the cadres among them linked to their person records."""
    ba_tri = province.children.get(code=BA_TRI_CODE)
    new_province = Unit.objects.filter(level__key="province", code="86").exclude(valid_from=None).first()
    hamlet = Unit.objects.within(ba_tri).filter(level__key="hamlet").order_by("path").first()
    cell = PartyOrganization.objects.filter(unit=hamlet, kind=OrganizationKind.CELL).first()
    whole = [province] + ([new_province] if new_province else [])
    # Once the grassroots are carried into today's Vĩnh Long (demo.reform), staff have confirmed each account's
    # units of today beside those of before: Ba Tri's seven new communes, the hamlet's copy, the new province.
    ba_tri_today = list(
        Unit.objects.filter(
            successions_in__predecessor__parent=ba_tri, successions_in__date=REFORM_DATE, level__key="commune"
        )
        .distinct()
        .order_by("path")
    )
    xa_ba_tri = next((u for u in ba_tri_today if u.code == XA_BA_TRI), None)
    hamlet_today = Unit.objects.filter(successions_in__predecessor=hamlet, successions_in__date=REFORM_DATE).first()
    carried = hamlet_today is not None
    scopes = {
        "tochuc": {"capture_units": whole},
        "lanhdao": {"view_units": whole},
        "canbo": {"capture_units": [ba_tri] + ([xa_ba_tri] if carried else [])},
        "tochuchuyen": {"capture_units": [ba_tri] + (ba_tri_today if carried else [])},
        "coso": {"capture_units": [hamlet] + ([hamlet_today] if carried else [])},
        "coquan": {"view_units": [province] + ([new_province] if carried and new_province else [])},
        "admin": {},
        "truongphong": {"capture_units": whole},
        "phoban": {"view_units": whole},
    }
    for username, role, full_name, title, organization in ACCOUNTS:
        if username == "coso" and cell is not None:
            title, organization = "Bí thư " + cell.name, hamlet.name
        if carried and username in TODAY_HEADERS:
            title, organization = TODAY_HEADERS[username]
        if username == "canbo" and carried:
            title, organization = (
                "Đảng ủy viên (từ 01/07/2025; trước đó " + title + ")",
                "Đảng ủy " + in_sentence(xa_ba_tri.name),
            )
        account_upsert(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            title=title,
            organization=organization,
            **scopes[username],
        )
    _link_people_to_accounts()


def _link_people_to_accounts() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LINKED_PEOPLE)}
    for username, code in LINKED_PEOPLE.items():
        Person.objects.filter(code=code).exclude(user=users[username]).update(user=users[username])
