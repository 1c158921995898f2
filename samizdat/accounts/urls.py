from django.urls import path, re_path

from samizdat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data.json", views.profile_data, name="profile-data"),
    path("profile/delete/", views.profile_delete, name="profile-delete"),
    re_path(r"^avatar/(?P<digest>[0-9a-f]{8})\.svg$", views.avatar, name="avatar"),
]
