"""WordPress's query addresses of a site that moved here: `/?p=`, `/?page_id=`, `/?cat=`,
`/?tag=`, `/?attachment_id=` and `/?author=`, answered from `LegacyAddress` rows (which an
import records) and, for numbers no import claimed, samizdat's own ids."""

from collections.abc import Callable

from django.http import QueryDict

from samizdat.posts.models import Category, LegacyAddress, Page, Post, Tag

_KINDS = LegacyAddress.Kind
_WORDPRESS_POST_IDS = [_KINDS.POST, _KINDS.PAGE, _KINDS.ATTACHMENT]  # one numbering in WordPress


def number(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _recorded(value: int, kinds: list[str]) -> LegacyAddress | None:
    rows = LegacyAddress.objects.filter(number=value, kind__in=kinds)
    found = {row.kind: row for row in rows.select_related("post", "page", "category", "author")}
    return next((found[kind] for kind in kinds if kind in found), None)


def legacy_content(value: int, *, pages_only: bool = False) -> Post | Page | None:
    """What the old site's post, page or attachment number `value` became: an attachment's
    number leads to the post or page it belonged to."""
    row = _recorded(value, [_KINDS.PAGE] if pages_only else _WORDPRESS_POST_IDS)
    return (row.post or row.page) if row else None


def legacy_query_target(query: QueryDict, *, visible: Callable[[object], bool]) -> str | None:
    """Where `?cat=`, `?tag=`, `?attachment_id=` or `?author=` leads now, or None.
    `visible(obj)` says whether the reader may see a post or page."""
    if (value := number(query, "cat")) is not None:
        row = _recorded(value, [_KINDS.CATEGORY])
        category = row.category if row else Category.objects.filter(pk=value).first()
        return category.get_absolute_url() if category else None
    if slug := query.get("tag", ""):
        tag = Tag.objects.filter(slug=slug).first()
        return tag.get_absolute_url() if tag else None
    if (value := number(query, "attachment_id")) is not None:
        row = _recorded(value, [_KINDS.ATTACHMENT])
        if row is None:
            return None
        if (home := row.post or row.page) is not None:
            return home.get_absolute_url() if visible(home) else None
        return row.url or None
    if (value := number(query, "author")) is not None:
        row = _recorded(value, [_KINDS.AUTHOR])
        return row.author.get_absolute_url() if row and row.author else None
    return None
