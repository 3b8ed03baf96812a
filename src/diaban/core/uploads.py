"""Uploaded files: one check on the way in, one way out.

A file is accepted for what its content is, never for its name: an HTML page or an SVG image renamed `.pdf` is
refused. It is stored under a generated name (the user's name is kept only as text, for display), and it is
always served as a download with a content type decided from its content, `nosniff` and a sandboxing policy, so
nothing uploaded can run in the product's origin — files stored before this check included.
"""

import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


KINDS = {
    kind.extension: kind
    for kind in (
        FileKind("jpg", "image/jpeg"),
        FileKind("png", "image/png"),
        FileKind("webp", "image/webp"),
        FileKind("heic", "image/heic"),
        FileKind("pdf", "application/pdf"),
        FileKind("doc", "application/msword"),
        FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        FileKind("odt", "application/vnd.oasis.opendocument.text"),
    )
}


@dataclass(frozen=True)
class Allowed:
    """The kinds one sort of attachment may be, and how a message names them."""

    kinds: frozenset
    label: str


# Photos and scans for reports and recommendations; office documents too for guidance and drafts for comment.
PHOTOS_AND_SCANS = Allowed(
    frozenset({"jpg", "png", "webp", "heic", "pdf"}), "ảnh (jpg, png, webp, heic) hoặc bản quét pdf"
)
DOCUMENTS = Allowed(
    frozenset({"doc", "docx", "odt", "pdf", "jpg", "png", "webp", "heic"}),
    "văn bản (doc, docx, odt, pdf) hoặc ảnh (jpg, png, webp, heic)",
)
HEAD_BYTES = 8192
UNSAFE_NAME_CHARACTERS = '<>:"/\\|?*'


def detect(head: bytes, whole=None) -> str | None:
    """The allowed kind (its extension) that the bytes are, or None. `whole` opens the whole file, needed only to
    tell a word-processor document from any other zip archive."""
    guess = filetype.guess(head)
    extension = guess.extension if guess else None
    if extension in ("jpg", "png", "webp", "heic", "pdf", "doc"):
        return extension
    if head.startswith(b"PK\x03\x04") and whole is not None:
        return _office_kind(whole)
    return None


def _office_kind(opener) -> str | None:
    try:
        with opener() as stream, zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == KINDS["odt"].content_type.encode():
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _base_name(name: str) -> str:
    """The user's file name without folders or control characters."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    return "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in UNSAFE_NAME_CHARACTERS).strip()


def clean_name(name: str, extension: str) -> str:
    """The user's file name, cleaned, ending in the extension its content has."""
    name = _base_name(name)
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    return "{}.{}".format(stem[:180] or "tep", extension)


def check_upload(upload, *, allowed: Allowed = PHOTOS_AND_SCANS, field: str = "file") -> str:
    """The clean name to show for `upload` if its size and its content are accepted; ValidationError on `field`
    otherwise. The upload's own name is replaced by that clean name, so the stored file gets the right extension.
    """
    shown = _base_name(upload.name)[:200] or "tep"
    limit = settings.DIABAN_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            {field: "Tệp {} nặng {} MB, lớn hơn mức tối đa {} MB.".format(
                shown, number_format(round(upload.size / 1024 / 1024, 1), 1), limit)}
        )  # fmt: skip
    if not upload.size:
        raise ValidationError({field: "Tệp {} rỗng.".format(shown)})
    kind = detect(_head(upload), whole=lambda: _reopened(upload))
    if kind not in allowed.kinds:
        raise ValidationError(
            {field: "Tệp {}: chỉ nhận {}; nội dung tệp này không phải các loại đó.".format(shown, allowed.label)}
        )
    name = clean_name(upload.name, kind)
    upload.name = name
    return name


def _head(file) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


class _reopened:
    """The upload as a stream from its start, left where it was found."""

    def __init__(self, upload):
        self.upload = upload

    def __enter__(self):
        self.upload.seek(0)
        return self.upload

    def __exit__(self, *exc):
        self.upload.seek(0)
        return False


@deconstructible
class GeneratedName:
    """`upload_to` for every attachment: `<folder>/<year>/<month>/<random>.<ext>`; the user's name never reaches the
    disk (it is kept in the model for display and for the download)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in KINDS:
            extension = "bin"
        return "{}/{:%Y/%m}/{}.{}".format(self.folder, timezone.now(), uuid.uuid4().hex, extension)

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder


def download(file_field, name: str = "") -> FileResponse:
    """A stored file as a download, to someone the view has checked may see it.

    The content type is decided from the content (an unknown kind is `application/octet-stream`), and the response
    forbids sniffing and running anything, whatever was stored before uploads were checked.
    """
    if not file_field:
        raise Http404("Không có tệp đính kèm.")
    try:
        stream = file_field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    head = _head(stream)
    kind = detect(head, whole=lambda: _reopened(stream))
    stream.seek(0)
    stored_name = file_field.name.rsplit("/", 1)[-1]
    filename = clean_name(name or stored_name, kind or "bin")
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=filename,
        content_type=KINDS[kind].content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
