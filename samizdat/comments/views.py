"""The reply form's endpoint and the unsubscribe link. Parse → gate → service → respond."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from samizdat.accounts.services import current_identity
from samizdat.comments import cookies
from samizdat.comments.chooser import IdentityRefused, identity_action
from samizdat.comments.drafts import draft_clear
from samizdat.comments.forms import CommentForm, form_stamp, stamp_first_use
from samizdat.comments.models import Comment, DiscussionSettings
from samizdat.comments.services import (
    CommentInput,
    CommentRefused,
    SubmitContext,
    comment_body_render,
    subscription_cancel,
    subscription_confirm,
)
from samizdat.comments.services import comment_submit as submit
from samizdat.core.siteurl import absolute
from samizdat.posts.models import Post
from samizdat.posts.services import post_visible_to
from samizdat.posts.views import render_post


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: core.proxies has put the client's address there when a trusted proxy
    # passed it; X-Forwarded-For itself is whatever the client says.
    return request.META.get("REMOTE_ADDR", "")


def _show_form_again(request, post, form, *, error: str = "", preview: str = "") -> HttpResponse:
    form.fresh_stamp()
    return render_post(
        request, post, {"comment_form": form, "comment_error": error, "comment_preview": preview}
    )


def _forgery(request: HttpRequest) -> str:
    """Why this POST looks forged, or "".

    A signed-in reader's form carries Django's CSRF token. A guest's carries none, so that
    reading a post never sets a cookie and its page can be cached: the guest form is protected
    by its signed stamp (bound to the post) and by refusing browsers' cross-site POSTs.
    """
    if request.user.is_authenticated:
        failed = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        return (
            "Your session has changed since the page loaded. Please send it again."
            if (failed)
            else ""
        )
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    own = {f"{request.scheme}://{request.get_host()}", absolute("/").rstrip("/")}
    # Every browser sends Origin with a form's POST (and Sec-Fetch-Site): a POST with neither
    # is a script, which has no business here without a page of this site (issue 19).
    cross_site = (
        fetch_site == "cross-site"
        or (origin not in (None, "null") and origin not in own)
        or (origin is None and fetch_site != "same-origin")
    )
    return "Comments can only be sent from this site's own pages." if cross_site else ""


@csrf_exempt  # checked in _forgery: a token for signed-in readers, origin and stamp for guests
@require_POST
def comment_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=post_id)
    if not post_visible_to(post, request.user) or not post.is_public:
        raise Http404("No such post.")
    form = CommentForm(
        request.POST,
        post=post,
        client=_client_ip(request),
        user=request.user,
        require_name_email=DiscussionSettings.load().require_name_email,
    )
    if forged := _forgery(request):
        return _show_form_again(request, post, form, error=forged)
    try:
        identity_response = identity_action(request, post)
    except IdentityRefused as refusal:  # nothing started: no session, the form as typed
        return _show_form_again(request, post, form, error=str(refusal))
    if identity_response is not None:
        return identity_response  # log in / out / change identity, keeping what was typed
    if not form.is_valid():
        return _show_form_again(request, post, form)
    data = form.cleaned_data
    if not request.user.is_authenticated and not stamp_first_use(
        data["stamp"], _client_ip(request)
    ):
        return _show_form_again(
            request, post, form, error="This form was sent already. Please send it again."
        )
    if "preview" in request.POST:
        try:
            preview = comment_body_render(data["body"])
        except CommentRefused as refusal:
            return _show_form_again(request, post, form, error=str(refusal))
        return _show_form_again(request, post, form, preview=preview)
    try:
        comment = submit(
            post=post,
            data=CommentInput(
                body=data["body"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                url=data.get("url", ""),
                parent_id=data.get("parent"),
                notify=data["notify"],
                identity=current_identity(request),
                proof_ids=cookies.proof_ids(request, data.get("email", "")),
            ),
            context=SubmitContext(
                ip=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                seconds_on_form=data["seconds_on_form"],
                form_time_proved=data["form_time_proved"],
                honeypot_filled=bool(data.get("homepage")),
            ),
            user=request.user,
        )
    except CommentRefused as refusal:
        return _show_form_again(request, post, form, error=str(refusal))
    draft_clear(request)
    return _after_posting(request, comment, data)


@csrf_exempt  # a stamp is no secret: it only starts the clock for the reader who asks
@require_POST
def stamp_renew(request: HttpRequest, post_id: int) -> JsonResponse:
    """A stamp made for this reader, now: the reply form's script asks for one when they start
    writing, since the page they read may be a stored copy made for someone else."""
    post = get_object_or_404(Post, pk=post_id)
    if not post_visible_to(post, request.user) or not post.is_public:
        raise Http404("No such post.")
    response = JsonResponse({"stamp": form_stamp(post.pk, client=_client_ip(request))})
    response["Cache-Control"] = "no-store"
    return response


def _after_posting(request: HttpRequest, comment: Comment, data: dict) -> HttpResponse:
    response = HttpResponseRedirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")
    if comment.status != Comment.Status.APPROVED:
        cookies.remember_held(request, response, comment.pk)
    if data.get("remember"):
        cookies.remember_commenter(
            response, name=comment.author_name, email=comment.author_email, url=comment.author_url
        )
    elif "remember" in data:  # a guest who unticked the box: forget what was remembered
        cookies.forget_commenter(response)
    if comment.user_id is None and comment.author_email:
        cookies.remember_proof(request, response, email=comment.author_email, comment_id=comment.pk)
    return response


@csrf_exempt  # mail clients POST without a token (RFC 8058); the signed link is the credential
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A POST stops mail: the page's button, or a List-Unsubscribe-Post client's one click. A
    GET only shows the button: mail scanners follow every link (issue 19)."""
    from samizdat.comments.notifications import subscription_from_token

    subscription = subscription_from_token(token)
    if subscription is None:
        return render(request, "comments/unsubscribed.html", {"invalid": True}, status=404)
    if request.method != "POST":
        return render(
            request,
            "comments/unsubscribed.html",
            {"subscription": subscription, "ask": True, "already": not subscription.active},
        )
    changed = subscription_cancel(subscription=subscription)
    return render(
        request,
        "comments/unsubscribed.html",
        {"subscription": subscription, "already": not changed},
    )


@csrf_exempt  # the signed link is the credential, as for unsubscribing
def subscription_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation mail's link: a GET shows a button, its POST confirms (a scanner
    following the link confirms nothing)."""
    from samizdat.comments.notifications import subscription_to_confirm

    subscription = subscription_to_confirm(token)
    if subscription is None:
        return render(request, "comments/subscription_confirm.html", {"invalid": True}, status=404)
    if request.method != "POST":
        return render(
            request,
            "comments/subscription_confirm.html",
            {"subscription": subscription, "ask": True},
        )
    subscription_confirm(subscription=subscription)
    return render(request, "comments/subscription_confirm.html", {"subscription": subscription})
