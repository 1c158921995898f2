"""WordPress's `wpautop` in Python: the paragraphs classic-editor text only gets on display.

WordPress stores classic posts and comments with blank lines where paragraphs go and single
newlines for line breaks, and turns them into `<p>` and `<br />` every time it shows them.
samizdat stores HTML, so the importer applies the same rules once. This follows the steps of
WordPress's function (wp-includes/formatting.php): block tags get blank lines around them, the
text is cut at blank lines, each piece is wrapped in `<p>` unless it is a block of its own, and
the remaining newlines become `<br />`. `<pre>` keeps its text exactly.
"""

import re

BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|"
    "header|footer|nav|figure|figcaption|details|menu|summary|audio|video|source|picture"
)
_BLOCK_TAG = rf"</?(?:{BLOCKS})(?:[\s/][^>]*)?>"

_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCKS})[\s/>])", re.I)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCKS})>)", re.I)
_PIECES = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_WRAPPED_BLOCK = re.compile(rf"<p>\s*({_BLOCK_TAG})\s*</p>", re.I)
_WRAPPED_LI = re.compile(r"<p>(<li.+?)</p>", re.I)
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
_BLOCKQUOTE_P = re.compile(r"</blockquote></p>", re.I)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*({_BLOCK_TAG})", re.I)
_P_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})\s*</p>", re.I)
_BR_NORMAL = re.compile(r"<br\s*/?>", re.I)
_NEWLINE = re.compile(r"(<br />)?\s*\n")
_BR_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})\s*<br />", re.I)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)
_RAW = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.S | re.I)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption[^>]*>)", re.I)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*", re.I)
_MEDIA_OPEN = re.compile(r"(<(?:audio|video)[^>]*>)\s*", re.I)
_MEDIA_CLOSE = re.compile(r"\s*(</(?:audio|video)>)", re.I)
_MEDIA_INNER = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", re.I)

_NEWLINE_MARK = "\x00wpnl\x00"
_PRE_MARK = "<pre wp-pre-tag-{}></pre>"  # a block tag itself, so it stands alone


def autop(text: str, *, br: bool = True) -> str:
    """Paragraphs for text written with blank lines; HTML already in blocks stays as it is."""
    if not text.strip():
        return ""
    if "<" not in text and "&" not in text:  # plain text, as most comments are: the short way
        return _plain(text.replace("\r\n", "\n").replace("\r", "\n"), br=br)
    return _markup(text, br=br)


def _markup(text: str, *, br: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "") + "\n"

    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return _PRE_MARK.format(len(kept) - 1)

    text = _PRE.sub(keep, text)
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    # Newlines inside tags (attributes spread over lines) are not paragraph breaks.
    text = _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)
    if "<source" in text or "<track" in text:
        text = _MEDIA_OPEN.sub(r"\1", text)
        text = _MEDIA_CLOSE.sub(r"\1", text)
        text = _MEDIA_INNER.sub(r"\1", text)
    if "<figcaption" in text:
        text = _FIGCAPTION_OPEN.sub(r"\1", text)
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)

    pieces = [piece.strip("\n") for piece in _PIECES.split(text) if piece.strip()]
    text = "".join(f"<p>{piece}</p>\n" for piece in pieces)

    text = _EMPTY_P.sub("", text)
    text = _UNCLOSED_P.sub(r"<p>\1</p></\2>", text)
    text = _WRAPPED_BLOCK.sub(r"\1", text)
    text = _WRAPPED_LI.sub(r"\1", text)
    text = _P_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = _BLOCKQUOTE_P.sub("</p></blockquote>", text)
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)

    if br:
        text = _RAW.sub(lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)
        text = _BR_NORMAL.sub("<br />", text)
        text = _NEWLINE.sub(lambda m: m.group(0) if m.group(1) else "<br />\n", text)

    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for index, original in enumerate(kept):
        text = text.replace(_PRE_MARK.format(index), original)
    return text.replace(_NEWLINE_MARK, "\n")


def _plain(text: str, *, br: bool) -> str:
    """The same steps as `_markup`, less those that need a tag to act on."""
    text = re.sub(r"\n\n+", "\n\n", text.replace("\x00", "") + "\n")
    pieces = [piece.strip("\n") for piece in _PIECES.split(text) if piece.strip()]
    text = "".join(f"<p>{piece}</p>\n" for piece in pieces)
    if br:
        text = _NEWLINE.sub(lambda m: m.group(0) if m.group(1) else "<br />\n", text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    return re.sub(r"\n</p>$", "</p>", text)
