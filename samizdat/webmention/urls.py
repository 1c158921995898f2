from django.urls import path

from samizdat.webmention import views

app_name = "webmention"

urlpatterns = [
    path("webmention/", views.endpoint, name="endpoint"),
    path("webmention/<str:token>/", views.status, name="status"),
]
