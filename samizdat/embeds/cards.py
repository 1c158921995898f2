"""A paragraph that is only a link to YouTube, Vimeo, a Mastodon post or a Bluesky post
becomes a card: a link with what samizdat fetched about it (title, text, a local thumbnail)
and, for players that work in a frame, a button that loads the player when a reader clicks.
Until that click the page loads nothing from the other host.

`embed_cards` runs on HTML that has already been through `samizdat.core.sanitize`, once, in
the body rendering path (posts.services.body_render), so Markdown and HTML bodies and imported
posts alike get cards; the card markup is built here, every value escaped.
"""

import html
import re

from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from samizdat.embeds.models import Embed
from samizdat.embeds.providers import EmbedRef, embed_recognise
from samizdat.embeds.tasks import embed_fetch

# A paragraph holding one link and nothing else, or one bare address (as the sanitiser writes
# them: double-quoted attributes, entities escaped).
_ALONE = re.compile(
    r"<p>\s*(?:<a\s+href=\"(?P<href>[^\"]+)\"[^>]*>(?P<text>(?:(?!</a>).)*?)</a>"
    r"|(?P<bare>https?://[^\s<]+))\s*</p>",
    re.S,
)
TEXT_SHOWN = 500


def embed_cards(body_html: str, *, remember: bool = True) -> str:
    """`body_html` (sanitised) with each paragraph that is only an embeddable link turned into
    a card. With `remember`, links seen for the first time get an Embed row and the worker is
    asked (once the transaction commits) to fetch their title and thumbnail; a preview passes
    False and writes nothing."""
    found: list[tuple[re.Match, EmbedRef]] = []
    for match in _ALONE.finditer(body_html):
        url = html.unescape(match.group("href") or match.group("bare"))
        ref = embed_recognise(url)
        if ref is not None:
            found.append((match, ref))
    if not found:
        return body_html
    known = {e.key: e for e in Embed.objects.filter(key__in={ref.key for _, ref in found})}
    if remember:
        for _, ref in found:
            if ref.key not in known:
                known[ref.key] = _remember(ref)
    out, last = [], 0
    for match, ref in found:
        out += [body_html[last : match.start()], embed_card(ref, known.get(ref.key))]
        last = match.end()
    out.append(body_html[last:])
    return "".join(out)


def _remember(ref: EmbedRef) -> Embed:
    embed, created = Embed.objects.get_or_create(
        key=ref.key, defaults={"provider": ref.provider, "url": ref.url[:2000]}
    )
    if created:
        transaction.on_commit(lambda: embed_fetch.enqueue(embed_id=embed.pk))
    return embed


def embed_card(ref: EmbedRef, embed: Embed | None) -> str:
    """The card's markup for `ref`, with what `embed` knows (nothing yet when None)."""
    title = (embed.title if embed else "") or ref.fallback_title
    text = (embed.text if embed else "")[:TEXT_SHOWN]
    if embed and len(embed.text) > TEXT_SHOWN:
        text = text.rsplit(" ", 1)[0] + " …"
    source = ref.label + (f" · {embed.author_name}" if embed and embed.author_name else "")
    source += f" · {ref.host}"
    thumbnail = ""
    if embed and embed.thumbnail:
        thumbnail = format_html(
            '<img class="embed-thumb" src="{}" alt="" width="{}" height="{}" loading="lazy"'
            ' decoding="async">',
            embed.thumbnail.url,
            embed.thumbnail_width,
            embed.thumbnail_height,
        )
    frame = ref.frame_url or (embed.frame_url if embed else "")
    button = ""
    if frame:
        verb = "Play" if ref.provider in ("youtube", "vimeo") else "Show"
        button = format_html(
            '<button type="button" class="embed-load" data-embed-frame="{}" data-embed-title="{}">'
            '{} here <span class="embed-load-note">(loads from {})</span></button>',
            frame,
            title,
            verb,
            frame.split("/")[2],
        )
    parts = [
        format_html('<span class="embed-title">{}</span>', title),
        format_html('<span class="embed-excerpt">{}</span>', text) if text else "",
        format_html('<span class="embed-source">{}</span>', source),
    ]
    return format_html(
        '<figure class="embed embed-{}" data-embed="{}">'
        '<a class="embed-card" href="{}">{}<span class="embed-text">{}</span></a>{}</figure>',
        ref.provider,
        ref.key,
        ref.url,
        mark_safe(thumbnail),
        format_html_join("", "{}", ((p,) for p in parts if p)),
        mark_safe(button),
    )
