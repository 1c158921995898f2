"""A commenter's own page, their data, leaving, and the pictures drawn here."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from samizdat.accounts.avatars import DIGEST_LENGTH, avatar_url, identicon_svg
from samizdat.accounts.privacy import account_erase, account_export
from samizdat.accounts.profile import profile_sections
from samizdat.accounts.providers import provider_choice


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def avatar(request: HttpRequest, digest: str) -> HttpResponse:
    if len(digest) != DIGEST_LENGTH:
        raise Http404("No such picture.")
    response = HttpResponse(identicon_svg(digest), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    from allauth.account.models import EmailAddress
    from allauth.mfa.utils import is_mfa_enabled
    from allauth.socialaccount.models import SocialAccount

    user = request.user
    identities = [
        {"account": account, "choice": provider_choice(account.provider)}
        for account in SocialAccount.objects.filter(user=user).order_by("provider")
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "avatar": avatar_url(user=user),
            "sections": profile_sections(request),
            "identities": identities,
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "has_password": user.has_usable_password(),
            "mfa_enabled": is_mfa_enabled(user),
            "may_leave": not (user.is_staff or user.is_superuser),
        },
    )


@login_required
def profile_data(request: HttpRequest) -> HttpResponse:
    """Download my data: everything kept about the reader, as one JSON file."""
    data = account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"samizdat-{request.user.username}.json".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def profile_delete(request: HttpRequest) -> HttpResponse:
    """Delete my account and my comments, after a ticked confirmation."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that everything should be deleted.")
        return HttpResponseRedirect(reverse("accounts:profile") + "#leave")
    try:
        counts = account_erase(user=request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(reverse("accounts:profile"))
    from django.contrib.auth import logout

    logout(request)
    messages.success(
        request,
        f"Your account, {counts.get('comments_deleted', 0)} comment(s) and "
        f"{counts.get('subscriptions', 0)} subscription(s) were deleted.",
    )
    return HttpResponseRedirect("/")
