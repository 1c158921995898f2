"""Commenters' pictures, made and served here: nobody else learns who reads or who comments.

In order: the picture of the reader's outside identity (fetched once, kept in the media
folder); Gravatar or Libravatar only when SAMIZDAT_REMOTE_AVATARS names one; otherwise an
identicon drawn from a keyed hash (HMAC with a key derived from SECRET_KEY) of the email address
or identity, so the address cannot be guessed back from the picture's address.
"""

import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

DIGEST_LENGTH = 8  # 32 bits draw the whole picture; fewer bits, less to link
_REMOTE = {
    "gravatar": "https://gravatar.com/avatar/{hash}?s=96&d=identicon",
    "libravatar": "https://seccdn.libravatar.org/avatar/{hash}?s=96&d=identicon",
}
_GRID = 5


@cache
def _digest_key(secret: str) -> bytes:
    # What django.utils.crypto.salted_hmac derives on every call, derived once per secret:
    # a page with fifty comments asks for fifty digests.
    return hashlib.sha256(("samizdat.accounts.avatar" + secret).encode()).digest()


def identity_digest(identity: str) -> str:
    """A keyed hash of an email address or identity: the same person, the same picture."""
    value = identity.strip().casefold().encode()
    mac = hmac.new(_digest_key(settings.SECRET_KEY), value, hashlib.sha256)
    return mac.hexdigest()[:DIGEST_LENGTH]


@cache
def _identicon_path() -> str:
    return reverse("accounts:avatar", kwargs={"digest": "0" * DIGEST_LENGTH})


def _identity_key(*, user_id=None, user_email: str = "", email: str = "", name: str = "") -> str:
    if email:
        return email
    if user_id:
        return user_email or f"user:{user_id}"
    return f"name:{name}"


def avatar_url(*, user=None, email: str = "", name: str = "") -> str:
    """The picture's address for a commenter (a signed-in user, or a guest's email and name)."""
    if user is not None and user.avatar:
        return user.avatar.url
    return commenter_avatar_url(
        user_id=user.pk if user is not None else None,
        user_email=user.email if user is not None else "",
        email=email,
        name=name,
    )


def commenter_avatar_url(
    *,
    user_id=None,
    user_avatar: str = "",
    user_email: str = "",
    email: str = "",
    name: str = "",
    seed: str = "",
) -> str:
    """avatar_url from plain values, for a thread read as rows: the user's id, picture file and
    email (empty for a guest), and the comment's email and name. `seed` instead of all that for
    a guest whose address is not proved: a picture drawn from what they typed would show
    them as someone else, or tell them whose address they guessed (issue 19)."""
    if seed:
        return _identicon_path().replace("0" * DIGEST_LENGTH, identity_digest(f"seed:{seed}"))
    if user_avatar:
        return _avatar_storage().url(user_avatar)
    email = email or user_email
    remote = _REMOTE.get(settings.SAMIZDAT_REMOTE_AVATARS)
    if remote and email:
        return remote.format(hash=hashlib.sha256(email.strip().lower().encode()).hexdigest())
    key = _identity_key(user_id=user_id, user_email=user_email, email=email, name=name)
    return _identicon_path().replace("0" * DIGEST_LENGTH, identity_digest(key))


def _avatar_storage():
    return get_user_model()._meta.get_field("avatar").storage


def identicon_svg(digest: str) -> str:
    """A 5×5 mirrored pattern and a colour, both read from the digest's bits."""
    bits = int(digest, 16)
    hue = bits % 360
    colour = f"hsl({hue} 55% 45%)"
    cells = []
    for i in range(_GRID * 3):  # three columns decide five: the pattern is mirrored
        if (bits >> (9 + i)) & 1:
            row, column = divmod(i, 3)
            for x in {column, _GRID - 1 - column}:
                cells.append(f'<rect x="{x}" y="{row}" width="1" height="1"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 6 6" '
        'width="96" height="96" shape-rendering="crispEdges">'
        f'<rect x="-0.5" y="-0.5" width="6" height="6" fill="hsl({hue} 40% 92%)"/>'
        f'<g fill="{colour}">{"".join(cells)}</g></svg>'
    )
