"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream of records, in constant memory.

lxml's pull parser reads the file in chunks; each `<item>`, `<wp:author>` and term becomes a
small record and its element is freed at once, so a 2 GB export needs no more memory than a
2 MB one. The parser never loads a DTD, never touches the network and never expands entities:
a WordPress export has no DOCTYPE, so any file that declares one is refused before its first
element is read (no billion laughs, no external entities).

Namespaces are matched by meaning, not by spelling: WordPress has written its own as
`http://wordpress.org/export/1.x/` and, on WordPress.com, `https://…`.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

CHUNK = 1 << 20
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

_WP = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
_EXCERPT = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
_OTHER = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


# What may come before the root element: the declaration, comments, processing instructions.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DOCTYPE_REFUSED = (
    "not a WordPress export: it declares a DOCTYPE ({name}). WordPress never writes one, and "
    "a DTD's entities are a classic XML attack, so the file is refused."
)


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
def _name(tag: str) -> str:
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


def _text(element) -> str:
    """Text or CDATA alike; markup written as elements (some exporters do) kept as markup."""
    if len(element) == 0:
        return element.text or ""
    inner = "".join(
        etree.tostring(child, encoding="unicode", with_tail=True)
        for child in element
        if isinstance(child.tag, str)
    )
    return (element.text or "") + inner


def _fields(element) -> dict[str, str]:
    found: dict[str, str] = {}
    for child in element:
        name = _name(child.tag)
        if name and name not in found:
            found[name] = _text(child)
    return found


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _meta(element) -> dict[str, str]:
    fields = _fields(element)
    return {fields.get("wp:meta_key", ""): fields.get("wp:meta_value", "")}


def _post_type(element) -> str:
    for child in element:
        if _name(child.tag) == "wp:post_type":
            return _text(child).strip()
    return ""


def _item(element, *, comments: bool = True) -> Item:
    item = Item(fields={}, line=element.sourceline or 0)
    for child in element:
        name = _name(child.tag)
        if name == "wp:comment" and not comments:
            item.comment_count += 1
        elif name == "category":
            item.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), _text(child).strip())
            )
        elif name == "wp:postmeta":
            item.meta.update(_meta(child))
        elif name == "wp:comment":
            comment = CommentRecord(fields={})
            for part in child:
                part_name = _name(part.tag)
                if part_name == "wp:commentmeta":
                    comment.meta.update(_meta(part))
                elif part_name and part_name not in comment.fields:
                    comment.fields[part_name] = _text(part)
            item.comments.append(comment)
            item.comment_count += 1
        elif name and name not in item.fields:
            item.fields[name] = _text(child)
    return item


def _author(element) -> Author:
    f = _fields(element)
    return Author(
        login=f.get("wp:author_login", "").strip(),
        source_id=_int(f.get("wp:author_id", "")),
        email=f.get("wp:author_email", "").strip(),
        display_name=f.get("wp:author_display_name", "").strip(),
        first_name=f.get("wp:author_first_name", "").strip(),
        last_name=f.get("wp:author_last_name", "").strip(),
        line=element.sourceline or 0,
    )


def _term(element, name: str) -> Term:
    f = _fields(element)
    line = element.sourceline or 0
    if name == "wp:category":
        return Term(
            taxonomy="category",
            slug=f.get("wp:category_nicename", "").strip(),
            name=f.get("wp:cat_name", "").strip(),
            source_id=_int(f.get("wp:term_id", "")),
            parent=f.get("wp:category_parent", "").strip(),
            description=f.get("wp:category_description", ""),
            line=line,
        )
    if name == "wp:tag":
        return Term(
            taxonomy="post_tag",
            slug=f.get("wp:tag_slug", "").strip(),
            name=f.get("wp:tag_name", "").strip(),
            source_id=_int(f.get("wp:term_id", "")),
            description=f.get("wp:tag_description", ""),
            line=line,
        )
    return Term(
        taxonomy=f.get("wp:term_taxonomy", "").strip(),
        slug=f.get("wp:term_slug", "").strip(),
        name=f.get("wp:term_name", "").strip(),
        source_id=_int(f.get("wp:term_id", "")),
        parent=f.get("wp:term_parent", "").strip(),
        description=f.get("wp:term_description", ""),
        line=line,
    )


_CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


# Only these elements produce parser events (the rest is built and freed with its item), so
# Python sees a dozen events per item instead of one per element.
_EVENT_TAGS = [
    "rss", "channel", "item", "title", "link", "description", "language", "{*}wxr_version",
    "{*}base_site_url", "{*}base_blog_url", "{*}author", "{*}category", "{*}tag", "{*}term",
]  # fmt: skip


