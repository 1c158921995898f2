from django.conf import settings
from django.contrib import admin
from django.urls import include, re_path
from django.views.static import serve

urlpatterns = [
    re_path(r"^admin/", admin.site.urls),
    # One-machine mode serves uploads itself; a front server takes over at scale (docs/deploy).
    re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    re_path(r"", include("samizdat.comments.urls")),
    re_path(r"", include("samizdat.feeds.urls")),
    re_path(r"", include("samizdat.search.urls")),
    re_path(r"", include("samizdat.posts.urls")),
]
