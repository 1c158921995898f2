from django.contrib import admin
from django.urls import include, path, re_path

from samizdat.core.security import media_serve
from samizdat.operations.privacy_admin import personal_data_view
from samizdat.studio.shared import shared_preview

urlpatterns = [
    # Personal-data requests: export or erase by email address (core.privacy).
    re_path(r"^admin/privacy/$", personal_data_view, name="privacy-admin"),
    re_path(r"^admin/", admin.site.urls),
    # The writing studio, and the shareable preview links it makes (samizdat.studio).
    re_path(r"^studio/", include("samizdat.studio.urls")),
    path("preview/<str:token>/", shared_preview, name="shared-preview"),
    # Commenters' own pages and avatars, then django-allauth: log-in, sign-up, providers, 2FA.
    re_path(r"^accounts/", include("samizdat.accounts.urls")),
    re_path(r"^accounts/", include("allauth.urls")),
    # One-machine mode serves uploads itself (never sniffed; only pictures shown inline); a front
    # server takes over at scale (docs/deploy).
    re_path(r"^media/(?P<path>.+)$", media_serve),
    re_path(r"", include("samizdat.webmention.urls")),
    re_path(r"", include("samizdat.comments.urls")),
    re_path(r"", include("samizdat.feeds.urls")),
    re_path(r"", include("samizdat.search.urls")),
    re_path(r"", include("samizdat.posts.urls")),
]
