"""`{% comments_section %}`: the thread under a post, its count, and "Leave a Reply"."""

from django import template
from django.db.models import Q

from samizdat.accounts.chooser import chooser_context, draft_initial
from samizdat.comments import cookies
from samizdat.comments.forms import CommentForm, form_stamp
from samizdat.comments.models import Comment, DiscussionSettings
from samizdat.comments.services import comments_open
from samizdat.comments.thread import Node, ThreadOptions, thread_html

register = template.Library()


def _thread(post, held: set[int]) -> tuple[list[Node], int]:
    """All comments a reader may see, as a tree, plus the number of approved ones."""
    visible = Q(status=Comment.Status.APPROVED)
    if held:  # the writer's own held comments, from their signed cookie
        visible |= Q(pk__in=held, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
    comments = list(
        Comment.objects.filter(visible, post=post)
        .exclude(kind=Comment.Kind.NOTE)
        .select_related("user")
        .order_by("created_at", "id")
    )
    nodes = {c.pk: Node(c) for c in comments}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.children if parent else roots).append(node)
    approved = sum(c.status == Comment.Status.APPROVED for c in comments)
    return roots, approved


def _form(context, post, settings) -> CommentForm:
    if form := context.get("comment_form"):
        return form
    request = context["request"]
    initial = {"stamp": form_stamp(post.pk), **cookies.commenter_details(request)}
    initial["remember"] = bool(initial.get("email"))
    replying = request.GET.get("replytocom", "")
    if replying.isdigit():
        initial["parent"] = int(replying)
    initial.update(draft_initial(request, post))  # kept while its writer signed in or out
    return CommentForm(
        initial=initial,
        post=post,
        user=request.user,
        require_name_email=settings.require_name_email,
    )


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, post):
    request = context["request"]
    settings = DiscussionSettings.load()
    roots, approved = _thread(post, cookies.held_ids(request))
    form = _form(context, post, settings)
    parent_id = form["parent"].value()
    replying_to = (
        Comment.objects.filter(pk=parent_id, post=post, status="approved").first()
        if (str(parent_id or "").isdigit())
        else None
    )
    is_open = comments_open(post, settings=settings)
    options = ThreadOptions(
        post_author_id=post.author_id, open=is_open, max_depth=settings.thread_depth
    )
    return {
        "request": request,
        "user": request.user,
        "post": post,
        "thread": thread_html(roots, options),
        "count": approved,
        "open": is_open,
        "max_depth": settings.thread_depth,
        "form": form,
        "replying_to": replying_to,
        "error": context.get("comment_error", ""),
        "preview": context.get("comment_preview", ""),
        "chooser": chooser_context(request, post),
    }
