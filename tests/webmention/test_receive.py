"""Receiving: a webmention for one of our public posts is taken (202 and a status page), its
source verified by the worker over real HTTP and read for its h-entry; a reply joins the
post's one conversation (held as a first comment is, shown once approved), likes and reposts
are counted, a source sent again updates it and one gone or no longer linking removes it.
Anything else is refused with the reason, and nothing is stored."""

import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from samizdat.comments.models import Comment, Reaction
from samizdat.comments.remote import RemoteReply, remote_reply_receive
from samizdat.comments.services import comment_approve
from samizdat.posts.models import Status
from samizdat.webmention.models import Mention

pytestmark = pytest.mark.django_db(transaction=True)

SITE = settings.SAMIZDAT_SITE_URL  # the test settings: http://testserver


def h_entry(
    target: str,
    *,
    prop: str = "u-in-reply-to",
    content: str = "Well argued, and <a href='/more'>more here</a>.",
    author: str = "<a class='p-author h-card' href='/'>Rosa Remote</a>",
    url: str = "",
    published: str = "2026-11-20T10:00:00+00:00",
) -> str:
    own = f"<a class='u-url' href='{url}'>permalink</a>" if url else ""
    return (
        "<!doctype html><html><head><title>Rosa's reply</title></head><body>"
        f"<article class='h-entry'>{author}{own}"
        f"<a class='{prop}' href='{target}'>the post</a>"
        f"<div class='e-content'>{content}</div>"
        f"<time class='dt-published' datetime='{published}'>then</time></article></body></html>"
    )


def send(source: str, target: str, client=None, **headers):
    return (client or Client()).post(
        "/webmention/", {"source": source, "target": target}, **headers
    )


def run_worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def status_of(response) -> str:
    """The status page the 202 named, as its JSON."""
    url = re.search(r"(http://\S+/webmention/\S+/)", response.content.decode()).group(1)
    page = Client().get(url.removeprefix(SITE), HTTP_ACCEPT="application/json")
    return page.json()


@pytest.fixture
def target(make_post):
    post = make_post("A post worth answering")
    return post, SITE + post.get_absolute_url()


ELSEWHERE = "https://elsewhere.example/a"


@pytest.mark.parametrize(
    ("source", "target_of", "reason"),
    [
        ("", lambda url, post: url, "source is missing"),
        (ELSEWHERE, lambda url, post: "", "target is missing"),
        ("ftp://elsewhere.example/a", lambda url, post: url, "source must be an http or https"),
        (ELSEWHERE, lambda url, post: "https://other.example/p/", "not on this site"),
        (ELSEWHERE, lambda url, post: SITE + "/no-such-post/", "not a public post"),
        (ELSEWHERE, lambda url, post: SITE + "/category/uncategorized/", "not a public post"),
        (ELSEWHERE, lambda url, post: SITE + f"/?p={post.pk + 1}", "not a public post"),
        ("SAME", lambda url, post: url, "source and target are the same"),
    ],
)
def test_a_webmention_that_is_not_for_one_of_our_public_posts_is_refused_with_a_reason(
    target, make_post, source, target_of, reason
):
    post, url = target
    make_post("Not yet", status=Status.DRAFT)  # ?p=<its id> is not public
    response = send(url if source == "SAME" else source, target_of(url, post))
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Mention.objects.exists()


def test_a_reply_is_verified_held_for_moderation_and_shown_once_approved(
    web, loopback, target, editor
):
    post, url = target
    source = web.page("/replies/1", h_entry(url))

    response = send(source, url)
    assert response.status_code == 202
    assert not response.has_header("Location")  # a 202 names its status page in the body
    assert status_of(response)["status"] == "queued"
    assert not Comment.objects.exists()  # nothing before the worker verified it

    run_worker()

    assert web.received("GET")[0].path == "/replies/1"
    status = status_of(response)
    assert status["status"] == "accepted" and status["kind"] == "reply"
    assert status["summary"] == "Stored as a reply, awaiting moderation."
    page = Client().get(Mention.objects.get().get_absolute_url()).content.decode()
    assert "Stored as a reply, awaiting moderation." in page and source in page
    comment = Comment.objects.get()
    assert (comment.channel, comment.status) == ("webmention", Comment.Status.PENDING)
    assert comment.author_name == "Rosa Remote"
    assert comment.author_url == web.url + "/"
    assert comment.remote_url == source
    assert f'href="{web.url}/more"' in comment.body_html  # relative links made absolute
    assert comment.created_at.isoformat().startswith("2026-11-20T10:00:00")
    assert "Well argued" not in Client().get(post.get_absolute_url()).content.decode()

    comment_approve(comment=comment, moderator=editor)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "Well argued" in html
    assert f'href="{source}" rel="nofollow ugc">via webmention</a>' in html


