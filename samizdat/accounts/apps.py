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
        _plug_into_operations()


def _plug_into_operations() -> None:
    from django.contrib.auth import get_user_model

    from samizdat.accounts import privacy
    from samizdat.core.registry import count, housekeeping, personal_data

    # Last: the other parts find a person's rows through their accounts.
    personal_data(
        "accounts",
        find=privacy.accounts_find,
        erase=privacy.accounts_erase,
        order=privacy.ACCOUNTS_ORDER,
    )
    count("accounts", get_user_model().objects.count)
    # Expired sessions' rows would otherwise stay for ever.
    housekeeping("accounts.clear-sessions", _clear_sessions, every=3600)


def _clear_sessions() -> None:
    from django.core.management import call_command

    call_command("clearsessions")


def _signed_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    from samizdat.accounts.services import identity_signed_in

    identity_signed_in(request=request, user=user, sociallogin=sociallogin)


def _password_reset(sender, request, user, **kwargs) -> None:
    from samizdat.accounts.services import email_proved_by_reset

    email_proved_by_reset(user=user)
