"""A recommendation and the texts of its handling have a maximum length: the API answers 400 naming the field, the
length and the limit, the page shows it beside the field (whose textarea says the limit before sending), and
nothing is stored."""

import re

from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Recommendation, RecommendationEvent
from diaban.feedback.services import recording, routing
from diaban.people.choices import Role

LIST = "/api/recommendations/"
JSON = "application/json"


def test_the_api_refuses_a_recommendation_of_a_million_characters(client, tree, accounts, agencies, cadre_user):
    client.force_login(cadre_user)
    unit = tree.hamlets_a[0].pk
    refused = client.post(LIST, {"unit": unit, "text": "a" * 1_000_000}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json() == {"text": ["Nội dung kiến nghị dài 1.000.000 ký tự, tối đa 5.000."]}
    assert not Recommendation.objects.exists() and not RecommendationEvent.objects.exists()
    contact = client.post(
        LIST, {"unit": unit, "text": "Đèn đường hỏng", "raiser_contact": "9" * 301}, content_type=JSON
    )
    assert contact.json() == {"raiser_contact": ["Địa chỉ, điện thoại dài 301 ký tự, tối đa 300."]}
    # At the limit it is taken, whole.
    taken = client.post(LIST, {"unit": unit, "text": "a" * 5000}, content_type=JSON)
    assert taken.status_code == 201, taken.content
    assert len(Recommendation.objects.get().text) == 5000


def test_the_page_refuses_800000_characters_beside_the_field(client, tree, accounts, agencies, cadre_user):
    client.force_login(cadre_user)
    page = client.get(reverse("recommendation_create")).content.decode()
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>', page).group(0)
    assert 'maxlength="5000"' in textarea
    assert "tối đa 5.000 ký tự" in page
    sent = client.post(
        reverse("recommendation_create"),
        {"unit": tree.hamlets_a[0].pk, "text": "a" * 800_000, "source": "direct", "raised_on": format_date(today())},
    )
    assert sent.status_code == 200
    error = re.search(r'<div class="invalid-feedback d-block" id="id_text-error">([^<]*)</div>', sent.content.decode())
    assert error.group(1).strip() == "Nội dung kiến nghị dài 800.000 ký tự, tối đa 5.000."
    assert not Recommendation.objects.exists()


def test_a_reason_too_long_is_refused_on_the_action_and_nothing_changes(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    recommendation = recording.recommendation_create(actor=cadre_user, unit=tree.hamlets_a[0], text="Đường ấp 1 sạt lở")
    routing.forward(actor=staff, recommendation=recommendation, agency=agencies.land_office, topic=agencies.land)
    client.force_login(agencies.agency_user)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert re.search(r'<textarea[^>]*id="return-text"[^>]*maxlength="1000"', page)
    assert re.search(r'<textarea[^>]*id="answer-text"[^>]*maxlength="5000"', page)
    sent = client.post(recommendation.get_absolute_url(), {"action": "return", "text": "b" * 1500})
    assert sent.status_code == 400
    assert "Lý do trả lại (vì sao không thuộc thẩm quyền) dài 1.500 ký tự, tối đa 1.000." in sent.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == S.FORWARDED and recommendation.agency == agencies.land_office
    # Through the API the same refusal, by the field sent.
    api = client.post("{}{}/return/".format(LIST, recommendation.pk), {"reason": "b" * 1500}, content_type=JSON)
    assert api.status_code == 400 and api.json() == {"reason": ["Lý do trả lại dài 1.500 ký tự, tối đa 1.000."]}
    answer = client.post("{}{}/answer/".format(LIST, recommendation.pk), {"answer": "c" * 5001}, content_type=JSON)
    assert answer.json() == {"answer": ["Nội dung trả lời dài 5.001 ký tự, tối đa 5.000."]}
    recommendation.refresh_from_db()
    assert recommendation.status == S.FORWARDED and recommendation.answer == ""
