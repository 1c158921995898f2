"""`samizdat export-wordpress OUT.xml`: the whole site as a WordPress export (WXR 1.2).

WordPress imports it with Tools › Import › WordPress; samizdat with `import-wordpress`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samizdat.importers.services import wordpress_export


class Command(BaseCommand):
    help = "Write the whole site as a WordPress export (WXR 1.2)."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="The file to write (replaced if it exists).")

    def handle(self, *args, out: Path, **options):
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such folder.")
        try:
            counts = wordpress_export(path=out)
        except OSError as exc:
            raise CommandError(f"{out}: {exc.strerror or exc}") from None
        summary = ", ".join(
            f"{counts[k]} {k}"
            for k in ("posts", "pages", "attachments", "comments", "categories", "tags", "authors")
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}: {summary}."))
