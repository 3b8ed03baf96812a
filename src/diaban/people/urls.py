from django.contrib.auth import views as auth_views
from django.urls import path

from diaban.people import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
