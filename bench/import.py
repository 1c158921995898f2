"""Importing a big WordPress export: 10,000 posts and 100,000 comments, seconds and peak memory.

    .venv/bin/python bench/import.py [--posts 10000] [--comments 100000] [--keep]

Writes a synthetic WXR 1.2 export (classic and block-editor posts with captions, galleries,
links between posts, nested categories, tags, threaded comments with every status, a few
pages), makes a throwaway data folder (migrated, one administrator), then runs
`samizdat import-wordpress` in a subprocess of its own and reads that process's wall time and
peak resident memory (its rusage). Checks the counts afterwards and writes
bench/results/import.txt. Target on a 2-core machine: at most 120 s and 300 MB.
A benchmark, not a test: the suite never runs it.
"""

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "import.txt"
SITE = "https://old-blog.example.org"
WORDS = [
    "the", "of", "and", "to", "in", "budget", "price", "bread", "market", "ministry", "report",
    "sanctions", "street", "city", "river", "winter", "letter", "editor", "reader", "protest",
    "court", "law", "vote", "parliament", "school", "hospital", "factory", "village", "border",
    "train", "night", "morning", "kitchen", "table", "window", "paper", "radio", "song", "memory",
]  # fmt: skip


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, n: int, posts: int) -> str:
    """Classic text (paragraphs by blank lines) or block-editor HTML, ~1.5 KB, with extras."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(4)]
    if rng.random() < 0.1:
        paragraphs.insert(
            1,
            f'[caption id="attachment_{n}" align="aligncenter" width="640"]'
            f'<img src="{SITE}/wp-content/uploads/2020/01/photo-{n}.jpg" alt="Photo {n}" /> '
            f"A caption for picture {n}[/caption]",
        )
    if rng.random() < 0.3:
        other = rng.randint(1, posts)
        paragraphs.append(f'See also <a href="{SITE}/?p={other}">an earlier note</a>.')
    if rng.random() < 0.5:
        return "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
        )
    return "\n\n".join(paragraphs)


def comments_xml(rng: random.Random, post: int, first_id: int, count: int, start: datetime) -> str:
    out = []
    for k in range(count):
        cid = first_id + k
        parent = rng.choice([0, 0, 0, cid - 1]) if k else 0
        approved = rng.choices(["1", "0", "spam", "trash"], [85, 5, 8, 2])[0]
        kind = "pingback" if rng.random() < 0.02 else ""
        when = (start + timedelta(hours=k + 1)).strftime("%Y-%m-%d %H:%M:%S")
        out.append(
            f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author>{cdata(f'Reader {cid % 997}')}</wp:comment_author>"
            f"<wp:comment_author_email>reader{cid % 997}@example.net</wp:comment_author_email>"
            f"<wp:comment_author_url>https://reader{cid % 97}.example.net/</wp:comment_author_url>"
            f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
            f"<wp:comment_date>{when}</wp:comment_date>"
            f"<wp:comment_date_gmt>{when}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(sentence(rng) + chr(10) + chr(10) + sentence(rng))}"
            f"</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>"
            f"<wp:comment_type>{kind}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent>"
            f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
        )
    return "".join(out)


def write_export(path: Path, *, posts: int, comments: int, seed: int = 7) -> None:
    """Streamed to disk, item by item: the generator holds no more than one post in memory."""
    rng = random.Random(seed)
    per_post, extra = divmod(comments, posts)
    categories = [("news", "News", ""), ("world", "World", "news"), ("local", "Local", "news")]
    categories += [(f"topic-{n}", f"Topic {n}", rng.choice(["", "news"])) for n in range(20)]
    start = datetime(2012, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Old blog</title><link>{SITE}</link><language>en</language>\n"
            f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for n, login in enumerate(["marta", "oleg", "ines"], start=1):
            f.write(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{login}"
                f"</wp:author_login><wp:author_email>{login}@example.org</wp:author_email>"
                f"<wp:author_display_name>{cdata(login.title())}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for n, (slug, name, parent) in enumerate(categories, start=10):
            f.write(
                f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for n in range(200):
            f.write(
                f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'tag {n}')}</wp:tag_name></wp:tag>\n"
            )
        comment_id = 1
        for n in range(1, posts + 1):
            when = start + timedelta(hours=n * 7)
            date = when.strftime("%Y-%m-%d %H:%M:%S")
            slug = f"post-number-{n}"
            count = per_post + (1 if n <= extra else 0)
            status = rng.choices(["publish", "draft", "private"], [95, 4, 1])[0]
            terms = "".join(
                f'<category domain="category" nicename="{s}">{cdata(name)}</category>'
                for s, name, _ in rng.sample(categories, 2)
            ) + "".join(
                f'<category domain="post_tag" nicename="tag-{t}">{cdata(f"tag {t}")}</category>'
                for t in rng.sample(range(200), 3)
            )
            f.write(
                f"<item><title>{cdata(f'Post number {n}: ' + sentence(rng)[:60])}</title>"
                f"<link>{SITE}/{when:%Y/%m/%d}/{slug}/</link>"
                f"<dc:creator>{cdata(rng.choice(['marta', 'oleg', 'ines']))}</dc:creator>"
                f'<guid isPermaLink="false">{SITE}/?p={n}</guid><description></description>'
                f"<content:encoded>{cdata(body(rng, n, posts))}</content:encoded>"
                f"<excerpt:encoded>{cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
                f"<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>"
                f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
                f"<wp:is_sticky>0</wp:is_sticky>{terms}"
                f"{comments_xml(rng, n, comment_id, count, when)}</item>\n"
            )
            comment_id += count
        for n in range(posts + 1, posts + 21):  # a few pages, children before parents
            parent = n + 1 if n % 2 and n < posts + 20 else 0
            f.write(
                f"<item><title>Page {n}</title><link>{SITE}/page-{n}/</link>"
                f"<dc:creator>marta</dc:creator><guid>{SITE}/?page_id={n}</guid>"
                f"<content:encoded>{cdata(sentence(rng))}</content:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2015-01-01 00:00:00"
                f"</wp:post_date_gmt><wp:post_name>page-{n}</wp:post_name>"
                f"<wp:status>publish</wp:status><wp:post_parent>{parent}</wp:post_parent>"
                f"<wp:post_type>page</wp:post_type></item>\n"
            )
        f.write("</channel>\n</rss>\n")


def run_import(env: dict, export: Path, report: Path) -> tuple[float, float, int, int]:
    """Wall and CPU seconds, peak RSS in bytes and exit status of `samizdat import-wordpress`."""
    command = [sys.executable, "-m", "samizdat", "import-wordpress", str(export)]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--report", str(report)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode()[-3000:])
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="Keep the data folder afterwards.")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="samizdat-bench-import-"))
    env = {
        **os.environ,
        "SAMIZDAT_DATA_DIR": str(data),
        "SAMIZDAT_DEMO": "0",
        "SAMIZDAT_EMAIL_URL": "locmem://",
        "DJANGO_SUPERUSER_PASSWORD": "bench-password-1",
    }
    env.pop("SAMIZDAT_DATABASE_URL", None)
    try:
        export = data / "export.xml"
        t0 = time.perf_counter()
        write_export(export, posts=args.posts, comments=args.comments)
        generated = time.perf_counter() - t0
        samizdat = [sys.executable, "-m", "samizdat"]
        subprocess.run([*samizdat, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*samizdat, "createsuperuser", "--noinput", "--username", "admin",
             "--email", "admin@example.org"],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        report_path = data / "report.json"
        load = os.getloadavg()[0]
        seconds, cpu, peak, status = run_import(env, export, report_path)
        load = max(load, os.getloadavg()[0])
        if status:
            print(f"import failed with status {status}")
            return 1
        report = json.loads(report_path.read_text())
        db = sqlite3.connect(data / "samizdat.sqlite3")
        posts = db.execute("SELECT count(*) FROM posts_post").fetchone()[0]
        comments = db.execute("SELECT count(*) FROM comments_comment").fetchone()[0]
        db.close()
        lines = [
            "samizdat import benchmark — `samizdat import-wordpress` on SQLite (the default)",
            f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
            f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}",
            f"export: {args.posts} posts, {args.comments} comments, 20 pages, 23 categories, "
            f"200 tags; {export.stat().st_size / 1e6:.1f} MB (generated in {generated:.1f} s)",
            f"imported: {posts} posts, {comments} comments "
            f"(report: {report['counts']['post']['imported']} posts, "
            f"{report['counts']['comment']['imported']} comments, "
            f"{report['counts'].get('redirect', {}).get('imported', 0)} redirects)",
            "",
            f"wall time:     {seconds:7.1f} s    (target ≤ 120 s; the machine is shared: load "
            f"average up to {load:.1f} during the run)",
            f"CPU time:      {cpu:7.1f} s    (user + system of the import process)",
            f"peak RSS:      {peak / 2**20:7.1f} MB   (target ≤ 300 MB)",
            f"database size: {(data / 'samizdat.sqlite3').stat().st_size / 2**20:7.1f} MB",
        ]
        text = "\n".join(lines) + "\n"
        print(text, end="")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text)
        ok = posts == args.posts and comments == args.comments
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"data folder kept: {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
