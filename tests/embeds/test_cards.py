"""Embeds without tracking: a paragraph that is only a link to YouTube, Vimeo, a Mastodon post
or a Bluesky post becomes a card, in Markdown and HTML bodies alike; the card loads nothing
from that host (no src pointing there) until a reader clicks; everything else stays a link."""

import re

import pytest
from django.conf import settings

from samizdat.embeds.cards import embed_cards
from samizdat.embeds.models import Embed
from samizdat.embeds.providers import FRAME_ORIGINS, embed_recognise
from samizdat.posts.models import BodyFormat
from samizdat.posts.services import body_render

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "key", "frame"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=1m5s", "youtube:dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=65"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo:76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://vimeo.com/76979871/abcdef1234", "vimeo:76979871", "https://player.vimeo.com/video/76979871?dnt=1&h=abcdef1234"),
        ("https://mastodon.social/@Gargron/109387381111111111", "mastodon:mastodon.social/109387381111111111", ""),  # noqa: E501
        ("https://example.org/users/alice/statuses/12345", "mastodon:example.org/12345", ""),
        ("https://bsky.app/profile/jay.bsky.team/post/3kq2z2x5abc2o", "bluesky:jay.bsky.team/3kq2z2x5abc2o", ""),  # noqa: E501
        ("https://bsky.app/profile/did:plc:abc123/post/3kq2z2x5abc2o", "bluesky:did:plc:abc123/3kq2z2x5abc2o", "https://embed.bsky.app/embed/did:plc:abc123/app.bsky.feed.post/3kq2z2x5abc2o"),  # noqa: E501
    ],
)  # fmt: skip
def test_each_service_is_recognised_by_its_address(url, key, frame):
    ref = embed_recognise(url)
    assert ref is not None
    assert (ref.key, ref.frame_url) == (key, frame)
    assert not ref.frame_url or ref.frame_url.startswith(FRAME_ORIGINS)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "https://bsky.app/profile/jay.bsky.team",
        "https://example.org/@alice",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_links_are_not_embeds(url):
    assert embed_recognise(url) is None


def _srcs(html: str) -> list[str]:
    return re.findall(r'\ssrc="([^"]*)"', html)


@pytest.mark.parametrize(
    ("source", "body_format"),
    [
        ("Before.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nAfter.", BodyFormat.MARKDOWN),
        ("Before.\n\n<https://www.youtube.com/watch?v=dQw4w9WgXcQ>\n\nAfter.", BodyFormat.MARKDOWN),
        (
            "Before.\n\n[Watch this](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\nAfter.",
            BodyFormat.MARKDOWN,
        ),
        (
            '<p>Before.</p><p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">x</a></p>'
            "<p>After.</p>",
            BodyFormat.HTML,
        ),
        ("<p>Before.</p><p>https://youtu.be/dQw4w9WgXcQ</p><p>After.</p>", BodyFormat.HTML),
    ],
    ids=["bare", "autolink", "markdown-link", "html-link", "html-bare"],
)
def test_a_link_alone_in_its_paragraph_becomes_a_card_that_loads_nothing(source, body_format):
    html = body_render(source=source, body_format=body_format)
    assert '<figure class="embed embed-youtube" data-embed="youtube:dQw4w9WgXcQ">' in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert "<iframe" not in html
    assert _srcs(html) == []  # nothing to fetch on page view: no thumbnail known yet
    assert 'data-embed-frame="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert Embed.objects.filter(key="youtube:dQw4w9WgXcQ", state="pending").count() == 1


def test_a_link_inside_a_sentence_stays_a_link():
    html = body_render(
        source="Watch https://youtu.be/dQw4w9WgXcQ now, or [this](https://vimeo.com/1234).",
        body_format=BodyFormat.MARKDOWN,
    )
    assert "embed" not in html
    assert "Watch https://youtu.be/dQw4w9WgXcQ now" in html


def test_a_preview_renders_the_card_and_remembers_nothing():
    html = body_render(
        source="https://vimeo.com/76979871", body_format=BodyFormat.MARKDOWN, preview=True
    )
    assert 'data-embed="vimeo:76979871"' in html
    assert not Embed.objects.exists()


def test_a_fetched_embed_shows_its_title_text_and_local_thumbnail():
    Embed.objects.create(
        key="mastodon:social.example/42",
        provider="mastodon",
        url="https://social.example/@ada/42",
        title="Post by Ada",
        author_name="@ada@social.example",
        text="Hello <fediverse> & friends",
        thumbnail="embeds/mastodon-1.jpg",
        thumbnail_width=400,
        thumbnail_height=300,
        state="done",
    )
    html = embed_cards('<p><a href="https://social.example/@ada/42">x</a></p>')
    assert '<span class="embed-title">Post by Ada</span>' in html
    assert "Hello &lt;fediverse&gt; &amp; friends" in html
    assert "Mastodon · @ada@social.example · social.example" in html
    assert _srcs(html) == ["/media/embeds/mastodon-1.jpg"]  # a copy kept here, not hotlinked
    assert "embed-load" not in html  # a Mastodon card links to the post: no frame from any host


def test_markup_in_an_address_cannot_escape_the_card():
    html = body_render(
        source='<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;x=&quot;&gt;&lt;script&gt;">x</a></p>',
        body_format=BodyFormat.HTML,
    )
    assert "<script" not in html
    assert (
        'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;x=&quot;&gt;&lt;script&gt;"' in html
    )


def test_the_csp_allows_exactly_the_players_cards_load():
    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert frame_src == ["'self'", *FRAME_ORIGINS]


def test_a_post_page_with_a_card_loads_the_click_to_load_script(client, make_post):
    post = make_post("Watch", body="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page = client.get(post.get_absolute_url())
    html = page.content.decode()
    assert '<script src="/static/embeds/embed.js" defer></script>' in html
    assert "frame-src 'self' https://www.youtube-nocookie.com" in page["Content-Security-Policy"]
    plain = make_post("Plain", body="No embeds here.")
    assert "embeds/embed.js" not in client.get(plain.get_absolute_url()).content.decode()
