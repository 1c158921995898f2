"""The records a WordPress export is read into (`wxr.read_wxr` streams them), and how each
element becomes one: namespaces matched by meaning, CDATA and text joined, fields by name."""

import re
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

_WP = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
_EXCERPT = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
_OTHER = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WXRError(Exception):
    """The file cannot be read as a WordPress export; the message says where and why."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    login: str
    source_id: int | None
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    line: int = 0


@dataclass
class Term:
    taxonomy: str  # "category", "post_tag" or another taxonomy's name
    slug: str
    name: str
    source_id: int | None = None
    parent: str = ""  # the parent's slug
    description: str = ""
    line: int = 0


@dataclass
class CommentRecord:
    fields: dict[str, str]
    meta: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass
class Item:
    """One `<item>`: its fields by prefixed name ("title", "wp:post_id", "content:encoded")."""

    fields: dict[str, str]
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[CommentRecord] = field(default_factory=list)
    comment_count: int = 0  # also when the comments themselves were not read
    line: int = 0

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


Record = Channel | Author | Term | Item


@cache
def element_name(tag: str) -> str:
    """`{https://wordpress.org/export/1.2/}post_id` → `wp:post_id`; unknown namespaces → `?:`."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP.match(uri):
        return f"wp:{local}"
    if _EXCERPT.match(uri):
        return f"excerpt:{local}"
    prefix = _OTHER.get(uri)
    return f"{prefix}:{local}" if prefix else f"?:{local}"


def element_text(element) -> str:
    """Text or CDATA alike; markup written as elements (some exporters do) kept as markup."""
    if len(element) == 0:
        return element.text or ""
    inner = "".join(
        etree.tostring(child, encoding="unicode", with_tail=True)
        for child in element
        if isinstance(child.tag, str)
    )
    return (element.text or "") + inner


def element_fields(element) -> dict[str, str]:
    found: dict[str, str] = {}
    for child in element:
        name = element_name(child.tag)
        if name and name not in found:
            found[name] = element_text(child)
    return found


def int_or_none(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def element_meta(element) -> dict[str, str]:
    fields = element_fields(element)
    return {fields.get("wp:meta_key", ""): fields.get("wp:meta_value", "")}


def post_type_of(element) -> str:
    for child in element:
        if element_name(child.tag) == "wp:post_type":
            return element_text(child).strip()
    return ""


def item_record(element, *, comments: bool = True) -> Item:
    item = Item(fields={}, line=element.sourceline or 0)
    for child in element:
        name = element_name(child.tag)
        if name == "wp:comment" and not comments:
            item.comment_count += 1
        elif name == "category":
            item.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), element_text(child).strip())
            )
        elif name == "wp:postmeta":
            item.meta.update(element_meta(child))
        elif name == "wp:comment":
            comment = CommentRecord(fields={})
            for part in child:
                part_name = element_name(part.tag)
                if part_name == "wp:commentmeta":
                    comment.meta.update(element_meta(part))
                elif part_name and part_name not in comment.fields:
                    comment.fields[part_name] = element_text(part)
            item.comments.append(comment)
            item.comment_count += 1
        elif name and name not in item.fields:
            item.fields[name] = element_text(child)
    return item


def author_record(element) -> Author:
    f = element_fields(element)
    return Author(
        login=f.get("wp:author_login", "").strip(),
        source_id=int_or_none(f.get("wp:author_id", "")),
        email=f.get("wp:author_email", "").strip(),
        display_name=f.get("wp:author_display_name", "").strip(),
        first_name=f.get("wp:author_first_name", "").strip(),
        last_name=f.get("wp:author_last_name", "").strip(),
        line=element.sourceline or 0,
    )


def term_record(element, name: str) -> Term:
    f = element_fields(element)
    line = element.sourceline or 0
    if name == "wp:category":
        return Term(
            taxonomy="category",
            slug=f.get("wp:category_nicename", "").strip(),
            name=f.get("wp:cat_name", "").strip(),
            source_id=int_or_none(f.get("wp:term_id", "")),
            parent=f.get("wp:category_parent", "").strip(),
            description=f.get("wp:category_description", ""),
            line=line,
        )
    if name == "wp:tag":
        return Term(
            taxonomy="post_tag",
            slug=f.get("wp:tag_slug", "").strip(),
            name=f.get("wp:tag_name", "").strip(),
            source_id=int_or_none(f.get("wp:term_id", "")),
            description=f.get("wp:tag_description", ""),
            line=line,
        )
    return Term(
        taxonomy=f.get("wp:term_taxonomy", "").strip(),
        slug=f.get("wp:term_slug", "").strip(),
        name=f.get("wp:term_name", "").strip(),
        source_id=int_or_none(f.get("wp:term_id", "")),
        parent=f.get("wp:term_parent", "").strip(),
        description=f.get("wp:term_description", ""),
        line=line,
    )
