from django.urls import path, re_path

from samizdat.webmention import views

app_name = "webmention"

urlpatterns = [
    # Also without the slash: a redirect would turn a sender's POST into a GET.
    re_path(r"^webmention/?$", views.endpoint, name="endpoint"),
    path("webmention/<str:token>/", views.status, name="status"),
]
