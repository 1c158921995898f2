"""A reader's comments and follow-up mail on their own page (`/accounts/profile/`), as two
sections comments adds to it (`accounts.profile`), and stopping a follow-up from there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from samizdat.comments.privacy import person_comments, person_subscriptions
from samizdat.comments.services import subscription_cancel

COMMENTS_SHOWN = 200


def _person(request: HttpRequest):
    from samizdat.accounts.privacy import person_for_user

    return person_for_user(request.user)


def comments_context(request: HttpRequest) -> dict:
    comments = person_comments(_person(request)).select_related("post").order_by("-created_at")
    return {"comments": comments[:COMMENTS_SHOWN], "comment_count": comments.count()}


def subscriptions_context(request: HttpRequest) -> dict:
    subscriptions = person_subscriptions(_person(request)).filter(active=True)
    return {"subscriptions": subscriptions.select_related("post").order_by("-created_at")}


@login_required
@require_POST
def subscription_stop(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(person_subscriptions(_person(request)), pk=pk)
    subscription_cancel(subscription=subscription)
    messages.success(request, f"No more emails about “{subscription.post.title}”.")
    return HttpResponseRedirect(reverse("accounts:profile") + "#subscriptions")
