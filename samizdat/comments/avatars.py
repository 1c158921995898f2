"""Pictures of remote commenters (the fediverse, other blogs), fetched once by the worker and
kept here like every other commenter's picture, so no reader's browser asks their host."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.crypto import salted_hmac

from samizdat.comments.models import Comment
from samizdat.comments.pages import thread_tags
from samizdat.pagecache.services import invalidate_on_commit

log = logging.getLogger(__name__)


def remote_avatar_store(*, comment: Comment, url: str) -> bool:
    """Keep the remote author's picture (one file per author and address, shared by all their
    comments); False when it cannot be fetched or read."""
    from samizdat.accounts.pictures import avatar_png_from_url

    try:
        png = avatar_png_from_url(url)
    except Exception as error:  # a picture is never worth failing a worker over
        log.warning("picture of %s not fetched: %s", comment.remote_author, error)
        return False
    key = f"{comment.remote_author}\n{url}"
    name = salted_hmac("samizdat.comments.remote-avatar", key).hexdigest()[:24]
    field = Comment._meta.get_field("author_avatar")
    stored = field.generate_filename(comment, f"{name}.png")
    if not field.storage.exists(stored):
        stored = field.storage.save(stored, ContentFile(png))
    with transaction.atomic():
        Comment.objects.filter(remote_author=comment.remote_author).update(author_avatar=stored)
        for post_id in (
            Comment.objects.filter(remote_author=comment.remote_author)
            .values_list("post_id", flat=True)
            .distinct()
        ):
            invalidate_on_commit(*thread_tags(post_id))
    return True
