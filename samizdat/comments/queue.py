"""The moderation queue: one admin page where editors and administrators go through comments.

Pending comments are shown by default, oldest first: a queue is worked from its front, so no
comment waits forever behind newer ones. The other tabs show the newest first, as a history is
read; "All" puts what is pending before the rest. Everything works without JavaScript: each row
has its own small POST forms, edit and reply open in native <details> elements, and the bulk
form reaches its checkboxes through their `form` attribute. Every change goes through
comments.services, so moderating here trains the spam filter and sends the usual mail.
"""

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from samizdat.comments.forms import MAX_BODY
from samizdat.comments.models import Comment
from samizdat.comments.services import (
    can_moderate,
    comment_approve,
    comment_edit,
    comment_reply,
    comment_set_status,
    comment_spam,
    comment_trash,
)
from samizdat.posts.models import Post

PAGE_SIZE = 50
Status = Comment.Status
SHOWN = ~Q(kind=Comment.Kind.NOTE)  # editorial notes are never public, so never moderated
TABS = (
    (Status.PENDING, "Pending"),
    (Status.APPROVED, "Approved"),
    (Status.SPAM, "Spam"),
    (Status.TRASH, "Trash"),
    ("all", "All"),
)
KINDS = [(k, label) for k, label in Comment.Kind.choices if k != Comment.Kind.NOTE]


def _to_pending(*, comment: Comment, moderator) -> Comment:
    return comment_set_status(comment=comment, status=Status.PENDING, moderator=moderator)


@dataclass(frozen=True)
class Action:
    label: str  # on the button
    done: str  # in the message: "3 comments approved."
    service: Callable[..., Comment]


ACTIONS = {
    "approve": Action("Approve", "approved", comment_approve),
    "unapprove": Action("Unapprove", "moved back to pending", _to_pending),
    "notspam": Action("Not spam", "approved as not spam", comment_approve),
    "spam": Action("Spam", "marked as spam", comment_spam),
    "trash": Action("Trash", "moved to the trash", comment_trash),
    "restore": Action("Restore", "restored to pending", _to_pending),
}
ROW_ACTIONS = {
    Status.PENDING: ("approve", "spam", "trash"),
    Status.APPROVED: ("unapprove", "spam", "trash"),
    Status.SPAM: ("notspam", "trash"),
    Status.TRASH: ("restore", "spam"),
}
BULK_ACTIONS = {**ROW_ACTIONS, "all": ("approve", "unapprove", "spam", "trash")}


# ── reading ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class QueueQuery:
    """What the queue shows, read from its query string; every link keeps the rest of it."""

    status: str = Status.PENDING
    post: str = ""
    q: str = ""
    kind: str = ""
    order: str = ""  # "oldest" or "newest"; empty: the tab's own order
    page: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> "QueueQuery":
        status = params.get("status", Status.PENDING)
        return cls(
            status=status if status in dict(TABS) else Status.PENDING,
            post=_digits(params.get("post", "")),
            q=params.get("q", "").strip()[:200],
            kind=params.get("kind", "") if params.get("kind") in dict(KINDS) else "",
            order=params.get("order", "") if params.get("order") in ("oldest", "newest") else "",
            page=_digits(params.get("page", "")),
        )

    @property
    def oldest_first(self) -> bool:
        return self.order == "oldest" or (not self.order and self.status == Status.PENDING)

    def url(self, **changes) -> str:
        """The queue's address for this query with `changes`; changing a filter goes to page 1."""
        changed = replace(self, **{"page": "", **changes})
        defaults = QueueQuery()
        params = {
            f.name: getattr(changed, f.name)
            for f in fields(self)
            if getattr(changed, f.name) != getattr(defaults, f.name)
        }
        return queue_url() + (f"?{urlencode(params)}" if params else "")

    def comments(self) -> QuerySet[Comment]:
        """The comments matching the filters, in every status."""
        found = Comment.objects.filter(SHOWN)
        if self.post:
            found = found.filter(post_id=self.post)
        if self.kind:
            found = found.filter(kind=self.kind)
        if self.q:
            found = found.filter(_search(self.q))
        return found


def _digits(text: str) -> str:
    return text if text.isdigit() else ""


