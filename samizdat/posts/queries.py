"""WordPress answers much at the home address by query parameter: `/?s=` (search), `/?feed=`
(feeds), `/?p=` (a post), … The apps above posts register the parameters they answer in their
`AppConfig.ready()`; `posts.views.home` asks them in order before its own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# parameter → view(request, page) answering `/?<parameter>=…`, or None to let others answer
HOME_QUERIES: dict[str, Callable[[HttpRequest, int | None], HttpResponse | None]] = {}


def home_query(parameter: str, view: Callable[[HttpRequest, int | None], HttpResponse | None]):
    HOME_QUERIES[parameter] = view
