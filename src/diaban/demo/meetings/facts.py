"""What the meetings of the demo draw on: the period, the attendance rules as their documents give them, the
titles of the cadres who follow units, and the texts (data/meetings.json)."""

import datetime
from dataclasses import dataclass

from diaban.demo.common import data
from diaban.meetings.choices import Period

SEED = 2024_06_30
START = datetime.date(2024, 1, 1)
END = datetime.date(2025, 6, 30)
# The periods cadres plan their attendance over: the year 2024 and the first half of 2025.
PERIODS = [(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)), (datetime.date(2025, 1, 1), END)]
AHEAD = datetime.timedelta(days=90)  # meetings planned ahead of today


@dataclass(frozen=True)
class Span:
    """A stretch of the demo's calendar: its days, the periods cadres plan their attendance over (up to today),
    the days from which the demo cadre has surely attended a meeting (what he opens first shows a recent one), and
    the seed of its draws."""

    start: datetime.date
    end: datetime.date
    periods: tuple
    recent_from: datetime.date
    seed: int

    def thematic_months(self) -> list[tuple[int, int]]:
        """The middle month of each quarter inside the span: about one thematic meeting a quarter."""
        months, day = [], self.start
        while day <= self.end:
            if day.month % 3 == 2:
                months.append((day.year, day.month))
            day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return months


# Bến Tre's last eighteen months with three tiers.
BEFORE_REFORM = Span(START, END, tuple(PERIODS), datetime.date(2025, 6, 1), SEED)


