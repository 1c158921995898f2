"""The comment thread as HTML, built in Python.

A post with fifty comments would spend most of its rendering time in fifty nested template
includes; this writes the same markup directly (every value escaped, bodies already sanitised),
which keeps uncached post pages fast. Themes restyle it with CSS, or replace the whole section
by overriding `comments/section.html`.

The thread is read as plain rows (`ROW_FIELDS`), not Comment instances: fifty model instances
with their users cost more than writing their markup.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samizdat.accounts.avatars import commenter_avatar_url
from samizdat.accounts.templatetags.identity import identity_mark
from samizdat.comments.models import Comment

_APPROVED = Comment.Status.APPROVED.value
_COMMENT = Comment.Kind.COMMENT.value
_FORM = Comment.Channel.FORM.value
_KIND_LABELS = dict(Comment.Kind.choices)


class Row(NamedTuple):
    """One comment, as much of it as the thread shows (values of `ROW_FIELDS`, in order)."""

    pk: int
    parent_id: int | None
    kind: str
    status: str
    user_id: int | None
    author_name: str
    author_email: str
    author_url: str
    identity_provider: str
    body_html: str
    legacy_id: int | None
    created_at: datetime
    user_avatar: str | None  # the signed-in writer's own picture (a file name), if any
    user_email: str | None
    channel: str
    remote_url: str
    author_avatar: str  # a remote writer's picture (a file name), if any
    email_proved: bool


ROW_FIELDS = (
    "pk",
    "parent_id",
    "kind",
    "status",
    "user_id",
    "author_name",
    "author_email",
    "author_url",
    "identity_provider",
    "body_html",
    "legacy_id",
    "created_at",
    "user__avatar",
    "user__email",
    "channel",
    "remote_url",
    "author_avatar",
    "email_proved",
)

# How a reply from elsewhere is marked, with a link to where it lives.
_CHANNEL_MARKS = {
    Comment.Channel.FEDIVERSE.value: "via the fediverse",
    Comment.Channel.WEBMENTION.value: "via webmention",
}


@dataclass
class Node:
    comment: Row
    children: list["Node"] = field(default_factory=list)


@dataclass(frozen=True)
class ThreadOptions:
    post_author_id: int | None
    open: bool
    max_depth: int


class _Writer:
    """What one thread's markup needs once, not once per comment: the time zone, the month
    names of the active language, and the pictures of writers who comment more than once."""

    def __init__(self, options: ThreadOptions):
        self.options = options
        self.zone = timezone.get_current_timezone()
        self.months: dict[int, str] = {}
        self.avatars: dict[tuple, str] = {}
        self.out: list[str] = []

    def when(self, created_at: datetime) -> tuple[str, str]:
        """("2026-11-29T22:14", "November 29, 2026 at 10:14 p.m."), as the date filter
        writes it."""
        local = created_at.astimezone(self.zone)
        month = self.months.get(local.month)
        if month is None:
            month = self.months[local.month] = str(MONTHS[local.month])
        hour = local.hour % 12 or 12
        noon = "a.m." if local.hour < 12 else "p.m."
        minute = f"{local.minute:02d}"
        iso = f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{minute}"
        return iso, f"{month} {local.day}, {local.year} at {hour}:{minute} {noon}"

    def avatar(self, c: Row) -> str:
        # A guest's typed address draws nothing: their picture is the comment's own.
        guest = c.channel == _FORM and c.user_id is None and not c.email_proved
        seed = f"comment:{c.pk}" if guest else ""
        key = (
            c.user_id,
            c.user_avatar or c.author_avatar,
            c.user_email,
            c.author_email,
            c.author_name,
            seed,
        )
        img = self.avatars.get(key)
        if img is None:
            url = commenter_avatar_url(
                user_id=c.user_id,
                user_avatar=c.user_avatar or c.author_avatar or "",
                user_email=c.user_email or "",
                email=c.author_email,
                name=c.author_name,
                seed=seed,
            )
            img = self.avatars[key] = f'<img class="avatar" src="{escape(url)}" alt="">'
        return img

    def classes(self, c: Row, depth: int) -> str:
        classes = f"comment depth-{depth}"
        if c.status != _APPROVED:
            classes += " comment-held"
        if c.user_id and c.user_id == self.options.post_author_id:
            classes += " by-post-author"
        return classes

    def write(self, root: Node, depth: int) -> None:
        """A comment and its replies, however deep: a loop over a stack, not recursion
        (issue 19: 3,000 chained replies raised RecursionError)."""
        stack: list[tuple[Node, int, bool]] = [(root, depth, False)]
        while stack:
            node, depth, done = stack.pop()
            if done:
                self.out.append("</ol></li>\n" if node.children else "</li>\n")
                continue
            self._comment(node, depth)
            stack.append((node, depth, True))
            if node.children:
                self.out.append('<ol class="children">')
                stack.extend((child, depth + 1, False) for child in reversed(node.children))

    def _comment(self, node: Node, depth: int) -> None:
        c, options, out = node.comment, self.options, self.out
        name = plain_name = escape(c.author_name)
        if c.author_url:
            name = f'<a href="{escape(c.author_url)}" rel="nofollow ugc">{name}</a>'
        iso, text = self.when(c.created_at)
        mark = identity_mark(c) if c.identity_provider else ""
        out.append(f'<li id="comment-{c.pk}" class="{self.classes(c, depth)}">')
        if c.legacy_id:  # an imported comment keeps its old #comment-N anchor
            out.append(f'<span id="comment-{int(c.legacy_id)}"></span>')
        out.append(
            f'<article class="comment-body"><footer class="comment-meta">{self.avatar(c)}'
            f'<b class="comment-author">{name}</b>{mark} <a class="comment-permalink" '
            f'href="#comment-{c.pk}"><time datetime="{iso}">{text}</time></a>'
        )
        if c.kind != _COMMENT:
            kind = _KIND_LABELS.get(c.kind, c.kind)
            out.append(f' <span class="comment-kind">{escape(kind)}</span>')
        if (channel := _CHANNEL_MARKS.get(c.channel)) and c.remote_url:
            out.append(
                f' <a class="comment-channel comment-channel-{c.channel}" '
                f'href="{escape(c.remote_url)}" rel="nofollow ugc">{channel}</a>'
            )
        out.append("</footer>\n")
        if c.status != _APPROVED:
            out.append(
                '<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>'
            )
        out.append(f'<div class="comment-content">{c.body_html}</div>')  # sanitised when saved
        if options.open and c.status == _APPROVED and depth < options.max_depth:
            out.append(
                f'<a class="comment-reply-link" href="?replytocom={c.pk}#respond" '
                'rel="nofollow" '
                f'aria-label="Reply to {plain_name}">Reply</a>'
            )
        out.append("</article>")


def thread_html(roots: list[Node], options: ThreadOptions) -> SafeString:
    writer = _Writer(options)
    for node in roots:
        writer.write(node, 1)
    return mark_safe("".join(writer.out))