def _search(text: str) -> Q:
    try:
        return Q(ip_address=str(ipaddress.ip_address(text)))
    except ValueError:
        pass
    return (
        Q(author_name__icontains=text)
        | Q(author_email__icontains=text)
        | Q(author_url__icontains=text)
        | Q(body_source__icontains=text)
        | Q(post__title__icontains=text)
    )


def queue_url() -> str:
    return reverse("admin:comments_moderation")


def pending_count() -> int:
    return Comment.objects.filter(SHOWN, status=Status.PENDING).count()


def _counts(comments: QuerySet[Comment]) -> dict[str, int]:
    """Per tab, in one query: how many comments match the filters."""
    return comments.aggregate(
        all=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status, _ in TABS[:-1]},
    )


def _ordered(comments: QuerySet[Comment], query: QueueQuery) -> QuerySet[Comment]:
    by_time = ("created_at", "id") if query.oldest_first else ("-created_at", "-id")
    if query.status != "all":
        return comments.filter(status=query.status).order_by(*by_time)
    pending_first = Case(When(status=Status.PENDING, then=0), default=1)
    return comments.order_by(pending_first, *by_time)


@dataclass
class Row:
    """One comment in the queue, with its buttons and the values of its edit and reply forms."""

    comment: Comment
    actions: list[tuple[str, str]]
    edit: dict
    post_url: str  # the queue for this comment's post only
    ip_url: str  # every comment from its address
    reply: str = ""
    errors: dict = field(default_factory=dict)
    open: str = ""  # "edit" or "reply": the form sent back with errors


@dataclass(frozen=True)
class Failed:
    comment_id: int
    what: str  # "edit" or "reply"
    form: forms.Form


def _row(comment: Comment, query: QueueQuery, failed: Failed | None) -> Row:
    row = Row(
        comment=comment,
        actions=[(name, ACTIONS[name].label) for name in ROW_ACTIONS[comment.status]],
        edit={
            "name": comment.author_name,
            "email": comment.author_email,
            "url": comment.author_url,
            "body": comment.body_source,
        },
        post_url=query.url(post=str(comment.post_id)),
        ip_url=query.url(status="all", q=comment.ip_address or "", post="", kind=""),
    )
    if failed and failed.comment_id == comment.pk:
        row.open, row.errors = failed.what, failed.form.errors
        if failed.what == "edit":
            row.edit = {name: failed.form.data.get(name, "") for name in row.edit}
        else:
            row.reply = failed.form.data.get("body", "")
    return row


