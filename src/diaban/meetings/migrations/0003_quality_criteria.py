"""The criteria of cell-meeting quality, as data (Hướng dẫn 12-HD/BTCTW); committees may edit them."""

from django.db import migrations

SOURCE = "Hướng dẫn số 12-HD/BTCTW của Ban Tổ chức Trung ương về nâng cao chất lượng sinh hoạt chi bộ (2012)"
CRITERIA = [
    "Chi ủy họp chuẩn bị nội dung trước khi sinh hoạt",
    "Đảng viên dự đông đủ; vắng mặt có lý do được báo cáo",
    "Thực hiện đúng nghi thức và trình tự sinh hoạt",
    "Nội dung thiết thực, phù hợp với tình hình của chi bộ và địa bàn",
    "Phát huy dân chủ; đảng viên phát biểu, tự phê bình và phê bình",
    "Kết luận, nghị quyết rõ việc, rõ người, rõ thời hạn",
    "Kiểm điểm việc thực hiện nghị quyết kỳ trước",
    "Biên bản ghi đầy đủ, đúng quy định",
]


def create(apps, schema_editor):
    QualityCriterion = apps.get_model("meetings", "QualityCriterion")
    for order, text in enumerate(CRITERIA, start=1):
        QualityCriterion.objects.update_or_create(text=text, defaults={"order": order, "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_meeting_reports")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
