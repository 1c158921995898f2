"""Markdown as authors write it: CommonMark plus tables, footnotes, figures and quote sources."""

from samizdat.core.markdown import ResolvedImage, render_markdown


def test_tables_and_footnotes():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: The note.\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnote-ref"' in html and "The note." in html


def test_lone_image_with_title_becomes_a_figure_with_caption():
    html = render_markdown('![Alt text](/a.jpg "The caption")')
    assert html.startswith("<figure><img")
    assert 'alt="Alt text"' in html
    assert "<figcaption>The caption</figcaption></figure>" in html


def test_inline_image_without_caption_stays_an_image():
    html = render_markdown("Look: ![x](/a.jpg) here.")
    assert "<figure>" not in html and '<img src="/a.jpg" alt="x"' in html


def test_caption_text_is_escaped():
    html = render_markdown('![x](/a.jpg "<b>bold</b> & co")')
    assert "<figcaption>&lt;b&gt;bold&lt;/b&gt; &amp; co</figcaption>" in html


def test_media_reference_resolves_to_srcset_caption_and_credit():
    def resolve(src):
        return ResolvedImage(
            src="/media/p.jpg",
            width=1600,
            height=900,
            alt="Stored alt",
            srcset="/media/p-480w.jpg 480w, /media/p.jpg 1600w",
            sizes="100vw",
            caption="Night falls",
            credit="via Reuters",
        )

    html = render_markdown("![](media:7)", resolve_image=resolve)
    assert 'srcset="/media/p-480w.jpg 480w, /media/p.jpg 1600w"' in html
    assert 'alt="Stored alt"' in html and 'width="1600"' in html
    assert '<figcaption>Night falls <span class="credit">(via Reuters)</span></figcaption>' in html


def test_blockquote_keeps_emphasis_and_gets_a_source_line():
    html = render_markdown("> It is **not** over.\n>\n> — The minister\n")
    assert "<strong>not</strong>" in html
    assert '<footer class="quote-source">— The minister</footer>' in html


def test_quote_without_source_has_no_footer():
    assert "<footer" not in render_markdown("> Just a quote.\n")
