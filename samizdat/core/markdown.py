"""Markdown to HTML with markdown-it-py: CommonMark plus tables, footnotes and strikethrough.

Two house conventions on top of CommonMark:
- an image alone in its paragraph with a caption (its title, or the caption of a media-library
  image referenced as `media:<id>`) becomes `<figure>` with `<figcaption>`;
- in a blockquote, a last paragraph starting with an em dash (or `--`) is the quote's source
  and becomes `<footer class="quote-source">`.
The output is *not* safe by itself: callers pass it through `core.sanitize.sanitize_html`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin


@dataclass(frozen=True)
class ResolvedImage:
    """What a `media:<id>` reference stands for, supplied by the media app."""

    src: str
    width: int | None = None
    height: int | None = None
    srcset: str = ""
    sizes: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""


ImageResolver = Callable[[str], ResolvedImage | None]
_SOURCE_MARKS = ("— ", "―", "-- ")


def _figures(state: StateCore) -> None:
    """Mark lone images for figure rendering and turn their paragraph into a <figure>."""
    tokens = state.tokens
    resolve = state.env.get("resolve_image")
    for i in range(len(tokens) - 2):
        opening, inline, closing = tokens[i : i + 3]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
        if len(children) != 1 or children[0].type != "image":
            continue
        image = children[0]
        src = image.attrGet("src") or ""
        resolved = resolve(src) if resolve and src.startswith("media:") else None
        image.meta["resolved"] = resolved
        caption = image.attrGet("title") or (resolved.caption if resolved else "")
        credit = resolved.credit if resolved else ""
        if caption or credit:
            image.meta["figure"] = (caption, credit)
            opening.tag = closing.tag = "figure"


def _quote_sources(state: StateCore) -> None:
    """A blockquote's closing '— Source' paragraph becomes its <footer>."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "blockquote_close" or i < 3:
            continue
        opening, inline, closing = tokens[i - 3 : i]
        if (
            opening.type == "paragraph_open"
            and closing.type == "paragraph_close"
            and opening.level == token.level + 1
            and inline.content.startswith(_SOURCE_MARKS)
        ):
            opening.tag = closing.tag = "footer"
            opening.attrSet("class", "quote-source")


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    resolved: ResolvedImage | None = token.meta.get("resolved")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if resolved:
        attrs = {
            "src": resolved.src,
            "srcset": resolved.srcset,
            "sizes": resolved.sizes,
            "width": resolved.width,
            "height": resolved.height,
            "alt": alt or resolved.alt,
        }
    else:
        attrs = {"src": token.attrGet("src") or "", "alt": alt}
        if (title := token.attrGet("title")) and "figure" not in token.meta:
            attrs["title"] = title
    attrs["loading"] = "lazy"
    attrs["decoding"] = "async"
    html = (
        "<img "
        + " ".join(
            f'{name}="{escape(str(value))}"'
            for name, value in attrs.items()
            if value or name == "alt"
        )
        + ">"
    )
    if figure := token.meta.get("figure"):
        html += figcaption(*figure)
    return html


def figcaption(caption: str, credit: str) -> str:
    """The caption line shared by Markdown figures and the theme: caption, then credit."""
    parts = [escape(caption)] if caption else []
    if credit:
        parts.append(f'<span class="credit">({escape(credit)})</span>')
    return "<figcaption>" + " ".join(parts) + "</figcaption>"


@cache
def _parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True, "typographer": True})
        .enable(["table", "strikethrough", "replacements", "smartquotes"])
        .use(footnote_plugin)
    )
    md.core.ruler.push("samizdat_figures", _figures)
    md.core.ruler.push("samizdat_quote_sources", _quote_sources)
    md.add_render_rule("image", _render_image)
    return md


def render_markdown(text: str, *, resolve_image: ImageResolver | None = None) -> str:
    """Render Markdown to (unsanitised) HTML."""
    return _parser().render(text, {"resolve_image": resolve_image})


@cache
def _comment_parser() -> MarkdownIt:
    """The small Markdown readers may use: emphasis, links, code, quotes, lists. Raw HTML is
    shown as text, and images and headings stay plain text."""
    return MarkdownIt("zero", {"html": False, "linkify": True, "typographer": True}).enable(
        [
            "emphasis", "strikethrough", "link", "autolink", "linkify", "backticks", "escape",
            "entity", "newline", "blockquote", "list", "code", "fence", "replacements",
            "smartquotes",
        ]
    )  # fmt: skip


def render_comment_markdown(text: str) -> str:
    """Render a reader's comment to (unsanitised) HTML; sanitise with the comment profile."""
    return _comment_parser().render(text)
