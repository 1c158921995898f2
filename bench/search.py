"""Search latency over 10,000 generated posts on SQLite FTS5: p50 and p99 per query.

    .venv/bin/python bench/search.py [--posts 10000] [--runs 200]

Makes a throwaway data folder, migrates it, bulk-creates the posts (quickly, not through
post_save), indexes them with `search_index_rebuild` — the code `samizdat reindex` runs —
and times `search_posts()`, the whole interface the search page calls: count, ranking,
snippets and loading the posts. Writes bench/results/search-sqlite.txt.
A benchmark, not a test: the suite never runs it.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "search-sqlite.txt"

SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "na",
    "shi",
    "ve",
    "lo",
    "pra",
    "dun",
    "el",
    "ost",
    "ber",
    "gan",
    "tri",
    "sol",
    "mar",
    "ven",
    "dor",
    "ice",
]
# Planted in that share of paragraphs, so the queries below have known, realistic hit counts.
PLANTED = {
    "price of bread": 0.05,
    "café": 0.02,
    "москва": 0.02,
    "서울 정치": 0.02,
    "budget": 0.10,
}


def queries(words: list[str]) -> list[str]:
    """Generated words are Zipf-distributed: words[0] is the commonest, words[2000] rare."""
    common, middling, rare = words[0], words[100], words[2000]
    return [
        common,
        middling,
        rare,
        "budget",
        f"budget {middling}",
        '"price of bread"',
        "cafe",  # finds café
        "москва",
        "서울",
        f"budget -{common}",
        "budget or москва",
        "nothingmatchesthis",
    ]


def setup_django(data_dir: str) -> None:
    os.environ["SAMIZDAT_DATA_DIR"] = data_dir
    os.environ["SAMIZDAT_CACHE_URL"] = "locmem://"
    os.environ.pop("SAMIZDAT_DATABASE_URL", None)  # SQLite, whatever the shell says
    os.environ["DJANGO_SETTINGS_MODULE"] = "samizdat.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def vocabulary(rng: random.Random, size: int = 2500) -> list[str]:
    words = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))) for _ in range(size * 4)}
    return rng.sample(sorted(words), size)


def paragraph(rng: random.Random, words: list[str], weights: list[float]) -> str:
    text = rng.choices(words, weights=weights, k=rng.randint(40, 90))
    for phrase, share in PLANTED.items():
        if rng.random() < share:
            text.insert(rng.randrange(len(text)), phrase)
    return " ".join(text).capitalize() + "."


def make_posts(count: int, rng: random.Random) -> list[str]:
    """Bulk-create `count` published posts; the vocabulary used, commonest word first."""
    from django.contrib.auth import get_user_model

    from samizdat.posts.models import Post, Status

    author = get_user_model().objects.create_user("bench", password=None)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like, as in real text
    start = datetime(2020, 1, 1, tzinfo=UTC)
    posts = []
    for n in range(count):
        paragraphs = [paragraph(rng, words, weights) for _ in range(rng.randint(3, 6))]
        posts.append(
            Post(
                title=" ".join(rng.choices(words, weights=weights, k=rng.randint(3, 8))).title(),
                slug=f"post-{n}",
                author=author,
                body_source="\n\n".join(paragraphs),
                body_html="".join(f"<p>{p}</p>\n" for p in paragraphs),
                status=Status.PUBLISHED,
                published_at=start + timedelta(hours=4 * n),
            )
        )
    Post.objects.bulk_create(posts, batch_size=500)
    return words


def timed(query: str, runs: int) -> tuple[list[float], int]:
    from samizdat.search.services import search_posts

    for _ in range(3):  # warm the page cache and SQLite's statement cache
        search_posts(query, page=1, per_page=10)
    latencies = []
    for _ in range(runs):
        began = time.perf_counter()
        results = search_posts(query, page=1, per_page=10)
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies, results.total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(args, build_seconds: float, rows: list[tuple[str, int, list[float]]]) -> str:
    import sqlite3

    from django.conf import settings

    everything = [ms for _, _, latencies in rows for ms in latencies]
    size = Path(settings.DATABASES["default"]["NAME"]).stat().st_size / 1e6
    lines = [
        "samizdat search benchmark — SQLite FTS5 (unicode61, remove_diacritics 2)",
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}",
        f"posts: {args.posts}, 3-6 paragraphs of 40-90 words each; database {size:.0f} MB",
        f"index build (search_index_rebuild): {build_seconds:.1f} s",
        f"runs per query: {args.runs}; timing covers search_posts(): count, rank, snippets, posts",
        "",
        f"{'hits':>6} {'p50 ms':>8} {'p99 ms':>8}  query",
    ]
    for query, hits, latencies in rows:
        p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        lines.append(f"{hits:>6} {p50:>8.2f} {p99:>8.2f}  {query}")
    p50, p99 = statistics.median(everything), percentile(everything, 0.99)
    lines += ["", f"{'':>6} {p50:>8.2f} {p99:>8.2f}  all queries together", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samizdat-bench-") as data_dir:
        setup_django(data_dir)
        words = make_posts(args.posts, random.Random(20261129))
        from samizdat.search.services import search_index_rebuild

        began = time.perf_counter()
        indexed = search_index_rebuild()
        build_seconds = time.perf_counter() - began
        assert indexed == args.posts, indexed
        rows = []
        for query in queries(words):
            latencies, hits = timed(query, args.runs)
            rows.append((query, hits, latencies))
        text = report(args, build_seconds, rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
