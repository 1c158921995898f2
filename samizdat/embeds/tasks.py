"""Background work for embeds, run by `samizdat worker`. Tasks only call services; a failed
fetch is asked again here, later, so the services never queue work themselves."""

from django.db import transaction
from django_tasks import task

from samizdat.embeds.models import Embed
from samizdat.embeds.services import embed_fetch_now, embed_retry_at


@task()
def embed_fetch(*, embed_id: int) -> bool:
    """Fetch a card's title, text and thumbnail once (nothing once done or given up)."""
    embed = Embed.objects.filter(pk=embed_id).first()
    if embed is None or embed.state != Embed.State.PENDING:
        return False
    if embed_fetch_now(embed=embed):
        return True
    if later := embed_retry_at(embed):
        transaction.on_commit(lambda: embed_fetch.using(run_after=later).enqueue(embed_id=embed_id))
    return False
