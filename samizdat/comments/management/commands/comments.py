"""`samizdat comments`: the moderation queue from the shell, as WP-CLI's `wp comment` does.

    samizdat comments list [--status pending|approved|spam|trash|all] [--post ID] [--limit N]
    samizdat comments approve|spam|trash ID [ID ...]
    samizdat comments approve|spam|trash --all          (every pending comment)

It acts as a moderator (`--as USERNAME`, by default the first superuser) through the same
services as the queue, so the spam filter learns and notifications go out as usual.
"""

import io
import shutil

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import Truncator
from rich.console import Console
from rich.table import Table

from samizdat.comments.models import Comment
from samizdat.comments.queue import SHOWN, comments_count
from samizdat.comments.services import can_moderate, comment_approve, comment_spam, comment_trash

STATUSES = [*Comment.Status.values, "all"]
MODERATE = {
    "approve": (comment_approve, "approved"),
    "spam": (comment_spam, "marked as spam"),
    "trash": (comment_trash, "moved to the trash"),
}


class Command(BaseCommand):
    help = "List and moderate comments: list, approve, spam, trash."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        listing = commands.add_parser("list", help="List comments as a table.")
        listing.add_argument("--status", choices=STATUSES, default=Comment.Status.PENDING)
        listing.add_argument("--post", type=int, help="Only comments on the post with this id.")
        listing.add_argument("--limit", type=int, default=50, help="At most this many (50).")
        listing.add_argument(
            "--format",
            choices=["table", "ids"],
            default="table",
            help="'ids' prints only the ids, one line, for other commands.",
        )
        for name, (_, done) in MODERATE.items():
            sub = commands.add_parser(name, help=f"Comments to be {done}, by id or --all.")
            sub.add_argument("ids", nargs="*", type=int, metavar="ID")
            sub.add_argument("--all", action="store_true", help="Every pending comment.")
            sub.add_argument(
                "--as",
                dest="as_user",
                metavar="USERNAME",
                help="Moderate as this user (default: the first superuser).",
            )

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "list":
            return self._list(options)
        return self._moderate(subcommand, options)

    # ── list ──

    def _list(self, options) -> None:
        comments = Comment.objects.filter(SHOWN).select_related("post")
        if options["status"] != "all":
            comments = comments.filter(status=options["status"])
        if options["post"] is not None:
            comments = comments.filter(post_id=options["post"])
        oldest_first = options["status"] == Comment.Status.PENDING  # as the queue orders them
        order = ("created_at", "id") if oldest_first else ("-created_at", "-id")
        shown = list(comments.order_by(*order)[: max(options["limit"], 0)])
        if options["format"] == "ids":
            self.stdout.write(" ".join(str(c.pk) for c in shown))
            return
        self._table(shown, color=self.stdout.isatty() and not options["no_color"])

    def _table(self, comments: list[Comment], *, color: bool) -> None:
        table = Table(
            "ID",
            "Status",
            "Date",
            "Author",
            "Post",
            "Comment",
            "Reasons",
            box=None,
            header_style="bold" if color else "",
        )
        for c in comments:
            table.add_row(
                str(c.pk),
                c.status,
                f"{timezone.localtime(c.created_at):%Y-%m-%d %H:%M}",
                f"{c.author_name} <{c.author_email}>" if c.author_email else c.author_name,
                f"{c.post_id}: {Truncator(c.post.title).chars(30)}",
                Truncator(" ".join(c.body_source.split())).chars(60),
                "; ".join(c.moderation_reasons)
                + (f" (score {c.spam_score:.2f})" if c.spam_score is not None else ""),
            )
        buffer = io.StringIO()
        width = shutil.get_terminal_size().columns if self.stdout.isatty() else 160
        Console(file=buffer, width=width, force_terminal=color, no_color=not color).print(table)
        self.stdout.write(buffer.getvalue(), ending="")
        self.stdout.write(f"{comments_count(len(comments))} shown.")

    # ── approve, spam, trash ──

    def _moderate(self, name: str, options) -> None:
        service, done = MODERATE[name]
        moderator = _moderator(options["as_user"])
        comments = self._chosen(options["ids"], every_pending=options["all"])
        changed = 0
        for comment in comments:
            before = comment.status
            service(comment=comment, moderator=moderator)
            if comment.status != before:
                changed += 1
                self.stdout.write(f"Comment {comment.pk} {done}.")
            else:
                self.stdout.write(f"Comment {comment.pk} was already {comment.status}.")
        self.stdout.write(self.style.SUCCESS(f"{comments_count(changed)} {done}."))

    def _chosen(self, ids: list[int], *, every_pending: bool) -> list[Comment]:
        if every_pending == bool(ids):
            raise CommandError("Give comment ids, or --all for every pending comment.")
        if every_pending:
            return list(Comment.objects.filter(SHOWN, status=Comment.Status.PENDING))
        found = Comment.objects.filter(SHOWN).in_bulk(ids)
        if missing := [str(pk) for pk in dict.fromkeys(ids) if pk not in found]:
            label = "id" if len(missing) == 1 else "ids"
            raise CommandError(f"No comment with {label} {', '.join(missing)}. Nothing changed.")
        return [found[pk] for pk in dict.fromkeys(ids)]


def _moderator(username: str | None):
    users = get_user_model().objects
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
    else:
        user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("No superuser to act as: create one, or pass --as USERNAME.")
    if not can_moderate(user):
        raise CommandError(f"{user.username} may not moderate comments.")
    return user
