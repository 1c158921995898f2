from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "samizdat.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_reset, user_logged_in
        from allauth.socialaccount.models import SocialApp

        from samizdat.accounts.providers import providers_changed
        from samizdat.accounts.roles import roles_sync

        # Groups need the permissions that post_migrate creates, so they are synced after it.
        post_migrate.connect(roles_sync, dispatch_uid="samizdat.accounts.roles_sync")
        user_logged_in.connect(_signed_in, dispatch_uid="samizdat.accounts.signed_in")
        password_reset.connect(_password_reset, dispatch_uid="samizdat.accounts.password_reset")
        # Switching a provider on or off changes the reply form: drop the cached list and pages.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(providers_changed, sender=SocialApp, dispatch_uid=f"app-{name}")


def _signed_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    from samizdat.accounts.services import identity_signed_in

    identity_signed_in(request=request, user=user, sociallogin=sociallogin)


def _password_reset(sender, request, user, **kwargs) -> None:
    from samizdat.accounts.services import email_proved_by_reset

    email_proved_by_reset(user=user)
