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
from pathlib import Path

from lxml import etree

from samizdat.importers.wordpress.records import (
    Channel,
    Record,
    WXRError,
    author_record,
    element_name,
    element_text,
    item_record,
    post_type_of,
    term_record,
)

__all__ = ["WXRError", "read_wxr"]  # WXRError is raised here; its home is records

CHUNK = 1 << 20
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

# What may come before the root element: the declaration, comments, processing instructions.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DOCTYPE_REFUSED = (
    "not a WordPress export: it declares a DOCTYPE ({name}). WordPress never writes one, and "
    "a DTD's entities are a classic XML attack, so the file is refused."
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
            name = element_name(element.tag)
            if name in _CHANNEL_FIELDS:
                setattr(self.channel, _CHANNEL_FIELDS[name], element_text(element).strip())
            elif name == "wp:author":
                yield from self._channel_once()
                yield author_record(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                yield from self._channel_once()
                yield term_record(element, name)
            elif name == "item":
                yield from self._channel_once()
                if self.want is None or self.want(post_type_of(element)):
                    yield item_record(element, comments=self.comments)
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
        if element_name(root.tag) != "rss":
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
