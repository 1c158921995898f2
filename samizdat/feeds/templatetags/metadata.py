"""Page metadata: feed autodiscovery, description, OpenGraph, Twitter card, JSON-LD.

    {% load metadata %}
    {% feed_links %}        <link rel="alternate"> for the site's feeds and the archive's own
    {% site_meta %}         description and OpenGraph for the home page and archives
    {% post_meta post %}    the same for a post, with its image and a schema.org Article
    {% page_meta page %}

The markup is in feeds/alternates.html and feeds/meta.html, so a theme can override it.
Other apps add feeds to every page by appending to ALTERNATE_SOURCES.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from samizdat.core.siteurl import absolute
from samizdat.feeds.content import share_image
from samizdat.search.text import plain_text

register = template.Library()

RSS, ATOM, JSON_FEED = "application/rss+xml", "application/atom+xml", "application/feed+json"
DESCRIPTION_CHARS = 200
# What json_script escapes, so no text can close the <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Alternate:
    href: str
    title: str
    type: str = RSS


def site_alternates(context) -> list[Alternate]:
    name = context["site"].title
    return [
        Alternate("/feed/", f"{name} » Feed"),
        Alternate("/feed/atom/", f"{name} » Atom Feed", ATOM),
        Alternate("/feed/json/", f"{name} » JSON Feed", JSON_FEED),
    ]


_ARCHIVE_FEEDS = {
    "posts:category": "feeds:category",
    "posts:tag": "feeds:tag",
    "posts:author": "feeds:author",
}


def archive_alternates(context) -> list[Alternate]:
    """On a category, tag or author archive, that archive's own feed."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in _ARCHIVE_FEEDS or not context.get("heading"):
        return []
    kwargs = {k: v for k, v in match.kwargs.items() if k != "page"}
    href = reverse(_ARCHIVE_FEEDS[match.view_name], kwargs=kwargs)
    title = f"{context['site'].title} » {context['heading']} {context.get('kind', '')} Feed"
    return [Alternate(href, " ".join(title.split()))]


ALTERNATE_SOURCES: list[Callable[[template.Context], list[Alternate]]] = [
    site_alternates,
    archive_alternates,
]


@register.inclusion_tag("feeds/alternates.html", takes_context=True)
def feed_links(context) -> dict:
    return {"alternates": [alt for source in ALTERNATE_SOURCES for alt in source(context)]}


def _absolute(context, path: str) -> str:
    return absolute(path)  # from SAMIZDAT_SITE_URL, never the request's Host


@register.filter(name="absolute")
def absolute_filter(path: str) -> str:
    """`{{ path|absolute }}`: the path as an address on SAMIZDAT_SITE_URL."""
    return absolute(str(path))


def _describe(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)


@register.inclusion_tag("feeds/meta.html", takes_context=True)
def site_meta(context) -> dict:
    site, request = context["site"], context.get("request")
    heading = context.get("heading")
    tags = [("property", "og:type", "website"), ("property", "og:site_name", site.title)]
    tags.append(("property", "og:title", heading or site.title))
    if request is not None:
        tags.append(("property", "og:url", _absolute(context, request.path)))
    if not heading and site.tagline:
        tags[:0] = [("name", "description", site.tagline)]
        tags.append(("property", "og:description", site.tagline))
    return {"tags": tags}


def _image_tags(context, image) -> list[tuple[str, str, str]]:
    shared = share_image(image)
    if shared is None:
        return [("name", "twitter:card", "summary")]
    url = _absolute(context, shared.url)
    tags = [("property", "og:image", url), ("property", "og:image:type", shared.mime_type)]
    tags += [
        ("property", "og:image:width", shared.width),
        ("property", "og:image:height", shared.height),
    ]
    tags += [("name", "twitter:card", "summary_large_image"), ("name", "twitter:image", url)]
    if shared.alt:
        tags += [
            ("property", "og:image:alt", shared.alt),
            ("name", "twitter:image:alt", shared.alt),
        ]
    return tags


def _common_tags(context, *, title: str, description: str, url: str | None) -> list:
    tags = [("name", "description", description)] if description else []
    tags += [
        ("property", "og:type", "article"),
        ("property", "og:site_name", context["site"].title),
    ]
    tags += [("property", "og:title", title), ("name", "twitter:title", title)]
    if description:
        tags += [
            ("property", "og:description", description),
            ("name", "twitter:description", description),
        ]
    if url:
        tags.append(("property", "og:url", url))
    return tags


def _modified(post):
    """A post scheduled after its last edit was "modified" when it was published."""
    return max(post.modified_at, post.published_at)


@register.inclusion_tag("feeds/meta.html", takes_context=True)
def post_meta(context, post) -> dict:
    description = _describe(post.summary)
    url = _absolute(context, post.get_absolute_url()) if post.has_permalink else None
    tags = _common_tags(context, title=post.title, description=description, url=url)
    if post.published_at:
        tags.append(("property", "article:published_time", post.published_at.isoformat()))
        tags.append(("property", "article:modified_time", _modified(post).isoformat()))
    tags += [("property", "article:tag", tag.name) for tag in context.get("tags", [])]
    tags += _image_tags(context, post.featured_image)
    if not post.is_public:
        tags.append(("name", "robots", "noindex"))
    return {"tags": tags, "json_ld": article_json_ld(context, post, description, url)}


@register.inclusion_tag("feeds/meta.html", takes_context=True)
def page_meta(context, page) -> dict:
    description = _describe(Truncator(plain_text(page.body_html)).words(55, truncate=" …"))
    url = _absolute(context, page.get_absolute_url()) if page.status != "draft" else None
    tags = _common_tags(context, title=page.title, description=description, url=url)
    if page.status != "published":
        tags.append(("name", "robots", "noindex"))
    return {"tags": [*tags, ("name", "twitter:card", "summary")]}


def article_json_ld(context, post, description: str, url: str | None) -> SafeString:
    """schema.org Article for the post, escaped to sit safely inside <script>."""
    author = post.author
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(post.title).chars(110),
        "description": description,
        "datePublished": post.published_at,
        "dateModified": _modified(post) if post.published_at else post.modified_at,
        "author": {
            "@type": "Person",
            "name": author.public_name,
            "url": _absolute(context, author.get_absolute_url()),
        },
        "publisher": {"@type": "Organization", "name": context["site"].title},
    }
    if url:
        data["mainEntityOfPage"] = data["url"] = url
    if image := share_image(post.featured_image):
        data["image"] = [_absolute(context, image.url)]
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # JSON with <, > and & escaped as json_script does
