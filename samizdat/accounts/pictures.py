"""Commenters' pictures from elsewhere — an outside identity's, a remote commenter's — fetched
once (through `core.outbound`) and kept here as a fresh 96 px PNG, so no reader's browser asks
their host and no metadata survives."""

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.crypto import salted_hmac

from samizdat.accounts.signals import user_shown_changed

log = logging.getLogger(__name__)

AVATAR_SIZE = 96
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_PIXELS = 20_000_000
_REDIRECTS = 3


class AvatarRefused(Exception):
    pass


def _download(url: str) -> bytes:
    from samizdat.core.outbound import fetch

    answer = fetch(url, max_bytes=AVATAR_MAX_BYTES, timeout=10.0, max_redirects=_REDIRECTS)
    if answer.status != 200:
        raise AvatarRefused(f"the picture's address answered {answer.status}")
    return answer.body


def _square_png(data: bytes) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > AVATAR_MAX_PIXELS:
            raise AvatarRefused("picture has too many pixels")
        image.load()
        picture = ImageOps.fit(image.convert("RGBA"), (AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)  # a fresh file: no metadata survives
    return out.getvalue()


def avatar_png_from_url(url: str) -> bytes:
    """A commenter's picture at `url` as a fresh 96 px PNG (no metadata survives); raises when
    it cannot be fetched or read. For outside identities here and remote commenters."""
    return _square_png(_download(url))


def avatar_store_from_url(*, user, url: str) -> bool:
    """Fetch an identity's picture once and keep a 96 px PNG of it; False when refused."""
    try:
        png = avatar_png_from_url(url)
    except Exception as error:  # a picture is never worth failing a sign-in or a worker over
        log.warning("avatar for user %s not fetched: %s", user.pk, error)
        return False
    name = salted_hmac("samizdat.accounts.avatar-file", f"{user.pk}:{url}").hexdigest()[:24]
    old = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        user.avatar.save(f"{name}.png", ContentFile(png), save=False)
        user.avatar_source = url
        user.save(update_fields=["avatar", "avatar_source"])
        user_shown_changed.send(sender=type(user), user=user)
    if old and old != user.avatar.name:
        user.avatar.storage.delete(old)
    return True
