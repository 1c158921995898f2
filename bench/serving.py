"""Benchmark: the post page at static-file speed? Run by hand, never in CI.

Builds a site with one post of about 1,500 words, a captioned image and 50 threaded comments,
starts `samizdat serve --production`, and measures with wrk on 127.0.0.1 in one run:
  (a)  the post page with the page cache, served by samizdat itself;
  (a') the same through nginx with `samizdat nginx-config` (stored pages sent by nginx);
  (b)  the post page with the cache off (SAMIZDAT_PAGE_CACHE=0);
  (c)  the same HTML saved as a file and served by nginx: the reference limit;
  (d)  comment POSTs per second with a bounded client, every accepted comment checked stored.
Requests/s, p50 and p99 at 32 connections and at 1; ratios to (c); written to
bench/results/http.txt. wrk and nginx come from Debian (installed when missing).

    bench/http.sh [--seconds 10] [--workers 2] [--comments 2000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from harness import RESULTS, Site, ensure_tools, free_port, post_comments, stop, wait_for, wrk

BUILD = """
import io, random
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from samizdat.accounts.roles import Role, user_set_role
from samizdat.comments.models import Comment
from samizdat.comments.services import comment_body_render
from samizdat.operations.demo.picture import embankment_jpeg
from samizdat.media.services import image_upload
from samizdat.posts.models import Post
from samizdat.posts.services import post_save
u = get_user_model().objects.create_user('bench', display_name='Bench Writer')
user_set_role(user=u, role=Role.EDITOR)
jpeg = SimpleUploadedFile('square.jpg', embankment_jpeg(), 'image/jpeg')
image = image_upload(uploaded_file=jpeg, user=u, alt='The square', caption='The square at dusk',
                     credit='via Reuters')
rng = random.Random(1)
words = ('the government said on monday that prices would rise again as sanctions bite and '
         'families cut back on food fuel and medicine while officials insist the index is right')
words = words.split()
paragraphs = [' '.join(rng.choice(words) for _ in range(100)).capitalize() + '.' for _ in range(15)]
body = '\\n\\n'.join(paragraphs[:5] + [f'![](media:{image.pk})'] + paragraphs[5:])
post = post_save(post=Post(title='Sanctions, seen from a kitchen table', body_source=body,
                           status='published'), user=u)
parents = []
for i in range(50):
    parent = parents[rng.randrange(len(parents))] if parents and i % 2 else None
    text = ' '.join(rng.choice(words) for _ in range(rng.randint(10, 20))).capitalize() + '.'
    c = Comment.objects.create(post=post, parent=parent, depth=parent.depth + 1 if parent else 0,
        author_name=f'Reader {i}', author_email=f'r{i}@example.org', body_source=text,
        body_html=comment_body_render(text), status='approved')
    if c.depth < 3:
        parents.append(c)
from samizdat.comments.models import DiscussionSettings
# Readers of a popular post are mostly regulars: their comments go straight up, and each one
# drops the stored page.
DiscussionSettings.objects.update_or_create(pk=1, defaults={"hold_first_comment": False,
                                                            "min_seconds": 0, "max_links": 5})
