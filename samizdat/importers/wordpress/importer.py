"""One import of a WordPress export: authors, taxonomy, media, then posts, pages and comments.

The run reads the file three times, streaming each time: once to index it (`index.py`, which
also refuses a broken file before anything is written), once for attachments, once for posts
and pages with their comments (`items.py`). Everything is written through the apps' services
inside ONE transaction: an import is all or nothing — an error, a crash or Ctrl-C leaves the
site as it was, and `--dry-run` rolls the transaction back at the end. Files written to storage
for images are removed again when the transaction does not commit.

Idempotency: every author, term, post, page, attachment and comment has an `ImportedItem` row
keyed on (site, kind, id on the old site); without an id (old exports' terms and authors), on
the slug or login; and for an item whose id is gone from a newer export (a renumbered site), on
its guid when that is unique. An item whose checksum is unchanged is skipped; a changed one is
updated through the same services; the site key is the blog's address without scheme or www.
"""

import time
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction

from samizdat.importers.wordpress.index import IMPORTED_TYPES, build_index
from samizdat.importers.wordpress.items import import_item, import_orphan_pages
from samizdat.importers.wordpress.legacy import LegacyAddressImport
from samizdat.importers.wordpress.links import LinkImport
from samizdat.importers.wordpress.media import MediaImport
from samizdat.importers.wordpress.records import Item
from samizdat.importers.wordpress.report import Report
from samizdat.importers.wordpress.run import Progress, RunState
from samizdat.importers.wordpress.taxonomy import TaxonomyImport
from samizdat.importers.wordpress.wxr import WXRError, read_wxr

REQUIRED_PERMISSIONS = (
    "posts.add_post", "posts.publish_post", "posts.edit_others_posts", "posts.add_page",
    "posts.change_page", "posts.add_category", "posts.add_tag", "media.add_image",
)  # fmt: skip


class ImportRun(RunState, TaxonomyImport, MediaImport, LinkImport, LegacyAddressImport):
    """One import: the shared state (run.py) and its parts, run in order."""

    # ── the run ──────────────────────────────────────────────────────────────────────────

    def run(self) -> Report:
        started = time.monotonic()
        if not self.path.is_file():
            raise WXRError(f"{self.path}: no such file")
        self._check_user()
        self.progress.start("read", self.path.stat().st_size)
        self.index = build_index(self.path, progress=lambda n: self.progress.advance("read", n))
        self.report.site = self.index.site
        self.report.wxr_version = self.index.channel.wxr_version
        for post_type, count in self.index.post_types.items():
            if post_type not in IMPORTED_TYPES:
                self.report.not_imported[f"post type {post_type}"] += count
        committed = False
        try:
            with transaction.atomic():
                self._load_mapping()
                self._import_authors()
                self._import_terms()
                attachments = self.index.post_types["attachment"]
                self.progress.start("media", attachments)
                self._stream({"attachment"}, self._import_attachment, "media")
                contents = self.index.post_types["post"] + self.index.post_types["page"]
                self.progress.start("items", contents)
                self.progress.start("comments", self.index.comments)
                self._stream({"post", "page"}, lambda item: import_item(self, item), "items")
                import_orphan_pages(self)
                self._attachment_redirects()
                self._record_legacy_addresses()
                self._fix_links()
                self.flush_rows()
                if self.dry_run:
                    transaction.set_rollback(True)
            committed = not self.dry_run
        finally:
            if not committed:
                self._remove_files()
        self.report.seconds = time.monotonic() - started
        return self.report

    def _check_user(self) -> None:
        missing = [p for p in REQUIRED_PERMISSIONS if not self.user.has_perm(p)]
        if missing:
            raise PermissionDenied(
                f"{self.user.get_username()} may not import: an administrator or editor is "
                f"needed (missing {', '.join(missing)})"
            )

    def _stream(self, types: set[str], handle: Callable[[Item], None], phase: str) -> None:
        for record in read_wxr(self.path, want=types.__contains__):
            if isinstance(record, Item):
                handle(record)
                self.progress.advance(phase)

    def _remove_files(self) -> None:
        for name in self.written:
            default_storage.delete(name)
        self.written.clear()


def wordpress_import(
    *,
    path: Path,
    user,
    media_dir: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import a WordPress export (see the module's docstring); raises WXRError for bad input."""
    run = ImportRun(path=path, user=user, media_dir=media_dir, dry_run=dry_run, progress=progress)
    return run.run()
