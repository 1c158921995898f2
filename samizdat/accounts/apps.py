from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "samizdat.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from samizdat.accounts.roles import roles_sync

        # Groups need the permissions that post_migrate creates, so they are synced after it.
        post_migrate.connect(roles_sync, dispatch_uid="samizdat.accounts.roles_sync")