def after_reform(today: datetime.date) -> Span:
    """Today's Vĩnh Long from 01/07/2025 to the end of the month three months after `today`; the periods are the
    calendar years, the last one cut at today."""
    start = datetime.date(2025, 7, 1)
    ahead = today + AHEAD
    end = (ahead.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    periods = []
    for year in range(start.year, today.year + 1):
        first, last = max(start, datetime.date(year, 1, 1)), min(today, datetime.date(year, 12, 31))
        if first <= last:
            periods.append((first, last))
    return Span(start, max(end, start), tuple(periods), today - datetime.timedelta(days=40), SEED + 1)


BEN_TRE_DOCUMENT = (
    "Quy định số 13-QĐ/TU của Ban Thường vụ Tỉnh ủy Bến Tre (số lần tối thiểu là giả định của dữ liệu mẫu)"
)
BEN_TRE_FROM = datetime.date(2020, 11, 2)
VINH_LONG_CODE = "86"
VINH_LONG_DOCUMENT = (
    "Quy định của Ban Thường vụ Tỉnh ủy Vĩnh Long về phân công cấp ủy viên, cán bộ theo dõi, phụ trách cơ sở "
    "sau sắp xếp (số hiệu và số lần tối thiểu là giả định của dữ liệu mẫu)"
)
VINH_LONG_FROM = datetime.date(2025, 7, 1)
BEN_TRE_UNTIL = datetime.date(2025, 6, 30)
SON_LA_CODE = "14"
SON_LA_DOCUMENT = "Quy định số 1120-QĐ/TU ngày 20/01/2020 của Ban Thường vụ Tỉnh ủy Sơn La"
SON_LA_MONTHLY_DOCUMENT = (
    "Yêu cầu của Ban Thường vụ Tỉnh ủy Sơn La đối với các huyện ủy, thành ủy, nêu trong bài «Đưa việc phân công "
    "cấp ủy cấp tỉnh về dự sinh hoạt chi bộ khu dân cư vào nền nếp» ngày 10/08/2020; không phải văn bản có số hiệu"
)

PROVINCE_STANDING = ["Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"]
# The titles demo.assignments gives the provincial cadres following communes and the district cadres following
# hamlets.
PROVINCE_FOLLOWERS = [
    "Tỉnh ủy viên",
    "Giám đốc Sở",
    "Phó Giám đốc Sở",
    "Trưởng ban, ngành, đoàn thể tỉnh",
    "Ủy viên Ủy ban Kiểm tra Tỉnh ủy",
]
DISTRICT_FOLLOWERS = [
    "Huyện ủy viên",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Trưởng ban, ngành, đoàn thể huyện",
    "Ủy viên Ủy ban Kiểm tra Huyện ủy",
]
# The members of the communes' party committees, who follow the hamlets after the reform (demo.reform).
COMMUNE_FOLLOWERS = ["Đảng ủy viên"]
DISTRICT_COMMITTEE = ["Bí thư Huyện ủy", "Phó Bí thư Huyện ủy", "Ủy viên Ban Thường vụ Huyện ủy", "Huyện ủy viên"]

# The rules as the documents give them; `excluded` lists (level, titles) pairs.
RULES = [
    {
        "unit": "son_la",
        "name": "Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ khu dân cư ở huyện, thành phố được phân công",
        # The permanent members (Thường trực Tỉnh ủy) attend anywhere in the province, with no count given.
        "titles": ("province", ["Ủy viên Ban Thường vụ Tỉnh ủy"]),
        "minimum": 2,
        "period": Period.YEAR,
        "document": SON_LA_DOCUMENT,
        "valid_from": datetime.date(2020, 1, 20),
    },
    {
        "unit": "son_la",
        "name": "Tỉnh ủy viên không là bí thư huyện ủy dự sinh hoạt chi bộ khu dân cư được phân công phụ trách",
        "titles": ("province", ["Tỉnh ủy viên"]),
        # District secretaries attend in the district they lead; Standing Committee members have their own rule.
        "excluded": [("district", ["Bí thư Huyện ủy"]), ("province", PROVINCE_STANDING)],
        "minimum": 3,
        "period": Period.YEAR,
        "document": SON_LA_DOCUMENT,
        "valid_from": datetime.date(2020, 1, 20),
    },
    {
        "unit": "son_la",
        "name": "Cấp ủy viên huyện dự sinh hoạt chi bộ hằng tháng theo phân công của huyện ủy, thành ủy",
        "titles": ("district", DISTRICT_COMMITTEE),
        "minimum": 1,
        "period": Period.MONTH,
        "document": SON_LA_MONTHLY_DOCUMENT,
        "valid_from": datetime.date(2020, 8, 10),
        "valid_until": datetime.date(2025, 6, 30),  # district committees abolished on 01/07/2025
    },
    {
        "unit": "ben_tre",
        "name": "Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ ở huyện, thành phố được phân công phụ trách",
        "titles": ("province", PROVINCE_STANDING),
        "minimum": 2,
        "period": Period.YEAR,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    {
        "unit": "ben_tre",
        "name": "Tỉnh ủy viên, lãnh đạo sở, ban, ngành, đoàn thể tỉnh dự sinh hoạt chi bộ ở xã được phân công theo dõi",
        "titles": ("province", PROVINCE_FOLLOWERS),
        "minimum": 3,
        "period": Period.YEAR,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    {
        "unit": "ben_tre",
        "name": "Cán bộ huyện dự sinh hoạt chi bộ ở ấp, khu phố được phân công theo dõi",
        "titles": ("district", DISTRICT_FOLLOWERS),
        "minimum": 1,
        "period": Period.QUARTER,
        "document": BEN_TRE_DOCUMENT,
        "valid_from": BEN_TRE_FROM,
        "valid_until": BEN_TRE_UNTIL,
    },
    # Commune cadres had no rule: they followed residents' groups and households, which hold no cell meetings.
    # Today's Vĩnh Long, from 01/07/2025: no district level; the provincial cadres follow the new communes and
    # the communes' cadres follow the hamlets carried under them ("Xã nắm tới ấp, khu phố").
    {
        "unit": "vinh_long",
        "name": "Ủy viên Ban Thường vụ Tỉnh ủy dự sinh hoạt chi bộ ở xã, phường được phân công phụ trách",
        "titles": ("province", PROVINCE_STANDING),
        "minimum": 2,
        "period": Period.YEAR,
        "document": VINH_LONG_DOCUMENT,
        "valid_from": VINH_LONG_FROM,
    },
    {
        "unit": "vinh_long",
        "name": "Tỉnh ủy viên, lãnh đạo sở, ban, ngành, đoàn thể tỉnh dự sinh hoạt chi bộ ở xã, phường được phân "
        "công theo dõi",
        "titles": ("province", PROVINCE_FOLLOWERS),
        "minimum": 3,
        "period": Period.YEAR,
        "document": VINH_LONG_DOCUMENT,
        "valid_from": VINH_LONG_FROM,
    },
    {
        "unit": "vinh_long",
        "name": "Đảng ủy viên xã, phường dự sinh hoạt chi bộ ở ấp, khu phố được phân công theo dõi",
        "titles": ("commune", COMMUNE_FOLLOWERS),
        "minimum": 1,
        "period": Period.QUARTER,
        "document": VINH_LONG_DOCUMENT,
        "valid_from": VINH_LONG_FROM,
    },
]

# Yearly attendances the cadres plan for, by the level of the unit they follow (the rules above).
YEARLY_MINIMUM = {"district": 2, "commune": 3, "hamlet": 4}

_TEXTS = data("meetings")
MOVE_NOTES = _TEXTS["move_notes"]
POSTPONE_NOTES = _TEXTS["postpone_notes"]
TOPICS = _TEXTS["topics"]  # of thematic meetings
DRY_SEASON_TOPIC = _TEXTS["dry_season_topic"]  # December to May in the Mekong delta
TOPICS_2025 = _TEXTS["topics_2025"]