def _page_links(page, query: QueueQuery) -> list[tuple[int | None, str]]:
    """(number, url) for the page links; a None number is a gap."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [(n, query.url(page=str(n))) if isinstance(n, int) else (None, "") for n in numbers]


def _render(request: HttpRequest, admin_site, query: QueueQuery, failed: Failed | None = None):
    from samizdat.spamfilter.services import spam_stats

    matching = query.comments()
    counts = _counts(matching)
    listed = _ordered(matching, query).select_related("post", "parent")
    paginator = Paginator(listed, PAGE_SIZE)
    paginator.count = counts[query.status]  # already counted: saves the paginator's own query
    page = paginator.get_page(query.page or 1)
    context = {
        **admin_site.each_context(request),
        "opts": Comment._meta,
        "title": "Moderation queue",
        "query": query,
        "queue_url": queue_url(),
        "here": query.url(page=query.page),  # where each form returns, even after an error
        "tabs": [
            {
                "label": label,
                "count": counts[key],
                "url": query.url(status=key, order=""),
                "current": key == query.status,
            }
            for key, label in TABS
        ],
        "kinds": KINDS,
        "filtered_post": Post.objects.filter(pk=query.post).first() if query.post else None,
        "clear_url": query.url(post="", q="", kind=""),
        "all_posts_url": query.url(post=""),
        "order_urls": {"oldest": query.url(order="oldest"), "newest": query.url(order="newest")},
        "page": page,
        "page_links": _page_links(page, query) if page.paginator.num_pages > 1 else [],
        "rows": [_row(comment, query, failed) for comment in page.object_list],
        "bulk_actions": [(name, ACTIONS[name].label) for name in BULK_ACTIONS[query.status]],
        "spam": spam_stats(),
        "max_body": MAX_BODY,
    }
    return TemplateResponse(request, "admin/comments/moderation.html", context)


# ── acting ───────────────────────────────────────────────────────────────────────────────


class EditForm(forms.Form):
    name = forms.CharField(max_length=100)
    email = forms.EmailField(max_length=254, required=False)
    url = forms.URLField(max_length=200, required=False, assume_scheme="https")
    body = forms.CharField(max_length=MAX_BODY)


class ReplyForm(forms.Form):
    body = forms.CharField(max_length=MAX_BODY)


def comments_count(n: int) -> str:
    return f"{n} comment{'' if n == 1 else 's'}"


def moderate(comments: Iterable[Comment], *, service: Callable[..., Comment], moderator) -> int:
    """Apply a status service to each comment, in one transaction; the number that changed."""
    changed = 0
    with transaction.atomic():
        if isinstance(comments, QuerySet):
            comments = comments.select_for_update(of=("self",)).order_by("pk")
        for comment in comments:
            before = comment.status
            service(comment=comment, moderator=moderator)
            changed += comment.status != before
    return changed


def _back(request: HttpRequest) -> str:
    """Where to return: the queue, with the filters and page of the `next` it came from.

    Only the query string of `next` is kept, and only when it names this site's queue, so the
    parameter cannot send a moderator anywhere else."""
    target = request.POST.get("next", "")
    own = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    parts = urlsplit(target)
    if own and parts.path == queue_url() and parts.query:
        return f"{queue_url()}?{parts.query}"
    return queue_url()


def _ids(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit()})


def _act(request: HttpRequest, admin_site) -> HttpResponse:
    back = _back(request)
    name = request.POST.get("action", "")
    if name in ("edit", "reply"):
        return _edit_or_reply(request, admin_site, name, back)
    action = ACTIONS.get(name)
    chosen = request.POST.getlist("page_ids" if request.POST.get("select_page") else "ids")
    ids = _ids(chosen)
    if action is None or not ids:
        messages.warning(
            request,
            "Choose an action and select comments first. No comments were changed."
            if action is None
            else "Select comments first. No comments were changed.",
        )
        return HttpResponseRedirect(back)
    comments = Comment.objects.filter(SHOWN, pk__in=ids)
    changed = moderate(comments, service=action.service, moderator=request.user)
    messages.success(request, f"{comments_count(changed)} {action.done}.")
    return HttpResponseRedirect(back)


def _edit_or_reply(request: HttpRequest, admin_site, what: str, back: str) -> HttpResponse:
    comment_id = _digits(request.POST.get("comment", ""))
    comment = Comment.objects.filter(SHOWN, pk=comment_id or 0).select_related("post").first()
    if comment is None:
        messages.error(request, "That comment no longer exists.")
        return HttpResponseRedirect(back)
    form = (EditForm if what == "edit" else ReplyForm)(request.POST)
    if not form.is_valid():
        messages.error(request, f"The {what} was not saved: please correct it below.")
        query = QueueQuery.from_params(QueryDict(urlsplit(back).query))
        return _render(request, admin_site, query, Failed(comment.pk, what, form))
    data = form.cleaned_data
    if what == "edit":
        comment_edit(
            comment=comment,
            moderator=request.user,
            body=data["body"],
            name=data["name"],
            email=data["email"],
            url=data["url"],
        )
        messages.success(request, f"The comment by {comment.author_name} was saved.")
    else:
        reply = comment_reply(parent=comment, moderator=request.user, body=data["body"])
        messages.success(
            request,
            format_html(
                'Your reply to {} was published: <a href="{}">view it</a>.',
                comment.author_name,
                reply.get_absolute_url(),
            ),
        )
    return HttpResponseRedirect(back)


def moderation_queue(request: HttpRequest, *, admin_site) -> HttpResponse:
    """GET shows the queue; POST moderates (row buttons, bulk actions, edit, reply)."""
    if not can_moderate(request.user):
        raise PermissionDenied("You may not moderate comments.")
    if request.method == "POST":
        return _act(request, admin_site)
    return _render(request, admin_site, QueueQuery.from_params(request.GET))
