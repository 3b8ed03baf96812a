"""The demo's recommendations after the July 2025 reform: today's Vĩnh Long's agencies under their names since 2025,
the recommendations of its communes routed to them and answered up to today, and organization staff forwarding one
of a new commune through the page and the API."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.core.models import subtree_q
from diaban.feedback import rules, selectors
from diaban.feedback.choices import OPEN_STATUSES, AgencyKind, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, Topic
from diaban.feedback.services import recording
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE

NNMT = "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long"
XAY_DUNG = "Sở Xây dựng tỉnh Vĩnh Long"
XA_BA_TRI = "29110"


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)


def _user(username):
    return get_user_model().objects.get(username=username)


def _since_reform(vinh_long):
    return Recommendation.objects.filter(subtree_q("unit__path", vinh_long.path), raised_on__gte=REFORM_DATE)


def test_vinh_long_agencies_under_their_names_since_2025_answer_its_communes(vinh_long):
    provincial = dict(Agency.objects.filter(unit=vinh_long).values_list("name", "kind"))
    for name in [NNMT, XAY_DUNG, "Sở Nội vụ tỉnh Vĩnh Long", "Sở Y tế tỉnh Vĩnh Long", "Công an tỉnh Vĩnh Long"]:
        assert provincial[name] == AgencyKind.PROVINCIAL_DEPARTMENT
    assert provincial["Ban Tuyên giáo và Dân vận Tỉnh ủy Vĩnh Long"] == AgencyKind.PARTY_BODY
    assert not [name for name in provincial if "Bến Tre" in name]
    # Every commune that carried Bến Tre's hamlets has its People's Committee for the local topics.
    committees = Agency.objects.filter(unit__parent=vinh_long, kind=AgencyKind.PEOPLES_COMMITTEE)
    assert committees.count() == 48
    xa_ba_tri = Unit.objects.get(level__key="commune", code=XA_BA_TRI, valid_from=REFORM_DATE)
    assert committees.get(unit=xa_ba_tri).name == "Ủy ban nhân dân xã Ba Tri tỉnh Vĩnh Long"
    # What staff are offered there: the commune's committee for land, the merged department beside it.
    land = Topic.objects.get(name="Đất đai")
    assert selectors.suggest_agency(xa_ba_tri, land).name == "Ủy ban nhân dân xã Ba Tri tỉnh Vĩnh Long"
    assert NNMT in {a.name for a in selectors.agencies_for(xa_ba_tri).filter(topics=land)}


def test_no_recommendation_of_vinh_long_after_the_reform_goes_to_a_ben_tre_body(vinh_long):
    recs = _since_reform(vinh_long)
    assert recs.count() > 1000 and not recs.filter(topic__isnull=True).exists()
    routed = recs.filter(agency__isnull=False)
    assert routed.count() > 100
    # Old Bến Tre's bodies, not a name: Phường Bến Tre is one of today's wards, its People's Committee Vĩnh Long's.
    ben_tre = Unit.objects.get(level__key="province", code="83", valid_from=None)
    old_bodies = Agency.objects.filter(subtree_q("unit__path", ben_tre.path))
    assert old_bodies.exists() and not routed.filter(agency__in=old_bodies).exists()
    assert not routed.exclude(subtree_q("agency__unit__path", vinh_long.path)).exists()
    events = RecommendationEvent.objects.filter(recommendation__in=recs, agency__isnull=False)
    assert not events.filter(agency__in=old_bodies).exists()
    # Every channel continues, not only the meetings' reports.
    sources = set(recs.values_list("source", flat=True))
    assert {RecommendationSource.MEETING, RecommendationSource.PETITION, RecommendationSource.DIRECT} <= sources


def test_the_state_is_that_of_today(vinh_long):
    day = today()
    recs = _since_reform(vinh_long)
    assert not RecommendationEvent.objects.filter(recommendation__in=recs, at__date__gt=day).exists()
    recent = recs.filter(raised_on__gte=day - datetime.timedelta(days=21))
    assert recent.filter(status__in=OPEN_STATUSES).exists()
    open_ = recs.filter(status__in=OPEN_STATUSES)
    assert any(rules.is_overdue(r.deadline, day) for r in open_)
    # Something still to route (staff).
    assert open_.filter(status=S.NEW).exists()
    # The demo agency account works the merged department's queue today, as well as its history.
    coquan = _user("coquan")
    assert set(coquan.agencies.values_list("name", flat=True)) >= {NNMT}
    queue = selectors.agency_queue(coquan)
    assert queue.filter(agency__name=NNMT).exists()


def test_staff_forward_a_recommendation_of_a_new_commune_through_the_page_and_the_api(client, vinh_long):
    staff, coquan = _user("tochuc"), _user("coquan")
    xa_ba_tri = Unit.objects.get(level__key="commune", code=XA_BA_TRI, valid_from=REFORM_DATE)
    hamlet = Unit.objects.filter(parent=xa_ba_tri, level__key="hamlet").order_by("path").first()
    roads, water = Topic.objects.get(name="Giao thông nông thôn"), Topic.objects.get(name__startswith="Nước sạch")
    xay_dung, nnmt = Agency.objects.get(name=XAY_DUNG), Agency.objects.get(name=NNMT)

    def raised(text):
        return recording.recommendation_create(
            actor=staff, unit=hamlet, text=text, source=RecommendationSource.DIRECT, raised_on=today()
        )

    by_page = raised("Cầu bê tông qua kênh cuối ấp bị nứt dầm, xe tải nhỏ không qua được; đề nghị kiểm tra, sửa chữa.")
    client.force_login(staff)
    response = client.post(
        by_page.get_absolute_url(),
        {"action": "forward", "agency": xay_dung.pk, "topic": roads.pk, "on": format_date(today())},
    )
    assert response.status_code == 302
    by_page.refresh_from_db()
    assert (by_page.status, by_page.agency) == (S.FORWARDED, xay_dung)

    by_api = raised("Cống ngăn mặn đầu kênh rò rỉ, nước mặn vào ruộng; đề nghị sửa trước mùa khô.")
    response = client.post(
        "/api/recommendations/{}/forward/".format(by_api.pk),
        {"agency": nnmt.pk, "topic": water.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["agency"]["id"]) == ("forwarded", nnmt.pk)
    # It lands in the department's queue: its account sees it there, on the list page too.
    assert selectors.agency_queue(coquan).filter(pk=by_api.pk).exists()
    client.force_login(coquan)
    page = client.get(reverse("recommendation_list"), {"q": "cong ngan man dau kenh"}).content.decode()
    assert 'data-recommendation="{}"'.format(by_api.pk) in page


def test_what_the_reform_left_open_was_handed_over_and_answered(vinh_long):
    """Old Bến Tre's recommendations still open on 30/06/2025: on the first working day after the reform staff hand
    each to the body that took over the work of the one it was with (or route it, if it was still waiting), today's
    Standing Committee answers those sent up to Bến Tre's; none waits on a body that ended."""
    ben_tre = Unit.objects.get(level__key="province", code="83", valid_from=None)
    old = Recommendation.objects.filter(subtree_q("unit__path", ben_tre.path))
    old_bodies = Agency.objects.filter(subtree_q("unit__path", ben_tre.path))
    handed = old.filter(events__at__date__gt=datetime.date(2025, 6, 30)).distinct()
    assert handed.count() >= 20
    assert not old.filter(status__in=OPEN_STATUSES, agency__in=old_bodies).exists()
    assert not old.filter(status__in=[S.NEW, S.RETURNED]).exists()
    notes = RecommendationEvent.objects.filter(recommendation__in=old, comment__startswith="Bàn giao sau sắp xếp")
    assert notes.count() >= 10
    assert {e.agency.unit_id for e in notes.select_related("agency")} <= set(
        Unit.objects.filter(subtree_q("path", vinh_long.path)).values_list("pk", flat=True)
    )
    # Some to Vĩnh Long's merged department, some to a new commune's People's Committee.
    kinds = set(notes.values_list("agency__kind", flat=True))
    assert {AgencyKind.PROVINCIAL_DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE} <= kinds
    standing = old.filter(answered_on__gt=datetime.date(2025, 6, 30), answered_by=_user("lanhdao"))
    assert standing.exists()


def test_the_weeks_before_today_give_the_agency_the_leader_and_staff_something_to_do(vinh_long):
    day, recent = today(), today() - datetime.timedelta(days=30)
    hamlet = Unit.objects.get(code="29110-01", valid_from=REFORM_DATE)  # Khu phố 1 of today's Xã Ba Tri
    mine = Recommendation.objects.filter(unit=hamlet, raised_on__gte=recent, raised_on__lte=day)
    assert mine.filter(status=S.ESCALATED).exists() and mine.filter(status=S.NEW).exists()
    assert mine.filter(status__in=[S.FORWARDED, S.ACKNOWLEDGED], agency__name=NNMT).exists()
    leader_sees = selectors.recommendations_visible(_user("lanhdao")).filter(status=S.ESCALATED)
    assert leader_sees.filter(escalated_on__gte=recent).exists()
    first = selectors.agency_queue(_user("coquan")).first()
    assert first.raised_on >= REFORM_DATE and first.agency.name == NNMT
