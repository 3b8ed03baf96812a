"""The people pages: what organization staff do with a browser form, and what they read back."""

import pytest
from django.urls import reverse

from diaban.people.models import Person, PositionTitle


@pytest.mark.django_db
def test_people_list_sorts_by_given_name(web, tree, cadres):
    page = web.get(reverse("person_list"))
    names = [p.full_name for p in page.context["object_list"]]
    assert names == ["Trần Thị Hồng Nhung A", "Phạm Văn Huyện", "Nguyễn Văn Tỉnh", "Lê Thị Thường Vụ"]
    found = web.get(reverse("person_list"), {"q": "thuong vu"}).context["object_list"]
    assert [p.code for p in found] == ["T2"]


@pytest.mark.django_db
def test_add_a_cadre_and_their_position_from_the_pages(web, tree):
    form = {"code": "H7", "full_name": "Huỳnh Thị Kim Loan", "gender": "female", "birth_year": "1984",
            "home_unit": tree.district_a.pk, "agency": "Phòng Nội vụ", "email": "loan@example"}  # fmt: skip
    refused = web.post(reverse("person_create"), form)
    assert "Địa chỉ thư điện tử không hợp lệ." in refused.content.decode()
    outside = web.post(reverse("person_create"), {**form, "email": "", "home_unit": tree.district_b.pk})
    assert "nằm ngoài phạm vi nhập liệu của bạn" in outside.content.decode()
    assert not Person.objects.filter(code="H7").exists()
    done = web.post(reverse("person_create"), {**form, "email": "loan@example.vn"})
    person = Person.objects.get(code="H7")
    assert done["Location"] == person.get_absolute_url() and person.home_unit == tree.district_a
    title = PositionTitle.objects.get(name="Trưởng phòng")
    url = reverse("position_add", kwargs={"pk": person.pk})
    assert web.post(url, {"title": title.pk, "start_date": "01/01/2021"}).status_code == 302
    again = web.post(url, {"title": title.pk, "start_date": "01/06/2022"})
    assert "Huỳnh Thị Kim Loan đã giữ chức vụ Trưởng phòng từ ngày 01/01/2021." in again.content.decode()
    page = web.get(person.get_absolute_url()).content.decode()
    assert "Trưởng phòng" in page and "từ 01/01/2021" in page
    edited = web.post(
        reverse("person_edit", kwargs={"pk": person.pk}), {**form, "email": "", "full_name": "Huỳnh Thị Kim Loan"}
    )
    assert edited.status_code == 302
