"""`{% comments_section %}`: the thread under a post, its count, and "Leave a Reply";
`{% comment_field form.name "css-class" "autocomplete" %}`: one text field of the reply form."""

from django import template
from django.db.models import Q
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from samizdat.comments import cookies
from samizdat.comments.chooser import chooser_context, draft_initial
from samizdat.comments.forms import CommentForm, form_stamp
from samizdat.comments.models import Comment, DiscussionSettings, Reaction
from samizdat.comments.pages import thread_tag
from samizdat.comments.remote import reaction_counts
from samizdat.comments.services import comments_open
from samizdat.comments.thread import ROW_FIELDS, Node, Row, ThreadOptions, thread_html
from samizdat.pagecache.services import depends

register = template.Library()


def _thread(post, held: set[int]) -> tuple[list[Node], int]:
    """All comments a reader may see, as a tree, plus the number of approved ones."""
    visible = Q(status=Comment.Status.APPROVED)
    if held:  # the writer's own held comments, from their signed cookie
        visible |= Q(pk__in=held, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
    rows = (
        Comment.objects.filter(visible, ~Q(kind=Comment.Kind.NOTE), post_id=post.pk)
        .order_by("created_at", "id")
        .values_list(*ROW_FIELDS)
    )
    nodes = {row[0]: Node(Row._make(row)) for row in rows}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.children if parent else roots).append(node)
    approved = sum(node.comment.status == Comment.Status.APPROVED for node in nodes.values())
    return roots, approved


def _form(context, post, settings) -> CommentForm:
    if form := context.get("comment_form"):
        return form
    request = context["request"]
    client = request.META.get("REMOTE_ADDR", "")
    initial = {"stamp": form_stamp(post.pk, client=client), **cookies.commenter_details(request)}
    initial["remember"] = bool(initial.get("email"))
    replying = request.GET.get("replytocom", "")
    if replying.isdigit():
        initial["parent"] = int(replying)
    initial.update(draft_initial(request, post))  # kept while its writer signed in or out
    return CommentForm(
        initial=initial,
        post=post,
        client=client,
        user=request.user,
        require_name_email=settings.require_name_email,
    )


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, post):
    request = context["request"]
    settings = DiscussionSettings.load()
    if post.is_public:
        depends(request, thread_tag(post.pk))
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
        "reactions": _reaction_words(reaction_counts(post)),
        "open": is_open,
        "max_depth": settings.thread_depth,
        "form": form,
        "replying_to": replying_to,
        "error": context.get("comment_error", ""),
        "preview": context.get("comment_preview", ""),
        "chooser": chooser_context(request, post),
    }


_REACTION_WORDS = {
    Reaction.Kind.LIKE: ("like", "likes"),
    Reaction.Kind.REPOST: ("repost", "reposts"),
    Reaction.Kind.BOOKMARK: ("bookmark", "bookmarks"),
}


def _reaction_words(counts: dict[str, int]) -> list[str]:
    """["3 likes", "1 repost"], in a fixed order."""
    return [
        f"{counts[kind]} {one if counts[kind] == 1 else many}"
        for kind, (one, many) in _REACTION_WORDS.items()
        if counts.get(kind)
    ]


_INPUT_TYPES = {"email": "email", "url": "url"}


@register.simple_tag
def comment_field(field, css: str, autocomplete: str = "") -> SafeString:
    """A labelled text field of the reply form, with its errors, written in Python rather than
    by a template include: the form is on every post page."""
    ident = escape(field.id_for_label)
    required = field.field.required
    errors = field.errors
    label = conditional_escape(field.label)
    if required:
        label += ' <span class="required" aria-hidden="true">*</span>'
    state = " required" if required else ""
    if errors:
        state += f' aria-invalid="true" aria-describedby="{ident}-error"'
    value = field.value()
    value = "" if value is None else conditional_escape(value)
    if field.name == "body":
        control = (
            f'<textarea name="body" id="{ident}" rows="8" maxlength="10000"{state}>{value}'
            "</textarea>\n  "
        )
    else:
        kind = _INPUT_TYPES.get(field.name, "text")
        complete = f' autocomplete="{escape(autocomplete)}"' if autocomplete else ""
        control = (
            f'<input type="{kind}" name="{escape(field.html_name)}" id="{ident}" value="{value}" '
            f'maxlength="{escape(field.field.max_length)}"{complete}{state}>'
        )
    error = ""
    if errors:
        messages = " ".join(conditional_escape(message) for message in errors)
        error = f'<span class="field-error" id="{ident}-error">{messages}</span>'
    return mark_safe(
        f'<p class="{escape(css)}{" has-error" if errors else ""}">\n'
        f'  <label for="{ident}">{label}</label>\n'
        f"  {control}\n"
        f"  {error}\n"
        "</p>\n"
    )
