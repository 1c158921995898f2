"""Background work for accounts, run by `samizdat worker`. Tasks only call services."""

from django_tasks import task


@task()
def avatar_fetch(*, user_id: int, url: str) -> bool:
    """Fetch an outside identity's picture once and keep it here."""
    from django.contrib.auth import get_user_model

    from samizdat.accounts.pictures import avatar_store_from_url

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.avatar_source == url:
        return False
    return avatar_store_from_url(user=user, url=url)
