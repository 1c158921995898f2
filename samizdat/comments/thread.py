"""The comment thread as HTML, built in Python.

A post with fifty comments would spend most of its rendering time in fifty nested template
includes; this writes the same markup directly (every value escaped, bodies already sanitised),
which keeps uncached post pages fast. Themes restyle it with CSS, or replace the whole section
by overriding `comments/section.html`.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samizdat.comments.models import Comment


@dataclass
class Node:
    comment: Comment
    children: list["Node"] = field(default_factory=list)


@dataclass(frozen=True)
class ThreadOptions:
    post_author_id: int | None
    open: bool
    max_depth: int


def _when(comment: Comment) -> tuple[str, str]:
    """("2026-11-29T22:14", "November 29, 2026 at 10:14 p.m."), as the date filter writes it."""
    local = timezone.localtime(comment.created_at)
    hour = local.hour % 12 or 12
    noon = "a.m." if local.hour < 12 else "p.m."
    text = f"{MONTHS[local.month]} {local.day}, {local.year} at {hour}:{local.minute:02d} {noon}"
    return local.strftime("%Y-%m-%dT%H:%M"), text


def _identity_marks(comment: Comment) -> tuple[str, str]:
    """The avatar and the outside-identity mark, from the accounts app's template tags."""
    from samizdat.accounts.templatetags.identity import comment_avatar, identity_mark

    mark = identity_mark(comment) if getattr(comment, "identity_provider", "") else ""
    return comment_avatar(comment), mark


def _classes(comment: Comment, depth: int, options: ThreadOptions) -> str:
    classes = ["comment", f"depth-{depth}"]
    if comment.status != Comment.Status.APPROVED:
        classes.append("comment-held")
    if comment.user_id and comment.user_id == options.post_author_id:
        classes.append("by-post-author")
    return " ".join(classes)


def _write(node: Node, depth: int, options: ThreadOptions, out: list[str]) -> None:
    c = node.comment
    name = escape(c.author_name)
    if c.author_url:
        name = f'<a href="{escape(c.author_url)}" rel="nofollow ugc">{name}</a>'
    iso, text = _when(c)
    avatar, mark = _identity_marks(c)
    out.append(f'<li id="comment-{c.pk}" class="{_classes(c, depth, options)}">')
    if getattr(c, "legacy_id", None):  # an imported comment keeps its old #comment-N anchor
        out.append(f'<span id="comment-{int(c.legacy_id)}"></span>')
    out.append(
        f'<article class="comment-body"><footer class="comment-meta">{avatar}'
        f'<b class="comment-author">{name}</b>{mark} <a class="comment-permalink" '
        f'href="#comment-{c.pk}"><time datetime="{iso}">{text}</time></a>'
    )
    if c.kind != Comment.Kind.COMMENT:
        out.append(f' <span class="comment-kind">{escape(c.get_kind_display())}</span>')
    out.append("</footer>\n")
    if c.status != Comment.Status.APPROVED:
        out.append(
            '<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>'
        )
    out.append(f'<div class="comment-content">{c.body_html}</div>')  # sanitised when saved
    if options.open and c.status == Comment.Status.APPROVED and depth < options.max_depth:
        out.append(
            f'<a class="comment-reply-link" href="?replytocom={c.pk}#respond" '
            f'data-comment-id="{c.pk}" rel="nofollow" aria-label="Reply to {escape(c.author_name)}"'
            ">Reply</a>"
        )
    out.append("</article>")
    if node.children:
        out.append('<ol class="children">')
        for child in node.children:
            _write(child, depth + 1, options, out)
        out.append("</ol>")
    out.append("</li>\n")


def thread_html(roots: list[Node], options: ThreadOptions) -> SafeString:
    out: list[str] = []
    for node in roots:
        _write(node, 1, options, out)
    return mark_safe("".join(out))
