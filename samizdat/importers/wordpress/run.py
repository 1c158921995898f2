"""The state of one import run, which its parts share (`items.py`, `taxonomy.py`, `media.py`,
`links.py`, `legacy.py`): what the file holds, what earlier imports brought (the mapping), and
what this run has done so far. A leaf: it imports none of the run's parts."""

from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType

from samizdat.importers.models import ImportedItem
from samizdat.importers.wordpress.index import ExportIndex
from samizdat.importers.wordpress.records import Item
from samizdat.importers.wordpress.report import Report
from samizdat.importers.wordpress.shortcodes import Media
from samizdat.media.models import Image
from samizdat.posts.models import Category, Page, Post, Tag

ROW_BATCH = 2000


class Done(NamedTuple):
    """A post or page this run has imported (or found unchanged)."""

    model: type[Post] | type[Page]
    pk: int
    url: str

    @classmethod
    def of(cls, obj: Post | Page) -> "Done":
        return cls(type(obj), obj.pk, obj.get_absolute_url())

    def get(self) -> Post | Page:
        return self.model.objects.get(pk=self.pk)


class Progress:
    """What the command shows while an import runs; this one shows nothing."""

    def start(self, phase: str, total: int) -> None: ...

    def advance(self, phase: str, amount: int = 1) -> None: ...


class RunState:
    def __init__(
        self,
        *,
        path: Path,
        user,
        media_dir: Path | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
    ):
        self.path = Path(path)
        self.user = user
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.progress = progress or Progress()
        self.report = Report(source=str(path), dry_run=dry_run)
        self.index = ExportIndex()
        self.authors: dict[str, object] = {}  # login → user
        self.author_ids: dict[int, object] = {}
        self.categories: dict[str, Category] = {}  # old slug → category
        self.category_ids: dict[int, Category] = {}
        self.tags: dict[str, Tag] = {}
        self.media: dict[int, tuple[Media, bool]] = {}  # attachment id → (media, stored here)
        self.images: dict[int, Image] = {}  # attachment id → its copy here
        # Old id → what it became (no bodies kept: memory stays flat for 10,000 posts).
        self.done: dict[int, Done] = {}
        self.deferred_pages: dict[int, list[Item]] = defaultdict(list)
        self.fixups: list[tuple[Done, dict[str, tuple]]] = []
        self.written: list[str] = []  # files stored, removed again if nothing commits
        self._content_types: dict[type, ContentType] = {}
        self._by_id: dict[tuple[str, int], ImportedItem] = {}
        self._by_guid: dict[tuple[str, str], ImportedItem] = {}
        self.comments_seen: set[int] = set()  # in this run's file so far
        self._new_rows: list[ImportedItem] = []

    # ── the mapping ──────────────────────────────────────────────────────────────────────

    def _load_mapping(self) -> None:
        """What earlier imports of this site brought, in memory: one query, not one per item
        (a post's row carries its comments' ids, so comments need no query of their own)."""
        for row in ImportedItem.objects.filter(site=self.index.site).order_by("pk"):
            self._keep(row)

    def _keep(self, row: ImportedItem) -> None:
        if row.source_id is not None:
            self._by_id.setdefault((row.kind, row.source_id), row)
        if row.guid:
            self._by_guid.setdefault((row.kind, row.guid), row)

    def mapped(self, kind: str, source_id: int | None, guid: str = "") -> ImportedItem | None:
        """The row of an earlier import: by id on the old site, else by guid (login, slug).
        An item found only by its guid must be unique in the export and its old id must be
        gone from it (the site was renumbered), since exports do repeat guids."""
        if source_id is not None and (found := self._by_id.get((kind, source_id))):
            return found
        found = self._by_guid.get((kind, guid[:500])) if guid else None
        if found is None or source_id is None:
            return found
        renumbered = found.source_id not in self.index.items
        return found if renumbered and self.index.guids[guid] == 1 else None

    def target(self, mapping: ImportedItem | None, model: type):
        if mapping is None or mapping.object_id is None:
            return None
        if mapping.content_type_id and mapping.content_type_id != self.content_type(model).pk:
            return None
        return model.objects.filter(pk=mapping.object_id).first()

    def remember(
        self,
        mapping: ImportedItem | None,
        *,
        kind: str,
        source_id: int | None,
        guid: str = "",
        obj=None,
        digest: str = "",
        old_path: str = "",
        source_url: str = "",
    ) -> ImportedItem:
        mapping = mapping or ImportedItem(site=self.index.site, kind=kind)
        values = {
            "source_id": source_id,
            "guid": guid[:500],
            "content_type_id": self.content_type(type(obj)).pk if obj is not None else None,
            "object_id": obj.pk if obj is not None else None,
            "checksum": digest,
            "old_path": old_path[:1000],
            "source_url": source_url[:1000],
        }
        changed = any(getattr(mapping, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(mapping, name, value)
        if mapping.pk is None:
            self.queue_row(mapping)
        elif changed:  # a second import of the same file touches no row at all
            mapping.save()
        self._keep(mapping)
        return mapping

    def queue_row(self, row: ImportedItem) -> None:
        """A new mapping row, inserted with others in bulk (they are read back only at the
        start of the next run)."""
        if not getattr(row, "_queued", False):
            row._queued = True
            self._new_rows.append(row)
            if len(self._new_rows) >= ROW_BATCH:
                self.flush_rows()

    def flush_rows(self) -> None:
        ImportedItem.objects.bulk_create(self._new_rows, batch_size=500)
        self._new_rows.clear()

    def content_type(self, model: type) -> ContentType:
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model)
        return self._content_types[model]

    def _skip_duplicate(self, kind: str, item: Item) -> None:
        self.report.warn(
            kind,
            f"item {item.get('wp:post_id')!r} has no valid id or appears twice; "
            "only its first appearance is imported",
            line=item.line,
        )
        self.report.count(kind, "skipped")
