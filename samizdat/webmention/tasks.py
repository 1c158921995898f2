"""Background work for webmentions, run by `samizdat worker`. Tasks only call the worker's
services (`verify`, `attempt`), which queue nothing, so no import runs back here."""

from django_tasks import task

from samizdat.webmention.models import Mention, Sending
from samizdat.webmention.services.attempt import sending_attempt
from samizdat.webmention.services.verify import mention_verify


@task()
def mention_verify_task(*, mention_id: int) -> str:
    """Fetch a received webmention's source and decide what it becomes."""
    mention = Mention.objects.select_related("post", "comment").filter(pk=mention_id).first()
    if mention is None:
        return "gone"
    return mention_verify(mention=mention).state


@task()
def sending_attempt_task(*, sending_id: int) -> str:
    """Discover a linked page's endpoint and send it our webmention."""
    sending = Sending.objects.filter(pk=sending_id).first()
    if sending is None:
        return "gone"
    return sending_attempt(sending=sending).state
