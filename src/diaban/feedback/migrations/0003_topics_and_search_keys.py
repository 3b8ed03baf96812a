"""A starting list of topics (lĩnh vực) with deadlines in working days, editable by each committee; and the
accent-folded search key of the recommendations recorded before this migration."""

from django.db import migrations

# (name, deadline in working days, working days overdue before it goes to the Standing Committee, keywords).
# The deadlines are defaults for committees to adjust, not figures from a regulation.
TOPICS = [
    ("Đất đai", 20, 10, "đất\nquyền sử dụng đất\nsổ đỏ\ngiấy chứng nhận\nranh giới\nthu hồi\nbồi thường\ntranh chấp"),
    ("Giao thông nông thôn", 15, 10, "đường\ncầu\ngiao thông\nlộ\nhẻm\nbê tông\nsạt lở\nđèn"),
    ("Nước sạch, thủy lợi, hạn mặn", 10, 5, "nước sạch\nnước ngọt\nxâm nhập mặn\nhạn mặn\nthủy lợi\nkênh\ncống\nđê"),
    ("Chính sách xã hội", 10, 5, "hộ nghèo\ncận nghèo\nbảo trợ\ntrợ cấp\nngười có công\nbảo hiểm y tế\nchính sách"),
    ("Y tế, giáo dục", 15, 10, "trạm y tế\nbệnh\ntrường\nhọc sinh\ngiáo viên\nlớp học"),
    ("Môi trường", 15, 10, "rác\nô nhiễm\nmôi trường\nnước thải\nmùi hôi"),
    ("Sản xuất, kinh tế", 15, 10, "giá\ntiêu thụ\ndừa\nlúa\ncây giống\nvay vốn\nchăn nuôi\nsản xuất"),
    ("An ninh, trật tự", 7, 5, "trộm\nma túy\ncờ bạc\nan ninh\ntrật tự\nđánh nhau"),
    ("Công tác đảng, chính quyền", 10, 5, "đảng viên\nchi bộ\ncán bộ\nsinh hoạt\nthủ tục hành chính\nchính quyền"),
    ("Khác", 15, 10, ""),
]


def create(apps, schema_editor):
    Topic = apps.get_model("feedback", "Topic")
    for position, (name, deadline, escalate, keywords) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            name=name,
            defaults={
                "deadline_days": deadline,
                "escalate_after_days": escalate,
                "keywords": keywords,
                "position": position,
            },
        )


def fill_search_keys(apps, schema_editor):
    from diaban.core.text import fold

    Recommendation = apps.get_model("feedback", "Recommendation")
    for recommendation in Recommendation.objects.only("id", "text").iterator():
        Recommendation.objects.filter(pk=recommendation.pk).update(search_key=fold(recommendation.text))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_recommendation_life")]
    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
