"""Recommendations of the Bến Tre demo: a year (01/07/2024–30/06/2025) of kiến nghị from every channel, routed to
the bodies of the province that answer them, with the whole history of each.

What is real: the province's departments, its police and the People's Committees of its nine districts (named as
they were before 07/2025), the topics and their deadlines (migration 0003), Vietnam's working days, the problems
of the province that year (the dry season and saline intrusion, rural roads and small bridges, land certificates
and land-use plans left unexecuted, the campaign to replace makeshift houses, coconut pests, riverbank erosion,
falling durian prices, theft, phone scams, dengue). What is assumed (the articles do not say): how fast each agency
answers (a median from about 3 working days for the provincial police to about 22 for the Department of Natural
Resources and Environment, see AGENCIES and DISTRICT_SPEEDS), how often staff answer on the spot, return, ask for
information or send a case up, and how often the answer is told back. Generated (deterministic, seeded): which
unit raised what, when, in which words, who raised it (people's names and phone numbers are invented), the answers.

Every recommendation the meeting and trip reports made (demo_reports, demo_visits) gets a topic and a life; new
ones come in through petitions, public opinion, units' reports and direct entry. Fourteen groups join the same
problem raised by several communes in their own words (GROUP_TITLES); some were answered together, some are open.
Auto-escalations follow `services.escalate_overdue` as if `diaban remind` had run every day of the year: on the
first day a case is more than its topic's `escalate_after_days` working days past its deadline, with the reason
in the service's words (naming the deadline that was missed). Loaded once; a second run changes nothing.
"""

import datetime
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.dates import format_date
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.text import fold
from diaban.core.workdays import add_working_days, is_working_day, working_days_after
from diaban.demo_assignments import _FAMILY, _GIVEN, _MIDDLE
from diaban.demo_meetings import _refresh_statistics
from diaban.demo_visits import _stamps_as_given
from diaban.feedback.choices import (
    AgencyKind,
    AuthorityLevel,
    EventAction,
    RaiserKind,
    RecommendationSource,
    RecommendationStatus,
)
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, RecommendationGroup, Topic
from diaban.feedback.selectors import suggest_topic
from diaban.feedback.services import deadline_for
from diaban.meetings.models import MeetingReport
from diaban.people.choices import Gender
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

SEED = 2025_06_30
START = datetime.date(2024, 7, 1)
END = datetime.date(2025, 6, 30)
NEW_TOTAL = 640  # recommendations of the other channels, besides those of the groups
D = datetime.date
S = RecommendationStatus
SOURCE = RecommendationSource

# Topic keys and the names of migration 0003.
TOPICS = {
    "land": "Đất đai",
    "roads": "Giao thông nông thôn",
    "water": "Nước sạch, thủy lợi, hạn mặn",
    "social": "Chính sách xã hội",
    "health": "Y tế, giáo dục",
    "env": "Môi trường",
    "production": "Sản xuất, kinh tế",
    "security": "An ninh, trật tự",
    "party": "Công tác đảng, chính quyền",
    "other": "Khác",
}
LOCAL_TOPICS = ("land", "roads", "water", "social", "health", "env", "production", "other")

