"""Conversion of WordPress bodies: paragraphs, blocks, shortcodes, embeds — as units."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from samizdat.importers.wordpress.autop import _markup, _plain, autop
from samizdat.importers.wordpress.content import convert_post_body
from samizdat.importers.wordpress.shortcodes import Media, ShortcodeContext

NO_MEDIA = ShortcodeContext(attachment=lambda i: None, attachments_of=lambda p: [])


def convert(html: str, context=NO_MEDIA) -> tuple[str, Counter]:
    unsupported = Counter()
    out = convert_post_body(html, shortcodes=context, rewrite=lambda u: u, unsupported=unsupported)
    return out, unsupported


def test_classic_text_gets_paragraphs_and_line_breaks_as_wordpress_shows_it():
    assert autop("One.\n\nTwo\nlines.") == "<p>One.</p>\n<p>Two<br />\nlines.</p>\n"
    assert autop("Text\n<h2>Head</h2>\nMore") == "<p>Text</p>\n<h2>Head</h2>\n<p>More</p>\n"


@given(st.text(alphabet=st.sampled_from("ab \t\n\r.\u00e9\u00a0\x00"), max_size=40))
def test_the_short_way_for_plain_text_gives_what_the_long_way_does(text):
    text = text.replace("\r", "")
    if text.strip():
        assert _plain(text, br=True) == _markup(text, br=True)
        assert _plain(text, br=False) == _markup(text, br=False)


def test_pre_keeps_its_text_exactly():
    html = autop("Code:\n\n<pre>a\n\n  b</pre>\n\nAfter")
    assert "<pre>a\n\n  b</pre>" in html and "<p>After</p>" in html


def test_html_already_in_paragraphs_is_left_alone():
    assert autop("<p>One</p>\n<p>Two</p>") == "<p>One</p>\n<p>Two</p>\n"


def test_block_comments_go_and_their_html_stays():
    out, unsupported = convert(
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->'
    )
    assert out == "<p>Hello</p>"
    assert unsupported == {"block wp:latest-posts": 1}


def test_caption_becomes_a_figure_in_both_spellings():
    new, _ = convert(
        '[caption id="attachment_6" align="alignright" width="300"]<img src="/a.jpg" alt="A" /> '
        "The <em>caption</em>.[/caption]"
    )
    assert new == (
        '<figure class="wp-caption alignright"><img src="/a.jpg" alt="A" />'
        '<figcaption class="wp-caption-text">The <em>caption</em>.</figcaption></figure>'
    )
    old, _ = convert('[caption caption="Old style"]<img src="/b.jpg" />[/caption]')
    assert '<figcaption class="wp-caption-text">Old style</figcaption>' in old


def test_gallery_embed_audio_and_video_become_plain_html():
    images = {1: Media("https://old.example.org/1.jpg", "one", "First"), 2: Media("/2.jpg")}
    context = ShortcodeContext(
        attachment=images.get,
        attachments_of=lambda parent: sorted(images.items()),
        item_id=9,
    )
    gallery, _ = convert('[gallery ids="2,1"]', context)
    assert gallery.index("/2.jpg") < gallery.index("/1.jpg") and "<figcaption>First" in gallery
    assert convert("[gallery]", context)[0].count("<figure>") == 2
    embed, _ = convert("[embed]https://video.example.com/v/1[/embed]")
    assert '<a href="https://video.example.com/v/1">' in embed
    audio, _ = convert('[audio mp3="https://old.example.org/a.mp3"]')
    assert '<audio controls preload="none" src="https://old.example.org/a.mp3">' in audio
    video, _ = convert('[video src="https://old.example.org/v.mp4" poster="/p.jpg"]')
    assert '<video controls preload="none" src="https://old.example.org/v.mp4"' in video


def test_a_url_alone_on_its_line_becomes_a_link():
    out, _ = convert("Watch:\n\nhttps://www.youtube.com/watch?v=abc\n\nDone.")
    assert '<p><a href="https://www.youtube.com/watch?v=abc">' in out


def test_unknown_shortcodes_stay_visible_and_are_counted():
    out, unsupported = convert("Before [contact-form id=3] after [[caption]] literal.")
    assert "[contact-form id=3]" in out and "[caption]" in out
    assert unsupported == {"shortcode [contact-form]": 1}
