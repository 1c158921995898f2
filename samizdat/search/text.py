"""Text as the index stores it and as results show it: plain, without control characters.

Snippets come back from the database with the matches between two control characters
(`MARK_START`, `MARK_END`). Stored text never contains control characters, so `marked_html`
can escape everything and then turn exactly those two into `<mark>` tags.
"""

import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

MARK_START, MARK_END = "\x02", "\x03"
# PostgreSQL reads "<…>" as markup even in plain text, so it is given these instead.
ANGLE_STAND_INS = str.maketrans("\x04\x05", "<>")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|figcaption|div|pre)>|<br\s*/?>", re.I)


def clean_text(text: str) -> str:
    """`text` without control characters (NUL included), so it is safe to store and to mark."""
    return _CONTROL.sub(" ", text)


def plain_text(html: str) -> str:
    """The words of sanitised HTML, blocks kept apart by spaces, entities decoded."""
    text = unescape(strip_tags(_BLOCK_END.sub(" ", html)))
    return " ".join(clean_text(text).split())


def document_fields(*, title: str, excerpt: str, body_html: str) -> dict[str, str]:
    """What the index stores of a post: its title and, as plain text, excerpt and body."""
    body = " ".join(clean_text(excerpt).split()) + " " + plain_text(body_html)
    return {"title": " ".join(clean_text(title).split()), "body": body.strip()}


def marked_html(text: str) -> SafeString:
    """Escape `text`, then show its marked matches as <mark>…</mark>."""
    html = escape((text or "").translate(ANGLE_STAND_INS))
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped above; only our own tags added
