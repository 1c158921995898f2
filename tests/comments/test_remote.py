"""Replies and reactions from other sites join the one conversation under a post: moderated as
the reply form's are, stored once however often (and by whichever channel) they arrive, shown
with their channel's mark and a link to where they live."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from samizdat.comments.avatars import remote_avatar_store
from samizdat.comments.models import Comment, Reaction
from samizdat.comments.remote import (
    RemoteReply,
    reaction_add,
    reaction_remove,
    remote_reply_receive,
    remote_reply_remove,
)
from samizdat.comments.services import comment_approve

pytestmark = pytest.mark.django_db

NOTE = "https://social.example/users/ann/statuses/1"
NOTE_PAGE = "https://social.example/@ann/1"
ANN = "https://social.example/users/ann"


def reply(**fields) -> RemoteReply:
    return RemoteReply(
        **{
            "channel": Comment.Channel.FEDIVERSE,
            "remote_id": NOTE,
            "remote_url": NOTE_PAGE,
            "author_id": ANN,
            "author_name": "Ann",
            "author_url": "https://social.example/@ann",
            "body_html": "<p>Well said.</p>",
            **fields,
        }
    )


def test_a_first_remote_reply_is_held_then_shown_with_its_channel_and_source(
    client, make_post, editor
):
    post = make_post()
    comment = remote_reply_receive(post=post, reply=reply())

    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons == ["first comment from this author"]
    assert (comment.channel, comment.remote_id, comment.remote_author) == ("fediverse", NOTE, ANN)
    assert "Well said." not in client.get(post.get_absolute_url()).content.decode()

    comment_approve(comment=comment, moderator=editor)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Well said." in html
    assert f'href="{NOTE_PAGE}" rel="nofollow ugc">via the fediverse</a>' in html


def test_a_known_remote_author_is_trusted_as_the_policy_says(make_post, editor):
    post = make_post()
    comment_approve(comment=remote_reply_receive(post=post, reply=reply()), moderator=editor)

    second = remote_reply_receive(post=post, reply=reply(remote_id=NOTE + "2", remote_url=""))

    assert second.status == Comment.Status.APPROVED


def test_the_same_reply_twice_is_one_comment_and_a_resend_edits_it(make_post):
    post = make_post()
    first = remote_reply_receive(post=post, reply=reply())
    again = remote_reply_receive(post=post, reply=reply())
    edited = remote_reply_receive(post=post, reply=reply(body_html="<p>Well said, twice.</p>"))

    assert first.pk == again.pk == edited.pk
    assert Comment.objects.count() == 1
    edited.refresh_from_db()
    assert "twice" in edited.body_html and edited.edited_at is not None


def test_a_webmention_naming_the_same_note_is_not_a_second_comment(make_post):
    post = make_post()
    first = remote_reply_receive(post=post, reply=reply())
    bridged = reply(
        channel=Comment.Channel.WEBMENTION,
        remote_id=NOTE_PAGE,  # Bridgy's h-entry names the Note's page
        remote_url="https://brid.gy/comment/mastodon/@ann/1",
        author_id="https://social.example/@ann",
        body_html="<p>Something else entirely</p>",
    )

    assert remote_reply_receive(post=post, reply=bridged).pk == first.pk
    assert Comment.objects.count() == 1
    first.refresh_from_db()
    assert "Well said." in first.body_html  # the other channel may not rewrite it


def test_a_remote_body_goes_through_the_one_sanitiser(make_post):
    post = make_post()
    comment = remote_reply_receive(
        post=post, reply=reply(body_html='<p onclick="x()">Hi<script>alert(1)</script></p>')
    )
    assert "script" not in comment.body_html and "onclick" not in comment.body_html
    assert "Hi" in comment.body_html


def test_a_reply_to_a_comment_threads_under_it(make_post, editor):
    post = make_post()
    parent = remote_reply_receive(post=post, reply=reply())
    child = remote_reply_receive(
        post=post, parent=parent, reply=reply(remote_id=NOTE + "/reply", remote_url="")
    )
    assert child.parent_id == parent.pk and child.depth == 1


def test_only_its_author_removes_a_remote_reply(make_post):
    post = make_post()
    remote_reply_receive(post=post, reply=reply())

    assert not remote_reply_remove(remote_id=NOTE, author_id="https://evil.example/users/eve")
    assert Comment.objects.filter(remote_id=NOTE).exists()
    assert remote_reply_remove(remote_id=NOTE, author_id=ANN)
    assert not Comment.objects.filter(remote_id=NOTE).exists()


def test_reactions_count_once_per_actor_and_undo_reverses(client, make_post):
    post = make_post()
    like = {"post": post, "kind": Reaction.Kind.LIKE, "channel": Comment.Channel.FEDIVERSE}

    assert reaction_add(actor=ANN, source="https://social.example/likes/1", **like)
    assert not reaction_add(actor=ANN, source="https://social.example/likes/2", **like)
    assert reaction_add(actor="https://social.example/users/bob", **like)
    reaction_add(
        post=post, kind=Reaction.Kind.REPOST, actor=ANN, channel=Comment.Channel.WEBMENTION
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<p class="reactions">2 likes · 1 repost</p>' in html

    assert reaction_remove(actor=ANN, source="https://social.example/likes/1") == 1
    assert reaction_remove(actor="https://evil.example/eve", post=post, kind="repost") == 0
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<p class="reactions">1 like · 1 repost</p>' in html


@pytest.fixture
def picture_host():
    """A real HTTP server on loopback standing in for a remote instance's media host."""
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(out, "JPEG")
    body = out.getvalue()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_remote_authors_picture_is_kept_here_for_all_their_comments(
    client, make_post, editor, picture_host, settings
):
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = True  # the picture host is on loopback
    post = make_post()
    first = remote_reply_receive(post=post, reply=reply())
    second = remote_reply_receive(post=post, reply=reply(remote_id=NOTE + "2", remote_url=""))
    for comment in (first, second):
        comment_approve(comment=comment, moderator=editor)

    assert remote_avatar_store(comment=first, url=f"{picture_host}/ann.jpg")

    stored = set(Comment.objects.values_list("author_avatar", flat=True))
    assert len(stored) == 1 and (name := stored.pop()).endswith(".png")
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count(f'<img class="avatar" src="/media/{name}"') == 2