def test_a_source_sent_again_updates_its_comment_and_stays_one(web, loopback, target):
    _, url = target
    source = web.page("/replies/2", h_entry(url, content="First thoughts."))
    send(source, url)
    run_worker()
    web.page("/replies/2", h_entry(url, content="Second thoughts, edited."))

    response = send(source, url)
    run_worker()

    comment = Comment.objects.get()
    assert "Second thoughts" in comment.body_html and comment.edited_at is not None
    assert status_of(response)["status"] == "accepted"
    assert Mention.objects.count() == 1


@pytest.mark.parametrize("gone", ["410", "unlinked"])
def test_a_source_that_is_gone_or_no_longer_links_removes_its_comment(web, loopback, target, gone):
    _, url = target
    source = web.page("/replies/3", h_entry(url))
    send(source, url)
    run_worker()
    assert Comment.objects.count() == 1
    if gone == "410":
        web.page("/replies/3", "<p>Deleted.</p>", status=410)
    else:
        web.page("/replies/3", h_entry("https://somewhere-else.example/"))

    response = send(source, url)
    run_worker()

    assert not Comment.objects.exists()
    status = status_of(response)
    assert status["status"] == "removed"
    assert ("gone" if gone == "410" else "no longer links") in status["summary"]


def test_likes_reposts_and_bookmarks_are_counted_and_a_removed_one_uncounted(web, loopback, target):
    post, url = target
    for n, prop in enumerate(["u-like-of", "u-repost-of", "u-bookmark-of"]):
        author = f"<a class='p-author h-card' href='/people/{n}'>Person {n}</a>"
        send(web.page(f"/reactions/{n}", h_entry(url, prop=prop, author=author)), url)
    liker = "<a class='p-author h-card' href='/people/9'>Liker</a>"
    send(web.page("/reactions/9", h_entry(url, prop="u-like-of", author=liker)), url)
    run_worker()

    assert not Comment.objects.exists()
    html = Client().get(post.get_absolute_url()).content.decode()
    assert '<p class="reactions">2 likes · 1 repost · 1 bookmark</p>' in html

    web.page("/reactions/9", "", status=410)
    send(web.url + "/reactions/9", url)
    run_worker()
    assert Reaction.objects.filter(kind="like").count() == 1


def test_a_mention_without_microformats_is_shown_by_its_title(web, loopback, target):
    _, url = target
    page = f"<html><head><title>Links I liked</title></head><body><a href='{url}'>x</a></body>"
    response = send(web.page("/links", page), url)
    run_worker()

    comment = Comment.objects.get()
    assert "Links I liked" in comment.body_html
    assert status_of(response)["kind"] == "mention"
    assert comment.author_name == "127.0.0.1"  # no author named: the source's host


def test_a_reply_to_one_of_our_comments_is_threaded_under_it(web, loopback, target):
    _, url = target
    first = web.page("/replies/4", h_entry(url))
    send(first, url)
    run_worker()
    parent = Comment.objects.get()
    answer = web.page("/replies/5", h_entry(f"{url}#comment-{parent.pk}"))
    send(answer, url)
    run_worker()

    child = Comment.objects.exclude(pk=parent.pk).get()
    assert child.parent_id == parent.pk


def _refused(response) -> str:
    status = status_of(response)
    assert status["status"] == "refused"
    assert not Comment.objects.exists() and not Reaction.objects.exists()
    return status["summary"]


def test_a_source_that_does_not_link_to_the_target_is_refused(web, loopback, target):
    _, url = target
    response = send(web.page("/no-link", h_entry("https://elsewhere.example/")), url)
    run_worker()
    assert _refused(response) == "The source does not link to the target."


def test_a_source_on_a_private_address_is_refused_without_the_switch(web, target, settings):
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = False
    _, url = target
    response = send(web.page("/private", h_entry(url)), url)
    run_worker()
    summary = _refused(response)
    assert "not fetched from here" in summary and "loopback" in summary
    assert not web.requests  # never even asked


def test_a_source_larger_than_the_cap_is_refused(web, loopback, target, settings):
    settings.SAMIZDAT_WEBMENTION_MAX_BYTES = 20_000
    _, url = target
    big = h_entry(url, content="<p>" + "words " * 10_000 + "</p>")
    response = send(web.page("/big", big), url)
    run_worker()
    summary = _refused(response)
    assert "could not be fetched" in summary and "more than 20000" in summary


def test_a_source_that_does_not_answer_in_time_is_refused(web, loopback, target, settings):
    settings.SAMIZDAT_WEBMENTION_TIMEOUT = 1
    _, url = target
    response = send(web.page("/slow", h_entry(url), pause=3), url)
    run_worker()
    summary = _refused(response)
    assert "could not be fetched" in summary and "timed out" in summary


