"""Benchmark: accepted comment posts per second against a live samizdat (run by hand, not CI).

Starts gunicorn on a throwaway data folder (SQLite, WAL), creates one post, then sends
--comments unique comments over --connections keep-alive connections (bounded by --seconds),
counts the answers that accepted a comment (302 to #comment-N), checks the rows in the
database, and writes the figures to bench/results/comments-<database>.txt.

    .venv/bin/python bench/comments.py [--comments 500] [--connections 32] [--workers 2]
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def samizdat(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(env: dict) -> tuple[str, int]:
    samizdat(env, "migrate", "-v0")
    samizdat(env, "collectstatic", "--noinput", "-v0")
    code = (
        "from samizdat.accounts.roles import Role, user_set_role\n"
        "from django.contrib.auth import get_user_model\n"
        "from samizdat.posts.models import Post\n"
        "from samizdat.posts.services import post_save\n"
        "u = get_user_model().objects.create_user('bench')\n"
        "user_set_role(user=u, role=Role.EDITOR)\n"
        "p = post_save(post=Post(title='Bench post', body_source='Text.', status='published'),"
        " user=u)\n"
        "print(p.get_absolute_url(), p.pk)"
    )
    path, pk = samizdat(env, "shell", "-c", code).split()[-2:]
    return path, int(pk)


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def sender(port, path, post_id, numbers, deadline, accepted, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    stamp = re.search(r'name="stamp" value="([^"]+)"', conn.getresponse().read().decode()).group(1)
    for n in numbers:
        if time.monotonic() > deadline:
            return
        body = urllib.parse.urlencode(
            {
                "name": f"Bench {n}",
                "email": f"b{n}@example.org",
                "body": f"Benchmark comment number {n}.",
                "stamp": stamp,
            }
        )
        conn.request(
            "POST",
            f"/comments/post/{post_id}/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        if response.status == 302 and "#comment-" in response.getheader("Location", ""):
            with lock:
                accepted.append(n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="samizdat-bench-")
    env = {
        **os.environ,
        "SAMIZDAT_DATA_DIR": data,
        "SAMIZDAT_DEMO": "0",
        "SAMIZDAT_COMMENTS_RATE_LIMIT": "off",
        "SAMIZDAT_EMAIL_URL": "locmem://",
    }
    path, post_id = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samizdat.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "-k",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        wait_for(port)
        accepted, lock = [], threading.Lock()
        deadline = time.monotonic() + args.seconds
        shares = [range(i, args.comments, args.connections) for i in range(args.connections)]
        started = time.perf_counter()
        threads = [
            threading.Thread(
                target=sender, args=(port, path, post_id, share, deadline, accepted, lock)
            )
            for share in shares
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = int(
        samizdat(
            env,
            "shell",
            "-c",
            "from samizdat.comments.models import Comment; print(Comment.objects.count())",
        ).split()[-1]
    )
    report = (
        f"samizdat comment posts, {time.strftime('%Y-%m-%d %H:%M')}, SQLite (WAL), gunicorn "
        f"gthread {args.workers} workers x 4 threads, {args.connections} connections, "
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n"
        f"sent {args.comments}, accepted {len(accepted)}, stored {stored}, "
        f"{elapsed:.2f} s, {len(accepted) / elapsed:.1f} accepted comment posts/s\n"
        f"(the comment page fetch for the form stamp is not counted; spam checks, moderation "
        f"and the notification task enqueue are)\n"
    )
    print(report, end="")
    out = ROOT / "bench" / "results" / "comments-sqlite.txt"
    out.write_text(report)
    if stored != len(accepted):
        raise SystemExit("MISMATCH: accepted and stored counts differ")


if __name__ == "__main__":
    main()
