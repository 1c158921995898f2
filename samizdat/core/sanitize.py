"""The one HTML sanitiser. Every untrusted HTML path in samizdat goes through `sanitize_html`.

One policy (nh3/ammonia, an allow-list parser) with two profiles: `post` for what authors,
contributors and imports write, and `comment`, narrower (no images, headings or tables) and
with links marked as user-generated.
"""

import re
from enum import StrEnum
from functools import cache
from urllib.parse import urlsplit

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})

_TEXT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "u", "ul",
}  # fmt: skip
_POST_TAGS = _TEXT_TAGS | {
    "audio", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h2", "h3", "h4", "h5", "h6", "hr", "img", "picture", "section",
    "source", "span", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "video",
}  # fmt: skip

_POST_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "img": {"src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "li": {"id", "value"},
    "sup": {"id"},
    "section": {"id"},
    "details": {"open"},
}
_COMMENT_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}}

# Classes a renderer or the theme relies on; everything else is dropped.
_POST_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "figure": {"wp-caption", "alignleft", "alignright", "aligncenter", "alignnone", "wide"},
    "figcaption": {"wp-caption-text"},
    "footer": {"quote-source"},
    "hr": {"footnotes-sep"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "span": {"credit"},
    "sup": {"footnote-ref"},
}

# Footnote anchors are the only ids allowed: free ids would let content clobber page elements.
_SAFE_ID = re.compile(r"^(fn|fnref)[\w:-]{1,40}$")
_SRCSET_URL = re.compile(r"^(https?://|/(?!/)|[\w.-]+/)", re.ASCII)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _SAFE_ID.match(value) else None
    if attribute == "cite":  # not a link browsers follow, but held to the same schemes
        return value if _allowed_scheme(value) else None
    if attribute == "srcset":
        urls = [candidate.strip().split(" ")[0] for candidate in value.split(",")]
        return value if all(_SRCSET_URL.match(url) for url in urls if url) else None
    return value


def _allowed_scheme(url: str) -> bool:
    """A relative address, or an absolute one with an allowed scheme."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return not scheme or scheme in URL_SCHEMES


def safe_url(url: str) -> str:
    """`url` when it is an absolute http, https or mailto address with nothing hidden in it
    (spaces, control characters), else "": for addresses shown as links outside sanitised HTML,
    such as a commenter's website."""
    url = url.strip()
    if not url or any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in url):
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return ""
    return url


class Profile(StrEnum):
    POST = "post"
    COMMENT = "comment"


@cache
def _cleaner(profile: Profile) -> nh3.Cleaner:
    post = profile is Profile.POST
    return nh3.Cleaner(
        tags=_POST_TAGS if post else _TEXT_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        attributes=_POST_ATTRIBUTES if post else _COMMENT_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=_POST_CLASSES if post else {},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener" if post else "nofollow ugc noopener",
        strip_comments=True,
    )


_LINE_BREAKING = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` on one line: line breaks, tabs and other control characters become one space.
    For names and titles, which go into mail headers and bodies line by line (issue 19: a
    CR/LF in a guest's name wrote a "Moderate it:" line of its own into notification mail,
    and a newline in a post title made its notifications fail with BadHeaderError)."""
    return _LINE_BREAKING.sub(" ", text).strip()


MAX_NESTING = 100  # levels of elements; real posts stay within a few dozen
# Tags that never nest, or whose end tag may be left out and is implied by the next one: not
# counted, so old HTML full of unclosed <p> and <li> is not taken for deep nesting.
_FLAT_TAGS = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead"),
        *("tbody", "tfoot", "colgroup", "option", "optgroup", "rt", "rp"),
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")


class NestingTooDeep(ValueError):
    """The HTML nests elements past MAX_NESTING; refused before the sanitiser spends seconds
    on it (issue 19: 322 KB of nested <div> took 9.4 s)."""


def check_nesting(html: str, *, limit: int = MAX_NESTING) -> None:
    """Raise NestingTooDeep, with a message for the writer, when `html` nests too deep. One
    pass over the tags; end tags close back to their level, as a browser's parser does."""
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _FLAT_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > limit:
            raise NestingTooDeep(
                f"The text nests HTML elements more than {limit} levels deep (such as <{name}> "
                f"inside <{name}> inside …). Please simplify its markup; nothing was saved."
            )


def sanitize_html(html: str, *, profile: Profile = Profile.POST) -> str:
    """Return `html` with everything outside the allow-list removed; safe to mark safe.
    NestingTooDeep when it nests more than MAX_NESTING elements deep.

    Cleaned again until it no longer changes: a few malformed inputs serialise into markup
    that parses into a different tree (e.g. a <p> inside a <p>), and what a browser parses
    must be exactly what was checked.
    """
    check_nesting(html)
    cleaner = _cleaner(Profile(profile))
    clean = cleaner.clean(html)
    for _ in range(3):
        again = cleaner.clean(clean)
        if again == clean:
            break
        clean = again
    return clean