NOTE = "https://social.example/users/ann/statuses/7"
NOTE_PAGE = "https://social.example/@ann/7"


def _fediverse_reply(post):
    """What samizdat.federation does with an ActivityPub reply."""
    return remote_reply_receive(
        post=post,
        reply=RemoteReply(
            channel=Comment.Channel.FEDIVERSE,
            remote_id=NOTE,
            remote_url=NOTE_PAGE,
            author_id="https://social.example/users/ann",
            author_name="Ann",
            author_url="https://social.example/@ann",
            body_html="<p>Bridged or not, I said this once.</p>",
        ),
    )


def _bridged(web, url):
    """Bridgy's page for the same reply: an h-entry whose u-url is the Note's page."""
    author = "<a class='p-author h-card' href='https://social.example/@ann'>Ann</a>"
    body = h_entry(url, author=author, url=NOTE_PAGE, content="Bridged or not, I said this once.")
    return web.page("/comment/mastodon/@ann/7", body)


@pytest.mark.parametrize("first", ["fediverse", "webmention"])
def test_a_reply_by_activitypub_and_by_a_bridged_webmention_appears_once(
    web, loopback, target, editor, first
):
    post, url = target
    if first == "fediverse":
        _fediverse_reply(post)
    response = send(_bridged(web, url), url)
    run_worker()
    if first == "webmention":
        _fediverse_reply(post)

    comment = Comment.objects.get()
    assert comment.channel == first
    comment_approve(comment=comment, moderator=editor)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert html.count("Bridged or not, I said this once.") == 1
    if first == "fediverse":
        assert "received by fediverse: shown once" in status_of(response)["summary"]


def test_the_endpoint_explains_itself_to_a_get_and_answers_json_when_asked(target):
    response = Client().get("/webmention/")
    assert response.status_code == 405 and "POST source and target" in response.content.decode()
    refused = send(ELSEWHERE, SITE + "/nope/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert json.loads(refused.content) == {"error": "target is not a public post on this site."}


def test_a_source_sent_again_while_it_is_being_verified_is_verified_again(web, loopback, target):
    from samizdat.webmention.services import mention_verify

    _, url = target
    source = web.page("/replies/6", h_entry(url, content="Before."))
    send(source, url)
    in_flight = Mention.objects.get()  # what a worker had read when the source changed
    web.page("/replies/6", h_entry(url, content="After."))
    send(source, url)

    mention_verify(mention=in_flight)  # finishes late: its outcome must not stand
    assert Mention.objects.get().state == Mention.State.QUEUED
    run_worker()

    assert "After." in Comment.objects.get().body_html
    assert Mention.objects.get().state == Mention.State.ACCEPTED


def test_any_address_of_the_post_is_a_target_old_ones_included(target, editor):
    from samizdat.posts.models import LegacyAddress
    from samizdat.posts.services import legacy_addresses_record, post_save

    post, _ = target
    legacy_addresses_record(addresses=[LegacyAddress(kind="post", number=4242, post=post)])
    old_path = post.get_absolute_url()
    post.slug = "renamed"
    post_save(post=post, user=editor)  # the old permalink becomes a Redirect

    for address in [f"{SITE}/?p=4242", f"{SITE}/?p={post.pk}", SITE + old_path, f"{SITE}/renamed/"]:
        response = send(f"https://elsewhere.example/{len(address)}", address)
        assert response.status_code == 202, (address, response.content)
    assert set(Mention.objects.values_list("post_id", flat=True)) == {post.pk}


def test_a_page_cannot_borrow_an_approved_authors_name_to_skip_moderation(
    web, loopback, target, editor
):
    from tests.webmention.web import Web

    _, url = target
    send(web.page("/replies/7", h_entry(url)), url)  # Rosa, on her own site
    run_worker()
    comment_approve(comment=Comment.objects.get(), moderator=editor)
    send(web.page("/replies/8", h_entry(url, content="Rosa again.")), url)
    run_worker()
    assert Comment.objects.get(body_html__contains="Rosa again").status == "approved"

    impostor = Web()  # another site (another port) naming Rosa's address as its author
    try:
        author = f"<a class='p-author h-card' href='{web.url}/'>Rosa Remote</a>"
        send(impostor.page("/fake", h_entry(url, author=author, content="Buy now.")), url)
        run_worker()
    finally:
        impostor.close()
    fake = Comment.objects.get(body_html__contains="Buy now")
    assert fake.status == Comment.Status.PENDING
    assert fake.remote_author == f"{web.url}/ via {impostor.url}/"