print(post.get_absolute_url(), post.pk)
"""

NGINX = """
worker_processes 2;
user root;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type text/html;
    server {{
        listen 127.0.0.1:{file_port};
        root {files};
        location / {{ try_files $uri/index.html =404; etag on; }}
    }}
    {samizdat}
}}
"""


def measure(url: str, seconds: int) -> dict:
    urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - warm: the first GET stores it
    wrk(url, threads=2, connections=32, seconds=3)
    loaded = wrk(url, threads=2, connections=32, seconds=seconds)
    time.sleep(2)
    single = wrk(url, threads=1, connections=1, seconds=seconds)
    time.sleep(2)
    return {"c32": loaded, "c1": single}


def nginx(prefix: Path, files: Path, file_port: int, samizdat_block: str) -> subprocess.Popen:
    conf = prefix / "nginx.conf"
    conf.write_text(
        NGINX.format(prefix=prefix, files=files, file_port=file_port, samizdat=samizdat_block)
    )
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"])
    wait_for(file_port)
    return process


def line(name: str, result: dict, reference: dict | None) -> str:
    c32, c1 = result["c32"], result["c1"]
    ratio = f"  {c32['rps'] / reference['c32']['rps']:.2f} x (c)" if reference else ""
    return (
        f"{name:<34} {c32['rps']:>10.0f} req/s  p50 {c32['p50']:>7.2f} ms  p99 "
        f"{c32['p99']:>7.2f} ms | 1 conn: {c1['rps']:>7.0f} req/s  p50 {c1['p50']:>6.2f} ms  "
        f"p99 {c1['p99']:>6.2f} ms{ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--comments", type=int, default=2000)
    args = parser.parse_args()
    ensure_tools("wrk", "nginx")

    site = Site()
    path, post_id = site.shell(BUILD).split()
    cached_port, uncached_port, file_port, front_port = (free_port() for _ in range(4))
    results, processes = {}, []
    try:
        processes.append(site.serve(cached_port, workers=args.workers))
        processes.append(site.serve(uncached_port, workers=args.workers, SAMIZDAT_PAGE_CACHE="0"))
        html = urllib.request.urlopen(f"http://127.0.0.1:{uncached_port}{path}").read()
        files = Path(tempfile.mkdtemp(prefix="samizdat-bench-static-"))
        (files / path.strip("/")).mkdir(parents=True)
        (files / path.strip("/") / "index.html").write_bytes(html)
        block = site.run(
            "nginx-config",
            "--listen",
            f"127.0.0.1:{front_port}",
            "--upstream",
            f"127.0.0.1:{cached_port}",
        )
        processes.append(nginx(files, files, file_port, block))

        results["c"] = measure(f"http://127.0.0.1:{file_port}{path}", args.seconds)
        results["a"] = measure(f"http://127.0.0.1:{cached_port}{path}", args.seconds)
        results["a_nginx"] = measure(f"http://127.0.0.1:{front_port}{path}", args.seconds)
        results["b"] = measure(f"http://127.0.0.1:{uncached_port}{path}", args.seconds)
        before = int(
            site.shell(
                "from samizdat.comments.models import Comment; print(Comment.objects.count())"
            )
        )
        accepted, elapsed = post_comments(
            cached_port, path, int(post_id), count=args.comments, connections=32, seconds=60
        )
    finally:
        for process in processes:
            stop(process)
    stored = (
        int(
            site.shell(
                "from samizdat.comments.models import Comment; print(Comment.objects.count())"
            )
        )
        - before
    )
    results["d"] = {
        "accepted": accepted,
        "stored": stored,
        "seconds": elapsed,
        "per_second": accepted / elapsed,
    }
    report = "\n".join(
        [
            f"samizdat HTTP benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
            f"python {sys.version.split()[0]}, SQLite (WAL), granian x{args.workers}, "
            f"wrk -t2 -c32 -d{args.seconds}s and -t1 -c1; post page {len(html):,} bytes of HTML "
            "(about 1,500 words, a captioned image, 50 threaded comments)",
            line("(c) nginx, the page as a file", results["c"], None),
            line("(a) samizdat, page cache", results["a"], results["c"]),
            line("(a') nginx + samizdat's page cache", results["a_nginx"], results["c"]),
            line("(b) samizdat, cache off", results["b"], results["c"]),
            f"(d) comment POSTs: {accepted} accepted, {stored} stored, {elapsed:.2f} s, "
            f"{accepted / elapsed:.0f}/s (32 connections, SQLite, page invalidated on each)",
        ]
    )
    print(report)
    (RESULTS / "http.txt").write_text(report + "\n")
    (RESULTS / "http.json").write_text(json.dumps(results, indent=2) + "\n")
    site.remove()
    if stored != accepted:
        raise SystemExit("MISMATCH: accepted and stored comment counts differ")


if __name__ == "__main__":
    main()
