"""Builds meeting_report.docx, the docxtpl template of a meeting report in the layout of Party documents
(core.party_document): the header block, the title, the sections, recipients and signature.

The template is committed next to this script; after changing the layout, rebuild it with

    .venv/bin/python src/diaban/meetings/docx/build_template.py

The output is reproducible (fixed document properties and zip timestamps), so a test checks that the
committed file is what this script builds.
"""

import sys
from pathlib import Path

from diaban.core.party_document import CENTER, body, finish, lines, paragraph, recipients_and_signature, start

TEMPLATE = Path(__file__).with_name("meeting_report.docx")


def build() -> bytes:
    document = start()
    paragraph(document, "BÁO CÁO", size=16, bold=True, align=CENTER)
    paragraph(document, "Kết quả dự sinh hoạt {{ cell_title }}", bold=True, align=CENTER)
    paragraph(document, "{{ meeting_caption }}", bold=True, align=CENTER)
    paragraph(document, "-----", align=CENTER, after=12)

    body(
        document,
        "Thực hiện nhiệm vụ theo dõi, hỗ trợ cơ sở, ngày {{ meeting_date }} tôi đã dự buổi sinh hoạt "
        "{{ meeting_kind }} của {{ cell_name }}{{ cell_parent }}. Kết quả như sau:",
    )

    body(document, "I. TÌNH HÌNH BUỔI SINH HOẠT", bold=True)
    body(document, "1. Buổi sinh hoạt", bold=True)
    lines(document, "meeting_lines")
    body(document, "2. Tình hình dự họp", bold=True)
    lines(document, "attendance_lines")
    body(document, "3. Nội dung sinh hoạt", bold=True)
    lines(document, "content_lines")

    body(document, "II. CHẤT LƯỢNG BUỔI SINH HOẠT", bold=True)
    body(document, "1. Tiêu chí đạt: {{ criteria_score }}", bold=True)
    lines(document, "criteria_lines")
    body(document, "2. Đánh giá chung: {{ overall }}", bold=True)
    lines(document, "assessment_lines")

    body(document, "III. ĐỊNH HƯỚNG, GIẢI ĐÁP TẠI BUỔI SINH HOẠT", bold=True)
    body(document, "1. Định hướng, góp ý", bold=True)
    lines(document, "guidance_lines")
    body(document, "2. Giải đáp tại chỗ", bold=True)
    lines(document, "answer_lines")

    body(document, "IV. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    body(document, "1. Kiến nghị của cơ sở", bold=True)
    lines(document, "recommendation_lines")
    body(document, "2. Đề xuất với cấp ủy", bold=True)
    lines(document, "proposal_lines")

    recipients_and_signature(
        document, ["- Thường trực cấp ủy (để báo cáo),", "- Lưu hồ sơ theo dõi cơ sở."], "{{ cadre_name }}"
    )
    return finish(document, "Báo cáo kết quả dự sinh hoạt chi bộ")


if __name__ == "__main__":
    TEMPLATE.write_bytes(build())
    sys.stdout.write("{}\n".format(TEMPLATE))
