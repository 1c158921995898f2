"""Which of our posts an address names: a target must be one of them, public.

Any address that reaches a post counts, as a browser following it would land there: its
permalink under any structure (`posts.urls` accepts them all), `/?p=N` (an imported
WordPress number, else our id), or an old path kept as a `Redirect`. Only addresses on this
site (`settings.SAMIZDAT_SITE_URL`) are ours.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import QueryDict
from django.urls import Resolver404, resolve

from samizdat.posts.legacy import legacy_content, number
from samizdat.posts.models import Page, Post, Redirect
from samizdat.webmention.links import url_normal

_POST_VIEWS = {"posts:post-day", "posts:post-month"}


def on_this_site(url: str) -> bool:
    ours, theirs = urlsplit(url_normal(settings.SAMIZDAT_SITE_URL)), urlsplit(url_normal(url))
    # http and https name the same site: a sender may well have linked either.
    return theirs.scheme in ("http", "https") and theirs.netloc == ours.netloc


def _site_path(url: str) -> str | None:
    if not on_this_site(url):
        return None
    path = unquote(urlsplit(url).path) or "/"
    prefix = urlsplit(settings.SAMIZDAT_SITE_URL).path.rstrip("/")
    if prefix:
        if not (path == prefix or path.startswith(prefix + "/")):
            return None
        path = path[len(prefix) :] or "/"
    return path


def post_for_url(url: str) -> Post | None:
    """The public post `url` shows, or None when it is not one of ours or not public."""
    path = _site_path(url)
    if path is None:
        return None
    post = _post_at(path, urlsplit(url).query)
    if post is None or not post.is_public:
        return None
    return post


def _post_at(path: str, query: str) -> Post | None:
    if path == "/":  # `/?p=N`: an imported WordPress number first, as the home view reads it
        if (value := number(QueryDict(query), "p")) is None:
            return None
        found = legacy_content(value)
        return found if isinstance(found, Post) else Post.objects.filter(pk=value).first()
    slug = None
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.view_name in _POST_VIEWS:
        slug = match.kwargs["slug"]
    elif match is not None and match.view_name == "posts:path":
        inner = match.kwargs["path"]
        if "/" not in inner and not Page.objects.filter(path=inner).exists():
            slug = inner
    if slug is not None and (post := Post.objects.filter(slug=slug).first()) is not None:
        return post
    redirect = Redirect.objects.select_related("post").filter(old_path=path).first()
    return redirect.post if redirect is not None else None
