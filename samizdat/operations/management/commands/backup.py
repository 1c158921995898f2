"""`samizdat backup FILE`: the database, uploads, theme and key in one archive, while the site
keeps running (samizdat.operations.backup says what is in it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samizdat.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the whole site (database, media, theme, key) to one archive file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write (.tar, or .tar.gz).")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_create(path=file)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        counts = manifest["counts"]
        self.stdout.write(
            f"Wrote {file}: {counts['posts']} posts, {counts['pages']} pages, "
            f"{counts['comments']} comments, {manifest['files']['media']} media files "
            f"({manifest['database']['vendor']}). It holds personal data and the site's key: "
            "keep it as safe as the data folder."
        )
