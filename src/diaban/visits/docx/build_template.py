"""Builds visit_plan.docx and trip_report.docx, the docxtpl templates of a visit plan (kế hoạch đi cơ sở) and
of a trip report (báo cáo kết quả đi cơ sở), in the layout of Party documents shared with the meeting report
(Hướng dẫn 36-HD/VPTW: A4, margins 20/20/30/15 mm, Times New Roman 14 pt; the issuing body on the left and
"ĐẢNG CỘNG SẢN VIỆT NAM" with place and date on the right; the title; the sections; the signatures). The page,
styles and blocks come from core.party_document, as for the meeting report, so the three documents look alike.

The templates are committed next to this script; after changing the layout, rebuild them with

    .venv/bin/python src/diaban/visits/docx/build_template.py

The output is reproducible, so a test checks that the committed files are what this script builds.
"""

import sys
from pathlib import Path

from diaban.core.party_document import (
    CENTER,
    TEXT_WIDTH_MM,
    body,
    finish,
    layout_table,
    lines,
    paragraph,
    recipients_and_signature,
    start,
    tag,
)

HERE = Path(__file__).parent
PLAN_TEMPLATE = HERE / "visit_plan.docx"
REPORT_TEMPLATE = HERE / "trip_report.docx"


def _signature(cell, heading: str, note: str, name: str) -> None:
    paragraph(cell, heading, bold=True, align=CENTER)
    paragraph(cell, note, italic=True, align=CENTER, size=13)
    for _ in range(3):
        paragraph(cell, "", align=CENTER)
    paragraph(cell, name, bold=True, align=CENTER)


def build_plan() -> bytes:
    document = start()
    paragraph(document, "KẾ HOẠCH", size=16, bold=True, align=CENTER)
    paragraph(document, "đi cơ sở {{ units_title }}", bold=True, align=CENTER)
    paragraph(document, "{{ period_title }}", bold=True, align=CENTER)
    paragraph(document, "-----", align=CENTER, after=12)

    body(document, "{{ intro }}")
    body(document, "I. MỤC ĐÍCH", bold=True)
    lines(document, "purpose_lines")
    body(document, "II. THỜI GIAN", bold=True)
    lines(document, "time_lines")
    body(document, "III. ĐỊA BÀN", bold=True)
    lines(document, "unit_lines")
    body(document, "IV. THÀNH PHẦN", bold=True)
    lines(document, "member_lines")
    body(document, "V. NỘI DUNG LÀM VIỆC", bold=True)
    tag(document, "{%p for group in agenda_groups %}")
    body(document, "{{ group.heading }}", bold=True)
    lines(document, "group.lines")
    tag(document, "{%p endfor %}")
    body(document, "VI. LÀM VIỆC VỚI", bold=True)
    lines(document, "counterpart_lines")
    body(document, "VII. TÀI LIỆU NGHIÊN CỨU TRƯỚC", bold=True)
    lines(document, "document_lines")

    paragraph(document, "", after=6)
    width = TEXT_WIDTH_MM / 3
    leader, head, owner = layout_table(document, [width, width, width])
    _signature(leader, "{{ leader_heading }}", "{{ leader_note }}", "{{ leader_name }}")
    _signature(head, "{{ head_heading }}", "{{ head_note }}", "{{ head_name }}")
    _signature(owner, "NGƯỜI LẬP KẾ HOẠCH", "{{ owner_note }}", "{{ owner_name }}")
    return finish(document, "Kế hoạch đi cơ sở")


def build_report() -> bytes:
    document = start()
    paragraph(document, "BÁO CÁO", size=16, bold=True, align=CENTER)
    paragraph(document, "kết quả đi cơ sở {{ units_title }}", bold=True, align=CENTER)
    paragraph(document, "{{ period_title }}", bold=True, align=CENTER)
    paragraph(document, "{{ status_line }}", bold=True, italic=True, align=CENTER)
    paragraph(document, "-----", align=CENTER, after=12)

    body(document, "{{ intro }}")
    body(document, "I. THỜI GIAN, THÀNH PHẦN", bold=True)
    lines(document, "time_lines")
    lines(document, "member_lines")
    body(document, "II. KẾT QUẢ TẠI TỪNG ĐỊA BÀN", bold=True)
    tag(document, "{%p for part in parts %}")
    body(document, "{{ part.heading }}", bold=True)
    body(document, "a) Tình hình chung", italic=True)
    lines(document, "part.situation_lines")
    body(document, "b) Kết quả theo nội dung làm việc", italic=True)
    lines(document, "part.finding_lines")
    body(document, "c) Định hướng, góp ý đã đưa ra", italic=True)
    lines(document, "part.guidance_lines")
    body(document, "d) Kiến nghị của cơ sở", italic=True)
    lines(document, "part.recommendation_lines")
    body(document, "đ) Việc cần theo dõi tiếp", italic=True)
    lines(document, "part.follow_up_lines")
    tag(document, "{%p endfor %}")
    body(document, "III. ĐÁNH GIÁ CHUNG", bold=True)
    lines(document, "summary_lines")
    body(document, "IV. ĐỊNH HƯỚNG, THÔNG TIN ĐÃ TRUYỀN ĐẠT", bold=True)
    lines(document, "guidance_lines")

    recipients_and_signature(
        document, ["- Lãnh đạo Ban, trưởng phòng (để báo cáo),", "- Lưu hồ sơ theo dõi cơ sở."], "{{ owner_name }}"
    )
    return finish(document, "Báo cáo kết quả đi cơ sở")


if __name__ == "__main__":
    for path, build in ((PLAN_TEMPLATE, build_plan), (REPORT_TEMPLATE, build_report)):
        path.write_bytes(build())
        sys.stdout.write("{}\n".format(path))
