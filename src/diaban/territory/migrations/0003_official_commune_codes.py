"""The two-tier communes carry the official codes and names of the statistics office's list.

Databases that imported the two-tier list of vietnam-provinces 2025.10.1 hold 123 communes whose code or name
differs from the official list (vietnam-provinces 2026.9.0): 114 codes that the official list does not use,
9 that it gives to another commune (00226 is Phường Văn Miếu - Quốc Tử Giám, not Phường Kim Liên), and spelling
(Thuỷ → Thủy). The table below, old code → (official code, old name, official name), was matched by
province and accent-folded name (scripts/territory_data.py --crosswalk); each unit keeps its id, so nothing
recorded against it moves. A unit is changed only if it still has the old name, so running on a database that
already has the official list changes nothing.
"""

import datetime
import unicodedata

from django.db import migrations

from diaban.core.text import fold

REFORM_DATE = datetime.date(2025, 7, 1)

OFFICIAL = {
    "00073": ("00082", "Phường Cửa Nam", "Phường Cửa Nam"),
    "00130": ("00118", "Phường Bồ Đề", "Phường Bồ Đề"),
    "00148": ("00145", "Phường Long Biên", "Phường Long Biên"),
    "00167": ("00166", "Phường Cầu Giấy", "Phường Cầu Giấy"),
    "00187": ("00199", "Phường Láng", "Phường Láng"),
    "00196": ("00226", "Phường Văn Miếu - Quốc Tử Giám", "Phường Văn Miếu - Quốc Tử Giám"),
    "00226": ("00229", "Phường Kim Liên", "Phường Kim Liên"),
    "00277": ("00292", "Phường Bạch Mai", "Phường Bạch Mai"),
    "00304": ("00301", "Phường Vĩnh Hưng", "Phường Vĩnh Hưng"),
    "00313": ("00322", "Phường Tương Mai", "Phường Tương Mai"),
    "00319": ("00331", "Phường Hoàng Mai", "Phường Hoàng Mai"),
    "00331": ("00340", "Phường Yên Sở", "Phường Yên Sở"),
    "00424": ("00430", "Xã Đa Phúc", "Xã Đa Phúc"),
    "00484": ("00475", "Xã Thư Lâm", "Xã Thư Lâm"),
    "00583": ("00577", "Xã Bát Tràng", "Xã Bát Tràng"),
    "00646": ("00643", "Phường Thanh Liệt", "Phường Thanh Liệt"),
    "00928": ("00928", "Xã Thanh Thuỷ", "Xã Thanh Thủy"),
    "01501": ("01501", "Xã Đàm Thuỷ", "Xã Đàm Thủy"),
    "01537": ("01561", "Xã Vinh Quý", "Xã Vinh Quý"),
    "01558": ("01537", "Xã Lý Quốc", "Xã Lý Quốc"),
    "01561": ("01558", "Xã Hạ Lang", "Xã Hạ Lang"),
    "02674": ("02671", "Phường Cam Đường", "Phường Cam Đường"),
    "02791": ("02782", "Xã Cao Sơn", "Xã Cao Sơn"),
    "03667": ("03664", "Phường Chiềng An", "Phường Chiềng An"),
    "04318": ("04309", "Xã Lâm Thượng", "Xã Lâm Thượng"),
    "04333": ("04342", "Xã Khánh Hòa", "Xã Khánh Hòa"),
    "04591": ("04606", "Xã Trạm Tấu", "Xã Trạm Tấu"),
    "04678": ("04681", "Phường Cầu Thia", "Phường Cầu Thia"),
    "04936": ("04930", "Xã Yên Xuân", "Xã Yên Xuân"),
    "05098": ("05092", "Xã Thung Nai", "Xã Thung Nai"),
    "05794": ("05788", "Xã Phú Lạc", "Xã Phú Lạc"),
    "06016": ("06004", "Xã Quốc Khánh", "Xã Quốc Khánh"),
    "06193": ("06211", "Xã Cao Lộc", "Xã Cao Lộc"),
    "06202": ("06196", "Xã Ba Sơn", "Xã Ba Sơn"),
    "06214": ("06124", "Xã Na Sầm", "Xã Na Sầm"),
    "06325": ("06325", "Xã Bắc Sơn", "xã Bắc Sơn"),
    "06421": ("06436", "Xã Thiện Tân", "Xã Thiện Tân"),
    "08035": ("08038", "Xã Chân Mộng", "Xã Chân Mộng"),
    "08161": ("08173", "Xã Quảng Yên", "Xã Quảng Yên"),
    "08215": ("08218", "Xã Chí Tiên", "Xã Chí Tiên"),
    "08380": ("08377", "Xã Vân Bán", "Xã Vân Bán"),
    "08461": ("08467", "Xã Vạn Xuân", "Xã Vạn Xuân"),
    "08497": ("08500", "Xã Xuân Lũng", "Xã Xuân Lũng"),
    "08674": ("08674", "Xã Thanh Thuỷ", "Xã Thanh Thủy"),
    "08749": ("08746", "Phường Xuân Hòa", "Phường Xuân Hòa"),
    "09373": ("09379", "Phường Phù Khê", "Phường Phù Khê"),
    "09376": ("09370", "Phường Tam Sơn", "Phường Tam Sơn"),
    "09382": ("09385", "Phường Đồng Nguyên", "Phường Đồng Nguyên"),
    "09793": ("09787", "Xã Liên Minh", "Xã Liên Minh"),
    "09838": ("09856", "Xã Dương Hòa", "Xã Dương Hòa"),
    "09859": ("09871", "Xã Sơn Đồng", "Xã Sơn Đồng"),
    "09922": ("09952", "Xã Phú Cát", "Xã Phú Cát"),
    "09928": ("09910", "Xã Kiều Phú", "Xã Kiều Phú"),
    "10006": ("10003", "Xã Tây Phương", "Xã Tây Phương"),
    "10009": ("09982", "Xã Hạ Bằng", "Xã Hạ Bằng"),
    "10018": ("10045", "Xã Xuân Mai", "Xã Xuân Mai"),
    "10084": ("10072", "Xã Quảng Bị", "Xã Quảng Bị"),
    "10108": ("10096", "Xã Hòa Phú", "Xã Hòa Phú"),
    "10141": ("10126", "Xã Bình Minh", "Xã Bình Minh"),
    "10333": ("10342", "Xã Đại Xuyên", "Xã Đại Xuyên"),
    "10510": ("10507", "Phường Thành Đông", "Phường Thành Đông"),
    "10540": ("10891", "Phường Tứ Minh", "Phường Tứ Minh"),
    "10672": ("10837", "Phường Nam Đồng", "Phường Nam Đồng"),
    "10777": ("10792", "Xã An Thành", "Xã An Thành"),
    "11341": ("11329", "Phường Ngô Quyền", "Phường Ngô Quyền"),
    "11533": ("11533", "Phường Hoà Bình", "Phường Hòa Bình"),
    "11560": ("11560", "Phường Thuỷ Nguyên", "Phường Thủy Nguyên"),
    "11986": ("12004", "Xã Như Quỳnh", "Xã Như Quỳnh"),
    "12052": ("12073", "Xã Yên Mỹ", "Xã Yên Mỹ"),
    "12220": ("12223", "Xã Triệu Việt Vương", "Xã Triệu Việt Vương"),
    "12478": ("12583", "Xã Tân Tiến", "Xã Tân Tiến"),
    "12745": ("12745", "Xã  Bắc Đông Quan", "Xã Bắc Đông Quan"),
    "12841": ("12916", "Xã Bắc Thái Ninh", "Xã Bắc Thái Ninh"),
    "13285": ("13318", "Phường Châu Sơn", "Phường Châu Sơn"),
    "13291": ("13285", "Phường Phủ Lý", "Phường Phủ Lý"),
    "13318": ("13291", "Phường Phù Vân", "Phường Phù Vân"),
    "13666": ("13669", "Phường Nam Định", "Phường Nam Định"),
    "13735": ("13708", "Phường Mỹ Lộc", "Phường Mỹ Lộc"),
    "14104": ("14104", "Xã  Xuân Giang", "Xã Xuân Giang"),
    "14599": ("14614", "Xã Khánh Hội", "Xã Khánh Hội"),
    "15115": ("15106", "Xã Nguyệt Ấn", "Xã Nguyệt Ấn"),
    "15118": ("15112", "Xã Kiên Thọ", "Xã Kiên Thọ"),
    "15718": ("15715", "Xã Tân Ninh", "Xã Tân Ninh"),
    "16063": ("16072", "Xã Hoa Lộc", "Xã Hoa Lộc"),
    "16207": ("16222", "Xã Thanh Quân", "Xã Thanh Quân"),
    "16219": ("16213", "Xã Thanh Phong", "Xã Thanh Phong"),
    "16994": ("17011", "Phường Tây Hiếu", "Phường Tây Hiếu"),
    "17152": ("17170", "Xã Quỳnh Sơn", "Xã Quỳnh Sơn"),
    "19165": ("19138", "Xã Phong Nha", "Xã Phong Nha"),
    "19768": ("19753", "Phường Phú Xuân", "Phường Phú Xuân"),
    "19786": ("19789", "Phường Thuận Hóa", "Phường Thuận Hóa"),
    "19810": ("19774", "Phường Kim Long", "Phường Kim Long"),
    "19864": ("19858", "Phường Phong Thái", "Phường Phong Thái"),
    "20023": ("19804", "Phường Hương An", "Phường Hương An"),
    "20152": ("20137", "Xã Chân Mây – Lăng Cô", "Xã Chân Mây - Lăng Cô"),
    "20195": ("20194", "Phường Hải Vân", "Phường Hải Vân"),
    "20224": ("20305", "Phường An Khê", "Phường An Khê"),
    "20872": ("20875", "Xã Lãnh Ngọc", "Xã Lãnh Ngọc"),
    "21862": ("21859", "Xã Đề Gi", "Xã Đề Gi"),
    "21889": ("21901", "Xã Ngô Mây", "Xã Ngô Mây"),
    "21898": ("21880", "Xã Cát Tiến", "Xã Cát Tiến"),
    "22003": ("22006", "Xã Canh Vinh", "Xã Canh Vinh"),
    "22066": ("22060", "Xã Xuân Cảnh", "Xã Xuân Cảnh"),
    "22306": ("22303", "Xã Phú Hòa 2", "Xã Phú Hòa 2"),
    "22408": ("22411", "Phường Bắc Cam Ranh", "Phường Bắc Cam Ranh"),
    "22779": ("22780", "Phường Đông Hải", "Phường Đông Hải"),
    "22858": ("22861", "Xã Xuân Hải", "Xã Xuân Hải"),
    "22868": ("22846", "Xã Vĩnh Hải", "Xã Vĩnh Hải"),
    "22885": ("22900", "Xã Phước Hà", "Xã Phước Hà"),
    "22903": ("22888", "Xã Phước Dinh", "Xã Phước Dinh"),
    "22910": ("22909", "Xã Cà Ná", "Xã Cà Ná"),
    "23098": ("23095", "Xã Hàm Liêm", "Xã Hàm Liêm"),
    "23302": ("23302", "Phường Đăk BLa", "Phường Đăk Bla"),
    "23737": ("23938", "Xã Ia Mơ", "Xã Ia Mơ"),
    "24121": ("24121", "Phường  Tân Lập", "Phường Tân Lập"),
    "24133": ("24133", "Phường  Buôn Ma Thuột", "Phường Buôn Ma Thuột"),
    "24154": ("24154", "Phường  Thành Nhất", "Phường Thành Nhất"),
    "24163": ("24163", "Phường  Tân An", "Phường Tân An"),
    "24184": ("24184", "Xã Ea H’leo", "Xã Ea H’Leo"),
    "24481": ("24472", "Xã Hòa Sơn", "Xã Hòa Sơn"),
    "24718": ("24718", "Xã Đắk song", "Xã Đắk Song"),
    "24829": ("24829", "Phường B'Lao", "Phường B’Lao"),
    "24934": ("24934", "Xã D'Ran", "Xã D’Ran"),
    "25264": ("25252", "Xã Phú Riềng", "Xã Phú Riềng"),
    "25336": ("25333", "Phường An Lộc", "Phường An Lộc"),
    "25453": ("25450", "Xã Nha Bích", "Xã Nha Bích"),
    "25606": ("25606", "Xã Hoà Hội", "Xã Hòa Hội"),
    "25645": ("25645", "Phường Hoà Thành", "Phường Hòa Thành"),
    "26329": ("26332", "Xã Xuân Quế", "Xã Xuân Quế"),
    "26536": ("26536", "Phường  Rạch Dừa", "Phường Rạch Dừa"),
    "26794": ("26800", "Phường Linh Xuân", "Phường Linh Xuân"),
    "26797": ("26803", "Phường Tam Bình", "Phường Tam Bình"),
    "26812": ("26809", "Phường Hiệp Bình", "Phường Hiệp Bình"),
    "26887": ("26876", "Phường  An Nhơn", "Phường An Nhơn"),
    "26899": ("26898", "Phường Thông Tây Hội", "Phường Thông Tây Hội"),
    "26902": ("26890", "Phường Hạnh Thông", "Phường Hạnh Thông"),
    "27010": ("27019", "Phường Tân Sơn Nhì", "Phường Tân Sơn Nhì"),
    "27118": ("27094", "Phường An Khánh", "Phường An Khánh"),
    "27160": ("27154", "Phường Bàn Cờ", "Phường Bàn Cờ"),
    "27385": ("27364", "Phường Bình Phú", "Phường Bình Phú"),
    "27811": ("27811", "Xã Bình Hoà", "Xã Bình Hòa"),
    "27823": ("27823", "Xã Mộc Hoá", "Xã Mộc Hóa"),
    "27952": ("27952", "Xã Hiệp Hoà", "Xã Hiệp Hòa"),
    "27979": ("27979", "Xã Hoà Khánh", "Xã Hòa Khánh"),
    "28003": ("28003", "Xã Lương Hoà", "Xã Lương Hòa"),
    "29752": ("29740", "Xã Song Phú", "Xã Song Phú"),
    "31207": ("31228", "Phường Thuận Hưng", "Phường Thuận Hưng"),
    "31212": ("31207", "Phường Thốt Nốt", "Phường Thốt Nốt"),
    "31378": ("31378", "Xã  Phú Hữu", "Xã Phú Hữu"),
    "31561": ("31561", "Xã  Đại Hải", "Xã Đại Hải"),
}


def _same_name(a, b):
    return _loose(a) == _loose(b)


def _loose(text):
    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-").replace("’", "'")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(text.casefold().split())


def to_official(apps, schema_editor):
    Unit = apps.get_model("territory", "Unit")
    communes = Unit.objects.filter(level__key="commune", valid_from=REFORM_DATE, code__in=list(OFFICIAL))
    changing = [u for u in communes if _same_name(u.name, OFFICIAL[u.code][1])]
    # Codes rotate (01537 → 01561, 01558 → 01537, …): free them all first, then give the official ones.
    for unit in changing:
        unit.code = "~" + unit.code
    Unit.objects.bulk_update(changing, ["code"], batch_size=500)
    for unit in changing:
        new_code, _old_name, name = OFFICIAL[unit.code[1:]]
        unit.code, unit.name, unit.search_key = new_code, name, fold(name)
    Unit.objects.bulk_update(changing, ["code", "name", "search_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_unit_levels")]

    operations = [migrations.RunPython(to_official, migrations.RunPython.noop)]
