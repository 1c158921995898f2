"""`samizdat import-wordpress EXPORT.xml [--media-dir DIR] [--dry-run] [--report FILE]`.

Imports a WordPress export (Tools › Export › All content) in one transaction: all of it or,
on any error, none of it. Running it again with the same file changes nothing; with a newer
export of the same site it updates what changed. Exit status 1 with a message (line and column
for broken XML) when the file cannot be imported.
"""

import io
import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from samizdat.importers.management.commands._acting import acting_user
from samizdat.importers.services import WXRError, wordpress_import
from samizdat.importers.wordpress.report import OUTCOMES, Report

PHASES = {
    "read": "Reading the export",
    "media": "Attachments",
    "items": "Posts and pages",
    "comments": "Comments",
}
SHOWN_WARNINGS = 20


class RichProgress:
    """The importer's progress, as rich bars on standard error (silent when not a terminal)."""

    def __init__(self, console: Console):
        self.bars = Progress(
            TextColumn("{task.description:<20}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bars.stop()

    def start(self, phase: str, total: int) -> None:
        self.tasks[phase] = self.bars.add_task(PHASES.get(phase, phase), total=total)

    def advance(self, phase: str, amount: int = 1) -> None:
        if phase in self.tasks:
            self.bars.advance(self.tasks[phase], amount)


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, media, taxonomy, comments, old links."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The export file (WXR 1.0, 1.1 or 1.2).")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="The old site's wp-content/uploads folder: its images are stored here. Without "
            "it, attachments keep their original addresses (listed in the report).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report everything; write nothing."
        )
        parser.add_argument("--report", type=Path, help="Also write the report as JSON here.")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="Import as this administrator or editor (default: the first superuser).",
        )

    def handle(self, *args, export: Path, media_dir, dry_run, report, as_user, **options):
        if not export.is_file():
            raise CommandError(f"{export}: no such file.")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"{media_dir}: no such folder (--media-dir).")
        user = acting_user(as_user)
        console = Console(stderr=True)
        try:
            with RichProgress(console) as progress:
                result = wordpress_import(
                    path=export, user=user, media_dir=media_dir, dry_run=dry_run, progress=progress
                )
        except WXRError as exc:
            raise CommandError(f"{exc}\nNothing was imported.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if report is not None:
            result.write_json(report)
        self._summary(result, report)

    def _summary(self, result: Report, report_path: Path | None) -> None:
        color = self.stdout.isatty()
        table = Table(
            "", *(o.capitalize() for o in OUTCOMES), "Warnings",
            title="Dry run: nothing was written" if result.dry_run else None,
            header_style="bold" if color else "",
        )  # fmt: skip
        for kind, *numbers in result.rows():
            table.add_row(kind, *(str(n) for n in numbers))
        buffer = io.StringIO()
        width = shutil.get_terminal_size().columns if color else 120
        Console(file=buffer, width=width, force_terminal=color, no_color=not color).print(table)
        self.stdout.write(buffer.getvalue(), ending="")
        for warning in result.warnings[:SHOWN_WARNINGS]:
            where = f" (item {warning['id']})" if "id" in warning else ""
            self.stdout.write(f"warning: {warning['kind']}{where}: {warning['message']}")
        if len(result.warnings) > SHOWN_WARNINGS:
            more = len(result.warnings) - SHOWN_WARNINGS
            hint = f"; all in {report_path}" if report_path else "; --report FILE lists them all"
            self.stdout.write(f"… and {more} more warnings{hint}.")
        if result.unsupported:
            names = ", ".join(f"{name} ×{n}" for name, n in result.unsupported.most_common())
            self.stdout.write(f"Left as text (not converted): {names}")
        if result.remote_media:
            self.stdout.write(
                f"{len(result.remote_media)} attachments kept at their old addresses "
                "(give --media-dir to store them here)."
            )
        verb = "Checked" if result.dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {result.source} in {result.seconds:.1f} s."))
