"""`samizdat restore FILE`: put back a site written by `samizdat backup`. A site with content
is only replaced with --force. Restart samizdat afterwards."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samizdat.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace this site with the one in an archive written by `samizdat backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive `samizdat backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a site that has content (everything in it is lost).",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            manifest = backup_restore(path=file, force=force)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        counts = manifest["counts"]
        self.stdout.write(
            f"Restored the site of {manifest['created_at']}: {counts['posts']} posts, "
            f"{counts['pages']} pages, {counts['comments']} comments, "
            f"{manifest['files']['media']} media files. Restart samizdat's processes."
        )
