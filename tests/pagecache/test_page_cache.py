"""The page cache: anonymous pages served from stored files, dropped exactly when what they
show changes — never stale on the next request."""

import time
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve
from samizdat.pagecache.services import page_store, relative_file, root
from samizdat.posts.services import post_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path


def state(response) -> str:
    return response.get("X-Page-Cache", "")


def test_second_anonymous_request_is_served_from_the_stored_page(client, make_post):
    post = make_post("Cached")
    first = client.get(post.get_absolute_url())
    second = client.get(post.get_absolute_url())
    assert (state(first), state(second)) == ("miss, stored", "hit")
    assert second.content == first.content
    assert (root() / relative_file(post.get_absolute_url(), "html")).exists()


def test_approved_comment_shows_on_the_very_next_anonymous_request(client, make_post, editor):
    post = make_post("Discussed")
    client.get(post.get_absolute_url())
    held = Comment.objects.create(
        post=post,
        author_name="Guest",
        body_source="Held words",
        body_html="<p>Held words</p>",
        status="pending",
    )
    assert state(client.get(post.get_absolute_url())) == "hit"
    comment_approve(comment=held, moderator=editor)
    fresh = client.get(post.get_absolute_url())
    assert state(fresh) == "miss, stored"
    assert "Held words" in fresh.content.decode()


def test_post_edit_shows_on_the_next_request_on_its_page_and_the_home_page(
    client, make_post, editor
):
    post = make_post("Before")
    client.get("/")
    client.get(post.get_absolute_url())
    post.title = "After"
    post_save(post=post, user=editor)
    assert "After" in client.get(post.get_absolute_url()).content.decode()
    assert "After" in client.get("/").content.decode()


def test_other_posts_pages_survive_a_comment_elsewhere(client, make_post, editor):
    quiet, busy = make_post("Quiet"), make_post("Busy")
    client.get(quiet.get_absolute_url())
    comment = Comment.objects.create(
        post=busy, author_name="G", body_source="x", body_html="x", status="pending"
    )
    comment_approve(comment=comment, moderator=editor)
    assert state(client.get(quiet.get_absolute_url())) == "hit"


def test_signed_in_readers_held_commenters_and_queries_bypass_the_cache(client, make_post, reader):
    post = make_post("Personal")
    url = post.get_absolute_url()
    client.get(url)
    assert state(client.get(url + "?replytocom=1")) == ""
    held = Client()
    held.cookies["samizdat_held"] = "anything"
    assert state(held.get(url)) == ""
    signed_in = Client()
    signed_in.force_login(reader)
    assert state(signed_in.get(url)) == ""


def test_scheduled_post_appears_on_a_cached_home_page_at_its_time(client, make_post):
    make_post("Already out")
    client.get("/")
    due = timezone.now() + timedelta(seconds=1.5)
    make_post("Embargoed", published_at=due)
    assert "Embargoed" not in client.get("/").content.decode()
    time.sleep((due - timezone.now()).total_seconds() + 1.1)  # the middleware looks each second
    assert "Embargoed" in client.get("/").content.decode()


def test_conditional_and_compressed_answers(client, make_post):
    post = make_post("Compressed")
    url = post.get_absolute_url()
    client.get(url)
    hit = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert hit["Content-Encoding"] == "gzip"
    again = client.get(url, headers={"If-None-Match": hit["ETag"]})
    assert again.status_code == 304


def test_page_rendered_before_an_invalidation_is_not_stored(make_post):
    from samizdat.pagecache.services import page_cache_invalidate

    started = time.time()
    page_cache_invalidate("post:1")
    assert not page_store(
        path="/x/", content=b"old", content_type="text/html", tags={"post:1"}, started=started
    )


@pytest.mark.parametrize("path", ["/../etc/", "/a/../b/", "/.hidden/", "/no-slash", "/a\\b/"])
def test_odd_paths_never_become_files(path):
    assert relative_file(path, "html") is None


def test_cache_off_stores_nothing(client, make_post, settings):
    settings.SAMIZDAT_PAGE_CACHE = False
    post = make_post("Uncached")
    client.get(post.get_absolute_url())
    assert state(client.get(post.get_absolute_url())) == ""
    assert not (root() / relative_file(post.get_absolute_url(), "html")).exists()


