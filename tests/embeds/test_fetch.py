"""The worker fetches what a card shows, through core.outbound: title, author and text from
the service's public API, a thumbnail kept here as a clean copy (no EXIF, no GPS), and then
the bodies showing the card are rendered again. Failures are written on the row and retried,
never shown to a reader; addresses outbound refuses are never asked.

The services are a real HTTP server on loopback standing in for YouTube's and Vimeo's oEmbed,
a Mastodon server and Bluesky's public API (they are outside the machine)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags
from PIL import Image as Pillow

from samizdat.embeds.models import Embed
from samizdat.embeds.tasks import embed_fetch
from samizdat.posts.models import Post
from tests.media.pictures import camera_exif, encoded, picture

pytestmark = pytest.mark.django_db

PHOTO = encoded(picture(1600, 900), "JPEG", exif=camera_exif())


class Services(BaseHTTPRequestHandler):
    """Answers as the services do; `server.seen` records each request's path."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        here = f"http://127.0.0.1:{self.server.server_port}"
        answers = {
            "/oembed": lambda: {
                "title": "Never gonna give you up",
                "author_name": "Rick Astley",
                "thumbnail_url": f"{here}/photo.jpg",
                "asked_for": query.get("url"),
            },
            "/api/oembed.json": lambda: {
                "title": "A Vimeo film",
                "author_name": "Film Maker",
                "thumbnail_url": f"{here}/not-a-picture",
            },
            "/api/v1/statuses/4242": lambda: {
                "content": "<p>Hello <b>fediverse</b>!</p><p><script>alert(1)</script>Bye</p>",
                "account": {"acct": "ada", "display_name": "Ada L."},
                "media_attachments": [{"type": "image", "preview_url": f"{here}/photo.jpg"}],
            },
            "/xrpc/com.atproto.identity.resolveHandle": lambda: {"did": "did:plc:abc123"},
            "/xrpc/app.bsky.feed.getPosts": lambda: {
                "posts": [
                    {
                        "uri": query.get("uris"),
                        "author": {"handle": "jay.bsky.team", "displayName": "Jay"},
                        "record": {"text": "Posting from the sky"},
                        "embed": {"images": [{"thumb": f"{here}/photo.jpg"}]},
                    }
                ]
            },
        }
        if parts.path == "/photo.jpg":
            return self._send(200, PHOTO, "image/jpeg")
        if parts.path == "/not-a-picture":
            return self._send(200, b"<html>nope</html>", "image/jpeg")
        if parts.path in answers:
            return self._send(200, json.dumps(answers[parts.path]()).encode(), "application/json")
        return self._send(404, b"{}", "application/json")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def services(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Services)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}"
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = True  # loopback stands in for the services
    settings.SAMIZDAT_EMBED_API_ROOTS = {"youtube": root, "vimeo": root, "bluesky": root}
    server.root = root
    yield server
    server.shutdown()
    server.server_close()


def _fetched(key: str) -> Embed:
    embed = Embed.objects.get(key=key)
    embed_fetch.call(embed_id=embed.pk)
    embed.refresh_from_db()
    return embed


def test_a_youtube_card_gets_its_title_and_a_clean_local_thumbnail(services, make_post):
    post = make_post("Music", body="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert "embed-thumb" not in post.body_html

    embed = _fetched("youtube:dQw4w9WgXcQ")
    assert embed.state == Embed.State.DONE
    assert (embed.title, embed.author_name) == ("Never gonna give you up", "Rick Astley")
    assert services.seen[0].startswith("/oembed?format=json&url=https%3A%2F%2Fwww.youtube.com")
    with Pillow.open(embed.thumbnail.path) as kept:
        assert kept.width == 960  # made smaller here, once
        assert (
            ExifTags.IFD.GPSInfo not in kept.getexif() and ExifTags.Base.Make not in kept.getexif()
        )

    post.refresh_from_db()  # the body showing the card was rendered again
    assert '<span class="embed-title">Never gonna give you up</span>' in post.body_html
    assert f'src="{embed.thumbnail.url}"' in post.body_html
    assert "YouTube · Rick Astley · www.youtube.com" in post.body_html
    assert services.root not in post.body_html  # nothing on the page points at the service


def test_a_mastodon_card_shows_the_posts_words_as_plain_text(services, make_post):
    url = f"{services.root}/@ada/4242"
    post = make_post("Toot", body=f"<{url}>")
    key = f"mastodon:127.0.0.1:{services.server_port}/4242"
    embed = _fetched(key)
    assert embed.text == "Hello fediverse! alert(1)Bye"
    assert embed.title == "Post by Ada L."
    post.refresh_from_db()
    assert "Hello fediverse! alert(1)Bye" in post.body_html
    assert "<script" not in post.body_html and "<b>" not in post.body_html
    assert "embed-load" not in post.body_html  # no frame from a Mastodon server, ever


def test_a_bluesky_handle_is_resolved_so_the_card_can_load_its_post_on_a_click(services, make_post):
    post = make_post("Sky", body="https://bsky.app/profile/jay.bsky.team/post/3kq2z2x5abc2o")
    assert "embed-load" not in post.body_html  # no player known before the DID is
    embed = _fetched("bluesky:jay.bsky.team/3kq2z2x5abc2o")
    assert embed.frame_url == (
        "https://embed.bsky.app/embed/did:plc:abc123/app.bsky.feed.post/3kq2z2x5abc2o"
    )
    post.refresh_from_db()
    assert f'data-embed-frame="{embed.frame_url}"' in post.body_html
    assert "Posting from the sky" in post.body_html


def test_a_failure_is_kept_on_the_row_and_retried_then_given_up(
    services, make_post, django_capture_on_commit_callbacks
):
    make_post("Gone", body=f"{services.root}/@ghost/999")
    key = f"mastodon:127.0.0.1:{services.server_port}/999"
    with django_capture_on_commit_callbacks(execute=True):
        first = _fetched(key)
    retry = DBTaskResult.objects.filter(args_kwargs__kwargs__embed_id=first.pk).latest(
        "enqueued_at"
    )
    assert retry.run_after > timezone.now()  # asked again later, not at once
    assert (first.state, first.attempts) == (Embed.State.PENDING, 1)
    assert "answered 404" in first.error
    for _ in range(2):
        embed_fetch.call(embed_id=first.pk)
    first.refresh_from_db()
    assert (first.state, first.attempts) == (Embed.State.FAILED, 3)
    asked = len(services.seen)
    assert embed_fetch.call(embed_id=first.pk) is False  # given up: not asked again
    assert len(services.seen) == asked
    post = Post.objects.get()
    assert f'href="{services.root}/@ghost/999"' in post.body_html  # still a plain, working link


def test_a_thumbnail_that_is_not_a_picture_is_refused(services, make_post):
    make_post("Film", body="https://vimeo.com/76979871")
    embed = _fetched("vimeo:76979871")
    assert embed.state == Embed.State.PENDING
    assert "not a picture" in embed.error
    assert not embed.thumbnail


def test_a_private_address_is_never_asked(settings, make_post):
    """Loopback may stand in for the services in tests; other private networks never can."""
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = True
    make_post("Inside", body="http://10.0.0.7/@admin/1")
    embed = _fetched("mastodon:10.0.0.7/1")
    assert embed.state == Embed.State.PENDING
    assert "private network" in embed.error
