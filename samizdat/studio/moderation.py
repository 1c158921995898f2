"""Comments waiting for a moderator, as a short list that works on a phone: approve, spam or
trash each with one button (a POST form; no JavaScript needed). Everything goes through
comments.services, so a decision here trains the spam filter and sends the usual mail, as in
the admin's full moderation queue."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve, comment_spam, comment_trash
from samizdat.studio.access import may_moderate, studio_view

ACTIONS = {
    "approve": (comment_approve, "Approved the comment by {name}."),
    "spam": (comment_spam, "Marked the comment by {name} as spam."),
    "trash": (comment_trash, "Moved the comment by {name} to the trash."),
}
PER_PAGE = 20


def _waiting():
    return Comment.objects.filter(status=Comment.Status.PENDING).exclude(kind=Comment.Kind.NOTE)


@studio_view
def comments_waiting(request: HttpRequest) -> HttpResponse:
    if not may_moderate(request.user):
        return render(request, "studio/denied.html", {"what": "comments"}, status=403)
    comments = _waiting().select_related("post").order_by("created_at", "id")
    listing = Paginator(comments, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "studio/comments.html", {"listing": listing})


@studio_view
@require_POST
def comment_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    comment = get_object_or_404(Comment, pk=pk)
    service, message = ACTIONS[action]
    service(comment=comment, moderator=request.user)  # PermissionDenied for non-moderators
    messages.success(request, message.format(name=comment.author_name))
    back = "studio:dashboard" if request.POST.get("next") == "dashboard" else "studio:comments"
    return redirect(back)
