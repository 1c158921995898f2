from django.urls import re_path

from samizdat.search import views

app_name = "search"


def _numbered(request, page: str, **kwargs):
    return views.search(request, page=int(page), **kwargs)


urlpatterns = [
    re_path(r"^search/$", views.search, name="search"),
    re_path(r"^search/(?P<words>[^/]+)/$", views.search, name="search-words"),
    re_path(r"^search/(?P<words>[^/]+)/page/(?P<page>[0-9]{1,6})/$", _numbered),
]
