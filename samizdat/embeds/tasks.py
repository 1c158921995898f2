"""Background work for embeds, run by `samizdat worker`. Tasks only call services."""

from django_tasks import task

from samizdat.embeds.models import Embed


@task()
def embed_fetch(*, embed_id: int) -> bool:
    """Fetch a card's title, text and thumbnail once (nothing once done or given up)."""
    from samizdat.embeds.services import embed_fetch_now

    embed = Embed.objects.filter(pk=embed_id).first()
    if embed is None or embed.state != Embed.State.PENDING:
        return False
    return embed_fetch_now(embed=embed)
