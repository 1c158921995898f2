"""WordPress-compatible addresses. Order matters: the catch-all (pages, /%postname%/) is last."""

from django.urls import path, re_path

from samizdat.posts import views

app_name = "posts"

SLUG = r"(?P<slug>[^/]+)"  # any Unicode slug; Django decodes percent-encoding before matching
PAGE = r"(?:page/(?P<page>[0-9]+)/)?"
YEAR, MONTH, DAY = r"(?P<year>[0-9]{4})", r"(?P<month>[0-9]{2})", r"(?P<day>[0-9]{2})"


def _int_kwargs(view):
    """re_path gives strings; the views take numbers."""

    def wrapped(request, **kwargs):
        for key in ("year", "month", "day", "page"):
            if kwargs.get(key) is not None:
                kwargs[key] = int(kwargs[key])
        return view(request, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^page/(?P<page>[0-9]+)/$", _int_kwargs(views.home), name="home-page"),
    re_path(rf"^category/(?P<path>.+?)/{PAGE}$", _int_kwargs(views.category), name="category"),
    re_path(rf"^tag/{SLUG}/{PAGE}$", _int_kwargs(views.tag), name="tag"),
    re_path(rf"^author/(?P<name>[^/]+)/{PAGE}$", _int_kwargs(views.author), name="author"),
    re_path(rf"^{YEAR}/{PAGE}$", _int_kwargs(views.date_archive), name="year"),
    re_path(rf"^{YEAR}/{MONTH}/{PAGE}$", _int_kwargs(views.date_archive), name="month"),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/{PAGE}$", _int_kwargs(views.date_archive), name="day"),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/{SLUG}/$", _int_kwargs(views.post_detail), name="post-day"),
    re_path(rf"^{YEAR}/{MONTH}/{SLUG}/$", _int_kwargs(views.post_detail), name="post-month"),
    re_path(r"^(?P<path>.+)/$", views.path_view, name="path"),
]
