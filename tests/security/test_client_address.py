"""Behind nginx, each client is itself (issue 19: behind the generated block every client was
127.0.0.1, so one commenter's rate limit stopped everyone). samizdat believes X-Forwarded-For
only from SAMIZDAT_TRUSTED_PROXIES, taking the rightmost address that is not a proxy."""

import http.client
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import signing

from samizdat.comments.forms import form_stamp
from samizdat.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def aged_stamp(post, client: str, age: float = 60) -> str:
    """The form's stamp as a reader at `client` who took `age` seconds to write would send it."""
    signer = signing.Signer(salt="samizdat.comments.form")
    value, _, nonce, mark = signer.unsign(form_stamp(post.pk, client=client)).split(":")
    return signer.sign(f"{value}:{time.time() - age:.3f}:{nonce}:{mark}")


def comment_from(front: str, source: str, post, email: str, **headers) -> int:
    """POST the reply form through nginx from the loopback address `source`."""
    parts = urlsplit(front)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(source, 0)
    )
    body = urlencode(
        {
            "name": f"Reader at {source}",
            "email": email,
            "url": "",
            "body": f"Hello from {email}.",
            "stamp": aged_stamp(post, source),
            "parent": "",
        }
    )
    connection.request(
        "POST",
        f"/comments/post/{post.pk}/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": front,
            **headers,
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_nginx_passes_each_clients_address_and_a_forged_one_is_not_believed(
    front, make_post, settings
):
    """Through the real nginx of `samizdat nginx-config`: two clients on two addresses, one
    writing a forged X-Forwarded-For; with a limit of one comment per address, each still
    gets its own comment in, under its own address."""
    settings.SAMIZDAT_COMMENTS_RATE_LIMIT = "1/3600"
    post = make_post("Busy thread")
    assert comment_from(front, "127.0.0.2", post, "two@example.org") in (200, 302, 303)
    assert comment_from(
        front, "127.0.0.3", post, "three@example.org", **{"X-Forwarded-For": "203.0.113.9"}
    ) in (200, 302, 303)
    addresses = dict(Comment.objects.values_list("author_email", "ip_address"))
    assert addresses == {"two@example.org": "127.0.0.2", "three@example.org": "127.0.0.3"}

    comment_from(front, "127.0.0.2", post, "two-again@example.org")  # over its own limit
    assert not Comment.objects.filter(author_email="two-again@example.org").exists()


@pytest.mark.parametrize(
    ("remote", "forwarded", "seen"),
    [
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not a proxy: the header is ignored
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # the local nginx: believed
        ("127.0.0.1", "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # rightmost, not forged
        ("127.0.0.1", "203.0.113.9, 127.0.0.1", "203.0.113.9"),  # past a trusted hop
        ("127.0.0.1", "nonsense, 198.51.100.7", "198.51.100.7"),
        ("127.0.0.1", "198.51.100.7, nonsense", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(
    client, make_post, comment_data, remote, forwarded, seen
):
    post = make_post("Thread")
    client.post(
        f"/comments/post/{post.pk}/",
        comment_data(post),
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert Comment.objects.get().ip_address == seen
