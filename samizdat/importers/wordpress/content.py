"""A WordPress post body turned into the HTML samizdat stores (and sanitises on save).

In the order WordPress itself applies them on display:
1. Gutenberg block comments (`<!-- wp:paragraph -->`) are removed and the HTML between them
   kept; blocks that WordPress renders on the server alone (`<!-- wp:latest-posts /-->`) have no
   HTML to keep and are named in the report.
2. Shortcodes: caption → `<figure>`/`<figcaption>`, gallery, embed, audio and video → plain
   HTML; any other shortcode stays visible and is reported (`shortcodes.py`).
3. A URL alone on its line (WordPress would embed it) becomes a link.
4. Classic-editor text (no blocks) gets its paragraphs (`autop.py`).
5. Links and image sources pointing to the old site are rewritten by the caller's `rewrite`.
The result is not safe by itself: posts.services sanitises it with the one sanitiser.
"""

import re
from collections import Counter
from collections.abc import Callable
from html import escape, unescape

from samizdat.core.sanitize import check_nesting
from samizdat.importers.wordpress.autop import autop
from samizdat.importers.wordpress.shortcodes import ShortcodeContext, convert_shortcodes

# Bump when the conversion changes, so a re-import refreshes what an older version converted.
CONVERTER_VERSION = 1

_BLOCK = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(\s+\{.*?\})?\s*(/)?-->", re.S
)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])(.*?)\2""", re.S | re.I)
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.S | re.I)
_MORE = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", re.S | re.I)
_EMPTY_P = re.compile(r"<p>\s*</p>\n?")

Rewrite = Callable[[str], str]


def has_blocks(html: str) -> bool:
    return "<!-- wp:" in html


def _strip_blocks(html: str, unsupported: Counter) -> str:
    def replace(match: re.Match) -> str:
        if match.group(4):  # self-closing: a server-rendered block with no HTML of its own
            name = match.group(2)
            unsupported[f"block wp:{name}"] += 1
        return ""

    return _BLOCK.sub(replace, html)


def _outside_pre(html: str, change: Callable[[str], str]) -> str:
    parts, position = [], 0
    for match in _PRE.finditer(html):
        parts.append(change(html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(change(html[position:]))
    return "".join(parts)


def _link_bare_urls(html: str) -> str:
    def link(match: re.Match) -> str:
        url = unescape(match.group(1))
        return f'<a href="{escape(url)}">{escape(url)}</a>'

    return _outside_pre(html, lambda text: _BARE_URL.sub(link, text))


def rewrite_urls(html: str, rewrite: Rewrite) -> str:
    """Apply `rewrite` to every href, src, poster and srcset address in `html`."""

    def attribute(match: re.Match) -> str:
        prefix, quote, value = match.groups()
        new = rewrite(unescape(value.strip()))
        return f"{prefix}{quote}{escape(new, quote=True)}{quote}"

    def srcset(match: re.Match) -> str:
        prefix, quote, value = match.groups()
        candidates = []
        for candidate in unescape(value).split(","):
            url, _, size = candidate.strip().partition(" ")
            candidates.append(f"{rewrite(url)} {size}".strip() if url else "")
        return f"{prefix}{quote}{escape(', '.join(c for c in candidates if c))}{quote}"

    return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(attribute, html))


def convert_post_body(
    html: str, *, shortcodes: ShortcodeContext, rewrite: Rewrite, unsupported: Counter
) -> str:
    """A post's or page's `content:encoded` → HTML for a samizdat post body; NestingTooDeep
    first of all for markup too deep to convert and sanitise in reasonable time."""
    check_nesting(html)
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    blocks = has_blocks(html)
    if blocks:
        html = _strip_blocks(html, unsupported)
    html = convert_shortcodes(html, shortcodes, unsupported_names := Counter())
    for name, count in unsupported_names.items():
        unsupported[f"shortcode [{name}]"] += count
    html = _link_bare_urls(html)
    if not blocks:
        html = autop(html)
    html = _EMPTY_P.sub("", _MORE.sub("", html))
    return rewrite_urls(html, rewrite).strip()


def convert_comment_body(text: str, *, rewrite: Rewrite) -> str:
    """A comment's text → HTML: WordPress shows comments with paragraphs added, no shortcodes."""
    check_nesting(text)
    return rewrite_urls(autop(text.replace("\r\n", "\n")), rewrite).strip()
