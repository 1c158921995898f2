"""WordPress shortcodes turned into plain HTML: caption, gallery, embed, audio and video.

Any other shortcode (a plugin's, WordPress.com's) is left in the text where a reader can see
it, and named in the import report, so nothing disappears without anyone knowing.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

KNOWN = ("caption", "wp_caption", "gallery", "embed", "audio", "video")

_ATTRIBUTES = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
_ANY = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?=[\s\]/])([^\[\]]*?)(/?)\](\]?)")
_CAPTION_MEDIA = re.compile(r"^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", re.S | re.I)
_ALIGN = {"alignleft", "alignright", "aligncenter", "alignnone"}
AUDIO_EXTENSIONS = ("mp3", "m4a", "ogg", "oga", "wav", "flac")
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "mov")


@dataclass(frozen=True)
class Media:
    """An attachment as content refers to it: the file's address and what is said about it."""

    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class ShortcodeContext:
    attachment: Callable[[int], Media | None]  # by the old site's id
    # An item's attached files as (id, media), in menu order.
    attachments_of: Callable[[int], list[tuple[int, Media]]]
    item_id: int | None = None


@dataclass
class _Tag:
    name: str
    attributes: dict
    positional: list[str]
    content: str | None  # None: self-closing


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    positional: list[str] = []
    text = re.sub(r"[\u00a0\u200b]", " ", text)
    for match in _ATTRIBUTES.finditer(text.strip()):
        groups = match.groups()
        for name_at, value_at in ((0, 1), (2, 3), (4, 5)):
            if groups[name_at]:
                named[groups[name_at].lower()] = groups[value_at]
                break
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            positional.append(value)
    return named, positional


def convert_shortcodes(text: str, context: ShortcodeContext, unknown: Counter) -> str:
    """Replace the known shortcodes with HTML; count the names of the others in `unknown`."""
    out: list[str] = []
    position = 0
    while True:
        match = _ANY.search(text, position)
        if match is None:
            out.append(text[position:])
            break
        escaped_open, name, raw_attributes, self_closing, escaped_close = match.groups()
        lowered = name.lower()
        out.append(text[position : match.start()])
        if lowered not in KNOWN:
            unknown[name] += 1
            out.append(match.group(0))
            position = match.end()
            continue
        end = match.end() - len(escaped_close)
        content = None
        closing = f"[/{name}]"
        if not self_closing:
            close_at = text.lower().find(closing.lower(), end)
            if close_at != -1:
                content = text[end:close_at]
                end = close_at + len(closing)
        if escaped_open:
            # [[caption]] is how WordPress writes a shortcode's name as text: drop one bracket.
            if text[end : end + 1] == "]":
                out.append(text[match.start() + 1 : end])
                position = end + 1
            else:
                out.append("[")
                position = match.start() + 1
            continue
        named, positional = parse_attributes(raw_attributes)
        tag = _Tag(lowered, named, positional, content)
        out.append(_RENDER[lowered](tag, context, unknown))
        position = end
    return "".join(out)


def _caption(tag: _Tag, context: ShortcodeContext, unknown: Counter) -> str:
    content = convert_shortcodes(tag.content or "", context, unknown)
    caption = tag.attributes.get("caption", "")
    media = content
    if found := _CAPTION_MEDIA.match(content):
        media, rest = found.group(1), found.group(2).strip()
        caption = caption or rest
    align = tag.attributes.get("align", "")
    classes = "wp-caption" + (f" {align}" if align in _ALIGN else "")
    figcaption = f'<figcaption class="wp-caption-text">{caption}</figcaption>' if caption else ""
    return f'<figure class="{classes}">{media.strip()}{figcaption}</figure>'


def _figure(media: Media) -> str:
    image = f'<img src="{escape(media.url)}" alt="{escape(media.alt)}" loading="lazy">'
    caption = f"<figcaption>{escape(media.caption)}</figcaption>" if media.caption else ""
    return f'<figure><a href="{escape(media.url)}">{image}</a>{caption}</figure>'


def _gallery(tag: _Tag, context: ShortcodeContext, unknown: Counter) -> str:
    ids = [int(i) for i in re.findall(r"\d+", tag.attributes.get("ids", "") or "")]
    include = [int(i) for i in re.findall(r"\d+", tag.attributes.get("include", "") or "")]
    if ids or include:
        items = [m for i in ids or include if (m := context.attachment(i)) is not None]
    else:
        parent = _int(tag.attributes.get("id", "")) or context.item_id
        exclude = {int(i) for i in re.findall(r"\d+", tag.attributes.get("exclude", "") or "")}
        items = [
            m
            for i, m in _attached(context, parent)
            if i not in exclude and not m.url.lower().endswith(AUDIO_EXTENSIONS)
        ]
    if not items:
        return ""
    return '<div class="gallery">' + "".join(_figure(m) for m in items) + "</div>"


def _attached(context: ShortcodeContext, parent: int | None) -> list[tuple[int, Media]]:
    return context.attachments_of(parent) if parent is not None else []


def _embed(tag: _Tag, context: ShortcodeContext, unknown: Counter) -> str:
    url = (tag.content or "").strip() or tag.attributes.get("src", "")
    if not re.match(r"https?://", url):
        return escape(url)
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'


Render = Callable[[_Tag, ShortcodeContext, Counter], str]


def _media(kind: str, extensions: tuple[str, ...]) -> Render:
    def render(tag: _Tag, context: ShortcodeContext, unknown: Counter) -> str:
        candidates = [tag.attributes.get("src", "")]
        candidates += [tag.attributes.get(ext, "") for ext in extensions]
        candidates += [p for p in tag.positional if re.match(r"https?://", p)]
        url = next((c for c in candidates if c), "")
        if not url:
            attached = [m for _, m in _attached(context, context.item_id)]
            url = next((m.url for m in attached if m.url.lower().endswith(extensions)), "")
        if not url:
            return ""
        poster = tag.attributes.get("poster", "") if kind == "video" else ""
        extra = f' poster="{escape(poster)}"' if poster else ""
        link = f'<a href="{escape(url)}">{escape(url.rsplit("/", 1)[-1])}</a>'
        return (
            f'<figure><{kind} controls preload="none" src="{escape(url)}"{extra}></{kind}>'
            f"<figcaption>{link}</figcaption></figure>"
        )

    return render


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


_RENDER = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "embed": _embed,
    "audio": _media("audio", AUDIO_EXTENSIONS),
    "video": _media("video", VIDEO_EXTENSIONS),
}
