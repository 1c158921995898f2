"""What a reader sees on a post page: title, byline, body, figures, the meta line, neighbours."""

import re

import pytest
from django.utils.html import strip_tags

from tests.dates import at, days_ago

pytestmark = pytest.mark.django_db


def meta_line(response) -> str:
    html = response.content.decode()
    block = re.search(r'<footer class="entry-meta">(.*?)</footer>', html, re.S).group(1)
    return " ".join(strip_tags(block).split())


def test_meta_line_lists_categories_and_tags_and_the_permalink(client, make_post, make_category):
    politics = make_category("Politics")
    cats = [make_category("In the News"), politics, make_category("Russia", parent=politics)]
    post = make_post("Sanctions", categories=cats, tags=["economy", "prices"])
    response = client.get(post.get_absolute_url())
    assert meta_line(response) == (
        "This entry was posted in In the News, Politics, Russia and tagged economy, prices. "
        "Bookmark the permalink."
    )
    html = response.content.decode()
    assert '<a href="/category/politics/russia/" rel="category tag">Russia</a>' in html
    assert '<a href="/tag/economy/" rel="tag">economy</a>' in html
    assert f'<a href="{post.get_absolute_url()}" rel="bookmark">permalink</a>' in html


def test_meta_line_without_tags_leaves_the_tag_part_out_cleanly(client, make_post, make_category):
    post = make_post("No tags", categories=[make_category("Notes")])
    line = meta_line(client.get(post.get_absolute_url()))
    assert line == "This entry was posted in Notes. Bookmark the permalink."
    assert "tagged" not in line and ", ," not in line


def test_post_page_shows_title_author_date_and_sanitised_body(client, make_post, author):
    post = make_post(
        "Full view",
        by=author,
        published_at=at(2024, 3, 7),
        body="Hello <script>alert(1)</script>**world**.",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<h1 class="entry-title p-name">Full view</h1>' in html
    assert "March 7, 2024" in html and "Aurora Author" in html
    assert "<strong>world</strong>" in html
    assert "<script>alert" not in html


def test_figure_caption_and_quote_with_emphasis_render(client, make_post):
    body = (
        '![Tanks on the bridge](/media/x.jpg "Tanks on the bridge at noon (via Reuters)")\n\n'
        "> They said **this is not a war**.\n>\n> — A spokesman\n\n(Emphasis mine.)\n"
    )
    html = client.get(make_post("Figures", body=body).get_absolute_url()).content.decode()
    assert "<figure><img" in html
    assert "<figcaption>Tanks on the bridge at noon (via Reuters)</figcaption></figure>" in html
    assert "<strong>this is not a war</strong>" in html
    assert '<footer class="quote-source">— A spokesman</footer>' in html


def test_previous_and_next_links_follow_publication_order(client, make_post):
    first = make_post("First", published_at=at(2024, 1, 1))
    middle = make_post("Middle", published_at=at(2024, 1, 2))
    last = make_post("Last", published_at=at(2024, 1, 3))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html


def test_neighbours_skip_unpublished_posts_and_break_ties_by_id(make_post):
    """Post.objects.neighbours (one SQL statement) agrees with published() ordered by
    (publish time, id): drafts, private and future posts are skipped, equal times go by id."""
    from django.db.models import Q

    from samizdat.posts.models import Post, Status

    noon = at(2024, 1, 2)
    make_post("Older", published_at=at(2024, 1, 1))
    tied = [make_post(f"Tied {i}", published_at=noon) for i in range(3)]
    make_post("Draft", status=Status.DRAFT, published_at=at(2024, 1, 2, 13))
    make_post("Private", status=Status.PRIVATE, published_at=at(2024, 1, 2, 14))
    make_post("Newer", published_at=at(2024, 1, 3))
    make_post("Future", published_at=days_ago(-30))
    published = Post.objects.published()
    for post in published:
        at_, pk = post.published_at, post.pk
        older = published.filter(Q(published_at__lt=at_) | Q(published_at=at_, pk__lt=pk))
        newer = published.filter(Q(published_at__gt=at_) | Q(published_at=at_, pk__gt=pk))
        expected = (
            older.order_by("-published_at", "-pk").first(),
            newer.order_by("published_at", "pk").first(),
        )
        assert Post.objects.neighbours(post) == expected
    older, newer = Post.objects.neighbours(tied[1])
    assert (older, newer) == (tied[0], tied[2])
    assert newer.title == "Tied 2" and newer.published_at == noon


def test_post_page_renders_in_a_small_constant_number_of_queries(
    client, make_post, make_category, django_assert_max_num_queries
):
    post = make_post(
        "Counted", categories=[make_category("A"), make_category("B")], tags=["x", "y", "z"]
    )
    client.get(post.get_absolute_url())
    with django_assert_max_num_queries(8):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_featured_image_shows_with_responsive_sizes_and_caption(client, make_post, editor):
    from samizdat.media.services import image_upload
    from tests.media.pictures import encoded, picture, upload

    image = image_upload(
        uploaded_file=upload(encoded(picture(2000, 1000))),
        user=editor,
        alt="Crowd on the square",
        caption="The square at noon",
        credit="via Reuters",
    )
    post = make_post("With a picture", featured_image=image)
    html = client.get(post.get_absolute_url()).content.decode()
    featured = re.search(r'<div class="featured-image">(.*?)</div>', html, re.S).group(1)
    assert 'alt="Crowd on the square"' in featured
    assert "480w" in featured and "960w" in featured and "1600w" in featured
    assert 'width="2000" height="1000"' in featured
    assert (
        '<figcaption>The square at noon <span class="credit">(via Reuters)</span></figcaption>'
    ) in featured


def test_archive_summary_is_plain_text_of_the_first_words(client, make_post):
    body = "First *paragraph* here.\n\n- one\n- two\n\n" + "word " * 80
    make_post("Long one", body=body)
    html = client.get("/").content.decode()
    summary = re.search(r'<div class="entry-summary">\s*<p>(.*?)</p>', html, re.S).group(1)
    assert summary.startswith("First paragraph here. one two word")
    assert summary.endswith("word …")
    assert len(summary.split()) == 56
