"""Drafts the grassroots send for comment: who is asked, comments until the deadline and not after, and the
sender's view of who has not answered."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.guidance.models import DraftComment, DraftDocument, DraftRecipient
from diaban.guidance.services.drafts import comment_add, comment_update, draft_send
from diaban.people.choices import Role
from tests.guidance.conftest import make_person

D = datetime.date


@pytest.fixture
def draft(client, tree, accounts, cadres):
    """Sent through the page by the hamlet's secretary, with ten days to comment; Hải follows the district."""
    cadres.hai = make_person("A-06", "Trương Văn Hải", tree.province_a, "hai", follows=[tree.district_a])
    client.force_login(accounts[Role.GRASSROOTS])
    deadline = today() + datetime.timedelta(days=10)
    response = client.post(
        reverse("draft_create"),
        {"unit": tree.hamlets_a[0].pk, "kind": "resolution", "title": "Dự thảo nghị quyết chi bộ năm 2027",
         "text": "Mục tiêu: 100% đảng viên hoàn thành nhiệm vụ.", "deadline": format_date(deadline)},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    return DraftDocument.objects.get(title="Dự thảo nghị quyết chi bộ năm 2027")


def test_sent_to_those_following_the_unit_and_the_units_above(draft, cadres):
    # Nhung follows the hamlet, Bình its commune, Hải the district; An follows another hamlet, Chính another
    # commune: not asked.
    asked = set(DraftRecipient.objects.filter(document=draft).values_list("person__code", flat=True))
    assert asked == {"CB-A", "A-02", "A-06"} and draft.recipient_count == 3


def test_cadres_comment_and_the_sender_sees_who_has_not_answered(client, accounts, cadres, draft):
    client.force_login(cadres.users["binh"])
    assert "Dự thảo chờ tôi góp ý (1)" in client.get(reverse("home")).content.decode()
    client.force_login(cadres.users["nhung"])
    url = draft.get_absolute_url()
    empty = client.post(url, {"action": "comment", "text": "  "})
    assert "Cần ghi ý kiến." in empty.content.decode()
    client.post(url, {"action": "comment", "text": "Đề nghị bổ sung chỉ tiêu kết nạp đảng viên."})
    client.post(url, {"action": "comment", "text": "Nên nêu rõ thời gian sơ kết."})
    first = DraftComment.objects.filter(document=draft).order_by("id").first()
    client.post(url, {"action": "edit", "comment": first.pk, "text": "Đề nghị bổ sung chỉ tiêu kết nạp 2 đảng viên."})
    first.refresh_from_db()
    assert first.text == "Đề nghị bổ sung chỉ tiêu kết nạp 2 đảng viên."
    assert "Dự thảo chờ tôi góp ý (0)" in client.get(reverse("home")).content.decode()
    # Someone else's comment is not theirs to change; a cadre not asked may not comment.
    with pytest.raises(PermissionDenied):
        comment_update(actor=cadres.users["binh"], comment=first, text="Sửa hộ")
    client.force_login(cadres.users["an"])
    assert client.post(url, {"action": "comment", "text": "Ý kiến"}).status_code == 403
    # The sender: the comments and who has not answered.
    client.force_login(accounts[Role.GRASSROOTS])
    page = client.get(url).content.decode()
    assert "Đề nghị bổ sung chỉ tiêu kết nạp 2 đảng viên." in page and "Nên nêu rõ thời gian sơ kết." in page
    assert 'data-answers="1/3"' in page
    for code, answered in (("CB-A", True), ("A-02", False), ("A-06", False)):
        row = page[page.index('data-answer="{}"'.format(code)) :][:400]
        assert ("đã góp ý" if answered else "chưa trả lời") in row, code
    listing = client.get(reverse("draft_list")).content.decode()
    assert "đã trả lời 1/3" in listing


def test_comments_close_after_the_deadline(client, tree, accounts, cadres):
    """On the deadline day comments are still taken; the day after, adding, editing and withdrawing are refused
    with the date."""
    document = DraftDocument.objects.create(
        unit=tree.hamlets_a[0], kind="plan", title="Dự thảo kế hoạch sinh hoạt chuyên đề", text="…",
        sent_on=D(2026, 3, 1), deadline=D(2026, 3, 10),
    )  # fmt: skip
    DraftRecipient.objects.create(document=document, person=cadres.nhung)
    nhung = cadres.users["nhung"]
    comment = comment_add(actor=nhung, document=document, text="Kịp hạn", on=D(2026, 3, 10))
    with pytest.raises(ValidationError) as closed:
        comment_add(actor=nhung, document=document, text="Trễ hạn", on=D(2026, 3, 11))
    assert closed.value.message_dict["text"] == [
        "Đã hết hạn góp ý (10/03/2026): không thêm, sửa hay rút ý kiến được nữa."
    ]
    with pytest.raises(ValidationError):
        comment_update(actor=nhung, comment=comment, text="Sửa trễ", on=D(2026, 3, 11))
    client.force_login(nhung)
    url = document.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Đã hết hạn góp ý ngày 10/03/2026" in page and 'value="comment"' not in page and "Kịp hạn" in page
    late = client.post(url, {"action": "comment", "text": "Trễ hạn"}, follow=True).content.decode()
    assert "Đã hết hạn góp ý (10/03/2026)" in late
    gone = client.post(url, {"action": "delete", "comment": comment.pk}, follow=True).content.decode()
    assert "Đã hết hạn góp ý (10/03/2026)" in gone
    assert list(DraftComment.objects.values_list("text", flat=True)) == ["Kịp hạn"]


def test_who_sends_from_where(client, tree, accounts, cadres):
    client.force_login(accounts[Role.CADRE])
    assert client.get(reverse("draft_create")).status_code == 403
    client.force_login(accounts[Role.GRASSROOTS])
    form = client.get(reverse("draft_create")).content.decode()
    assert tree.hamlets_a[0].name in form and tree.hamlets_b[0].name not in form
    deadline = today() + datetime.timedelta(days=5)
    with pytest.raises(ValidationError) as outside:
        draft_send(actor=accounts[Role.GRASSROOTS], unit=tree.hamlets_b[0], kind="plan", title="Dự thảo",
                   text="…", deadline=deadline)  # fmt: skip
    assert "nằm ngoài phạm vi nhập liệu" in outside.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as nobody:
        draft_send(actor=accounts[Role.ORGANIZATION], unit=tree.province_a, kind="plan", title="Dự thảo",
                   text="…", deadline=deadline)  # fmt: skip
    assert nobody.value.message_dict["unit"] == ["Tỉnh Thử A chưa có cán bộ nào được phân công theo dõi để xin ý kiến."]
    with pytest.raises(ValidationError) as empty:
        draft_send(actor=accounts[Role.GRASSROOTS], unit=tree.hamlets_a[0], kind="plan", title="Dự thảo",
                   deadline=deadline)  # fmt: skip
    assert empty.value.message_dict["text"] == ["Cần ghi nội dung dự thảo hoặc đính kèm tệp."]
