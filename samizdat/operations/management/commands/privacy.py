"""`samizdat privacy export|erase EMAIL`: one person's data, exported as JSON or erased.

    samizdat privacy export reader@example.org               JSON on standard output
    samizdat privacy export reader@example.org --out f.json  JSON in a file (mode 0600)
    samizdat privacy erase reader@example.org                asks first; --yes does not
    samizdat privacy erase reader@example.org --delete-comments

What is found and what erasing does: samizdat.operations.privacy.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from samizdat.operations.privacy import (
    personal_data_erase,
    personal_data_export,
    personal_data_summary,
)


class Command(BaseCommand):
    help = "Export or erase the personal data kept about an email address."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Print (or write) the data as JSON.")
        export.add_argument("email")
        export.add_argument("--out", type=Path, help="Write to this file instead.")
        erase = actions.add_parser("erase", help="Anonymise or delete the data.")
        erase.add_argument("email")
        erase.add_argument(
            "--delete-comments",
            action="store_true",
            help="Delete the comments instead of anonymising them.",
        )
        erase.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, action: str, email: str, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        if action == "export":
            self._export(email, options["out"])
        else:
            self._erase(email, delete_comments=options["delete_comments"], ask=not options["yes"])

    def _export(self, email: str, out: Path | None) -> None:
        text = json.dumps(personal_data_export(email=email), indent=2, ensure_ascii=False)
        if out is None:
            self.stdout.write(text)
            return
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        self.stderr.write(f"Wrote {out}.")

    def _erase(self, email: str, *, delete_comments: bool, ask: bool) -> None:
        found = personal_data_summary(email=email)
        what = (
            f"{found['comments']} comment(s), {found['subscriptions']} subscription(s), "
            f"{found['accounts']} account(s)"
        )
        if not any(found.values()):
            self.stdout.write(f"Nothing is kept about {email}.")
            return
        verb = "delete" if delete_comments else "anonymise"
        if ask and input(f"{what} found. Erase them ({verb} the comments)? [y/N] ") != "y":
            raise CommandError("Nothing was erased.")
        done = personal_data_erase(email=email, delete_comments=delete_comments)
        self.stdout.write(
            f"Erased {email}: {done['comments_anonymised']} comment(s) anonymised, "
            f"{done['comments_deleted']} deleted, {done['subscriptions']} subscription(s) and "
            f"{done['accounts']} account(s) deleted."
        )
        if done["staff_accounts_kept"]:
            self.stdout.write(
                f"{done['staff_accounts_kept']} staff account(s) with this address were kept: "
                "an administrator removes those in the admin."
            )
