"""Background work for comments, run by `samizdat worker`. Tasks only call services."""

from django_tasks import task

from samizdat.comments.models import Comment


@task()
def notify_comment(*, comment_id: int, new: bool) -> int:
    """Mail the post's author about a new or held comment, and subscribers about an approved
    one. Returns the number of messages sent."""
    from samizdat.comments.notifications import notifications_send

    comment = Comment.objects.select_related("post__author", "parent").filter(pk=comment_id).first()
    if comment is None:
        return 0
    return notifications_send(comment=comment, new=new)


@task()
def remote_avatar_fetch(*, comment_id: int, url: str) -> bool:
    """Fetch a remote commenter's picture once and keep it here."""
    from samizdat.comments.avatars import remote_avatar_store

    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or not comment.remote_author:
        return False
    return remote_avatar_store(comment=comment, url=url)
