"""Template helpers of the default theme: the entry meta line and responsive images."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from samizdat.core.markdown import figcaption
from samizdat.core.registry import SITE_LINKS
from samizdat.media.references import SIZES, image_srcset

register = template.Library()


def _links(items, rel: str) -> SafeString:
    return format_html_join(
        ", ", '<a href="{}" rel="{}">{}</a>', ((i.get_absolute_url(), rel, i.name) for i in items)
    )


@register.simple_tag
def site_links() -> SafeString:
    """`<link>` elements for the links apps give every page (core.registry.site_link), the same
    the `Link` header names."""
    return format_html_join(
        "", '<link rel="{}" href="{}">\n', ((link.rel, link.href()) for link in SITE_LINKS.values())
    )


@register.simple_tag
def entry_meta(post, categories, tags) -> SafeString:
    """WordPress's line under a post: "This entry was posted in A, B and tagged C. Bookmark the
    permalink." Each part is left out cleanly when it has nothing to list."""
    permalink = format_html(
        'Bookmark the <a href="{}" rel="bookmark">permalink</a>.', post.get_absolute_url()
    )
    if categories and tags:
        lead = format_html(
            "This entry was posted in {} and tagged {}. ",
            _links(categories, "category tag"),
            _links(tags, "tag"),
        )
    elif categories:
        lead = format_html("This entry was posted in {}. ", _links(categories, "category tag"))
    elif tags:
        lead = format_html("This entry was tagged {}. ", _links(tags, "tag"))
    else:
        lead = ""
    return format_html("{}{}", lead, permalink)


@register.simple_tag
def responsive_image(image, *, alt=None, loading="lazy", caption=False) -> SafeString:
    """An <img> with srcset/sizes from the image's renditions; with caption=True a <figure>."""
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}"'
        ' decoding="async">',
        image.file.url,
        image_srcset(image),
        SIZES,
        image.width,
        image.height,
        image.alt if alt is None else alt,
        loading,
    )
    if not caption or not (image.caption or image.credit):
        return img
    return format_html(
        "<figure>{}{}</figure>", img, mark_safe(figcaption(image.caption, image.credit))
    )
