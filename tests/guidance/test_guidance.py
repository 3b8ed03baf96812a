"""Guidance to cadres as its users meet it: the publisher sends it to the cadres of a unit, each cadre finds it
on their home page and marks it read, the publisher sees who has not read it and reminds them once."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.guidance.models import Guidance, GuidanceRecipient
from diaban.guidance.services.guidance import guidance_mark_read, guidance_publish
from diaban.people.choices import Role
from diaban.people.models import Notification
from tests.guidance.conftest import make_person

D = datetime.date


def _publish(actor, unit, **extra):
    fields = {
        "title": "Những điểm cần truyền đạt tháng này",
        "body": "Tuyên truyền việc sắp xếp đơn vị hành chính; vận động đóng đảng phí đúng hạn.",
        "convey_by": today() + datetime.timedelta(days=10),
        **extra,
    }
    return guidance_publish(actor=actor, unit=unit, **fields)


def _codes(guidance):
    return set(guidance.recipients.values_list("person__code", flat=True))


def test_audience_is_frozen_at_publication(client, tree, accounts, cadres):
    """The cadres who work in the unit's subtree or follow a unit in it on the day, and nobody who has left;
    what happens afterwards does not change who was meant."""
    guidance = _publish(accounts[Role.ORGANIZATION], tree.province_a)
    assert _codes(guidance) == {"CB-A", "A-01", "A-02", "B-01"}  # not Dũng (B, follows nothing here), not Em (left)
    assert guidance.recipient_count == 4
    # Later: a new cadre is assigned in A, Bình leaves, Chính's assignment ends.
    make_person("A-04", "Hồ Văn Giang", tree.district_a, follows=[tree.hamlets_a[3]])
    cadres.binh.departed_on = today()
    cadres.binh.save()
    Assignment.objects.filter(person=cadres.chinh).update(end_date=today() - datetime.timedelta(days=1))
    assert _codes(Guidance.objects.get(pk=guidance.pk)) == {"CB-A", "A-01", "A-02", "B-01"}
    # A guidance sent now to the district reaches only those of the district's subtree as they stand now.
    later = _publish(accounts[Role.ORGANIZATION], tree.district_a)
    assert _codes(later) == {"CB-A", "A-01", "A-04"}
    client.force_login(accounts[Role.ORGANIZATION])
    page = client.get(guidance.get_absolute_url()).content.decode()
    assert 'data-counts="0/4"' in page


def test_cadre_reads_from_home_and_the_first_reading_counts(client, tree, accounts, cadres):
    guidance = _publish(accounts[Role.ORGANIZATION], tree.province_a, period="tháng 6/2025")
    client.force_login(cadres.users["nhung"])
    home = client.get(reverse("home")).content.decode()
    assert "Định hướng chưa đọc (1)" in home and guidance.title in home and "tháng 6/2025" in home
    page = client.get(guidance.get_absolute_url()).content.decode()
    assert 'data-my-receipt="unread"' in page
    client.post(guidance.get_absolute_url(), {"action": "read"})
    first = GuidanceRecipient.objects.get(guidance=guidance, person=cadres.nhung).read_at
    assert first is not None
    client.post(guidance.get_absolute_url(), {"action": "read"})
    assert GuidanceRecipient.objects.get(guidance=guidance, person=cadres.nhung).read_at == first
    home = client.get(reverse("home")).content.decode()
    assert "Định hướng chưa đọc (0)" in home and "Đã đọc hết định hướng gửi cho tôi." in home
    # Only recipients mark read.
    with pytest.raises(PermissionDenied):
        guidance_mark_read(actor=accounts[Role.LEADER], guidance=guidance)


def test_home_lists_what_is_still_to_convey_before_what_lapsed_unread(client, tree, accounts, cadres):
    """Guidance to convey this month comes first, soonest first; guidance whose day passed unread comes after it,
    the latest first, so that last year's months never hide this month's."""
    convey_by = {
        "tháng 3/2025": today() - datetime.timedelta(days=600),
        "tháng 10/2026": today() - datetime.timedelta(days=40),
        "tháng 12/2026": today() + datetime.timedelta(days=20),
        "chuyên đề": today() + datetime.timedelta(days=5),
    }
    for period, day in convey_by.items():
        made = _publish(accounts[Role.ORGANIZATION], tree.province_a, period=period, title="Định hướng " + period)
        Guidance.objects.filter(pk=made.pk).update(convey_by=day)  # published earlier, as the page shows today
    client.force_login(cadres.users["nhung"])
    home = client.get(reverse("home")).content.decode()
    assert "Định hướng chưa đọc (4)" in home
    order = sorted(convey_by, key=lambda period: home.find("Định hướng " + period))
    assert order == ["chuyên đề", "tháng 12/2026", "tháng 10/2026", "tháng 3/2025"]


def test_publisher_sees_who_has_not_read_in_the_vietnamese_order(client, tree, accounts, cadres):
    guidance = _publish(accounts[Role.ORGANIZATION], tree.province_a)
    guidance_mark_read(actor=cadres.users["binh"], guidance=guidance)
    client.force_login(accounts[Role.ORGANIZATION])
    page = client.get(guidance.get_absolute_url()).content.decode()
    assert 'data-counts="1/4"' in page and "chưa đọc 3" in page
    unread = client.get(guidance.get_absolute_url() + "?trang_thai=chua-doc").content.decode()
    # By given name (the last word): "Trần Thị Hồng Nhung A" is "A", before "Lê Văn An" and "Phạm Đức Chính";
    # Bình has read.
    shown = sorted(("A-01", "B-01", "CB-A"), key=lambda code: unread.find('data-receipt="{}"'.format(code)))
    assert shown == ["CB-A", "A-01", "B-01"] and 'data-receipt="CB-A"' in unread
    assert 'data-receipt="A-02"' not in unread
    by_time = client.get(guidance.get_absolute_url() + "?sap_xep=doc").content.decode()
    assert by_time.index('data-receipt="A-02"') < by_time.index('data-receipt="A-01"')


def test_reminder_notifies_the_unread_once(client, tree, accounts, cadres):
    make_person("A-05", "Hồ Văn Giang", tree.district_a, follows=[tree.hamlets_a[3]])  # no account
    guidance = _publish(accounts[Role.ORGANIZATION], tree.province_a)
    guidance_mark_read(actor=cadres.users["nhung"], guidance=guidance)
    client.force_login(accounts[Role.ORGANIZATION])
    url = guidance.get_absolute_url()
    empty = client.post(url, {"action": "remind", "message": " "})
    assert "Ghi lời nhắc gửi kèm thông báo." in empty.content.decode()
    done = client.post(url, {"action": "remind", "message": "Đề nghị đọc trước buổi sinh hoạt."}, follow=True)
    text = done.content.decode()
    assert "Đã gửi thông báo nhắc 3 cán bộ chưa đọc." in text and "1 cán bộ chưa có tài khoản" in text
    key = "guidance-unread-{}".format(guidance.pk)
    reminded = set(Notification.objects.filter(key=key).values_list("user__username", flat=True))
    assert reminded == {"an", "binh", "chinh"}
    again = client.post(url, {"action": "remind", "message": "Nhắc lần hai."}, follow=True).content.decode()
    assert "Đã gửi thông báo nhắc 0 cán bộ chưa đọc." in again and "3 cán bộ đã được nhắc trước đó" in again
    assert Notification.objects.filter(key=key).count() == 3
    client.force_login(cadres.users["an"])
    home = client.get(reverse("home")).content.decode()
    assert "Nhắc đọc định hướng «{}»".format(guidance.title) in home and "Đề nghị đọc trước buổi sinh hoạt." in home
    # A cadre may not remind.
    client.force_login(accounts[Role.CADRE])
    client.post(url, {"action": "remind", "message": "x"})
    assert Notification.objects.filter(key=key).count() == 3


def test_receipts_as_excel(client, tree, accounts, cadres):
    guidance = _publish(accounts[Role.ORGANIZATION], tree.province_a)
    guidance_mark_read(actor=cadres.users["an"], guidance=guidance)
    client.force_login(accounts[Role.LEADER])
    response = client.get(reverse("guidance_receipts_export", kwargs={"pk": guidance.pk}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    # Given names: A, An, Bình, Chính.
    assert [(r[1], r[4]) for r in rows] == [("CB-A", "Chưa"), ("A-01", "Có"), ("A-02", "Chưa"), ("B-01", "Chưa")]
    assert isinstance(rows[1][5], datetime.datetime) and rows[0][5] is None
    assert "đã đọc 1/4" in sheet["A2"].value


def test_who_publishes_where(client, tree, accounts, cadres):
    # Leaders publish in their view scope; a cadre may not publish at all.
    assert _publish(accounts[Role.LEADER], tree.district_a).recipient_count == 4
    client.force_login(accounts[Role.CADRE])
    assert client.get(reverse("guidance_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        _publish(accounts[Role.CADRE], tree.district_a)
    # Organization staff: only units of their capture scope are offered, and others are refused by name.
    client.force_login(accounts[Role.ORGANIZATION])
    form = client.get(reverse("guidance_create")).content.decode()
    assert tree.province_a.name in form and tree.district_a.name in form and tree.province_b.name not in form
    with pytest.raises(ValidationError) as refused:
        _publish(accounts[Role.ORGANIZATION], tree.province_b)
    assert refused.value.message_dict["unit"] == ["Tỉnh Thử B nằm ngoài phạm vi của bạn."]
    with pytest.raises(ValidationError) as late:
        _publish(accounts[Role.ORGANIZATION], tree.province_a, convey_by=today() - datetime.timedelta(days=1))
    assert "Hạn truyền đạt" in late.value.message_dict["convey_by"][0]
    response = client.post(
        reverse("guidance_create"),
        {"unit": tree.district_a.pk, "title": "Định hướng", "convey_by": "31/12/2099",
         "file": SimpleUploadedFile("virus.exe", b"MZ")},
    )  # fmt: skip
    assert "Tệp virus.exe: chỉ nhận văn bản (doc, docx, odt, pdf) hoặc ảnh" in response.content.decode()
    assert not Guidance.objects.filter(title="Định hướng").exists()


def test_file_and_receipts_follow_the_scope(client, tree, accounts, cadres):
    """The file goes to whoever sees the guidance; the receipts only to those who see it in their scope: a
    recipient from another province reads it, not who else has."""
    client.force_login(accounts[Role.ORGANIZATION])
    response = client.post(
        reverse("guidance_create"),
        {"unit": tree.province_a.pk, "title": "Tài liệu sinh hoạt chuyên đề", "period": "quý III/2026",
         "convey_by": "31/12/2099", "file": SimpleUploadedFile("chuyen-de.pdf", b"%PDF-1.4 noi dung")},
    )  # fmt: skip
    guidance = Guidance.objects.get(title="Tài liệu sinh hoạt chuyên đề")
    assert response.status_code == 302 and guidance.file_name == "chuyen-de.pdf"
    file_url = reverse("guidance_file", kwargs={"pk": guidance.pk})
    client.force_login(cadres.users["chinh"])  # scope: province B; follows a commune of A
    page = client.get(guidance.get_absolute_url()).content.decode()
    assert "Tài liệu sinh hoạt chuyên đề" in page and "data-counts" not in page and "Lê Văn An" not in page
    assert b"".join(client.get(file_url).streaming_content) == b"%PDF-1.4 noi dung"
    assert client.get(reverse("guidance_receipts_export", kwargs={"pk": guidance.pk})).status_code == 404
    client.force_login(cadres.users["dung"])  # province B, not a recipient
    assert client.get(guidance.get_absolute_url()).status_code == 404
    assert client.get(file_url).status_code == 404
    listing = client.get(reverse("guidance_list")).content.decode()
    assert guidance.get_absolute_url() not in listing
