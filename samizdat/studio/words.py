"""Word count and reading time, as editor.js counts them while typing (the same rule)."""

import re

# Scripts written without spaces count a character as a word, as word processors do.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# Images, link targets, tags and line-start markers (headings, quotes, list bullets).
_MARKUP = re.compile(
    r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]+>|^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s", re.M
)
_LETTER = re.compile(r"[^\W_]")
WORDS_PER_MINUTE = 230


def reading_stats(source: str) -> dict[str, int]:
    """{"words": …, "minutes": …} for Markdown or HTML source; markup is not counted."""
    text = _MARKUP.sub(" ", source)
    words = len(_CJK.findall(text))
    words += sum(1 for token in _CJK.sub(" ", text).split() if _LETTER.search(token))
    return {"words": words, "minutes": max(1, round(words / WORDS_PER_MINUTE)) if words else 0}
