from django.urls import path

from diaban.territory import views

urlpatterns = [
    path("dia-ban/", views.UnitListView.as_view(), name="unit_list"),
    path("dia-ban/<id:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("dia-ban/<id:pk>/con/", views.UnitChildrenView.as_view(), name="unit_children"),
    path("to-chuc-dang/", views.OrganizationListView.as_view(), name="organization_list"),
    path("to-chuc-dang/<id:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
]
