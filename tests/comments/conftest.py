"""Helpers to post comments the way a browser does: the real form, its stamp, real HTTP."""

import re
import time

import pytest

from samizdat.comments.forms import form_stamp


def form_fields(html: str) -> dict:
    """The hidden fields of the reply form on a rendered page."""
    form = re.search(r'<form[^>]+id="commentform".*?</form>', html, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


@pytest.fixture
def comment_data():
    """A filled-in reply form for `post`, its stamp made `age` seconds ago."""

    def data(post, *, age: float = 30, client: str = "127.0.0.1", **fields) -> dict:
        stamp = form_stamp(post.pk, client=client)
        if age:
            from django.core import signing

            signer = signing.Signer(salt="samizdat.comments.form")
            value, _, rest = signer.unsign(stamp).partition(":")
            nonce = rest.partition(":")[2]  # the stamp's own, so that each stays unique
            stamp = signer.sign(f"{value}:{time.time() - age:.3f}:{nonce}".rstrip(":"))
        return {
            "name": "Guest Reader",
            "email": "guest@example.org",
            "url": "",
            "body": "A thoughtful remark.",
            "stamp": stamp,
            "parent": "",
            **fields,
        }

    return data


@pytest.fixture
def post_comment(client, comment_data):
    def send(post, c=None, **fields):
        return (c or client).post(f"/comments/post/{post.pk}/", comment_data(post, **fields))

    return send
