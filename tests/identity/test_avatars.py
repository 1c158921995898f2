"""Commenters' pictures are made and served here: identicons from a keyed hash that does not
give the email address away, provider pictures fetched once and kept, and Gravatar or
Libravatar only when the site says so."""

import hashlib
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from samizdat.accounts.avatars import identity_digest
from samizdat.accounts.pictures import avatar_store_from_url
from samizdat.accounts.tasks import avatar_fetch
from samizdat.comments.models import Comment

pytestmark = pytest.mark.django_db


def comment_on(post, **fields) -> Comment:
    """An approved comment whose writer proved the address (see test_guest_trust.py)."""
    fields.setdefault("email_proved", True)
    return Comment.objects.create(
        post=post, body_source="x", body_html="<p>x</p>", status="approved", **fields
    )


def avatars(html: str) -> list[str]:
    return re.findall(r'<img class="avatar" src="([^"]+)" alt="">', html)


def test_guests_get_identicons_from_a_keyed_hash_of_their_email(client, talk):
    comment_on(talk, author_name="Ann", author_email="ann@example.org")
    comment_on(talk, author_name="Ann again", author_email="ANN@example.org")
    comment_on(talk, author_name="Bob", author_email="bob@example.org")

    first, again, other = avatars(client.get(talk.get_absolute_url()).content.decode())

    assert first == again != other  # the same address, the same picture
    assert first.startswith("/accounts/avatar/") and first.endswith(".svg")
    plain = {
        hashlib.md5(b"ann@example.org").hexdigest(),  # noqa: S324  (what Gravatar would use)
        hashlib.sha256(b"ann@example.org").hexdigest(),
    }
    assert not any(h[:8] in first for h in plain)


def test_the_hash_depends_on_the_sites_secret(settings):
    before = identity_digest("ann@example.org")
    settings.SECRET_KEY = "another secret key for another site, long enough to be one"
    assert identity_digest("ann@example.org") != before


def test_an_identicon_is_an_svg_served_here_for_a_year(client):
    answer = client.get(f"/accounts/avatar/{identity_digest('ann@example.org')}.svg")
    assert answer["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in answer["Cache-Control"] and "immutable" in answer["Cache-Control"]
    assert answer.content.startswith(b"<svg") and b"<script" not in answer.content
    assert not answer.cookies
    assert client.get("/accounts/avatar/nothex00.svg", follow=True).status_code == 404


def test_no_remote_avatar_service_by_default(client, talk):
    comment_on(talk, author_name="Ann", author_email="ann@example.org")
    html = client.get(talk.get_absolute_url()).content.decode()
    assert "gravatar" not in html and "libravatar" not in html


@pytest.mark.parametrize(
    ("service", "host"),
    [("gravatar", "https://gravatar.com/"), ("libravatar", "https://seccdn.libravatar.org/")],
)
def test_an_administrator_may_turn_on_a_remote_avatar_service(client, talk, service, host):
    comment_on(talk, author_name="Ann", author_email="ann@example.org")
    with override_settings(SAMIZDAT_REMOTE_AVATARS=service):
        [url] = avatars(client.get(talk.get_absolute_url()).content.decode())
    assert url.startswith(host) and hashlib.sha256(b"ann@example.org").hexdigest() in url


def test_a_provider_picture_is_kept_as_a_small_png(make_user, idp):
    ada = make_user("ada-reader")
    assert avatar_store_from_url(user=ada, url=f"{idp}/pictures/ada.png")
    ada.refresh_from_db()
    assert ada.avatar_source == f"{idp}/pictures/ada.png"
    assert ada.avatar.read().startswith(b"\x89PNG")


def test_pictures_are_not_fetched_from_private_addresses(make_user, idp, settings):
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = False
    ada = make_user("ada-reader")
    assert not avatar_store_from_url(user=ada, url=f"{idp}/pictures/ada.png")
    assert not avatar_store_from_url(user=ada, url="file:///etc/passwd")
    assert not get_user_model().objects.get(pk=ada.pk).avatar


def test_what_is_not_a_picture_is_refused(make_user, idp):
    ada = make_user("ada-reader")
    assert not avatar_store_from_url(user=ada, url=f"{idp}/.well-known/openid-configuration")
    assert not get_user_model().objects.get(pk=ada.pk).avatar


class InternalPictures(BaseHTTPRequestHandler):
    """A server only this machine can reach, with a picture on it."""

    def do_GET(self):
        from PIL import Image

        self.server.paths.append(self.path)
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(out, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(out.getvalue())))
        self.end_headers()
        self.wfile.write(out.getvalue())

    def log_message(self, *args):
        pass


@pytest.fixture
def internal_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), InternalPictures)
    server.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)  # the worker runs its tasks in transactions of its own
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}\\@8.8.8.8/../secret.png",  # the URL of the report
        "http://8.8.8.8\\@127.0.0.1:{port}/secret.png",
        "http://2130706433:{port}/secret.png",
        "http://[::ffff:127.0.0.1]:{port}/secret.png",
    ],
)
def test_a_picture_address_that_leads_inside_is_refused_by_the_worker(
    make_user, internal_server, settings, url
):
    """Issue 19: an OIDC `picture` claim with a backslash passed the host check and the worker
    saved an internal-only picture as a public avatar. Through the real task and worker, with
    private networks off as on any public site, nothing is fetched and nothing kept."""
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = False
    ada = make_user("ada-reader")
    avatar_fetch.enqueue(user_id=ada.pk, url=url.format(port=internal_server.server_port))
    call_command("worker", batch=True, verbosity=0)
    assert internal_server.paths == []
    assert not get_user_model().objects.get(pk=ada.pk).avatar
