"""Uploaded files: accepted for what their content is, stored under a generated name, always served as a download
that cannot run in the product's origin (the stored-script defect: an HTML or SVG file uploaded by a cell
secretary ran in a leader's browser and read the CSRF cookie)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from diaban.core.uploads import DOCUMENTS, PHOTOS_AND_SCANS, check_upload, clean_name, detect
from diaban.feedback.models import Recommendation, RecommendationAttachment
from diaban.feedback.services import recording as feedback_recording
from diaban.guidance.models import Guidance
from diaban.meetings.models import ReportAttachment
from diaban.people.choices import Role

HTML = b"<!doctype html><html><body><script>fetch('/x?c='+document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Dự thảo nghị quyết")
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("don.pdf", HTML),  # a web page renamed as a scan
        ("anh.jpg", SVG),
        ("trang.html", HTML),
        ("hinh.svg", SVG),
        ("goi.docx", zip_bytes()),  # a zip archive that is not a document
        ("chuong-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        ("rong.pdf", b"plain text pretending"),
    ],
)
def test_content_decides_not_the_name(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content), allowed=DOCUMENTS)
    message = refused.value.message_dict["file"][0]
    assert message.startswith("Tệp {}: chỉ nhận văn bản (doc, docx, odt, pdf) hoặc ảnh".format(name))


@pytest.mark.parametrize(
    ("name", "content", "allowed", "shown"),
    [
        ("Biên bản họp.pdf", PDF, PHOTOS_AND_SCANS, "Biên bản họp.pdf"),
        ("ảnh hiện trường.JPG", JPEG, PHOTOS_AND_SCANS, "ảnh hiện trường.jpg"),
        ("anh-chup", PNG, PHOTOS_AND_SCANS, "anh-chup.png"),  # no extension: the content gives it
        ("du-thao.docx", docx_bytes(), DOCUMENTS, "du-thao.docx"),
        ("du-thao.odt", odt_bytes(), DOCUMENTS, "du-thao.odt"),
        ("..\\..\\etc/passwd<x>.pdf", PDF, PHOTOS_AND_SCANS, "passwdx.pdf"),  # no folders, no unsafe characters
        ("scan.html", PDF, PHOTOS_AND_SCANS, "scan.pdf"),  # a real PDF keeps no misleading extension
    ],
)
def test_accepted_files_get_a_clean_name_with_the_extension_of_their_content(name, content, allowed, shown):
    upload = SimpleUploadedFile(name, content)
    assert check_upload(upload, allowed=allowed) == shown
    assert upload.name == shown
    assert upload.read() == content  # the check leaves the file readable from its start


def test_office_documents_are_not_photos_and_scans():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("du-thao.docx", docx_bytes()), allowed=PHOTOS_AND_SCANS, field="attachments")
    assert refused.value.message_dict == {
        "attachments": [
            "Tệp du-thao.docx: chỉ nhận ảnh (jpg, png, webp, heic) hoặc bản quét pdf; "
            "nội dung tệp này không phải các loại đó."
        ]
    }


def test_size_and_emptiness_are_told(settings):
    settings.DIABAN_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as big:
        check_upload(SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024 + 1)))
    assert big.value.message_dict["file"] == ["Tệp lon.pdf nặng 1,0 MB, lớn hơn mức tối đa 1 MB."]
    with pytest.raises(ValidationError) as empty:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert empty.value.message_dict["file"] == ["Tệp rong.pdf rỗng."]


def test_detect_knows_the_allowed_kinds_only():
    assert detect(PDF) == "pdf" and detect(JPEG) == "jpg" and detect(PNG) == "png"
    assert detect(HTML) is None and detect(SVG) is None
    assert clean_name("", "pdf") == "tep.pdf"


# ---------------------------------------------------------------------------------------------------------
# Through the API and the page, then served


@pytest.fixture
def secretary(client, accounts):
    client.force_login(accounts[Role.GRASSROOTS])
    return client


def test_a_cell_secretary_cannot_upload_a_web_page_as_a_recommendation_attachment(secretary, tree):
    for name, content in (("loi-moi.html", HTML), ("don.pdf", HTML), ("anh.svg", SVG), ("anh.png", SVG)):
        response = secretary.post(
            "/api/recommendations/",
            {"unit": tree.hamlets_a[0].pk, "text": "Đề nghị sửa cầu", "source": "direct",
             "attachments": [SimpleUploadedFile(name, content)]},
        )  # fmt: skip
        assert response.status_code == 400, response.content
        assert response.json()["attachments"][0].startswith("Tệp {}: chỉ nhận ảnh".format(name))
    assert not Recommendation.objects.exists() and not RecommendationAttachment.objects.exists()


def test_the_recording_page_refuses_it_too_and_keeps_nothing(secretary, tree):
    response = secretary.post(
        reverse("recommendation_create"),
        {"unit": tree.hamlets_a[0].pk, "text": "Đề nghị sửa cầu", "source": "direct",
         "raised_on": "02/01/2025", "attachment": SimpleUploadedFile("bang.pdf", SVG)},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Tệp bang.pdf: chỉ nhận ảnh (jpg, png, webp, heic) hoặc bản quét pdf" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_stored_under_a_generated_name_and_served_as_a_download(secretary, client, tree, accounts):
    created = secretary.post(
        "/api/recommendations/",
        {"unit": tree.hamlets_a[0].pk, "text": "Đề nghị sửa cầu", "source": "direct",
         "attachments": [SimpleUploadedFile("Đơn đề nghị.pdf", PDF)]},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    attachment = RecommendationAttachment.objects.get()
    assert attachment.name == "Đơn đề nghị.pdf"
    folder, stored = attachment.file.name.rsplit("/", 1)
    assert folder.startswith("kien-nghi/") and stored.endswith(".pdf") and len(stored) == 36  # 32 hex + .pdf
    client.force_login(accounts[Role.LEADER])
    response = client.get(reverse("recommendation_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("name", "content"), [("bao-cao.html", HTML), ("so-do.svg", SVG), ("don.pdf", SVG)])
def test_files_stored_before_the_check_are_served_inert(client, tree, accounts, name, content):
    """Already stored files, whatever their content: a download of opaque bytes, never a page."""
    recommendation = feedback_recording.recommendation_create(
        actor=accounts[Role.ORGANIZATION], unit=tree.hamlets_a[0], text="Đề nghị sửa cầu"
    )
    attachment = RecommendationAttachment.objects.create(
        recommendation=recommendation, file=ContentFile(content, name="kien-nghi/cu/" + name), name=name
    )
    client.force_login(accounts[Role.LEADER])
    response = client.get(reverse("recommendation_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    stem = name.rsplit(".", 1)[0]
    assert response["Content-Disposition"] == 'attachment; filename="{}.bin"'.format(stem)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_every_attachment_model_stores_under_a_generated_name():
    from diaban.guidance.models import DraftDocument

    for model, folder in (
        (RecommendationAttachment, "kien-nghi"),
        (ReportAttachment, "bao-cao"),
        (Guidance, "dinh-huong"),
        (DraftDocument, "gop-y"),
    ):
        upload_to = model._meta.get_field("file").upload_to
        first, second = upload_to(None, "Biên bản <script>.pdf"), upload_to(None, "Biên bản <script>.pdf")
        assert first != second and first.startswith(folder + "/") and first.endswith(".pdf")
        assert "script" not in first and "Biên" not in first
        assert upload_to(None, "x.html").endswith(".bin")
