"""Every free text has a maximum, told the same way everywhere: the field, the length typed and the limit, with
Vietnamese thousands separators; a phone's input carries `maxlength` and a long text says its limit."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from diaban.core import limits
from diaban.core.forms import text_field
from diaban.core.models import NormalizedTextModel
from diaban.feedback.models import Recommendation


def _product_text_fields():
    for model in apps.get_models():
        if model.__module__.startswith("diaban."):
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField)):
                    yield model, field


def test_every_text_field_of_the_product_has_a_sensible_maximum():
    """A new TextField without `max_length` (or a CharField with an absurd one) fails here. Fields nobody types
    (search keys derived from other fields) are bounded by what they are derived from."""
    missing = [
        "{}.{}".format(model.__name__, field.name)
        for model, field in _product_text_fields()
        if field.editable and field.max_length is None
    ]
    assert missing == []
    absurd = [
        "{}.{} ({})".format(model.__name__, field.name, field.max_length)
        for model, field in _product_text_fields()
        if field.max_length is not None and field.max_length > limits.DOCUMENT
    ]
    assert absurd == []


def test_the_message_names_the_field_the_length_and_the_limit():
    assert limits.too_long("nội dung kiến nghị", 1_000_000, limits.TEXT) == (
        "Nội dung kiến nghị dài 1.000.000 ký tự, tối đa 5.000."
    )
    with pytest.raises(ValidationError) as refused:
        limits.clean_text("a" * 1001, limits.NOTE, field="reason", label="lý do")
    assert refused.value.message_dict == {"reason": ["Lý do dài 1.001 ký tự, tối đa 1.000."]}
    with pytest.raises(ValidationError) as empty:
        limits.clean_text("  ", limits.NOTE, field="reason", label="lý do", required=True)
    assert empty.value.message_dict == {"reason": ["Cần ghi lý do."]}


def test_a_length_is_counted_as_stored():
    # A browser sends CR LF and counts a line break as one character; decomposed accents count once stored (NFC).
    typed = "Đường\r\nhỏng\r\n" + "e\u0302\u0301" * 3
    assert limits.clean_text(typed, 100, field="text", label="nội dung") == "Đường\nhỏng\nếếế"
    assert limits.text_length(typed) == 14
    assert limits.clean_text("a\r\n" * 4 + "a", 9, field="text", label="nội dung") == "a\na\na\na\na"


def test_the_model_check_reaches_text_fields_django_leaves_unchecked(tree):
    recommendation = Recommendation(unit=tree.hamlets_a[0], text="a" * 5001, source="direct", raiser_name="b" * 201)
    assert isinstance(recommendation, NormalizedTextModel)
    assert recommendation.text_length_errors() == {
        "text": ["Nội dung kiến nghị dài 5.001 ký tự, tối đa 5.000."],
        "raiser_name": ["Tên người, tổ chức nêu dài 201 ký tự, tối đa 200."],
    }
    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean(exclude=["unit", "raised_on", "created_by"])
    assert refused.value.message_dict == recommendation.text_length_errors()  # one message a field, not Django's too


def test_a_form_field_tells_the_limit_before_and_after_sending():
    field = text_field("Nội dung kiến nghị", limits.TEXT, rows=4)
    assert field.widget.attrs["maxlength"] == "5000"
    assert str(field.help_text) == "tối đa 5.000 ký tự"
    with pytest.raises(ValidationError) as refused:
        field.clean("a" * 800_000)
    assert refused.value.messages == ["Nội dung kiến nghị dài 800.000 ký tự, tối đa 5.000."]
    assert field.clean("a\r\n" * 2499 + "aa") == "a\n" * 2499 + "aa"  # 5,000 characters once line breaks are LF
    short = text_field("Tiêu đề", limits.TITLE, help_text="ngắn gọn")
    assert short.widget.attrs["maxlength"] == "300" and short.help_text == "ngắn gọn"  # one line: no hint needed
