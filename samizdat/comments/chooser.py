"""The identity chooser of the reply form: "Fill in your details below or click an icon to log in".

Its buttons are submit buttons of the comment form itself (name="identity"), so a guest page
needs no CSRF cookie and no JavaScript, and whatever was typed travels with the click:

    login:<provider>  keep the draft, start the provider's sign-in (state, nonce, PKCE) with
                      `next` = the post's #respond
    change            keep the draft, show the choice again (still signed in until another is
                      picked, or "Comment as a guest")
    logout            log out, keep the draft in the new session

comments.views.comment_post hands these over after its own forgery checks.
"""

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib.auth import logout
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from samizdat.accounts.avatars import avatar_url
from samizdat.accounts.providers import configured_providers, provider_choice
from samizdat.accounts.services import current_identity
from samizdat.comments import drafts
from samizdat.comments.ratelimit import rate_limited

FIELD = "identity"
# Sign-ins started per address: each one makes a session row (allauth keeps its state there).
SIGN_IN_LIMIT = (10, 600)
UNAVAILABLE = "That way of logging in is not available."


class IdentityRefused(Exception):
    """A guest's identity button that starts nothing: the form is shown again, as typed, with
    this notice, and no session is made (issue 19: each click used to leave a session row)."""


def _back(post) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{post.get_absolute_url()}#respond")


def identity_action(request: HttpRequest, post) -> HttpResponse | None:
    """The response to an identity button of the reply form, or None for other submits."""
    action = request.POST.get(FIELD, "")
    if not action:
        return None
    if not request.user.is_authenticated and not action.startswith("login:"):
        raise IdentityRefused(UNAVAILABLE)
    draft = drafts.draft_from_form(request, post)
    if action == "logout":
        logout(request)  # a new session: the draft goes in after
        drafts.draft_keep(request, draft, notice="You have logged out. Your comment is kept.")
        return _back(post)
    if action == "change" and request.user.is_authenticated:
        drafts.draft_keep(request, draft, choosing=True)
        return _back(post)
    wanted = action.removeprefix("login:")
    choice = next((c for c in configured_providers() if c.id == wanted), None)
    if not action.startswith("login:") or choice is None:
        if not request.user.is_authenticated:
            raise IdentityRefused(UNAVAILABLE)
        drafts.draft_keep(request, draft, notice=UNAVAILABLE)
        return _back(post)
    if rate_limited(f"sign-in:{request.META.get('REMOTE_ADDR', '')}", limit=SIGN_IN_LIMIT):
        raise IdentityRefused("Too many log-ins were started from here. Please try again later.")
    return _start_sign_in(request, post, choice, draft)


def _start_sign_in(request, post, choice, draft) -> HttpResponse:
    import requests
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    drafts.draft_keep(request, draft)  # kept here too, for an answer whose state is lost
    try:
        provider = get_social_adapter().get_provider(request, choice.id)
    except (ObjectDoesNotExist, MultipleObjectsReturned):  # changed in the admin meanwhile
        drafts.draft_keep(request, draft, notice="That way of logging in is not available.")
        return _back(post)
    try:
        return provider.redirect(
            request,
            AuthProcess.LOGIN,
            next_url=f"{post.get_absolute_url()}#respond",
            data={drafts.STATE_KEY: draft},
        )
    except (requests.RequestException, OAuth2Error, KeyError, ValueError):
        drafts.draft_keep(
            request,
            draft,
            notice=f"{choice.name} could not be reached just now. Please try again later; "
            "your comment is kept.",
        )
        return _back(post)


def chooser_context(request: HttpRequest, post) -> dict:
    """What the reply form shows about identities: the choice, or who is commenting."""
    notice, choosing = "", False
    if draft := drafts.draft_for(request, post):
        notice, choosing = drafts.draft_take_flags(request, draft)
    context = {"providers": configured_providers(), "notice": notice, "choosing": choosing}
    user = request.user
    if user.is_authenticated:
        context["identity"] = provider_choice(current_identity(request))
        context["avatar"] = avatar_url(user=user)
    return context


def draft_initial(request: HttpRequest, post) -> dict:
    """A kept draft as the reply form's initial values."""
    draft = drafts.draft_for(request, post)
    if draft is None:
        return {}
    initial = {k: draft[k] for k in ("body", "name", "email", "url") if draft.get(k)}
    if str(draft.get("parent", "")).isdigit():
        initial["parent"] = int(draft["parent"])
    initial["notify"] = bool(draft.get("notify"))
    return initial