# key, name, kind, topics, pace: the median working days from receipt to answer for a topic due in 15 working days
# (the demo's assumption; sooner for topics due sooner, later for those due later).
AGENCIES = [
    ("nn", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT,
     ("water", "production"), 6),
    ("tnmt", "Sở Tài nguyên và Môi trường tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("land", "env"), 20),
    ("gtvt", "Sở Giao thông vận tải tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("roads",), 20),
    ("ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("social",), 9),
    ("yte", "Sở Y tế tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("health",), 9),
    ("gddt", "Sở Giáo dục và Đào tạo tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("health",), 11),
    ("ca", "Công an tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("security",), 5),
    ("noivu", "Sở Nội vụ tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("party",), 12),
    ("congthuong", "Sở Công Thương tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("production",), 12),
    ("bhxh", "Bảo hiểm xã hội tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("social",), 8),
    ("tttt", "Sở Thông tin và Truyền thông tỉnh Bến Tre", AgencyKind.PROVINCIAL_DEPARTMENT, ("other",), 14),
    ("tuyengiao", "Ban Tuyên giáo Tỉnh ủy Bến Tre", AgencyKind.PARTY_BODY, ("party",), 10),
    ("capnuoc", "Công ty Cổ phần Cấp thoát nước Bến Tre", AgencyKind.OTHER, ("water",), 6),
]  # fmt: skip
# The People's Committees of the districts answer the local topics of their district, each at its own pace.
DISTRICT_SPEEDS = {"829": 7, "831": 10, "832": 12, "833": 14, "834": 8, "835": 13, "836": 6, "837": 16, "838": 11}
AGENCY_ACCOUNTS = {"nn": "coquan"}  # the demo's agency account works the queue of its department
BA_TRI = "836"
URBAN_WATER = ("829", "831")  # the water company's network: the city and Châu Thành
STANDING_ANSWER_DAYS = (4, 18)  # working days the Standing Committee takes to answer what is sent up


# ---------------------------------------------------------------------------------------------------------
# Groups: the same problem raised by several communes, each in its own words.


@dataclass(frozen=True)
class GroupSpec:
    title: str
    topic: str
    agency: str  # key of AGENCIES, or a district code for its People's Committee
    outcome: str  # "agency": answered together by the agency; "standing": by the Standing Committee; "open"
    first: datetime.date
    last: datetime.date
    members: tuple  # (commune code, source, text)
    answer: str = ""


PET, OPI, REP, DIR = SOURCE.PETITION, SOURCE.PUBLIC_OPINION, SOURCE.UNIT_REPORT, SOURCE.DIRECT
GROUPS = [
    GroupSpec(
        "Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn ở các xã ven biển", "water", "nn", "agency",
        D(2025, 2, 17), D(2025, 2, 28),
        (
            ("29125", DIR, "Mùa khô mặn vào sớm, ao và giếng đều nhiễm mặn, nhiều hộ không còn nước ngọt để ăn uống; "
             "đề nghị hỗ trợ chở nước ngọt cho dân."),
            ("29221", REP, "Xâm nhập mặn sâu, giếng khoan bị lợ, bà con thiếu nước sinh hoạt; kiến nghị có phương án "
             "cấp nước khẩn cấp cho các ấp ven biển."),
            ("29101", OPI, "Cuối tuyến ống nước máy mấy tuần nay không có nước trong khi nước kênh đã mặn; đề nghị "
             "tăng giờ cấp nước sinh hoạt hoặc chở nước ngọt về ấp."),
            ("29224", OPI, "Độ mặn trên sông lên cao, nước ngọt dự trữ đã cạn, người và gia súc đều thiếu nước sinh "
             "hoạt; đề nghị sớm hỗ trợ."),
        ),
        "Sở Nông nghiệp và Phát triển nông thôn đã phối hợp Ủy ban nhân dân các huyện Ba Tri, Thạnh Phú, Bình Đại "
        "cấp bồn chứa nước cho hộ nghèo, hộ cận nghèo chưa có dụng cụ trữ nước; Trung tâm Nước sạch và Vệ sinh môi "
        "trường nông thôn tăng giờ cấp nước cuối tuyến và bố trí xe, ghe chở nước ngọt miễn phí đến các ấp thiếu "
        "nước cho đến khi độ mặn giảm. Đề nghị Ủy ban nhân dân các xã lập danh sách hộ cần hỗ trợ gửi về Sở.",
    ),
    GroupSpec(
        "Sạt lở bờ sông uy hiếp nhà dân và đất sản xuất", "water", "nn", "open", D(2025, 6, 9), D(2025, 6, 20),
        (
            ("28885", DIR, "Bờ sông đoạn qua ấp sạt lở nghiêm trọng, ăn sâu vào đất vườn, ba căn nhà phải di dời; đề "
             "nghị sớm xây kè chống sạt lở."),
            ("28882", REP, "Đất ven sông liên tục bị lở khi triều cường, nhiều hộ sát mé sông lo mất nhà; kiến nghị "
             "khảo sát, bố trí tái định cư cho hộ trong vùng sạt lở."),
            ("28921", DIR, "Sạt lở bờ sông làm mất đất sản xuất của bà con, có đoạn đã lấn tới chân nhà; đề nghị cắm "
             "biển cảnh báo và đầu tư kè bảo vệ."),
            ("29215", OPI, "Lở đất bờ sông lan rộng, ghe cát chạy sát bờ gây sóng; đề nghị kiểm tra việc khai thác "
             "cát và gia cố bờ sông."),
        ),
    ),
    GroupSpec(
        "Giá sầu riêng giảm, thương lái ngưng thu mua", "production", "congthuong", "open",
        D(2025, 4, 10), D(2025, 6, 10),
        (
            ("28894", REP, "Giá sầu riêng giảm mạnh, thương lái ngưng thu mua; đề nghị tỉnh hỗ trợ tìm đầu ra cho nhà "
             "vườn."),
            ("28900", OPI, "Sầu riêng đến kỳ thu hoạch không bán được, giá chỉ còn một nửa; kiến nghị kết nối doanh "
             "nghiệp thu mua sầu riêng."),
            ("28930", DIR, "Sầu riêng rớt giá, nhiều vườn để trái chín rụng vì bán không ai mua; đề nghị ngành công "
             "thương hỗ trợ tiêu thụ."),
        ),
    ),
    GroupSpec(
        "Quy hoạch treo: đất của dân nằm trong dự án nhiều năm chưa thực hiện", "land", "tnmt", "standing",
        D(2024, 8, 1), D(2024, 9, 10),
        (
            ("28999", REP, "Đất của nhiều hộ nằm trong quy hoạch khu dân cư từ năm 2015 đến nay chưa triển khai, "
             "người dân không được xây nhà, tách thửa; đề nghị công bố rõ có thực hiện dự án hay không."),
            ("28957", OPI, "Quy hoạch treo nhiều năm làm bà con không được cấp phép sửa nhà, chuyển nhượng đất; kiến "
             "nghị hủy bỏ hoặc điều chỉnh quy hoạch."),
            ("28804", DIR, "Đề nghị cho các hộ trong vùng quy hoạch chưa thực hiện được chuyển mục đích, tách thửa, "
             "sửa chữa nhà như bình thường."),
        ),
        "Thường trực Tỉnh ủy chỉ đạo Ban cán sự đảng Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường cùng Ủy "
        "ban nhân dân các huyện rà soát các dự án có trong kế hoạch sử dụng đất quá thời hạn mà chưa thực hiện, trình "
        "điều chỉnh hoặc hủy bỏ theo Luật Đất đai năm 2024 và công bố công khai; trong khi chờ, người dân trong vùng "
        "quy hoạch được sửa chữa nhà, chuyển mục đích, tách thửa theo quy định. Giao Ban Tổ chức Tỉnh ủy theo dõi, "
        "báo cáo Thường trực.",
    ),
    GroupSpec(
        "Cầu tạm, cầu khỉ xuống cấp, học sinh đi học nguy hiểm", "roads", "gtvt", "open",
        D(2025, 3, 24), D(2025, 5, 9),
        (
            ("29233", DIR, "Cây cầu gỗ vào ấp đã mục, lan can gãy, học sinh đi học qua lại rất nguy hiểm; đề nghị sớm "
             "xây cầu bê tông."),
            ("29104", OPI, "Cầu khỉ qua kênh chỉ có một cây tre làm tay vịn, mùa mưa trơn trượt, phụ huynh phải đưa "
             "con đi học; kiến nghị làm cầu giao thông nông thôn."),
            ("28978", REP, "Cầu sắt nhỏ trên đường liên ấp rỉ sét, mặt cầu thủng, xe chở học sinh qua cầu không an "
             "toàn; đề nghị sửa chữa hoặc làm cầu mới."),
            ("29170", DIR, "Cây cầu tạm qua rạch đã sập, học sinh phải đi đò hoặc đi vòng xa để đến trường; đề nghị "
             "bố trí vốn xây lại cầu."),
        ),
    ),
    GroupSpec(
        "Trộm cắp gia súc, gia cầm ban đêm", "security", "ca", "agency", D(2024, 11, 18), D(2024, 11, 25),
        (
            ("29008", DIR, "Trộm bò, trộm heo xảy ra liên tiếp vào ban đêm, người dân phải thức canh; đề nghị công an "
             "tăng cường tuần tra."),
            ("28819", OPI, "Trộm chó, trộm gà vịt ban đêm diễn ra nhiều, kẻ trộm đi xe máy, dùng súng điện; kiến nghị "
             "xử lý nghiêm."),
            ("28889", REP, "Nhiều hộ chăn nuôi bị mất trộm bò ngay trong chuồng; đề nghị công an xã cùng dân phòng "
             "tuần tra ban đêm."),
            ("29122", DIR, "Nạn trộm cắp vật nuôi làm người dân lo lắng, có hộ mất gần hết đàn vịt; đề nghị tăng "
             "cường tuần tra, truy bắt kẻ trộm."),
        ),
        "Công an tỉnh đã chỉ đạo công an các huyện Giồng Trôm, Châu Thành, Mỏ Cày Bắc, Ba Tri mở đợt cao điểm tấn "
        "công trấn áp tội phạm trộm cắp tài sản dịp cuối năm; tăng cường tuần tra ban đêm cùng lực lượng tham gia "
        "bảo vệ an ninh, trật tự ở cơ sở; đã bắt giữ một số đối tượng trộm bò, trộm chó. Đề nghị người dân khóa "
        "chuồng trại, báo ngay cho công an xã khi phát hiện người lạ.",
    ),
    GroupSpec(
        "Hộ nghèo ở nhà tạm, nhà dột nát chưa được hỗ trợ", "social", "ldtbxh", "agency",
        D(2025, 2, 10), D(2025, 2, 21),
        (
            ("29089", DIR, "Trong ấp còn mấy hộ nghèo ở nhà tạm, vách lá, mái dột nát; đề nghị đưa vào diện hỗ trợ "
             "xóa nhà tạm năm 2025."),
            ("29227", REP, "Nhà của một số hộ cận nghèo, gia đình chính sách đã dột nát, có nguy cơ sập khi mưa bão; "
             "kiến nghị hỗ trợ xây mới hoặc sửa chữa nhà trong đợt xóa nhà tạm."),
            ("29155", DIR, "Mức hỗ trợ xây nhà cho hộ nghèo hiện nay thấp, hộ không có vốn đối ứng thì không xây được "
             "nhà kiên cố; đề nghị nâng mức hỗ trợ xóa nhà tạm, nhà dột nát."),
            ("28981", OPI, "Bà con phản ánh việc chọn hộ được hỗ trợ xóa nhà tạm, nhà dột nát chưa công khai, có hộ "
             "khó khăn thật sự chưa được xét; đề nghị rà soát lại."),
        ),
        "Sở Lao động - Thương binh và Xã hội đã tổng hợp các trường hợp nêu vào danh sách hỗ trợ xóa nhà tạm, nhà "
        "dột nát năm 2025 của tỉnh (60 triệu đồng mỗi căn xây mới, 30 triệu đồng mỗi căn sửa chữa); Ủy ban Mặt trận "
        "Tổ quốc và doanh nghiệp vận động hỗ trợ thêm cho hộ không có vốn đối ứng. Danh sách được niêm yết công "
        "khai tại ấp để người dân giám sát.",
    ),
    GroupSpec(
        "Mùi hôi, nước thải từ trại chăn nuôi heo", "env", "tnmt", "open", D(2025, 3, 20), D(2025, 5, 20),
        (
            ("29011", OPI, "Trại heo gần khu dân cư thải nước chưa xử lý ra kênh, mùi hôi nồng nặc; người dân phản "
             "ánh nhiều lần chưa được giải quyết."),
            ("28927", DIR, "Kiến nghị kiểm tra cơ sở chăn nuôi heo quy mô lớn gây ô nhiễm, nước thải chảy tràn ra "
             "vườn của các hộ xung quanh."),
            ("28888", DIR, "Đề nghị cơ quan môi trường xử phạt trại nuôi heo xả thải gây ô nhiễm, kênh rạch đen ngòm, "
             "cá chết."),
        ),
    ),
    GroupSpec(
        "Rác thải sinh hoạt ở các ấp chưa được thu gom", "env", "834", "agency", D(2024, 9, 5), D(2024, 9, 30),
        (
            ("29014", DIR, "Xe thu gom rác chưa vào tới ấp, người dân phải đổ rác ven đường, xuống kênh hoặc đốt; đề "
             "nghị mở rộng tuyến thu gom rác."),
            ("29044", OPI, "Bãi rác tự phát ở đầu cầu ngày càng lớn, bốc mùi; kiến nghị dọn dẹp và bố trí điểm tập "
             "kết rác có người quản lý."),
            ("29038", REP, "Các ấp xa trung tâm xã chưa có dịch vụ thu gom rác sinh hoạt, rác thải nhựa vứt bừa bãi; "
             "đề nghị huyện có kế hoạch thu gom."),
            ("29032", DIR, "Việc thu gom rác thất thường, có tuần không đến lấy, rác ùn ứ trước nhà dù bà con đã đóng "
             "phí; đề nghị chấn chỉnh."),
        ),
        "Ủy ban nhân dân huyện Giồng Trôm đã giao Phòng Tài nguyên và Môi trường cùng đơn vị thu gom bổ sung tuyến "
        "đến các ấp của các xã Sơn Phú, Hưng Nhượng, Tân Lợi Thạnh, Bình Thành, thu gom hai lần mỗi tuần; xóa các "
        "điểm rác tự phát, bố trí điểm tập kết có mái che. Ủy ban nhân dân các xã vận động người dân phân loại rác "
        "tại nguồn và để rác đúng giờ, đúng nơi.",
    ),
    GroupSpec(
        "Sâu đầu đen gây hại vườn dừa", "production", "nn", "agency", D(2024, 7, 8), D(2024, 7, 31),
        (
            ("28939", DIR, "Sâu đầu đen phát triển mạnh trên vườn dừa, lá dừa cháy khô, năng suất giảm; đề nghị hỗ "
             "trợ thuốc và ong ký sinh để phòng trừ."),
            ("29002", REP, "Nhiều vườn dừa bị sâu ăn lá, tàu lá vàng úa, nông dân tự xịt thuốc không hiệu quả; kiến "
             "nghị ngành nông nghiệp hướng dẫn cách trị sâu đầu đen."),
            ("28843", DIR, "Dịch sâu hại dừa lan rộng, cây bị sâu đầu đen tấn công nặng gần như không cho trái; đề "
             "nghị phòng trừ đồng loạt."),
            ("29134", OPI, "Sâu hại dừa bùng phát trở lại sau mùa nắng; đề nghị thả thiên địch và tập huấn nhận biết, "
             "xử lý sâu trên vườn dừa."),
        ),
        "Sở đã giao Chi cục Trồng trọt và Bảo vệ thực vật phối hợp các huyện điều tra mật độ sâu đầu đen, cấp ong ký "
        "sinh thả tại các vườn bị nhiễm và hỗ trợ thuốc cho hộ bị hại nặng; tổ chức tập huấn nhận biết sâu, cắt tỉa "
        "tàu lá bị hại, không phun thuốc tràn lan để bảo vệ thiên địch.",
    ),
    GroupSpec(
        "Thanh thiếu niên sử dụng bóng cười, chất kích thích", "security", "ca", "open",
        D(2025, 6, 9), D(2025, 6, 20),
        (
            ("28756", OPI, "Thanh thiếu niên tụ tập hút bóng cười ở các quán ven đường, ban đêm đua xe gây mất trật "
             "tự; đề nghị xử lý các điểm bán bóng cười."),
            ("28810", OPI, "Có nhóm thanh thiếu niên tụ tập khuya trong khu phố hút bóng cười, nghi sử dụng cả ma "
             "túy; đề nghị tăng cường kiểm tra."),
            ("28903", REP, "Kiến nghị ngăn chặn việc mua bán bóng cười, chất kích thích cho giới trẻ ở các quán cà "
             "phê hoạt động khuya."),
        ),
    ),
    GroupSpec(
        "Sốt xuất huyết tăng, cần phun thuốc diệt muỗi", "health", "yte", "agency", D(2024, 7, 22), D(2024, 8, 14),
        (
            ("29182", DIR, "Trong khu phố đã có nhiều trường hợp sốt xuất huyết phải nhập viện, có cháu nhỏ; đề nghị "
             "ngành y tế phun thuốc diệt muỗi và hướng dẫn bà con diệt lăng quăng."),
            ("29077", REP, "Số ca sốt xuất huyết tăng trong tháng qua, người dân lo lắng; kiến nghị tổ chức phun hóa "
             "chất diệt muỗi trên diện rộng chứ không chỉ quanh nhà bệnh nhân."),
            ("29173", OPI, "Muỗi nhiều do mương rãnh ứ đọng, đã có người bệnh sốt xuất huyết; đề nghị trạm y tế xã "
             "kiểm tra, xử lý ổ dịch kịp thời."),
            ("28873", DIR, "Mùa mưa năm nay dịch sốt xuất huyết bùng phát ở ấp, đề nghị cấp thuốc diệt muỗi, mùng tẩm "
             "hóa chất cho hộ nghèo."),
            ("28780", OPI, "Bà con phản ánh trong hẻm có hai nhà cùng có người bị sốt xuất huyết mà chưa thấy ai đến "
             "phun thuốc muỗi; đề nghị xử lý sớm."),
        ),
        "Sở Y tế đã chỉ đạo Trung tâm Y tế các huyện, thành phố phun hóa chất diệt muỗi tại các ổ dịch và vùng nguy "
        "cơ, tổ chức chiến dịch diệt lăng quăng tại hộ gia đình; trạm y tế xã giám sát ca bệnh hằng ngày. Đề nghị "
        "người dân đậy kín dụng cụ chứa nước, ngủ mùng, đến cơ sở y tế ngay khi sốt cao.",
    ),
    GroupSpec(
        "Lừa đảo qua điện thoại, mạng xã hội", "security", "ca", "agency", D(2024, 9, 23), D(2024, 9, 30),
        (
            ("28852", DIR, "Nhiều người lớn tuổi bị gọi điện giả danh công an, tòa án lừa chuyển tiền; đề nghị tăng "
             "cường tuyên truyền để bà con cảnh giác với lừa đảo qua điện thoại."),
            ("29071", OPI, "Có hộ bị lừa đảo qua mạng xã hội, mất hơn trăm triệu đồng vì tin lời tuyển cộng tác viên "
             "online; kiến nghị công an điều tra, thu hồi tiền."),
            ("29194", REP, "Đề nghị công an hướng dẫn người dân nhận biết các cuộc gọi lừa đảo, giả danh cán bộ yêu "
             "cầu cập nhật định danh điện tử, tài khoản ngân hàng."),
            ("28936", DIR, "Lừa đảo chiếm đoạt tài sản qua điện thoại, mạng xã hội ngày càng tinh vi; đề nghị cảnh "
             "báo thường xuyên trên loa truyền thanh ấp."),
        ),
        "Công an tỉnh đã phát cảnh báo về các thủ đoạn lừa đảo qua điện thoại, mạng xã hội trên loa truyền thanh và "
        "nhóm Zalo của các ấp; công an xã đến từng hộ hướng dẫn sử dụng tài khoản định danh điện tử an toàn. Các vụ "
        "việc người dân trình báo đã được tiếp nhận, đang điều tra theo quy định.",
    ),
    GroupSpec(
        "Phòng học mẫu giáo xuống cấp, thiếu phòng học", "health", "gddt", "agency", D(2024, 7, 10), D(2024, 7, 31),
        (
            ("29212", DIR, "Điểm lẻ mẫu giáo ở ấp là phòng học cấp bốn đã cũ, mái tôn thủng, mưa dột; đề nghị sửa "
             "chữa phòng học trước năm học mới."),
            ("29158", REP, "Trường mầm non của xã thiếu phòng học, nhiều cháu 3–4 tuổi chưa được nhận vào lớp; kiến "
             "nghị xây thêm phòng học mẫu giáo."),
            ("29026", OPI, "Lớp mẫu giáo ở ấp học nhờ nhà văn hóa, chật chội, không có sân chơi, nhà vệ sinh cho trẻ; "
             "đề nghị xây điểm trường mẫu giáo mới."),
            ("29083", DIR, "Phòng học mẫu giáo của trường mầm non xã xuống cấp, tường nứt, nền ngập khi triều cường; "
             "kiến nghị sớm cải tạo để bảo đảm an toàn cho trẻ."),
        ),
        "Sở Giáo dục và Đào tạo đã phối hợp Ủy ban nhân dân các huyện sửa chữa tạm các phòng học mầm non dột, nứt "
        "trước ngày khai giảng; điểm trường thiếu phòng được đưa vào danh mục đầu tư xây dựng năm 2025. Trong khi "
        "chờ, nhà trường nhận đủ trẻ tại điểm chính và bố trí xe đưa rước các cháu ở xa.",
    ),
]  # fmt: skip
GROUP_TITLES = [g.title for g in GROUPS]


# ---------------------------------------------------------------------------------------------------------
# Texts. "[a|b]" is one of the choices; {ap} a hamlet, {xa} the commune, {m} metres, {n} households.
# Each template has a hint for routing: "" (the topic's usual agencies) or an agency key.

TEXTS = {
    "roads": [
        ("Tuyến đường đal từ {ap} ra [trung tâm xã|chợ xã|trường tiểu học] dài khoảng {m} m [bị bể, lún nhiều đoạn|đã "
         "xuống cấp, ổ gà liên tục|hư hỏng nặng sau mùa mưa], [xe hai bánh đi lại rất khó khăn|trời mưa lầy lội, học "
         "sinh đi học vất vả]; đề nghị [sớm sửa chữa|đưa vào kế hoạch nâng cấp năm 2025|hỗ trợ xi măng, đá để nhân "
         "dân cùng làm].", ""),
        ("Đường vào {ap} quá hẹp, chỉ rộng hơn 1 m, xe cứu thương, xe chở nông sản không vào được; bà con [đồng ý hiến "
         "đất|sẵn sàng góp ngày công] để mở rộng, đề nghị Nhà nước hỗ trợ [vật tư|kinh phí] làm mặt đường.", ""),
        ("Kiến nghị lắp [biển báo|gờ giảm tốc] ở ngã ba đường vào {ap}, nơi xe tải chạy nhanh, đã xảy ra [nhiều|mấy] "
         "vụ tai nạn.", ""),
        ("Cây cầu bê tông trên đường liên ấp [bị nứt mố|lún đầu cầu|gãy lan can], xe tải nhẹ vẫn chạy qua; đề nghị "
         "kiểm tra, [gắn biển hạn chế tải trọng|sửa chữa kịp thời] trước khi xảy ra sự cố.", ""),
        ("Đoạn đường [ven kênh|ven rạch] ở {ap} bị sạt mép, mặt đường nứt dọc; đề nghị gia cố trước mùa triều cường.",
         ""),
        ("Người dân {ap} kiến nghị [lắp đèn chiếu sáng|thay các bóng đèn hư] trên tuyến đường liên ấp, ban đêm tối "
         "om, [học sinh đi học thêm về khuya rất nguy hiểm|dễ xảy ra trộm cắp].", ""),
        ("Đề nghị sớm hoàn thành tuyến đường [huyện|liên xã] qua {xa}, công trình kéo dài [hơn một năm|nhiều tháng], "
         "đất đá để ngổn ngang gây bụi và nguy hiểm cho người đi đường.", "gtvt"),
        ("Bến đò ngang ở {ap} [xuống cấp|thiếu áo phao], mùa nước lớn rất nguy hiểm; đề nghị kiểm tra an toàn và "
         "[trang bị áo phao|sửa lại cầu bến].", "gtvt"),
        ("Đề nghị nâng cấp tuyến đường [liên ấp|ra đường tỉnh] qua {ap} thành đường bê tông rộng 3,5 m, vì xe tải chở "
         "[dừa|cây giống|trái cây] lưu thông ngày càng nhiều.", ""),
        ("Tuyến đường nội đồng {ap} chưa được cứng hóa, mùa mưa không chở [lúa|dừa|cây giống] ra được; kiến nghị đưa "
         "vào chương trình [xây dựng nông thôn mới|giao thông nông thôn].", ""),
        ("Mặt đường bị đào lên để lắp ống nước nhưng [hoàn trả không đúng hiện trạng|để lâu chưa hoàn trả], nhiều chỗ "
         "lún gây té ngã; đề nghị yêu cầu đơn vị thi công khắc phục.", ""),
        ("Cống qua đường ở {ap} bị [sụp|bể], nước không thoát, mặt đường thành hố sâu; đề nghị thay cống mới.", ""),
    ],
    "water": [
        ("Kênh [thủy lợi|nội đồng] ở {ap} bị bồi lắng, lục bình phủ kín, [không lấy được nước tưới|thoát nước chậm]; "
         "đề nghị [nạo vét trong năm|hỗ trợ máy nạo vét].", ""),
        ("Cống [đầu kênh|bọng] ở {ap} [đóng không kín|cánh cống bị hư], nước mặn [tràn vào ruộng|vào vườn dừa]; đề "
         "nghị sửa chữa trước mùa khô.", ""),
        ("Còn {n} hộ ở {ap} chưa có nước máy vì [đường ống chưa kéo tới|chi phí đấu nối cao]; đề nghị [kéo thêm tuyến "
         "ống|hỗ trợ chi phí lắp đồng hồ nước cho hộ nghèo].", "nn"),
        ("Nước máy [có mùi lạ|đục, nhiều cặn|có vị lợ] mấy ngày nay; bà con đề nghị kiểm tra chất lượng nước [của trạm "
         "cấp nước|ở cuối tuyến].", "pipe"),
        ("Đê bao [ven sông|nội đồng] đoạn qua {ap} [thấp|bị lún], triều cường tràn qua làm ngập vườn cây; đề nghị "
         "nâng cấp đê bao.", ""),
        ("Đề nghị [khảo sát|đầu tư] trạm bơm điện cho cánh đồng {ap}, hiện bà con bơm nước bằng máy dầu tốn kém.",
         "nn"),
        ("Bà con {ap} kiến nghị thông báo lịch vận hành đóng, mở cống và độ mặn trên loa truyền thanh hằng ngày để bà "
         "con chủ động lấy nước tưới.", "nn"),
        ("Vườn [bưởi|sầu riêng|chôm chôm] của nhiều hộ bị [ảnh hưởng mặn|khô héo] do thiếu nước tưới trong mùa khô; "
         "đề nghị hỗ trợ túi trữ nước và hướng dẫn kỹ thuật tưới tiết kiệm.", "nn"),
        ("Đề nghị đào thêm [ao|hồ] trữ nước [tập trung|cho ấp] để tưới vườn trong mùa khô vì mấy năm nay mặn xâm nhập "
         "sâu.", "nn"),
        ("Bờ kênh [sạt lở|bị lở] lấn vào đường đal và nhà dân ở {ap}; đề nghị [gia cố bờ kênh|đóng cừ chống sạt].", ""),
        ("Hệ thống cấp nước ở {ap} [thường xuyên mất nước|cúp nước không báo trước]; đề nghị đơn vị cấp nước thông "
         "báo lịch và khắc phục.", "pipe"),
    ],
    "land": [
        ("Đề nghị [đo đạc lại|cắm mốc] ranh giới đất giữa [các hộ|hộ dân và đất công] ở {ap}, hiện có tranh chấp kéo "
         "dài, [đã hòa giải ở ấp nhưng không thành|bà con nhiều lần gửi đơn].", ""),
        ("Kiến nghị công khai quy hoạch sử dụng đất của {xa} để người dân biết [đất nào được chuyển mục đích|khu vực "
         "nào thuộc dự án].", ""),
        ("Đề nghị giải quyết dứt điểm việc [bồi thường|hỗ trợ] cho các hộ bị thu hồi đất làm [đường|đê|kè] năm "
         "[2022|2023], đến nay vẫn chưa nhận đủ tiền.", ""),
        ("Nhiều hộ [lấn chiếm|xây dựng trên] đất hành lang [kênh|lộ giới] ở {ap}, chính quyền chưa xử lý; đề nghị "
         "kiểm tra.", ""),
        ("Đề nghị hướng dẫn thủ tục chuyển mục đích từ đất vườn sang đất ở cho hộ cần cất nhà cho con, vì chi phí [cao|"
         "quá cao so với thu nhập].", "tnmt"),
        ("Phần đất công [do ấp quản lý|bãi bồi ven sông] bị cá nhân chiếm dụng [nuôi thủy sản|trồng cây] nhiều năm; "
         "kiến nghị thu hồi để làm [sân chơi|nhà văn hóa ấp].", ""),
        ("Bản đồ địa chính mới sai [diện tích|vị trí thửa] so với thực tế sử dụng của nhiều hộ; đề nghị [chỉnh lý|đo "
         "đạc lại] cho đúng.", "tnmt"),
        ("Giá bồi thường đất [làm đường|xây kè] thấp hơn giá thị trường nên các hộ chưa đồng ý bàn giao mặt bằng; đề "
         "nghị xem xét lại.", ""),
    ],
    "social": [
        ("Một số người cao tuổi neo đơn ở {ap} chưa được hưởng trợ cấp xã hội hằng tháng; đề nghị rà soát, lập hồ "
         "sơ.", ""),
        ("Kiến nghị chi trả trợ cấp cho người khuyết tật ở {xa} [đúng hạn|theo mức mới], [có tháng chậm|nhiều tháng bà "
         "con chưa nhận].", ""),
        ("Đề nghị hỗ trợ vốn vay [ưu đãi|từ Ngân hàng Chính sách xã hội] cho hộ mới thoát nghèo để [chăn nuôi bò|mua "
         "cây giống|mở sạp buôn bán nhỏ], tránh tái nghèo.", ""),
        ("Việc bình xét hộ nghèo, cận nghèo ở {ap} [chưa khách quan|còn nể nang], có hộ khá vẫn có tên; đề nghị "
         "[kiểm tra|bình xét lại công khai].", ""),
        ("Đề nghị xem xét giải quyết chế độ cho [thân nhân liệt sĩ|người có công] ở {ap} có hồ sơ gửi từ lâu chưa có "
         "kết quả.", "ldtbxh"),
        ("Nhiều lao động [nữ trung niên|lớn tuổi] ở {ap} không có việc làm sau khi [cơ sở chỉ xơ dừa nghỉ|hết mùa "
         "vụ]; kiến nghị mở lớp dạy nghề ngắn hạn phù hợp.", "ldtbxh"),
        ("Đề nghị hỗ trợ học bổng, [xe đạp|tập vở] cho học sinh hộ nghèo [có nguy cơ bỏ học|vùng ven biển] ở "
         "{xa}.", ""),
        ("Công nhân [làm ở Bình Dương về quê|nghỉ việc ở khu công nghiệp] gặp khó khi làm thủ tục bảo hiểm thất "
         "nghiệp; kiến nghị hướng dẫn tại xã.", "bhxh"),
        ("Đề nghị mở rộng diện hỗ trợ đóng bảo hiểm y tế cho hộ làm nông thu nhập thấp ở {ap}, nhiều hộ không đủ tiền "
         "mua thẻ cho cả gia đình.", "bhxh"),
    ],
    "health": [
        ("Trạm y tế {xa} [thiếu bác sĩ|chỉ có y sĩ trực], [thuốc bảo hiểm không đủ|nhiều loại thuốc thiếu]; đề nghị "
         "tăng cường nhân lực, cấp đủ thuốc.", "yte"),
        ("Điểm trường tiểu học ở {ap} [thiếu nhà vệ sinh|có nhà vệ sinh hư hỏng], [không có nước sạch|các em phải dùng "
         "chung một nhà vệ sinh]; đề nghị sửa chữa.", ""),
        ("Đề nghị bố trí [giáo viên tiếng Anh|giáo viên tin học] cho trường trung học cơ sở của {xa}, nhiều lớp chưa "
         "được học đủ chương trình.", "gddt"),
        ("Phụ huynh phản ánh các khoản thu đầu năm học ở trường [tiểu học|trung học cơ sở] của {xa} [nhiều|chưa rõ "
         "ràng]; đề nghị kiểm tra, công khai.", "gddt"),
        ("Kiến nghị tổ chức khám sức khỏe [và đo huyết áp|, tầm soát tiểu đường] miễn phí cho người cao tuổi ở {ap}.",
         "yte"),
        ("Đề nghị có xe đưa rước hoặc hỗ trợ chi phí đi lại cho học sinh {xa} [ở cù lao|ven biển] phải đi đò qua sông "
         "để học trung học phổ thông.", "gddt"),
        ("Người dân {ap} phản ánh trạm y tế [đóng cửa sớm|ngoài giờ không có người trực], ban đêm có người bệnh phải "
         "chở lên huyện; đề nghị [bố trí trực đêm|công bố số điện thoại trực].", "yte"),
        ("Đề nghị tổ chức tiêm bổ sung vắc xin [sởi|phòng bệnh] cho trẻ chưa tiêm đủ mũi ở {ap}.", "yte"),
    ],
    "env": [
        ("Cơ sở [làm than gáo dừa|đốt than|chỉ xơ dừa] ở {ap} [xả khói|xả nước thải] gây ô nhiễm; đề nghị kiểm tra, "
         "buộc khắc phục.", ""),
        ("Bao bì thuốc bảo vệ thực vật vứt bừa bãi trên [bờ ruộng|mương vườn] ở {ap}; đề nghị đặt thêm bể chứa và tổ "
         "chức thu gom định kỳ.", ""),
        ("Kênh [trong khu dân cư|đầu ấp] ở {ap} bị ô nhiễm do rác và [nước thải sinh hoạt|xác động vật], nước đen; đề "
         "nghị nạo vét, khơi thông.", ""),
        ("Đề nghị xử lý tình trạng [khai thác cát trái phép|ghe hút cát ban đêm] trên sông gần {ap}, [gây lở "
         "bờ|gây ồn ào].", "tnmt"),
        ("Cơ sở sản xuất trong cụm công nghiệp gần {ap} [xả nước thải ra rạch|gây tiếng ồn ban đêm]; người dân nhiều "
         "lần phản ánh nhưng tình trạng vẫn tái diễn.", "tnmt"),
        ("Cơ sở giết mổ gia súc [nhỏ lẻ|không phép] giữa khu dân cư {ap} xả thải trực tiếp ra mương; đề nghị di "
         "dời.", ""),
        ("Đề nghị trồng cây xanh, [cải tạo khu đất trống|làm khu vui chơi nhỏ] ở {ap} để có chỗ sinh hoạt cho người "
         "dân.", ""),
    ],
    "production": [
        ("Giá [phân bón|thức ăn chăn nuôi] tăng cao trong khi giá [heo hơi|lúa] thấp, người chăn nuôi, trồng trọt lỗ; "
         "đề nghị có chính sách hỗ trợ.", ""),
        ("Đề nghị hướng dẫn bà con {ap} kỹ thuật chuyển đổi đất lúa kém hiệu quả sang trồng [dừa|cây ăn trái|cỏ nuôi "
         "bò] thích ứng hạn mặn.", "nn"),
        ("Kiến nghị hỗ trợ cây giống [dừa xiêm xanh|bưởi da xanh|dừa sáp] có chất lượng, rõ nguồn gốc cho hộ trồng "
         "mới.", "nn"),
        ("Tổ hợp tác [trồng dừa hữu cơ|nuôi bò] ở {ap} cần vốn [mua máy|làm chuồng trại] để mở rộng; đề nghị giới "
         "thiệu nguồn vay ưu đãi.", ""),
        ("Bệnh [viêm da nổi cục|lở mồm long móng|dịch tả heo châu Phi] xuất hiện trên đàn [bò|heo] ở {ap}; đề nghị "
         "tiêm phòng [miễn phí|đồng loạt] và hướng dẫn xử lý.", "nn"),
        ("Thương lái [cân thiếu|ép giá] khi thu mua [dừa|bưởi|cây giống] của nông dân; đề nghị kiểm tra, [công bố "
         "giá|hỗ trợ bà con liên kết với doanh nghiệp].", "congthuong"),
        ("Đề nghị cấp mã số vùng trồng cho [vườn bưởi|vườn dừa hữu cơ] của tổ hợp tác ở {ap} để bán cho doanh nghiệp "
         "xuất khẩu.", "nn"),
        ("Nuôi tôm [càng xanh|thẻ chân trắng] ở {ap} bị thiệt hại do [độ mặn thay đổi đột ngột|dịch bệnh]; kiến nghị "
         "hỗ trợ con giống và hướng dẫn kỹ thuật.", "nn"),
        ("Kiến nghị mở lớp tập huấn [bán hàng qua mạng|livestream bán hàng] cho hội viên nông dân {xa} để bán [kẹo "
         "dừa|trái cây|cây giống] trực tiếp.", "congthuong"),
    ],
    "security": [
        ("Tình trạng [đánh bạc|ghi số đề] ở một số quán [ven chợ|đầu ấp|gần bến đò] của {xa} diễn ra công khai; đề "
         "nghị công an kiểm tra, xử lý.", ""),
        ("Nhóm thanh niên [chạy xe tốc độ cao, nẹt pô|đua xe] trên tuyến đường [tỉnh|liên xã] qua {xa} vào buổi tối; "
         "đề nghị tăng cường tuần tra.", ""),
        ("[Cho vay nặng lãi|Tín dụng đen] len lỏi vào ấp, một số hộ [bị đòi nợ, tạt sơn, mắm vào nhà|vay qua ứng dụng "
         "không trả nổi]; đề nghị điều tra, xử lý.", ""),
        ("Kiến nghị xử lý việc [tụ tập nhậu, hát karaoke|mở loa kẹo kéo hát] quá giờ quy định ở {ap}, gây ồn ào mất "
         "ngủ cho người dân.", ""),
        ("Đề nghị lắp camera an ninh ở [các ngã ba, ngã tư|các tuyến chính] trong {ap} theo mô hình «Camera vì an ninh "
         "trật tự», bà con đồng ý góp một phần kinh phí.", ""),
        ("Trẻ vị thành niên [bỏ học|đi chơi khuya] tụ tập ở quán game của {xa}, có lúc đánh nhau; đề nghị phối hợp gia "
         "đình, nhà trường quản lý.", ""),
        ("Đề nghị công an xã hỗ trợ làm [căn cước|định danh điện tử mức 2] tại {ap} cho người già, người bệnh không đi "
         "lại được.", ""),
    ],
    "party": [
        ("Đề nghị [rút ngắn|công khai] thời gian giải quyết thủ tục hành chính ở bộ phận một cửa của {xa}, người dân "
         "phải đi lại nhiều lần.", "district"),
        ("Kiến nghị tăng phụ cấp cho [tổ trưởng tổ nhân dân tự quản|cán bộ ấp kiêm nhiệm] vì việc nhiều, thù lao "
         "thấp.", "noivu"),
        ("Đề nghị cấp trên sớm có hướng dẫn về việc sắp xếp [ấp|người hoạt động không chuyên trách] để cán bộ yên tâm "
         "công tác.", "noivu"),
        ("Đề nghị tổ chức hướng dẫn sử dụng dịch vụ công trực tuyến cho người dân {ap}, nhất là người lớn tuổi.",
         "district"),
        ("Nhà văn hóa {ap} [xuống cấp|bị dột], không đủ chỗ sinh hoạt chi bộ và họp dân; đề nghị hỗ trợ sửa chữa.",
         "district"),
        ("Đề nghị cán bộ {xa} [giữ thái độ đúng mực|hướng dẫn tận tình] khi tiếp dân, có trường hợp người dân [bị nói "
         "nặng lời|được hướng dẫn sai thủ tục].", "district"),
    ],
    "other": [
        ("Sóng điện thoại và internet ở {ap} [rất yếu|chập chờn], học sinh học trực tuyến khó khăn; đề nghị [lắp thêm "
         "trạm phát sóng|nhà mạng cải thiện].", "tttt"),
        ("Loa truyền thanh ấp [hư|nghe không rõ] [từ lâu|nhiều tháng]; đề nghị sửa chữa để bà con nghe thông tin "
         "[phòng chống thiên tai|của xã].", ""),
        ("Điện lưới ở {ap} [yếu, hay cúp|điện áp thấp] vào giờ cao điểm, [máy bơm không chạy được|hư thiết bị]; đề "
         "nghị ngành điện nâng cấp trạm biến áp.", ""),
        ("Đề nghị kéo điện [vào cuối {ap}|cho các hộ ven sông ở {ap}] hiện phải câu nhờ điện, giá cao và không "
         "an toàn.", ""),
        ("Kiến nghị sửa chữa [sân bóng|khu vui chơi thiếu nhi] ở {ap} để thanh thiếu niên có nơi sinh hoạt.", ""),
    ],
}  # fmt: skip

# Petitions of one person, in their own words.
PETITIONS = {
    "land": [
        "Gia đình tôi ở {ap} bị hộ liền kề [lấn ranh|xây tường lấn qua] khoảng [1 m|nửa mét] dọc theo ranh thửa, ấp "
        "đã hòa giải không thành; đề nghị cơ quan có thẩm quyền giải quyết.",
        "Tôi có đất bị thu hồi làm [đường|kè] nhưng tiền bồi thường chưa tính phần cây trồng, [vật kiến trúc|hàng "
        "rào]; đề nghị xem xét bổ sung.",
        "Gia đình tôi sử dụng thửa đất vườn ổn định từ năm [1995|2003|2008], nộp hồ sơ đăng ký [từ năm ngoái|hơn một "
        "năm] đến nay chưa có kết quả; đề nghị cho biết hồ sơ vướng ở đâu.",
    ],
    "roads": [
        "Trước nhà tôi ở {ap}, đoạn đường [bị đào làm cống|bị lún] đã [ba tháng|mấy tháng] không ai sửa, tối có người "
        "té xe; đề nghị sửa chữa.",
    ],
    "social": [
        "Tôi [năm nay 78 tuổi|là người khuyết tật], sống một mình ở {ap}, [chưa được hưởng trợ cấp|bị cắt trợ cấp từ "
        "đầu năm] không rõ lý do; đề nghị xem xét.",
        "Gia đình tôi thuộc hộ [cận nghèo|nghèo] nhưng [năm nay không có tên trong danh sách|bị đưa ra khỏi danh sách] "
        "dù hoàn cảnh không thay đổi; đề nghị rà soát lại.",
    ],
    "env": [
        "Nhà tôi ở sát [lò than|cơ sở chỉ xơ dừa|trại gà], khói bụi và mùi [suốt ngày|cả đêm], các cháu nhỏ bị ho; đề "
        "nghị kiểm tra, xử lý.",
    ],
    "security": [
        "Tôi bị [mất xe máy|mất trộm tài sản] ở {ap}, đã trình báo công an xã [hơn hai tháng|từ tháng trước] nhưng "
        "chưa có kết quả; đề nghị xem xét.",
        "Gia đình tôi bị [người lạ|nhóm cho vay] đe dọa đòi nợ [cho người thân|dù không vay]; đề nghị công an bảo vệ.",
    ],
    "water": [
        "Nhà tôi ở cuối tuyến ống nước {ap}, [đã đóng tiền đấu nối|đã đăng ký] nhưng nước không lên [vào giờ cao "
        "điểm|mấy tuần nay]; đề nghị kiểm tra.",
        "Ruộng của tôi bị nước mặn tràn qua [cống hư|bờ bao] làm [chết lúa|cây vàng lá]; đề nghị xem xét hỗ trợ thiệt "
        "hại.",
    ],
    "production": [
        "Tôi vay vốn [nuôi bò|trồng bưởi] nhưng [bò bị bệnh chết|vườn bị mặn], không có khả năng trả nợ đúng hạn; đề "
        "nghị xem xét gia hạn nợ.",
    ],
    "health": [
        "Con tôi học ở trường của {xa} bị [bạn bắt nạt|thu tiền học thêm], đã báo nhà trường nhưng chưa được giải "
        "quyết; đề nghị xem xét.",
    ],
}
# Public opinion: what people say (dư luận), with its topic.
OPINIONS = [
    ("social", "một số hộ được hỗ trợ xây nhà [chưa đúng đối tượng|dù không khó khăn]"),
    ("roads", "tuyến đường [mới làm đã hư|chất lượng kém, mới một năm đã bể]"),
    ("party", "việc [sắp xếp ấp|sáp nhập xã] ảnh hưởng đến cán bộ ấp và thủ tục của người dân"),
    ("production", "giá [dừa|trái cây] lên xuống thất thường, có người tung tin thất thiệt để ép giá"),
    ("land", "cán bộ địa chính [gây khó khăn|chậm trễ] khi người dân làm hồ sơ đất"),
    ("env", "[một cơ sở|nhà máy] xả thải ra sông làm cá chết"),
    ("water", "công trình [nạo vét kênh|gia cố đê bao] chậm tiến độ"),
    ("security", "[đường dây|nhóm] rủ người dân góp tiền đầu tư tiền ảo hứa lãi cao"),
]
OPINION_FORMS = [
    "Dư luận trong nhân dân {ap} [bức xúc|bàn tán nhiều] về việc {what}; đề nghị [cấp có thẩm quyền|chính quyền] "
    "[làm rõ|thông tin] để bà con yên tâm.",
    "Người dân [phản ánh|bàn tán] {what}; đề nghị kiểm tra, [thông tin công khai|xử lý nếu có sai phạm].",
]

# The recommendations of the meeting and trip reports (demo_reports, demo_visits): topic, share answered on the
# spot, share sent to the Standing Committee by staff, agencies (a key of AGENCIES, or "district") with weights.
EXISTING = {
    "Đề nghị hỗ trợ bồn chứa nước ngọt cho các hộ nghèo trước mùa khô": (
        "water", 0.05, 0, [("nn", 6), ("district", 4)]),
    "Kiến nghị nâng cấp đường đal liên ấp bị xuống cấp, mùa mưa đi lại khó khăn": (
        "roads", 0.1, 0, [("district", 17), ("gtvt", 3)]),
    "Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng của một số hộ": (
        "land", 0.05, 0, [("tnmt", 1), ("district", 1)]),
    "Kiến nghị nạo vét kênh thủy lợi nội đồng trước vụ lúa": ("water", 0.05, 0, [("district", 11), ("nn", 9)]),
    "Đề nghị rà soát lại danh sách hộ cận nghèo được hỗ trợ bảo hiểm y tế": (
        "social", 0.1, 0, [("district", 10), ("ldtbxh", 7), ("bhxh", 3)]),
    "Kiến nghị lắp đèn chiếu sáng tuyến đường vào ấp": ("roads", 0.3, 0, [("district", 1)]),
    "Đề nghị hỗ trợ vốn vay cho hộ chuyển đổi sang trồng dừa": ("production", 0.4, 0, [("nn", 2), ("district", 1)]),
    "Kiến nghị sửa chữa cống ngăn mặn bị rò rỉ": ("water", 0.0, 0, [("nn", 1), ("district", 1)]),
    "Đề nghị mở lớp bồi dưỡng nghiệp vụ công tác đảng cho bí thư, phó bí thư chi bộ mới được bầu": (
        "party", 1.0, 0, []),
    "Đề nghị hướng dẫn thống nhất việc quản lý đảng viên đi làm ăn xa dài ngày": ("party", 1.0, 0, []),
    "Đề nghị bố trí kinh phí hoạt động cho chi bộ ấp, nhất là chi bộ ở vùng sâu": ("party", 0.85, 0.15, []),
    "Đề nghị sớm giải quyết chế độ cho người hoạt động không chuyên trách dôi dư sau sáp nhập ấp": (
        "party", 0.0, 0, [("noivu", 1)]),
    "Đề nghị cung cấp tài liệu sinh hoạt chuyên đề sớm hơn để chi bộ kịp chuẩn bị": (
        "party", 0.2, 0, [("tuyengiao", 1)]),
    "Đề nghị hỗ trợ máy tính cho văn phòng Đảng ủy cập nhật cơ sở dữ liệu đảng viên": ("party", 0.9, 0.1, []),
    "Đề nghị xem xét nâng mức phụ cấp cho bí thư chi bộ kiêm trưởng ấp": ("party", 0.0, 0.5, [("noivu", 1)]),
    "Đề nghị sớm bố trí bí thư chi bộ cho ấp đang khuyết": ("party", 1.0, 0, []),
}  # fmt: skip

# Usual agencies of a topic for the new recommendations (before a template's hint): "district" is the People's
# Committee of the unit's district.
ROUTES = {
    "land": [("district", 6), ("tnmt", 4)],
    "roads": [("district", 8), ("gtvt", 2)],
    "water": [("district", 5), ("nn", 5)],
    "social": [("district", 6), ("ldtbxh", 4)],
    "health": [("district", 4), ("yte", 3), ("gddt", 3)],
    "env": [("district", 6), ("tnmt", 4)],
    "production": [("nn", 6), ("district", 3), ("congthuong", 1)],
    "security": [("ca", 1)],
    "party": [("noivu", 1)],
    "other": [("district", 7), ("tttt", 3)],
}
# Topic weights of the new recommendations; the dry season (12–5) and the coast shift them towards water.
TOPIC_WEIGHTS = {"roads": 17, "water": 13, "land": 14, "social": 13, "production": 10, "security": 9, "env": 8,
                 "health": 8, "party": 4, "other": 4}  # fmt: skip
COASTAL = ("835", "836", "837")

# ---------------------------------------------------------------------------------------------------------
# Answers.

ANSWERS = {
    ("roads", "district"): [
        "Ủy ban nhân dân huyện đã giao Phòng Kinh tế - Hạ tầng khảo sát; tuyến đường được đưa vào kế hoạch sửa chữa "
        "năm {y} từ nguồn vốn sự nghiệp giao thông, dự kiến thi công trong quý {q}.",
        "Tuyến đường được hỗ trợ xi măng, đá theo cơ chế Nhà nước và nhân dân cùng làm; Ủy ban nhân dân xã vận động "
        "bà con góp ngày công và tổ chức thi công trong mùa khô.",
        "Ủy ban nhân dân xã đã sửa chữa tạm các đoạn hư hỏng nặng, cắm biển cảnh báo; việc nâng cấp cả tuyến được "
        "đưa vào danh mục đầu tư công trung hạn của huyện.",
        "Đã kiểm tra hiện trường; yêu cầu đơn vị thi công hoàn trả mặt đường đúng hiện trạng trong 15 ngày, Ủy ban "
        "nhân dân xã giám sát và báo cáo kết quả.",
    ],
    ("roads", "gtvt"): [
        "Sở đã chỉ đạo đơn vị quản lý đường bộ kiểm tra, cắm biển cảnh báo và hạn chế tải trọng; việc sửa chữa được "
        "đưa vào kế hoạch bảo trì năm {y}.",
        "Công trình thuộc dự án đang triển khai; Sở đã yêu cầu nhà thầu đẩy nhanh tiến độ, thu dọn vật liệu và bảo "
        "đảm an toàn giao thông, dự kiến hoàn thành trong quý {q}.",
        "Sở đã phối hợp Ủy ban nhân dân huyện khảo sát; hạng mục được đề xuất bố trí vốn sự nghiệp giao thông, trong "
        "khi chờ vốn giao huyện sửa chữa tạm.",
    ],
    ("water", "district"): [
        "Ủy ban nhân dân huyện đã đưa tuyến kênh vào kế hoạch nạo vét thủy lợi mùa khô năm {y}; Ủy ban nhân dân xã "
        "vận động người dân giải phóng lục bình, phối hợp thi công.",
        "Công trình đã được sửa chữa tạm; tổ thủy nông ấp được giao theo dõi, vận hành cống theo lịch mặn của tỉnh.",
        "Đê bao đoạn xung yếu đã được đắp áp trúc tạm; việc nâng cấp cả tuyến được đưa vào kế hoạch phòng chống "
        "thiên tai năm {y} của huyện.",
        "Ủy ban nhân dân huyện đã hỗ trợ dụng cụ trữ nước cho các hộ khó khăn theo danh sách xã đề nghị và chỉ đạo "
        "xã thông báo lịch cấp nước trên loa truyền thanh.",
    ],
    ("water", "nn"): [
        "Sở đã giao Chi cục Thủy lợi phối hợp Ủy ban nhân dân huyện khảo sát; công trình được đưa vào kế hoạch "
        "thủy lợi phục vụ sản xuất năm {y}.",
        "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn đã kiểm tra mẫu nước, chất lượng đạt quy chuẩn; đã xúc "
        "xả đường ống cuối tuyến để hết cặn.",
        "Tuyến ống nhánh vào ấp được đưa vào kế hoạch mở rộng mạng cấp nước năm {y}; hộ nghèo được hỗ trợ chi phí "
        "đấu nối theo quy định.",
        "Cống đã được thay cánh, gia cố mang cống; Sở thông báo lịch vận hành và độ mặn hằng ngày trên Đài Phát "
        "thanh và Truyền hình tỉnh để bà con chủ động lấy nước.",
        "Sở đã hỗ trợ túi trữ nước và bồn chứa cho các hộ khó khăn theo danh sách huyện đề nghị; Trung tâm Khuyến "
        "nông hướng dẫn kỹ thuật tưới tiết kiệm cho vườn cây ăn trái.",
    ],
    ("water", "capnuoc"): [
        "Công ty đã kiểm tra, xúc xả đường ống, thay van giảm áp ở cuối tuyến; chất lượng nước đạt quy chuẩn, áp "
        "lực nước ổn định trở lại.",
        "Công ty đã bổ sung lịch cấp nước và thông báo trước trên trang của Công ty khi sửa chữa đường ống.",
    ],
    ("land", "district"): [
        "Ủy ban nhân dân huyện đã giao Phòng Tài nguyên và Môi trường phối hợp Ủy ban nhân dân xã đo đạc, xác định "
        "ranh giới, tổ chức hòa giải; nếu không thành, hướng dẫn các bên khởi kiện tại Tòa án.",
        "Quy hoạch sử dụng đất đã được niêm yết tại trụ sở Ủy ban nhân dân xã và đăng trên cổng thông tin điện tử "
        "của huyện; người dân đến xem được cán bộ địa chính hướng dẫn.",
        "Tiền bồi thường, hỗ trợ còn lại đã được chuyển cho các hộ; trường hợp chưa nhận do chưa bàn giao mặt "
        "bằng, Hội đồng bồi thường tiếp tục vận động.",
        "Đã kiểm tra; Ủy ban nhân dân xã lập biên bản, yêu cầu các hộ lấn chiếm hành lang tháo dỡ trong 30 ngày, "
        "quá hạn sẽ cưỡng chế theo quy định.",
        "Các hồ sơ tồn đọng đã được rà soát; hồ sơ đủ điều kiện được trình cấp giấy trong tháng, hồ sơ thiếu giấy "
        "tờ đã hướng dẫn bổ sung một lần.",
    ],
    ("land", "tnmt"): [
        "Chi nhánh Văn phòng đăng ký đất đai đã rà soát hồ sơ; các trường hợp đủ điều kiện được cấp giấy chứng "
        "nhận trong tháng, trường hợp còn thiếu giấy tờ đã hướng dẫn bổ sung.",
        "Sở đã chỉ đạo chỉnh lý bản đồ địa chính theo hiện trạng sử dụng; các hộ được thông báo lịch đo đạc lại.",
        "Thủ tục chuyển mục đích sử dụng đất được hướng dẫn tại bộ phận một cửa cấp huyện; tiền sử dụng đất tính theo "
        "bảng giá đất của tỉnh, hộ khó khăn được ghi nợ theo quy định.",
        "Việc bồi thường thực hiện theo phương án đã phê duyệt; Sở đã đề nghị Hội đồng bồi thường xem xét lại đơn "
        "giá cây trồng, vật kiến trúc của các hộ.",
    ],
    ("social", "district"): [
        "Phòng Lao động - Thương binh và Xã hội đã phối hợp Ủy ban nhân dân xã rà soát; các trường hợp đủ điều kiện "
        "được lập hồ sơ hưởng trợ cấp từ tháng sau.",
        "Việc bình xét hộ nghèo, cận nghèo được thực hiện lại công khai tại ấp theo đúng quy trình; kết quả được "
        "niêm yết để người dân theo dõi.",
        "Ngân hàng Chính sách xã hội huyện đã bố trí vốn; hộ có nhu cầu đăng ký qua tổ tiết kiệm và vay vốn của ấp.",
        "Danh sách đã được rà soát lại; các hộ đủ điều kiện được bổ sung, chi trả truy lĩnh phần chưa nhận.",
    ],
    ("social", "ldtbxh"): [
        "Hồ sơ đã được Sở thẩm định, trình Ủy ban nhân dân tỉnh; dự kiến có quyết định trong quý {q}.",
        "Sở đã chỉ đạo Phòng Lao động - Thương binh và Xã hội huyện rà soát, bổ sung đối tượng và chi trả đúng hạn "
        "qua bưu điện.",
        "Trung tâm Dịch vụ việc làm sẽ mở lớp nghề ngắn hạn tại xã; người có nhu cầu đăng ký với Ủy ban nhân dân xã.",
    ],
    ("social", "bhxh"): [
        "Bảo hiểm xã hội huyện đã cấp lại thẻ bảo hiểm y tế cho các trường hợp nêu và hướng dẫn tra cứu trên ứng "
        "dụng VssID.",
        "Bảo hiểm xã hội tỉnh đã cử cán bộ hướng dẫn thủ tục tại xã; hồ sơ nộp trực tuyến, kết quả trả qua bưu điện.",
    ],
    ("health", "district"): [
        "Nhà trường đã được bố trí kinh phí sửa chữa nhà vệ sinh, lắp bồn chứa nước sạch; việc thi công xong trong "
        "tháng.",
        "Ủy ban nhân dân huyện đã giao Phòng Giáo dục và Đào tạo kiểm tra, yêu cầu nhà trường công khai các khoản "
        "thu và trả lại khoản thu chưa đúng quy định.",
    ],
    ("health", "yte"): [
        "Sở Y tế đã điều động bác sĩ luân phiên về trạm y tế xã và bổ sung cơ số thuốc bảo hiểm y tế.",
        "Trung tâm Y tế huyện đã tổ chức khám, tầm soát bệnh không lây nhiễm miễn phí cho người cao tuổi tại xã.",
        "Trạm y tế xã đã công bố số điện thoại trực ngoài giờ; ca cấp cứu ban đêm được chuyển ngay lên Trung tâm Y tế "
        "huyện.",
    ],
    ("health", "gddt"): [
        "Sở đã bố trí giáo viên theo hình thức hợp đồng, dạy liên trường từ học kỳ tới.",
        "Sở đã kiểm tra các khoản thu đầu năm; nhà trường đã công khai và trả lại các khoản thu chưa đúng quy định.",
        "Sở phối hợp Ủy ban nhân dân huyện hỗ trợ chi phí đi lại cho học sinh vùng cù lao, ven biển từ nguồn xã hội "
        "hóa.",
    ],
    ("env", "district"): [
        "Đoàn kiểm tra của huyện đã lập biên bản, yêu cầu cơ sở lắp đặt hệ thống xử lý trong thời hạn; sẽ tái kiểm "
        "tra, xử phạt nếu không khắc phục.",
        "Ủy ban nhân dân huyện đã bố trí thêm bể chứa bao bì thuốc bảo vệ thực vật và lịch thu gom hằng quý.",
        "Ủy ban nhân dân xã đã tổ chức nạo vét, khơi thông đoạn kênh và vận động người dân không xả rác xuống kênh.",
    ],
    ("env", "tnmt"): [
        "Đoàn kiểm tra liên ngành đã kiểm tra cơ sở, lập biên bản vi phạm và yêu cầu xử lý nước thải, khí thải đạt "
        "quy chuẩn; sẽ tái kiểm tra.",
        "Sở đã chỉ đạo phối hợp công an huyện tăng cường kiểm tra, xử lý khai thác cát trái phép trên tuyến sông.",
    ],
    ("production", "district"): [
        "Phòng Nông nghiệp và Phát triển nông thôn huyện đã hướng dẫn kỹ thuật và giới thiệu hộ vay vốn qua Ngân hàng "
        "Chính sách xã hội.",
        "Huyện đã hỗ trợ vắc xin tiêm phòng đợt bổ sung; các hộ khai báo ngay khi vật nuôi có dấu hiệu bệnh.",
    ],
    ("production", "nn"): [
        "Trung tâm Khuyến nông sẽ mở lớp tập huấn kỹ thuật tại ấp trong tháng; hộ có nhu cầu đăng ký với Hội Nông dân "
        "xã.",
        "Chi cục Chăn nuôi và Thú y đã cấp vắc xin tiêm phòng miễn phí đợt bổ sung và hướng dẫn khử trùng chuồng trại.",
        "Sở đã giới thiệu nguồn cây giống đạt chuẩn của các cơ sở được cấp phép ở Chợ Lách; hộ trồng mới được hỗ trợ "
        "theo chính sách của tỉnh.",
        "Chi cục Trồng trọt và Bảo vệ thực vật đã hướng dẫn hồ sơ cấp mã số vùng trồng; tổ hợp tác nộp hồ sơ qua Ủy "
        "ban nhân dân huyện.",
    ],
    ("production", "congthuong"): [
        "Sở đã kết nối tổ hợp tác với doanh nghiệp thu mua theo hợp đồng; thông tin giá được cập nhật hằng tuần trên "
        "trang của Sở.",
        "Sở sẽ mở lớp tập huấn bán hàng trên sàn thương mại điện tử cho hội viên nông dân trong quý {q}.",
    ],
    ("security", "ca"): [
        "Công an huyện đã chỉ đạo công an xã tăng cường tuần tra ban đêm, kiểm tra các điểm nghi vấn; đã xử lý vi "
        "phạm hành chính một số trường hợp.",
        "Vụ việc đã được thụ lý, đang xác minh; kết quả sẽ được thông báo cho người trình báo theo quy định.",
        "Công an tỉnh đã chỉ đạo lực lượng cảnh sát giao thông phối hợp công an xã lập chốt kiểm tra vào các buổi "
        "tối cuối tuần.",
        "Công an xã đã tổ chức làm căn cước, định danh điện tử lưu động tại ấp theo lịch thông báo trên loa "
        "truyền thanh.",
    ],
    ("party", "noivu"): [
        "Sở Nội vụ đã tổng hợp, tham mưu Ủy ban nhân dân tỉnh; chế độ được giải quyết theo nghị quyết của Hội đồng "
        "nhân dân tỉnh, chi trả trong quý {q}.",
        "Việc sắp xếp thực hiện theo hướng dẫn của Trung ương và kế hoạch của tỉnh; Sở sẽ tổ chức hội nghị quán triệt "
        "cho cán bộ cấp xã.",
    ],
    ("party", "tuyengiao"): [
        "Ban Tuyên giáo Tỉnh ủy sẽ gửi tài liệu sinh hoạt chuyên đề trước ngày 20 của tháng trước và đăng trên trang "
        "thông tin điện tử của Đảng bộ tỉnh để chi bộ chủ động chuẩn bị.",
    ],
    ("party", "district"): [
        "Ủy ban nhân dân huyện đã chấn chỉnh bộ phận một cửa của xã, công khai thời hạn giải quyết từng thủ tục.",
        "Đoàn thanh niên xã tổ chức tổ công nghệ số cộng đồng hướng dẫn người dân sử dụng dịch vụ công trực tuyến tại "
        "ấp.",
        "Nhà văn hóa ấp được đưa vào danh mục sửa chữa từ nguồn kinh phí của xã năm {y}.",
    ],
    ("other", "district"): [
        "Ủy ban nhân dân xã đã sửa chữa hệ thống loa truyền thanh bằng nguồn kinh phí của xã.",
        "Điện lực huyện đã kiểm tra, cân pha và đưa vào kế hoạch nâng công suất trạm biến áp năm {y}.",
        "Ủy ban nhân dân huyện đã đề nghị ngành điện khảo sát kéo lưới điện hạ thế đến các hộ cuối ấp.",
    ],
    ("other", "tttt"): [
        "Sở đã đề nghị các doanh nghiệp viễn thông khảo sát, lắp thêm trạm phát sóng trong năm {y}.",
    ],
}
SPOT_ANSWERS = {
    "party": [
        "Đã hướng dẫn tại chỗ: thực hiện theo Hướng dẫn 12-HD/BTCTW và quy định hiện hành; Ban Tổ chức sẽ gửi tài "
        "liệu hướng dẫn cho Đảng ủy xã.",
        "Đã trao đổi với Thường trực Đảng ủy xã: Đảng ủy phân công cấp ủy viên giúp chi bộ thực hiện, Ban Tổ chức "
        "theo dõi kết quả.",
        "Lớp bồi dưỡng nghiệp vụ công tác đảng cho bí thư, phó bí thư chi bộ được tổ chức trong quý tới; Đảng ủy xã "
        "lập danh sách gửi Ban Tổ chức Huyện ủy.",
        "Kinh phí hoạt động của chi bộ thực hiện theo quy định về chế độ chi hoạt động công tác đảng; Đảng ủy xã cân "
        "đối, ưu tiên chi bộ ấp vùng sâu.",
        "Đảng ủy xã đề xuất Ủy ban nhân dân xã bố trí từ kinh phí mua sắm năm sau; trước mắt dùng máy của văn phòng "
        "Ủy ban nhân dân xã để cập nhật dữ liệu.",
        "Đã thống nhất với Đảng ủy xã phương án giới thiệu nhân sự bí thư chi bộ; Đảng ủy hoàn thành trong tháng.",
    ],
    "any": [
        "Cán bộ theo dõi đã trả lời tại buổi sinh hoạt: nội dung thuộc thẩm quyền của xã, Ủy ban nhân dân xã đã có "
        "kế hoạch thực hiện trong năm.",
        "Đã giải thích chính sách hiện hành và hướng dẫn thủ tục tại chỗ; chi bộ phổ biến lại cho bà con.",
        "Ủy ban nhân dân xã đã giải quyết ngay trong tuần; cán bộ theo dõi thông tin lại tại buổi sinh hoạt.",
        "Đã hướng dẫn hộ liên hệ tổ tiết kiệm và vay vốn của ấp để vay vốn Ngân hàng Chính sách xã hội theo chương "
        "trình cho vay hộ nghèo, hộ mới thoát nghèo.",
    ],
}
STANDING_ANSWERS = [
    "Thường trực chỉ đạo {agency} giải quyết dứt điểm trong tháng, báo cáo kết quả; giao Ban Tổ chức theo dõi.",
    "Thường trực giao Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo {agency} bố trí kinh phí, thực hiện trong quý {q}.",
    "Thường trực đã làm việc với {agency}; nội dung được đưa vào chương trình công tác, kết quả thông báo cho cơ sở.",
]
STANDING_PARTY = [
    "Thường trực giao Ban cán sự đảng Ủy ban nhân dân tỉnh nghiên cứu, trình Hội đồng nhân dân tỉnh điều chỉnh mức "
    "phụ cấp tại kỳ họp cuối năm; trước mắt giữ mức hiện hành.",
    "Thường trực thống nhất bố trí kinh phí hỗ trợ hoạt động cho chi bộ ấp vùng sâu từ ngân sách Đảng của tỉnh năm "
    "sau; giao Văn phòng Tỉnh ủy hướng dẫn.",
]
STAFF_ESCALATIONS = [
    "Vượt thẩm quyền của sở, ngành: chế độ phụ cấp do Hội đồng nhân dân tỉnh quyết định; trình Thường trực cho ý kiến.",
    "Cần bố trí kinh phí ngoài dự toán; trình Thường trực xem xét.",
    "Nhiều cơ sở cùng kiến nghị, liên quan nhiều ngành; trình Thường trực chỉ đạo.",
]
INFO_QUESTIONS = [
    "Đề nghị bổ sung vị trí cụ thể (từ đâu đến đâu), chiều dài và số hộ hưởng lợi.",
    "Đề nghị cung cấp danh sách, địa chỉ các hộ có hồ sơ chưa được giải quyết.",
    "Đề nghị bổ sung hình ảnh hiện trạng và thời điểm xảy ra.",
    "Đề nghị cho biết vụ việc đã được Ủy ban nhân dân xã hòa giải, xử lý chưa, kết quả thế nào.",
]
INFO_REPLIES = [
    "Đã bổ sung danh sách {n} hộ kèm địa chỉ theo đề nghị.",
    "Đã gửi hình ảnh và sơ đồ vị trí do Ủy ban nhân dân xã cung cấp.",
    "Tuyến dài khoảng {m} m, từ đầu ấp đến giáp ranh ấp bên cạnh; khoảng {n} hộ sử dụng.",
    "Ủy ban nhân dân xã đã hòa giải nhưng không thành; biên bản hòa giải gửi kèm.",
]
RETURN_REASONS = {
    "gtvt": "Tuyến đường thuộc hệ thống giao thông nông thôn do huyện, xã quản lý, không thuộc thẩm quyền của Sở; đề "
    "nghị chuyển Ủy ban nhân dân huyện.",
    "tnmt": "Việc hòa giải, giải quyết tranh chấp, lấn chiếm đất giữa hộ gia đình thuộc thẩm quyền của Ủy ban nhân "
    "dân cấp xã, cấp huyện; đề nghị chuyển Ủy ban nhân dân huyện.",
    "ldtbxh": "Bình xét, rà soát hộ nghèo do Ủy ban nhân dân cấp xã thực hiện, huyện kiểm tra; đề nghị chuyển Ủy ban "
    "nhân dân huyện.",
    "district": "Công trình thủy lợi liên huyện do Sở Nông nghiệp và Phát triển nông thôn quản lý; đề nghị chuyển Sở.",
}
CLOSING_NOTES = ["Cơ sở đã nhận trả lời, không có ý kiến thêm.", "Đã thông tin lại cho cơ sở; kết thúc theo dõi.", ""]
CONVEY_NOTES = [
    "Thông tin tại buổi họp tổ nhân dân tự quản.",
    "Đã thông báo cho chi bộ qua Đảng ủy xã.",
    "Thông tin tại buổi họp dân của ấp.",
]
CONVEY_PERSON = "Đã gửi văn bản trả lời cho người kiến nghị."
UNIT_RAISERS = ["Ủy ban nhân dân {xa}", "Đảng ủy {xa}", "Ủy ban Mặt trận Tổ quốc Việt Nam {xa}", "Hội Nông dân {xa}"]


# ---------------------------------------------------------------------------------------------------------
# Loading


def load_feedback(province: Unit, log) -> None:
    """Agencies, a topic and a life for every recommendation, new ones from the other channels, groups; once."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["coquan", *_STAFF, "lanhdao"])}
    loaded = Agency.objects.filter(unit=province, name=AGENCIES[0][1]).first()
    if loaded is not None:
        if "coquan" in users:
            loaded.members.add(users["coquan"])
        log("Kiến nghị mẫu đã có: giữ nguyên.")
        return
    _refresh_statistics(Recommendation, MeetingReport)
    rng = random.Random(SEED)
    ctx = _context(province, users, rng)
    lives = [_existing_life(ctx, rec) for rec in ctx.existing]
    new_lives = _new_lives(ctx)
    group_rows, group_lives = _groups(ctx)
    new_lives += group_lives + _showcase(ctx)
    with _stamps_as_given(Recommendation, RecommendationGroup):
        RecommendationGroup.objects.bulk_create(group_rows)
        Recommendation.objects.bulk_create([life.rec for life in new_lives], batch_size=1000)
        Recommendation.objects.bulk_update([life.rec for life in lives], _UPDATED_FIELDS, batch_size=500)
    RecommendationEvent.objects.bulk_create([e for life in lives + new_lives for e in life.events], batch_size=2000)
    MeetingReport.answers_conveyed.through.objects.bulk_create(
        [
            MeetingReport.answers_conveyed.through(meetingreport_id=report_id, recommendation_id=life.rec.pk)
            for life in lives + new_lives
            if (report_id := life.conveyed_at_report) is not None
        ],
        batch_size=2000,
    )
    _refresh_statistics(Recommendation, RecommendationEvent, RecommendationGroup)
    _summary([life.rec for life in lives + new_lives], ctx, group_rows, log)


_STAFF = {"tochuc", "tochuchuyen"}
_UPDATED_FIELDS = [
    "topic", "raiser_kind", "raiser_name", "status", "level", "agency", "forwarded_on", "deadline", "escalated_on",
    "answer", "answered_on", "answered_by", "answered_by_name", "conveyed_on", "conveyed_by", "search_key",
    "created_at", "updated_at",
]  # fmt: skip


@dataclass
class _Ctx:
    rng: random.Random
    province: Unit
    topics: dict  # key -> Topic
    agencies: dict  # key of AGENCIES or district code -> Agency
    speed: dict  # agency pk -> median working days to answer
    account: dict  # agency pk -> user id of its account
    staff: dict  # username -> (user id, name)
    leader: tuple  # (user id, name) of the Standing Committee member who answers what is sent up
    district_of: dict  # unit id -> district code
    units: dict  # unit id -> Unit
    by_path: dict  # path -> Unit
    communes: list
    hamlets_of: dict  # commune id -> [hamlet]
    followers: dict  # unit id -> [person id]
    person_user: dict  # person id -> user id
    cell_of: dict  # hamlet id -> (cell id, cell name)
    cell_names: dict  # cell id -> name
    reports_of: dict  # (person id, cell id) -> [(meeting date, report id, submitted at)]
    meeting_cell: dict  # recommendation id -> cell id of the meeting it was raised at
    existing: list
    texts: set = field(default_factory=set)


def _context(province: Unit, users: dict, rng: random.Random) -> _Ctx:
    topics = {key: Topic.objects.get(name=name) for key, name in TOPICS.items()}
    districts = list(province.children.filter(level__key="district").order_by("code"))
    agencies, speed = {}, {}
    for key, name, kind, topic_keys, median in AGENCIES:
        agencies[key] = Agency.objects.create(name=name, kind=kind, unit=province)
        agencies[key].topics.set([topics[k] for k in topic_keys])
        speed[agencies[key].pk] = median
    for district in districts:
        name = "Ủy ban nhân dân " + district.name[0].lower() + district.name[1:]
        agency = Agency.objects.create(name=name, kind=AgencyKind.PEOPLES_COMMITTEE, unit=district)
        agency.topics.set([topics[k] for k in LOCAL_TOPICS])
        agencies[district.code] = agency
        speed[agency.pk] = DISTRICT_SPEEDS[district.code]
    account = {}
    for key, username in AGENCY_ACCOUNTS.items():
        if username in users:
            agencies[key].members.add(users[username])
            account[agencies[key].pk] = users[username].pk
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    staff = {u: (users[u].pk, people[users[u].pk].full_name) for u in _STAFF}
    leader = (users["lanhdao"].pk, "Thường trực cấp ủy ({})".format(people[users["lanhdao"].pk].full_name))
    units = {
        u.pk: u
        for u in Unit.objects.filter(subtree_q("path", province.path), level__key__in=["district", "commune", "hamlet"])
    }
    district_by_path = {d.path: d.code for d in districts}
    district_of = {pk: district_by_path.get(u.path[: 2 * SEGMENT_LENGTH]) for pk, u in units.items()}
    communes = sorted((u for u in units.values() if u.depth == 3), key=lambda u: u.code)
    hamlets_of = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: u.path):
        if u.depth == 4:
            hamlets_of[u.parent_id].append(u)
    followers = defaultdict(list)
    for unit_id, person_id in (
        Assignment.objects.filter(subtree_q("unit__path", province.path))
        .filter(unit__depth__in=[3, 4], start_date__lte=START, person__departed_on__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=END))
        .order_by("unit_id", "person__code")
        .values_list("unit_id", "person_id")
    ):
        followers[unit_id].append(person_id)
    cells = PartyOrganization.objects.filter(
        subtree_q("unit__path", province.path), kind=OrganizationKind.CELL
    ).values_list("unit_id", "pk", "name", "unit__depth")
    reports_of = defaultdict(list)
    for person_id, cell_id, day, report_id, sent in MeetingReport.objects.filter(
        subtree_q("attendance__meeting__organization__path", _org_path(province)), submitted_at__isnull=False
    ).values_list(
        "attendance__person_id", "attendance__meeting__organization_id", "attendance__meeting__date", "pk",
        "submitted_at",
    ):  # fmt: skip
        reports_of[(person_id, cell_id)].append((day, report_id, sent))
    for rows in reports_of.values():
        rows.sort()
    through = MeetingReport.recommendations.through.objects.filter(recommendation__unit__path__startswith=province.path)
    meeting_cell, meeting_sent = {}, {}
    for rec_id, cell_id, sent in through.values_list(
        "recommendation_id", "meetingreport__attendance__meeting__organization_id", "meetingreport__submitted_at"
    ):
        meeting_cell[rec_id], meeting_sent[rec_id] = cell_id, sent
    existing = list(
        Recommendation.objects.filter(subtree_q("unit__path", province.path)).select_related("unit").order_by("pk")
    )
    for rec in existing:
        if rec.pk in meeting_sent:  # recorded when the report was sent
            rec.created_at = meeting_sent[rec.pk]
    return _Ctx(
        rng=rng, province=province, topics=topics, agencies=agencies, speed=speed, account=account, staff=staff,
        leader=leader, district_of=district_of, units=units, by_path={u.path: u for u in units.values()},
        communes=communes, hamlets_of=hamlets_of, followers=followers,
        person_user=dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id")),
        cell_of={unit_id: (pk, name) for unit_id, pk, name, depth in cells if depth == 4},
        cell_names={pk: name for _unit_id, pk, name, _depth in cells}, reports_of=reports_of,
        meeting_cell=meeting_cell, existing=existing,
    )  # fmt: skip


def _org_path(province: Unit) -> str:
    top = PartyOrganization.objects.filter(unit=province, depth=1).values_list("path", flat=True).first()
    return top or "~"


# ---------------------------------------------------------------------------------------------------------
# A life, written as the services write it


def _wd(day: datetime.date, n: int = 0) -> datetime.date:
    """The n-th working day after `day`; for 0, `day` itself or the next working day."""
    if n > 0:
        return add_working_days(day, n)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _sent_up_on(deadline: datetime.date, topic: Topic) -> datetime.date:
    """The day `services.escalate_overdue`, run every day, sends a case still with its agency to the Standing
    Committee: the first day it is more than the topic's `escalate_after_days` working days past its deadline."""
    return add_working_days(deadline, topic.escalate_after_days + 1)


def _escalation_reason(agency: Agency, deadline: datetime.date, on: datetime.date, topic: Topic) -> str:
    """The reason in the words of `services.escalate_overdue`, naming the deadline that was missed."""
    return (
        "Tự động trình Thường trực: {} chưa trả lời, quá hạn {} ngày làm việc (hạn {}; mức trình của lĩnh vực "
        "{} là quá {} ngày làm việc)."
    ).format(
        agency.name, working_days_after(deadline, on), format_date(deadline), topic.name, topic.escalate_after_days
    )


class _Life:
    """One recommendation and its events, in order; each step sets the fields as the service of that step does."""

    def __init__(self, ctx: _Ctx, rec: Recommendation):
        self.ctx, self.rec = ctx, rec
        self.events: list[RecommendationEvent] = []
        self.last = None
        self.conveyed_at_report = None

    @property
    def district(self) -> str:
        return self.ctx.district_of.get(self.rec.unit_id, "")

    @property
    def staff(self) -> tuple:
        """The organization staff who route it: Ba Tri's own for most of Ba Tri's, the province's otherwise."""
        if self.district == BA_TRI and self.ctx.rng.random() < 0.85:
            return self.ctx.staff["tochuchuyen"]
        return self.ctx.staff["tochuc"]

    def stamp(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        rng = self.ctx.rng
        clock = datetime.time(hour if hour is not None else rng.randint(7, 16), rng.randrange(60))
        at = timezone.make_aware(datetime.datetime.combine(day, clock))
        if self.last is not None and at <= self.last:
            at = self.last + datetime.timedelta(minutes=rng.randint(3, 40))
        self.last = at
        return at

    def log(self, action, actor, day, comment="", agency="current", at=None, hour=None) -> None:
        rec = self.rec
        at = at if at is not None else self.stamp(day, hour)
        self.last = max(self.last or at, at)
        self.events.append(
            RecommendationEvent(
                recommendation=rec, action=action, actor_id=actor, at=at, status=rec.status,
                agency_id=rec.agency_id if agency == "current" else getattr(agency, "pk", None), comment=comment,
            )
        )  # fmt: skip
        rec.updated_at = at

    # Steps ---------------------------------------------------------------------------------------------------

    def record(self, at: datetime.datetime, actor) -> None:
        self.rec.created_at = at
        self.rec.status = S.NEW
        self.log(EventAction.CREATED, actor, at.date(), at=at)

    def spot(self, day, staff, text) -> None:
        rec = self.rec
        rec.level, rec.status, rec.agency = AuthorityLevel.ON_THE_SPOT, S.ANSWERED, None
        rec.answer, rec.answered_on, rec.answered_by_id, rec.answered_by_name = text, day, staff[0], staff[1]
        self.log(EventAction.ANSWERED_ON_SPOT, staff[0], max(day, self.last.date()), text)

    def forward(self, agency, day, staff) -> None:
        rec = self.rec
        rec.level, rec.agency, rec.forwarded_on = AuthorityLevel.AGENCY, agency, day
        rec.deadline, rec.status = deadline_for(rec.topic, day), S.FORWARDED
        self.log(EventAction.FORWARDED, staff[0], day, "Hạn trả lời {}.".format(format_date(rec.deadline)))

    def agency_step(self, action, day, comment="") -> None:
        self.rec.status = {EventAction.ACKNOWLEDGED: S.ACKNOWLEDGED, EventAction.INFO_REQUESTED: S.INFO_REQUESTED}[
            action
        ]
        self.log(action, self.ctx.account.get(self.rec.agency_id), day, comment)

    def provide(self, day, text) -> None:
        self.rec.status = S.ACKNOWLEDGED
        carrier_user = self.ctx.person_user.get(self.rec.carried_by_id)
        self.log(EventAction.INFO_PROVIDED, carrier_user or self.staff[0], day, text)

    def give_back(self, day, reason) -> None:
        rec = self.rec
        former = rec.agency
        actor = self.ctx.account.get(rec.agency_id)
        rec.status, rec.agency, rec.forwarded_on, rec.deadline = S.RETURNED, None, None, None
        self.log(EventAction.RETURNED, actor, day, reason, agency=former)

    def auto_escalate(self, day) -> None:
        rec = self.rec
        reason = _escalation_reason(rec.agency, rec.deadline, day, rec.topic)
        self._up(day)
        self.log(EventAction.AUTO_ESCALATED, None, day, reason, hour=6)

    def escalate(self, day, staff, comment) -> None:
        self._up(day)
        self.log(EventAction.ESCALATED, staff[0], day, comment)

    def _up(self, day) -> None:
        rec = self.rec
        rec.level, rec.status, rec.escalated_on = AuthorityLevel.STANDING_COMMITTEE, S.ESCALATED, day
        if rec.deadline is None or rec.deadline < day:
            rec.deadline = deadline_for(rec.topic, day)

    def answer(self, day, text, by_agency: bool, close: bool = False) -> None:
        """The agency's answer (its account, or none when it has no account here) or the Standing Committee's."""
        rec = self.rec
        if by_agency:
            actor, name = self.ctx.account.get(rec.agency_id), rec.agency.name
        else:
            actor, name = self.ctx.leader
        rec.answer, rec.answered_on, rec.answered_by_id, rec.answered_by_name = text, day, actor, name
        rec.status = S.ANSWERED
        self.log(EventAction.ANSWERED, actor, day, text)
        if close:
            rec.status = S.CLOSED
            self.log(EventAction.CLOSED, actor, day)

    def grouped(self, day, staff, title) -> None:
        self.log(EventAction.GROUPED, staff[0], day, title)

    def afterwards(self, answered: datetime.date, there: bool = False) -> None:
        """Told back to the grassroots by the cadre who carried it (at the cell's next meeting he attends, when
        there is one; `there`: he gave the answer where it was raised), and closed by staff once the grassroots have
        the answer."""
        rec, rng = self.rec, self.ctx.rng
        if there and rec.carried_by_id is not None:
            rec.conveyed_on, rec.conveyed_by_id = answered, rec.carried_by_id
            where = "buổi sinh hoạt" if rec.source == SOURCE.MEETING else "buổi làm việc với cơ sở"
            actor = self.ctx.person_user.get(rec.carried_by_id) or self.staff[0]
            self.log(EventAction.CONVEYED, actor, self.last.date(), "Đã trả lời trực tiếp tại {}.".format(where))
        elif rec.carried_by_id is not None and rng.random() < 0.87:
            self._convey(answered)
        if rec.status == S.ANSWERED and rng.random() < 0.5:
            day = _wd(rec.conveyed_on or answered, rng.randint(0, 5))
            if day <= END:
                rec.status = S.CLOSED
                self.log(EventAction.CLOSED, self.staff[0], day, rng.choice(CLOSING_NOTES))

    def _convey(self, answered) -> None:
        ctx, rec, rng = self.ctx, self.rec, self.ctx.rng
        cell = ctx.meeting_cell.get(rec.pk) if rec.pk else None
        cell = cell or ctx.cell_of.get(rec.unit_id, (None,))[0]
        actor = ctx.person_user.get(rec.carried_by_id) or self.staff[0]
        for day, report_id, sent in ctx.reports_of.get((rec.carried_by_id, cell), ()):
            if answered < day <= answered + datetime.timedelta(days=75) and timezone.localtime(sent).date() <= END:
                rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
                self.conveyed_at_report = report_id
                self.log(EventAction.CONVEYED, actor, day, "Tại buổi sinh hoạt ngày {}.".format(format_date(day)),
                         at=max(sent, self.last + datetime.timedelta(minutes=5)))  # fmt: skip
                return
        day = answered + datetime.timedelta(days=rng.randint(2, 20))
        if day > END:
            return
        rec.conveyed_on, rec.conveyed_by_id = day, rec.carried_by_id
        note = CONVEY_PERSON if rec.raiser_kind == RaiserKind.PERSON else rng.choice(CONVEY_NOTES)
        self.log(EventAction.CONVEYED, actor, day, note)


def _lead(ctx: _Ctx, agency: Agency, topic: Topic) -> int:
    """Working days this agency takes for one case: around its pace, sooner for topics with a short deadline (an
    agency knows what is urgent), sometimes much longer."""
    pace = ctx.speed[agency.pk] * (topic.deadline_days / 15) ** 0.8
    if ctx.rng.random() < 0.08:  # put aside and forgotten for a while
        pace *= 2.2
    return max(1, round(pace * math.exp(ctx.rng.gauss(0, 0.35))))


def _slots(ctx: _Ctx, unit: Unit) -> dict:
    rng = ctx.rng
    commune = unit if unit.depth == 3 else ctx.units[unit.parent_id]
    hamlet = unit if unit.depth == 4 else rng.choice(ctx.hamlets_of[commune.pk])
    return {
        "ap": hamlet.name[0].lower() + hamlet.name[1:],
        "xa": commune.name[0].lower() + commune.name[1:],
        "m": rng.choice(["300", "450", "600", "800", "1.200", "1.500"]),
        "n": rng.randint(6, 45),
    }


_CHOICE = re.compile(r"\[([^\[\]]+)\]")


def _expand(template: str, rng: random.Random, slots: dict) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template).format(**slots)
    return text[0].upper() + text[1:]


def _answer_text(ctx: _Ctx, topic_key: str, agency_key: str, day: datetime.date) -> str:
    texts = ANSWERS.get((topic_key, agency_key)) or ANSWERS.get((topic_key, "district")) or SPOT_ANSWERS["any"]
    quarter = (day.month - 1) // 3 + 1
    nxt = quarter % 4 + 1
    return ctx.rng.choice(texts).format(y=day.year if day.month < 10 else day.year + 1, q="{}/{}".format(
        ["I", "II", "III", "IV"][nxt - 1], day.year + (1 if nxt == 1 else 0)))  # fmt: skip


def _key_of(ctx: _Ctx, agency: Agency) -> str:
    for key, value in ctx.agencies.items():
        if value.pk == agency.pk:
            return "district" if key.isdigit() else key
    return "district"


def _agency_path(life: _Life, agency: Agency, day, staff, *, topic_key: str, detour=None, info=False) -> None:
    """Forwarded on `day` (first to `detour`, which gives it back); the agency acknowledges, may ask for more, and
    answers — unless the daily job sends it up first, after which the Standing Committee (or, late, the agency)
    answers."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    if detour is not None:
        life.forward(detour, day, staff)
        back = _wd(day, rng.randint(2, 7))
        if back > END:
            return
        if rng.random() < 0.5:
            life.agency_step(EventAction.ACKNOWLEDGED, _wd(day, 1) if _wd(day, 1) < back else back)
        life.give_back(back, RETURN_REASONS[_key_of(ctx, detour)])
        day = _wd(back, rng.randint(1, 3))
        if day > END:
            return
    life.forward(agency, day, staff)
    lead = _lead(ctx, agency, rec.topic)
    answered = _wd(day, lead)
    esc = _sent_up_on(rec.deadline, rec.topic)
    steps = [(_wd(day, min(rng.choice([0, 1, 1, 2, 3]), lead - 1)), "ack")]
    if info and lead >= 5:
        asked = _wd(steps[0][0], rng.randint(1, 2))
        replied = _wd(asked, rng.randint(1, 4))
        steps += [(asked, "info"), (replied, "reply")]
        answered = max(answered, _wd(replied, 1))
    steps.append((answered, "answer"))
    slots = _slots(ctx, rec.unit)
    for when, kind in steps:
        if esc <= when:
            break
        if when > END:
            return
        if kind == "ack":
            life.agency_step(EventAction.ACKNOWLEDGED, when)
        elif kind == "info":
            life.agency_step(EventAction.INFO_REQUESTED, when, rng.choice(INFO_QUESTIONS))
        elif kind == "reply":
            life.provide(when, rng.choice(INFO_REPLIES).format(**slots))
        else:
            life.answer(when, _answer_text(ctx, topic_key, _key_of(ctx, agency), when), True, rng.random() < 0.35)
            life.afterwards(when)
            return
    if esc > END:
        return
    life.auto_escalate(esc)
    standing = _wd(esc, rng.randint(*STANDING_ANSWER_DAYS))
    if answered < standing and rng.random() < 0.5:  # the agency answers after all
        if answered <= END:
            life.answer(answered, _answer_text(ctx, topic_key, _key_of(ctx, agency), answered), True)
            life.afterwards(answered)
    elif standing <= END:
        life.answer(standing, _standing_text(ctx, rec, standing), False)
        life.afterwards(standing)


def _standing_text(ctx: _Ctx, rec: Recommendation, day) -> str:
    if rec.topic_id == ctx.topics["party"].pk and rec.agency_id is None:
        return ctx.rng.choice(STANDING_PARTY)
    quarter = (day.month - 1) // 3 + 2
    q = "{}/{}".format(["I", "II", "III", "IV"][(quarter - 1) % 4], day.year + (1 if quarter > 4 else 0))
    name = rec.agency.name if rec.agency_id else "các sở, ngành liên quan"
    return ctx.rng.choice(STANDING_ANSWERS).format(agency=name, q=q)


def _route(life: _Life, recorded: datetime.date, *, topic_key: str, spot: float, up: float, choices) -> None:
    """After recording: answered on the spot, sent up by staff, or forwarded — unless it is still waiting to be
    routed on 30/06/2025."""
    ctx, rec, rng = life.ctx, life.rec, life.ctx.rng
    day = _wd(recorded, rng.choice([0, 1, 1, 2, 3]))
    if day > END:
        return
    staff = life.staff
    draw = rng.random()
    if spot <= draw < spot + up:
        life.escalate(day, staff, rng.choice(STAFF_ESCALATIONS[:2] if topic_key == "party" else STAFF_ESCALATIONS[2:]))
        standing = _wd(day, rng.randint(*STANDING_ANSWER_DAYS) + 5)
        if standing <= END:
            life.answer(standing, _standing_text(ctx, rec, standing), False)
            life.afterwards(standing)
        return
    if draw < spot or not choices:
        texts = SPOT_ANSWERS["party"] if topic_key == "party" else SPOT_ANSWERS["any"]
        there = rec.source in (SOURCE.MEETING, SOURCE.VISIT)  # answered to the cell or the commune there and then
        life.spot(rec.raised_on if there else day, staff, rng.choice(texts))
        life.afterwards(rec.answered_on, there=there)
        return
    key = rng.choices([k for k, _w in choices], [w for _k, w in choices])[0]
    agency = ctx.agencies[life.district] if key == "district" else ctx.agencies[key]
    detour = None
    if key == "district" and topic_key in ("roads", "land", "social") and rng.random() < 0.1:
        detour = ctx.agencies[{"roads": "gtvt", "land": "tnmt", "social": "ldtbxh"}[topic_key]]
    elif key == "nn" and topic_key == "water" and rng.random() < 0.08:
        detour = ctx.agencies[life.district]
    _agency_path(life, agency, day, staff, topic_key=topic_key, detour=detour, info=rng.random() < 0.07)


# ---------------------------------------------------------------------------------------------------------
# The recommendations of the reports


def _existing_life(ctx: _Ctx, rec: Recommendation) -> _Life:
    life = _Life(ctx, rec)
    spec = EXISTING.get(rec.text)
    if spec is None:  # a text the reports may raise one day: the topic its words suggest, the usual agencies
        topic = suggest_topic(rec.text, list(ctx.topics.values())) or ctx.topics["other"]
        topic_key = next(k for k, t in ctx.topics.items() if t.pk == topic.pk)
        spec = (topic_key, 0.1, 0, ROUTES[topic_key])
    topic_key, spot, up, choices = spec
    rec.topic = ctx.topics[topic_key]
    rec.search_key = fold(rec.text)
    if rec.source == SOURCE.MEETING and rec.pk in ctx.meeting_cell:
        rec.raiser_kind = RaiserKind.CELL
        rec.raiser_name = ctx.cell_names.get(ctx.meeting_cell[rec.pk], "")
    else:
        rec.raiser_kind = RaiserKind.UNIT
        commune = rec.unit if rec.unit.depth == 3 else ctx.units[rec.unit.parent_id]
        rec.raiser_name = "Đảng ủy " + commune.name[0].lower() + commune.name[1:]
    actor = rec.created_by_id or ctx.person_user.get(rec.carried_by_id)
    life.record(timezone.localtime(rec.created_at), actor)
    if life.last.date() <= END:
        _route(life, life.last.date(), topic_key=topic_key, spot=spot, up=up, choices=choices)
    return life


# ---------------------------------------------------------------------------------------------------------
# New recommendations from the other channels


def _new_lives(ctx: _Ctx) -> list[_Life]:
    rng = ctx.rng
    weights = [len(ctx.hamlets_of[c.pk]) for c in ctx.communes]
    sources = [(SOURCE.PETITION, 22), (SOURCE.PUBLIC_OPINION, 14), (SOURCE.UNIT_REPORT, 26), (SOURCE.DIRECT, 38)]
    lives = []
    span = (END - START).days
    for _i in range(NEW_TOTAL):
        commune = rng.choices(ctx.communes, weights)[0]
        unit = commune if rng.random() < 0.5 else rng.choice(ctx.hamlets_of[commune.pk])
        raised = START + datetime.timedelta(days=rng.randrange(span + 1))
        source = rng.choices([s for s, _w in sources], [w for _s, w in sources])[0]
        topic_key = _topic_for(ctx, commune, raised)
        text, hint, raiser = _compose(ctx, unit, topic_key, source)
        lives.append(_new_life(ctx, unit, raised, source, topic_key, text, hint, raiser))
    return lives


def _topic_for(ctx: _Ctx, commune: Unit, day: datetime.date) -> str:
    weights = dict(TOPIC_WEIGHTS)
    coastal = ctx.district_of[commune.pk] in COASTAL
    if day.month in (12, 1, 2, 3, 4, 5):
        weights["water"] *= 2.5 if coastal else 1.5
    if day.month in (7, 8, 9, 10):
        weights["health"] *= 1.3
    if day.month in (8, 9, 10, 11):
        weights["roads"] *= 1.3
    return ctx.rng.choices(list(weights), list(weights.values()))[0]


def _compose(ctx: _Ctx, unit: Unit, topic_key: str, source: str) -> tuple[str, str, tuple]:
    """Text, routing hint and (raiser kind, name, contact), in the manner of the channel; never the same text
    twice."""
    rng = ctx.rng
    slots = _slots(ctx, unit)
    for _attempt in range(8):
        hint = ""
        if source == SOURCE.PETITION and topic_key in PETITIONS and rng.random() < 0.8:
            text = _expand(rng.choice(PETITIONS[topic_key]), rng, slots)
            raiser = (
                RaiserKind.PERSON,
                _person_name(rng),
                "{}, {}; ĐT {}".format(
                    slots["ap"][0].upper() + slots["ap"][1:], slots["xa"], "09{:08d}".format(rng.randrange(10**8))
                ),
            )
        else:  # fmt: skip
            opinions = [w for k, w in OPINIONS if k == topic_key]
            if source == SOURCE.PUBLIC_OPINION and opinions and rng.random() < 0.6:
                what = _expand(rng.choice(opinions), rng, slots)
                text = _expand(rng.choice(OPINION_FORMS), rng, {**slots, "what": what[0].lower() + what[1:]})
            else:
                template, hint = rng.choice(TEXTS[topic_key])
                text = _expand(template, rng, slots)
            raiser = _raiser(ctx, unit, source, slots)
        if text not in ctx.texts:
            break
    ctx.texts.add(text)
    return text, hint, raiser


def _raiser(ctx: _Ctx, unit: Unit, source: str, slots: dict) -> tuple:
    rng = ctx.rng
    if source == SOURCE.PETITION:
        return RaiserKind.RESIDENTS, "{} hộ dân {}".format(rng.randint(3, 25), slots["ap"]), ""
    if source == SOURCE.PUBLIC_OPINION:
        return RaiserKind.RESIDENTS, "Người dân " + slots["ap"], ""
    if source == SOURCE.UNIT_REPORT or unit.pk not in ctx.cell_of:
        return RaiserKind.UNIT, rng.choice(UNIT_RAISERS).format(xa=slots["xa"]), ""
    return RaiserKind.CELL, ctx.cell_of[unit.pk][1], ""


def _person_name(rng: random.Random) -> str:
    gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
    return "{} {} {}".format(rng.choice(_FAMILY), rng.choice(_MIDDLE[gender]), rng.choice(_GIVEN[gender]))


def _carrier(ctx: _Ctx, unit: Unit):
    """The cadre following the unit (or its commune), who carries it and tells the answer back."""
    people = ctx.followers.get(unit.pk) or (ctx.followers.get(unit.parent_id) if unit.depth == 4 else None)
    return ctx.rng.choice(people) if people else None


def _new_life(ctx, unit, raised, source, topic_key, text, hint, raiser, carrier="follower", route=True) -> _Life:
    rng = ctx.rng
    rec = Recommendation(
        unit=unit, text=text, source=source, raised_on=raised, topic=ctx.topics[topic_key], raiser_kind=raiser[0],
        raiser_name=raiser[1], raiser_contact=raiser[2], carried_by_id=_carrier(ctx, unit) if carrier == "follower"
        else carrier, search_key=fold(text),
    )  # fmt: skip
    rec.normalize_text()
    life = _Life(ctx, rec)
    staff = life.staff
    recorded = _wd(raised, rng.choice([0, 0, 1, 2])) if source in (SOURCE.PETITION, SOURCE.UNIT_REPORT) else raised
    rec.created_by_id = staff[0]
    life.record(life.stamp(recorded), staff[0])
    if route and recorded <= END:
        choices = _choices(life, topic_key, hint)
        party = topic_key == "party"
        _route(life, recorded, topic_key=topic_key, spot=0.3 if party else 0.1, up=0.1 if party else 0.015,
               choices=choices)  # fmt: skip
    return life


def _choices(life: _Life, topic_key: str, hint: str) -> list:
    if hint == "pipe":
        return [("capnuoc", 1)] if life.district in URBAN_WATER else [("nn", 1), ("district", 1)]
    if hint and life.ctx.rng.random() < 0.8:
        return [(hint, 1)]
    return ROUTES[topic_key]


# ---------------------------------------------------------------------------------------------------------
# Groups


def _groups(ctx: _Ctx) -> tuple[list[RecommendationGroup], list[_Life]]:
    rng = ctx.rng
    communes = {c.code: c for c in ctx.communes}
    rows, lives = [], []
    for spec in GROUPS:
        agency = ctx.agencies[spec.agency]
        staff = ctx.staff["tochuc"]
        span = (spec.last - spec.first).days
        members = []
        for i, (code, source, text) in enumerate(spec.members):
            commune = communes[code]
            unit = commune if rng.random() < 0.4 else rng.choice(ctx.hamlets_of[commune.pk])
            raised = spec.first + datetime.timedelta(days=round(span * i / max(1, len(spec.members) - 1)))
            raised -= datetime.timedelta(days=rng.randint(0, 2)) if i else datetime.timedelta(0)
            raiser = _raiser(ctx, unit, source, _slots(ctx, unit))
            life = _new_life(ctx, unit, raised, source, spec.topic, text, "", raiser, route=False)
            forwarded = _wd(life.last.date(), rng.randint(1, 2))
            life.forward(agency, forwarded, staff)
            life.agency_step(EventAction.ACKNOWLEDGED, _wd(forwarded, rng.randint(0, 1)))
            members.append(life)
        group = RecommendationGroup(title=spec.title, unit=_common_unit(ctx, [m.rec.unit for m in members]),
                                    created_by_id=staff[0])  # fmt: skip
        acked = [m.last.date() for m in members]
        created = max(acked[:2])
        for life, ack in zip(members, acked, strict=True):
            life.rec.group = group
            life.grouped(max(created, ack), staff, spec.title)
        group.created_at = min(m.events[-1].at for m in members[:2])
        joined = max(m.last.date() for m in members)
        if spec.outcome == "agency":
            answered = _wd(joined, rng.randint(1, 3))
            for life in members:
                late = _sent_up_on(life.rec.deadline, life.rec.topic)
                assert answered < late, "{}: answered {} after the escalation of {}".format(spec.title, answered, late)
                life.answer(answered, spec.answer, True)
        elif spec.outcome == "standing":
            topic = ctx.topics[spec.topic]
            up = max(_wd(_sent_up_on(members[1].rec.deadline, topic), 1), _wd(joined, 1))
            for life in members:
                late = _sent_up_on(life.rec.deadline, life.rec.topic)
                if late <= up:
                    life.auto_escalate(late)
                else:
                    life.escalate(up, staff, "Trình Thường trực cùng nhóm «{}»: nhiều xã cùng kiến nghị, {} chưa giải "
                                  "quyết được.".format(spec.title, agency.name))  # fmt: skip
            answered = _wd(up, rng.randint(4, 8))
            for life in members:
                life.answer(answered, spec.answer, False)
        else:
            for life in members:
                late = _sent_up_on(life.rec.deadline, life.rec.topic)
                if late <= END:
                    assert late > life.last.date(), "{}: sent up before it was grouped".format(spec.title)
                    life.auto_escalate(late)
            answered = None
        if answered is not None:
            group.answer, group.answered_on = spec.answer, answered
            for life in members:
                life.afterwards(answered)
        rows.append(group)
        lives += members
    return rows, lives


def _common_unit(ctx: _Ctx, units) -> Unit:
    prefix = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(prefix):
            prefix = prefix[:-SEGMENT_LENGTH]
    return ctx.by_path.get(prefix) or ctx.province


# ---------------------------------------------------------------------------------------------------------
# The demo cadre's hamlet: answers for him to tell back, and one still with the agency


SHOWCASE_HAMLET = "29110-01"  # Khu phố 1, Thị trấn Ba Tri: followed by `canbo`, the cell of `coso`
SHOWCASE = [
    # raised, topic, agency key, text, answered (None: still open), conveyed
    (D(2025, 5, 6), "roads", BA_TRI, "Đề nghị lắp đèn chiếu sáng con hẻm từ chợ vào khu phố, tối không có đèn, nhiều "
     "người đi làm về khuya bị té.", D(2025, 5, 21), True),
    (D(2025, 6, 5), "env", BA_TRI, "Cống thoát nước dọc đường trong khu phố bị nghẹt, mưa lớn là nước tràn vào nhà "
     "dân; đề nghị nạo vét trước mùa mưa bão.", D(2025, 6, 20), False),
    (D(2025, 6, 9), "water", "nn", "Nước máy ở khu phố có vị lợ vào cuối mùa khô; bà con đề nghị kiểm tra chất lượng "
     "nước và thông báo cho người dân biết.", D(2025, 6, 18), False),
    (D(2025, 6, 20), "roads", BA_TRI, "Đề nghị lắp biển báo và gờ giảm tốc trước cổng trường tiểu học trong khu "
     "phố, giờ tan học xe chạy nhanh rất nguy hiểm cho các em.", None, False),
]  # fmt: skip


def _showcase(ctx: _Ctx) -> list[_Life]:
    hamlet = next((u for u in ctx.units.values() if u.code == SHOWCASE_HAMLET), None)
    cadre = Person.objects.filter(code="CB836-0001").values_list("pk", flat=True).first()
    if hamlet is None or cadre is None:
        return []
    lives = []
    for raised, topic_key, agency_key, text, answered, conveyed in SHOWCASE:
        life = _new_life(ctx, hamlet, raised, SOURCE.DIRECT, topic_key, text, "", _raiser(ctx, hamlet, SOURCE.DIRECT,
                         _slots(ctx, hamlet)), carrier=cadre, route=False)  # fmt: skip
        life.rec.created_by_id = ctx.person_user.get(cadre) or life.rec.created_by_id
        life.events[0].actor_id = life.rec.created_by_id
        agency = ctx.agencies[agency_key]
        staff = ctx.staff["tochuchuyen"]
        life.forward(agency, _wd(raised, 1), staff)
        life.agency_step(EventAction.ACKNOWLEDGED, _wd(raised, 2))
        if answered is not None:
            life.answer(answered, _answer_text(ctx, topic_key, _key_of(ctx, agency), answered), True)
            if conveyed:
                life.rec.conveyed_on, life.rec.conveyed_by_id = answered + datetime.timedelta(days=9), cadre
                life.log(EventAction.CONVEYED, ctx.person_user.get(cadre), life.rec.conveyed_on, CONVEY_NOTES[2])
        lives.append(life)
    return lives


# ---------------------------------------------------------------------------------------------------------
# Summary


def _summary(recs: list, ctx: _Ctx, groups: list, log) -> None:
    year = [r for r in recs if START <= r.raised_on <= END]
    sources = Counter(r.source for r in year)
    status = Counter(r.status for r in recs)
    open_ = [r for r in recs if r.status not in (S.ANSWERED, S.CLOSED)]
    overdue = sum(1 for r in open_ if r.deadline is not None and r.deadline < END)
    log(
        "Kiến nghị {}–{}: {} ({} từ báo cáo dự sinh hoạt, {} từ chuyến đi cơ sở, {} đơn thư, {} dư luận, {} báo cáo "
        "của đơn vị, {} nhập trực tiếp); {} cơ quan giải quyết".format(
            format_date(START), format_date(END), len(year), sources[SOURCE.MEETING], sources[SOURCE.VISIT],
            sources[SOURCE.PETITION], sources[SOURCE.PUBLIC_OPINION], sources[SOURCE.UNIT_REPORT],
            sources[SOURCE.DIRECT], len(ctx.agencies),
        )
    )  # fmt: skip
    log(
        "Đến {}: {} đã trả lời, {} đã kết thúc, {} đang mở ({} quá hạn, {} chờ Thường trực); {} nhóm kiến nghị "
        "tương tự ({} đã trả lời chung)".format(
            format_date(END), status[S.ANSWERED], status[S.CLOSED], len(open_), overdue, status[S.ESCALATED],
            len(groups), sum(1 for g in groups if g.answered_on),
        )
    )  # fmt: skip