def test_post_page_with_fifty_comments_weighs_under_fifty_kilobytes(client, make_post):
    words = " ".join(["policy"] * 1500)  # about 1,500 words of average length
    post = make_post("Heavy", body=f'{words}\n\n![Square](/media/x.jpg "The square (via Reuters)")')
    # Seven-digit ids and the longest date a comment shows, as on a big blog in September: the
    # budget must not depend on how far the database's sequence has run.
    written = timezone.make_aware(datetime(2026, 9, 28, 12, 59))
    parent = None
    for i in range(50):
        parent = Comment.objects.create(
            pk=1_000_000 + i,
            created_at=written,
            post=post,
            parent=parent if i % 3 else None,
            depth=1 if (parent and i % 3) else 0,
            author_name=f"Reader {i}",
            author_url="https://reader.example/",
            body_source="A reply of moderate length, as readers write them.",
            body_html="<p>A reply of moderate length, as readers write them.</p>",
            status="approved",
        )
    html = client.get(post.get_absolute_url()).content
    assert html.count(b'class="comment ') == 50
    assert b"September 28, 2026 at 12:59 p.m." in html and b"comment-1000049" in html
    assert len(html) <= 50 * 1024, len(html)


def test_feeds_are_stored_and_dropped_with_what_they_list(client, make_post, editor):
    post = make_post("Fed")
    assert state(client.get("/feed/")) == "miss, stored"
    assert state(client.get("/comments/feed/")) == "miss, stored"
    hit = client.get("/feed/")
    assert (state(hit), hit["Content-Type"].split(";")[0]) == ("hit", "application/rss+xml")
    comment = Comment.objects.create(
        post=post,
        author_name="G",
        body_source="Fresh reply",
        body_html="<p>Fresh reply</p>",
        status="pending",
    )
    comment_approve(comment=comment, moderator=editor)
    assert "Fresh reply" in client.get("/comments/feed/").content.decode()
    assert state(client.get("/feed/")) == "hit"  # a comment changes no post feed


def test_one_transaction_invalidates_once_and_a_rollback_nothing(client, make_post, editor):
    from django.db import transaction

    from samizdat.pagecache.models import TagInvalidation
    from samizdat.pagecache.services import invalidate_on_commit

    post = make_post("Batched")
    client.get(post.get_absolute_url())
    with transaction.atomic():
        invalidate_on_commit("post:1")
        invalidate_on_commit(f"comments:{post.pk}")
        assert state(client.get(post.get_absolute_url())) == "hit"  # not before the commit
    assert state(client.get(post.get_absolute_url())) == "miss, stored"
    before = TagInvalidation.objects.count()
    try:
        with transaction.atomic():
            invalidate_on_commit("never-committed")
            raise RuntimeError
    except RuntimeError:
        pass
    assert TagInvalidation.objects.count() == before
    assert state(client.get(post.get_absolute_url())) == "hit"


def test_a_readers_comment_shows_on_the_very_next_anonymous_request(make_post):
    from samizdat.comments.forms import form_stamp
    from samizdat.comments.models import DiscussionSettings

    DiscussionSettings.objects.update_or_create(
        pk=1, defaults={"hold_first_comment": False, "min_seconds": 0}
    )
    post = make_post("Lively")
    url = post.get_absolute_url()
    reader, writer = Client(), Client(headers={"Origin": "http://testserver"})
    reader.get(url)
    assert state(reader.get(url)) == "hit"
    answer = writer.post(
        f"/comments/post/{post.pk}/",
        {
            "name": "Guest",
            "email": "g@example.org",
            "body": "Straight up.",
            "stamp": form_stamp(post.pk, client="127.0.0.1"),
        },
    )
    assert answer.status_code == 302 and "#comment-" in answer["Location"]
    fresh = reader.get(url)
    assert state(fresh).startswith("miss")
    assert "Straight up." in fresh.content.decode()


def test_a_page_rendered_while_a_comment_is_being_saved_is_not_stored(
    client, make_post, monkeypatch
):
    """invalidate_in_transaction writes its record before the commit: a render that began while
    the transaction was open (and so read the old thread) is refused once it commits."""
    from django.db import transaction

    from samizdat.pagecache import services

    monkeypatch.setattr(services, "TRANSACTION_SLACK", 0.5)
    post = make_post("Busy")
    url = post.get_absolute_url()
    client.get(url)
    with transaction.atomic():
        services.invalidate_in_transaction(f"comments:{post.pk}")
        started = time.time()  # a reader's render begins; the new comment is not visible to it
        assert state(client.get(url)) == "hit"  # nothing is dropped before the commit
    assert not (root() / relative_file(url, "html")).exists()  # dropped at the commit
    assert not page_store(
        path=url,
        content=b"old",
        content_type="text/html",
        tags={f"comments:{post.pk}"},
        started=started,
    )
    assert state(client.get(url)) == "miss"  # within the slack: rendered, not stored
    time.sleep(0.6)
    assert state(client.get(url)) == "miss, stored"
    assert state(client.get(url)) == "hit"
