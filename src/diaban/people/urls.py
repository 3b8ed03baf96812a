from django.contrib.auth import views as auth_views
from django.urls import path

from diaban.people.views import excel, home, people, pickers

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("dang-nhap/", home.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("can-bo/", people.PersonListView.as_view(), name="person_list"),
    path("can-bo/chon/", pickers.PersonPickerView.as_view(), name="person_picker"),
    path("can-bo/them/", people.PersonEditView.as_view(), name="person_create"),
    path("can-bo/<id:pk>/sua/", people.PersonEditView.as_view(), name="person_edit"),
    path("can-bo/<id:pk>/chuc-vu/", people.PositionAddView.as_view(), name="position_add"),
    path("can-bo/<id:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("can-bo/xuat-excel/", excel.PersonExportView.as_view(), name="person_export"),
    path("can-bo/nhap-excel/", excel.PersonImportView.as_view(), name="person_import"),
    path("can-bo/mau-excel/", excel.PersonTemplateView.as_view(), name="person_template"),
    # The writers' unit picker, for the person form and the assignment forms alike.
    path("phan-cong/chon-dia-ban/", pickers.UnitPickerView.as_view(), name="unit_picker"),
]
