"""How django-allauth behaves here: redirects only to this site, users named as people, and a
sign-in that started from a reply form returning there — with a clear word — when it fails."""

from urllib.parse import quote

from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from samizdat.accounts import resume
from samizdat.core.siteurl import absolute, site_host

_DETAIL_LIMIT = 200


def is_local_url(request, url: str) -> bool:
    """Only this site, by its own host and scheme: never another host, however it is spelled."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


class _Site:
    """What allauth's mail templates call `current_site`: this site, never the request's Host."""

    def __init__(self):
        from samizdat.core.models import SiteSettings

        self.domain = site_host()
        self.name = SiteSettings.load().title or self.domain


class EmailVerificationStage(stages.EmailVerificationStage):
    """allauth's, except for accounts with no address on record at all (made by an
    administrator, `createsuperuser` or an import): they never signed up, so there is nothing
    to confirm and mandatory verification must not lock them out. Everyone who signs up has
    an address row, and confirms it before logging in (SAMIZDAT_ACCOUNT_EMAIL_VERIFICATION
    mandatory, the default): only so can sign-up not tell which addresses have accounts."""

    def handle(self):
        from allauth.account.models import EmailAddress

        user = self.login.user
        if not self.login.signup and not EmailAddress.objects.filter(user=user).exists():
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        ours = f"{__name__}.EmailVerificationStage"
        return [
            ours if s.endswith(".EmailVerificationStage") else s for s in super().get_login_stages()
        ]

    def is_safe_url(self, url: str) -> bool:
        from allauth.core import context

        return is_local_url(context.request, url)

    # Mail links from SAMIZDAT_SITE_URL: a password reset asked for with `Host: evil.example`
    # must not mail the account's owner a link to evil.example (issue 19).
    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """One count of failed log-ins per account, however it is named (username or any of
        its addresses) and whatever Host was asked; allauth's counted each spelling apart."""
        login = str(credentials.get("email") or credentials.get("username") or "")
        login = login.strip().lower()
        account = _account_named(login)
        return f"account:{account}" if account else f"login:{login}"

    def format_email_subject(self, subject: str) -> str:
        return f"[{_Site().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context

        request = allauth_context.request
        asked = f"{request.scheme}://{request.get_host()}" if request is not None else None
        context = {
            key: absolute(value.removeprefix(asked))
            if asked and isinstance(value, str) and value.startswith(asked + "/")
            else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, {"current_site": _Site(), **context})


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        from samizdat.core.models import SiteSettings

        return SiteSettings.load().title or "samizdat"


def _account_named(login: str) -> int | None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    if not login:
        return None
    users = get_user_model().objects
    found = users.filter(username__iexact=login).values_list("pk", flat=True).first()
    found = found or users.filter(email__iexact=login).values_list("pk", flat=True).first()
    return found or (
        EmailAddress.objects.filter(email__iexact=login).values_list("user_id", flat=True).first()
    )


def _email_taken(email: str) -> bool:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    return (
        EmailAddress.objects.filter(email__iexact=email).exists()
        or get_user_model().objects.filter(email__iexact=email).exists()
    )


def _back_to_the_post(request, draft: dict, notice: str):
    resume.keep(request, draft, notice=notice)
    raise ImmediateHttpResponse(HttpResponseRedirect(resume.return_url(draft)))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.display_name = (data.get("name") or "").strip()[:150]
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        """A new identity whose email address an account here already has is refused: the
        address alone does not prove the reader owns that account."""
        draft = resume.carried_in(sociallogin.state)
        if sociallogin.is_existing or draft is None:
            return
        emails = [a.email for a in sociallogin.email_addresses if a.email]
        taken = next((email for email in emails if _email_taken(email)), None)
        if taken:
            name = sociallogin.provider.name
            _back_to_the_post(
                request,
                draft,
                f"The email address of your {name} account ({taken}) is already used by "
                f"another account on this site. Log in with that account and link {name} from "
                "your profile page, or comment as a guest. Your comment is kept below.",
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """Back to the post, the comment kept, instead of allauth's error page."""
        extra_context = extra_context or {}
        state = extra_context.get("state")
        # With no state (expired or altered), the draft this browser's session kept decides.
        draft = resume.carried_by(request) if state is None else resume.carried_in(state)
        if draft is None:
            return
        name = provider.name
        if "state" not in extra_context and "state_id" in extra_context:
            notice = (
                f"Logging in with {name} did not work: the answer did not match the sign-in "
                "this browser started (it expired or was altered). Please try again."
            )
        elif error == AuthError.CANCELLED:
            notice = f"You cancelled logging in with {name}."
        else:
            detail = request.GET.get("error_description") or request.GET.get("error") or ""
            detail = f" ({detail[:_DETAIL_LIMIT]})" if detail else ""
            notice = f"Logging in with {name} did not work{detail}. Please try again later."
        _back_to_the_post(
            request, draft, f"{notice} Your comment is kept below; you can also comment as a guest."
        )
