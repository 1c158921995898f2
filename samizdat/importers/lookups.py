"""Old WordPress query addresses of an imported site, answered from the import mapping.

`/?p=ID` and `/?page_id=ID` carry the old site's ids, which differ from samizdat's: posts.views
asks `imported_object` for them. `/?cat=`, `/?tag=`, `/?attachment_id=` and `/?author=` are
answered by `legacy_query_target`.
"""

from django.http import QueryDict

from samizdat.importers.models import ImportedItem
from samizdat.posts.models import Category, Page, Post, Redirect, Tag


def _row(source_id: int, kinds: list[str]) -> ImportedItem | None:
    return (
        ImportedItem.objects.filter(source_id=source_id, kind__in=kinds)
        .select_related("content_type")
        .order_by("-updated_at", "-pk")
        .first()
    )


def _attached_to(row: ImportedItem) -> Post | Page | None:
    """An attachment's page now answers with the post or page it belonged to."""
    if not row.old_path:
        return None
    redirect = Redirect.objects.filter(old_path=row.old_path).select_related("post", "page").first()
    return (redirect.post or redirect.page) if redirect else None


def imported_object(source_id: int, *, pages_only: bool = False) -> Post | Page | None:
    """What the old site's post, page or attachment number `source_id` became here."""
    row = _row(source_id, ["page"] if pages_only else ["post", "page", "attachment"])
    if row is None:
        return None
    if row.kind == ImportedItem.Kind.ATTACHMENT:
        return _attached_to(row)
    target = row.target
    return target if isinstance(target, Post | Page) else None


def _number(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def legacy_query_target(query: QueryDict, *, visible) -> str | None:
    """Where `?cat=ID`, `?tag=slug`, `?attachment_id=ID` or `?author=ID` leads now, or None.
    `visible(obj)` says whether the reader may see a post or page."""
    if (number := _number(query, "cat")) is not None:
        row = _row(number, ["category"])
        category = row.target if row else Category.objects.filter(pk=number).first()
        return category.get_absolute_url() if isinstance(category, Category) else None
    if slug := query.get("tag", ""):
        tag = Tag.objects.filter(slug=slug).first()
        return tag.get_absolute_url() if tag else None
    if (number := _number(query, "attachment_id")) is not None:
        row = _row(number, ["attachment"])
        if row is None:
            return None
        if (home := _attached_to(row)) is not None:
            return home.get_absolute_url() if visible(home) else None
        image = row.target
        return image.file.url if image is not None else row.source_url or None
    if (number := _number(query, "author")) is not None:
        row = _row(number, ["author"])
        user = row.target if row else None
        return user.get_absolute_url() if user is not None else None
    return None
