"""The first, read-only pass over an export: what it holds and where everything lived.

Reading the whole file once before writing anything means a truncated or malformed export is
refused before the first row is written, the progress bar knows its totals, and the second pass
knows every item's old address and every attachment in advance, so links between posts and
galleries of attachments resolve whatever the order of the file.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from samizdat.importers.wordpress import fields
from samizdat.importers.wordpress.records import Author, Channel, Item, Term
from samizdat.importers.wordpress.wxr import read_wxr

QUERY_KINDS = {"p": "item", "page_id": "item", "attachment_id": "item", "cat": "category_id"}
IMPORTED_TYPES = {"post", "page", "attachment"}


@dataclass(slots=True)
class ItemInfo:
    post_type: str
    status: str
    parent: int
    path: str  # its old address (decoded), "" for a query address such as /?p=12
    guid: str
    url: str  # attachments: the file
    attached_file: str  # attachments: the file's path under wp-content/uploads
    menu_order: int
    line: int
    slug: str = ""  # posts and pages: the slug it asks for (decoded)
    published: datetime | None = None  # posts: its time, if it gets a permalink
    password: bool = False


@dataclass
class ExportIndex:
    channel: Channel = field(default_factory=Channel)
    site: str = ""
    hosts: set[str] = field(default_factory=set)
    authors: list[Author] = field(default_factory=list)
    creators: Counter = field(default_factory=Counter)
    terms: list[Term] = field(default_factory=list)
    used_terms: dict[tuple[str, str], str] = field(default_factory=dict)
    items: dict[int, ItemInfo] = field(default_factory=dict)
    duplicate_lines: set[int] = field(default_factory=set)
    paths: dict[str, tuple[str, int | str]] = field(default_factory=dict)
    attachments_by_parent: dict[int, list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    uploads: dict[str, int] = field(default_factory=dict)
    post_types: Counter = field(default_factory=Counter)
    guids: Counter = field(default_factory=Counter)
    comments: int = 0

    def find(self, url: str) -> tuple[str, int | str] | None:
        """What an old address (absolute or root-relative) pointed to: ("item", id),
        ("category", slug), ("tag", slug) or ("category_id", term id); None when unknown."""
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for name, kind in QUERY_KINDS.items():
            value = query.get(name, [""])[0]
            if value and (number := fields.integer(value)) is not None:
                return kind, number
        if tag := query.get("tag", [""])[0]:
            return "tag", fields.slug(tag)
        if category := query.get("category_name", [""])[0]:
            return "category", fields.slug(category.rstrip("/").rsplit("/", 1)[-1])
        return self.paths.get(fields.path_key(parts.path)) if parts.path else None

    def is_old_site(self, url: str) -> bool:
        netloc = urlsplit(url).netloc
        return bool(netloc) and fields.host_key(netloc) in self.hosts

    def attachments_of(self, parent: int) -> list[int]:
        return [wp_id for _, wp_id in sorted(self.attachments_by_parent.get(parent, []))]


def _item_info(item: Item, index: ExportIndex) -> None:
    wp_id = fields.integer(item.get("wp:post_id"))
    post_type = item.get("wp:post_type").strip()
    index.post_types[post_type or "(none)"] += 1
    index.comments += item.comment_count
    if wp_id is None:
        return
    if wp_id in index.items:
        index.duplicate_lines.add(item.line)
        return
    link = urlsplit(item.get("link").strip())
    path = "" if link.query else fields.clean_path(link.path) if link.path else ""
    info = ItemInfo(
        post_type=post_type,
        status=item.get("wp:status").strip(),
        parent=fields.integer(item.get("wp:post_parent")) or 0,
        path=path,
        guid=item.get("guid").strip(),
        url=item.get("wp:attachment_url").strip(),
        attached_file=item.meta.get("_wp_attached_file", "").strip(),
        menu_order=fields.integer(item.get("wp:menu_order").lstrip("-")) or 0,
        line=item.line,
        slug=fields.slug(item.get("wp:post_name")),
        published=fields.wp_date(item.get("wp:post_date_gmt"), utc=True),
        password=bool(item.get("wp:post_password")),
    )
    index.items[wp_id] = info
    if post_type not in IMPORTED_TYPES:
        return
    index.creators[item.get("dc:creator").strip()] += 1
    index.guids[info.guid] += 1
    for candidate in (path, _guid_path(info.guid, index)):
        if candidate:
            index.paths.setdefault(fields.path_key(candidate), ("item", wp_id))
    if post_type == "attachment":
        index.attachments_by_parent[info.parent].append((info.menu_order, wp_id))
        if info.url:
            index.uploads.setdefault(fields.upload_key(info.url), wp_id)
    for domain, nicename, name in item.terms:
        taxonomy = {"tag": "post_tag", "": "category"}.get(domain, domain)
        key = fields.slug(nicename, fallback=name)
        if taxonomy in ("category", "post_tag") and key:
            index.used_terms.setdefault((taxonomy, key), name)


def _guid_path(guid: str, index: ExportIndex) -> str:
    """A guid that is a plain address on the old site (pages often have one) is an old path."""
    parts = urlsplit(guid)
    if parts.query or not parts.path.strip("/") or not index.is_old_site(guid):
        return ""
    return fields.clean_path(parts.path)


def _term_paths(index: ExportIndex) -> None:
    """`/category/parent/child/` and `/tag/slug/`: WordPress's default term addresses."""
    categories = {
        fields.slug(t.slug, fallback=t.name): t for t in index.terms if t.taxonomy == "category"
    }
    tags = {fields.slug(t.slug, fallback=t.name) for t in index.terms if t.taxonomy == "post_tag"}
    tags |= {slug for taxonomy, slug in index.used_terms if taxonomy == "post_tag"}
    for key in tags:
        index.paths.setdefault(fields.path_key(f"/tag/{key}/"), ("tag", key))
    for key, term in categories.items():
        chain, seen, parent = [key], {key}, fields.slug(term.parent)
        while parent and parent in categories and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
            parent = fields.slug(categories[parent].parent)
        index.paths.setdefault(
            fields.path_key("/category/" + "/".join(chain) + "/"), ("category", key)
        )


def build_index(path: Path, *, progress: Callable[[int], None] | None = None) -> ExportIndex:
    """Read the whole export once (raises WXRError for a file that cannot be imported)."""
    index = ExportIndex()
    for record in read_wxr(path, progress=progress, comments=False):
        if isinstance(record, Item):
            _item_info(record, index)
        elif isinstance(record, Term):
            index.terms.append(record)
        elif isinstance(record, Author):
            index.authors.append(record)
        elif isinstance(record, Channel):
            index.channel = record
            blog = record.base_blog_url or record.link or record.base_site_url
            index.site = fields.site_key(blog) or "unknown"
            for url in (record.base_blog_url, record.link):
                if host := fields.host_key(urlsplit(url.strip()).netloc):
                    index.hosts.add(host)
    _term_paths(index)
    return index