class _Reader:
    def __init__(
        self,
        path: Path,
        progress: Callable[[int], None] | None,
        want: Callable[[str], bool] | None,
        comments: bool,
    ):
        self.path = path
        self.progress = progress
        self.want = want
        self.comments = comments
        self.channel = Channel()
        self.channel_sent = False
        self.saw_channel = False
        self.root_checked = False

    def records(self) -> Iterator[Record]:
        parser = etree.XMLPullParser(
            events=("start", "end"),
            tag=_EVENT_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        with self.path.open("rb") as source:
            while chunk := source.read(CHUNK):
                if source.tell() == len(chunk):
                    self._refuse_doctype(chunk)
                parser.feed(chunk)
                yield from self._events(parser)
                if self.progress:
                    self.progress(len(chunk))
            root = parser.close()
            yield from self._events(parser)
        if not self.root_checked and root is not None:
            self._check_root(root)  # a root with no event of its own, like Atom's <feed>
        if not self.saw_channel:
            raise WXRError(self._where(0, "not a WordPress export: the <rss> has no <channel>"))
        yield from self._channel_once()

    def _events(self, parser) -> Iterator[Record]:
        for event, element in parser.read_events():
            parent = element.getparent()
            if not self.root_checked:
                self._check_root(element.getroottree().getroot())
            if event == "start":
                if parent is None:
                    continue
                elif element.tag == "channel" and parent.getparent() is None:
                    self.saw_channel = True
                continue
            # Only the channel's own children matter: <rss><channel><item>…
            if parent is None or parent.tag != "channel" or parent.getparent() is None:
                continue
            if parent.getparent().getparent() is not None:
                continue
            name = _name(element.tag)
            if name in _CHANNEL_FIELDS:
                setattr(self.channel, _CHANNEL_FIELDS[name], _text(element).strip())
            elif name == "wp:author":
                yield from self._channel_once()
                yield _author(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                yield from self._channel_once()
                yield _term(element, name)
            elif name == "item":
                yield from self._channel_once()
                if self.want is None or self.want(_post_type(element)):
                    yield _item(element, comments=self.comments)
            # Free what has been read: this element, and every sibling before it.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]

    def _refuse_doctype(self, head: bytes) -> None:
        """Refuse a DOCTYPE before the parser sees its entity declarations at all."""
        encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
        text = head.decode(encoding, "ignore").lstrip("\ufeff")
        prolog = _PROLOG.match(text)
        rest = text[prolog.end() :] if prolog else text
        if rest[:9].upper() == "<!DOCTYPE":
            name = rest[9:].split(maxsplit=1)[0].strip("[>") if rest[9:].strip() else "DTD"
            line = text.count("\n", 0, len(text) - len(rest)) + 1
            raise WXRError(self._where(line, _DOCTYPE_REFUSED.format(name=name)))

    def _check_root(self, root) -> None:
        self.root_checked = True
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise WXRError(self._where(root.sourceline, _DOCTYPE_REFUSED.format(name="DTD")))
        if _name(root.tag) != "rss":
            local = etree.QName(root).localname
            raise WXRError(
                self._where(
                    root.sourceline,
                    f"not a WordPress export: its root element is <{local}>, not <rss>",
                )
            )

    def _channel_once(self) -> Iterator[Channel]:
        if self.channel_sent:
            return
        self.channel_sent = True
        version = self.channel.wxr_version
        if not version:
            raise WXRError(
                self._where(
                    0,
                    "not a WordPress export: the channel has no <wp:wxr_version> "
                    "(an ordinary RSS feed?). Export from WordPress with Tools › Export.",
                )
            )
        if not re.fullmatch(r"\d+\.\d+", version):
            raise WXRError(self._where(0, f"not a WordPress export: WXR version {version!r}"))
        yield self.channel

    def _where(self, line: int | None, message: str) -> str:
        return f"{self.path}: line {line}: {message}" if line else f"{self.path}: {message}"


def read_wxr(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    want: Callable[[str], bool] | None = None,
    comments: bool = True,
) -> Iterator[Record]:
    """The export's records in file order: the Channel first, then authors, terms and items.

    Raises WXRError with the line and column for malformed XML, a wrong encoding, a DOCTYPE
    or a file that is not a WordPress export. `progress` is called with each chunk's size;
    `want(post_type)` picks the items to read; `comments=False` only counts them.
    """
    path = Path(path)
    try:
        yield from _Reader(path, progress, want, comments).records()
    except etree.XMLSyntaxError as exc:
        raise WXRError(_syntax_message(path, exc)) from None
    except OSError as exc:
        raise WXRError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeError as exc:  # an encoding lxml knows by name but cannot decode with
        raise WXRError(f"{path}: {exc}") from None


def _syntax_message(path: Path, exc: etree.XMLSyntaxError) -> str:
    line, column = exc.position
    message = exc.msg or str(exc)
    if (line, column) == (0, 0):
        located = _locate(path)
        if located is None and path.exists() and path.stat().st_size == 0:
            return f"{path}: the file is empty"
        if located:
            (line, column), message = located
    message = re.sub(r", line \d+, column \d+$", "", message)
    if "encoding" in message.lower() or "not proper UTF-8" in message:
        message += " (is the file saved in the encoding its XML declaration names?)"
    if line:
        return f"{path}: line {line}, column {column}: malformed XML: {message}"
    return f"{path}: malformed XML: {message}"


def _locate(path: Path) -> tuple[tuple[int, int], str] | None:
    """Where the first error is. With entities unresolved lxml sometimes reports an undefined
    entity only at the end, without a place; a second read resolving the five predefined
    entities finds it. Safe: a file with a DTD never gets this far."""
    parser = etree.XMLPullParser(no_network=True, load_dtd=False, huge_tree=False)
    try:
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                parser.feed(chunk)
                for _ in parser.read_events():
                    pass
            parser.close()
    except etree.XMLSyntaxError as exc:
        if exc.position != (0, 0):
            return exc.position, exc.msg or str(exc)
    except OSError:
        pass
    return None
