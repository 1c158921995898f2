"""What an import did, by kind: imported, updated, unchanged, skipped, and every warning."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("author", "category", "tag", "attachment", "post", "page", "comment", "redirect")
OUTCOMES = ("imported", "updated", "unchanged", "skipped")


@dataclass
class Report:
    source: str = ""
    site: str = ""
    wxr_version: str = ""
    dry_run: bool = False
    seconds: float = 0.0
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    warnings: list[dict] = field(default_factory=list)
    unsupported: Counter = field(default_factory=Counter)  # shortcodes and blocks left as text
    remote_media: list[str] = field(default_factory=list)  # attachments kept at their old URL
    not_imported: Counter = field(default_factory=Counter)  # post types and taxonomies skipped

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts[kind][outcome] += n

    def warn(self, kind: str, message: str, *, source_id=None, line: int | None = None) -> None:
        self.counts[kind]["warnings"] += 1
        entry = {"kind": kind, "message": message}
        if source_id is not None:
            entry["id"] = source_id
        if line:
            entry["line"] = line
        self.warnings.append(entry)

    def rows(self) -> list[tuple[str, int, int, int, int, int]]:
        kinds = [k for k in KINDS if k in self.counts] + sorted(set(self.counts) - set(KINDS))
        return [
            (kind, *(self.counts[kind][o] for o in OUTCOMES), self.counts[kind]["warnings"])
            for kind in kinds
        ]

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "site": self.site,
            "wxr_version": self.wxr_version,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
            "counts": {
                kind: {o: c for o, c in zip((*OUTCOMES, "warnings"), rest, strict=True)}
                for kind, *rest in self.rows()
            },
            "warnings": self.warnings,
            "unsupported": dict(self.unsupported.most_common()),
            "remote_media": self.remote_media,
            "not_imported": dict(self.not_imported.most_common()),
        }

    def write_json(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
