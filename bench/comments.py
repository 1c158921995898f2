"""Benchmark: accepted comment posts per second against samizdat in production mode (run by
hand, never in CI). One post, --comments unique comments over --connections keep-alive
connections (time-bounded); every accepted comment must be stored. Writes
bench/results/comments-sqlite.txt.

    .venv/bin/python bench/comments.py [--comments 500] [--connections 32] [--workers 2]
"""

import argparse
import os
import sys
import time

from harness import RESULTS, Site, free_port, post_comments, stop

CREATE_POST = (
    "from django.contrib.auth import get_user_model\n"
    "from samizdat.accounts.roles import Role, user_set_role\n"
    "from samizdat.posts.models import Post\n"
    "from samizdat.posts.services import post_save\n"
    "u = get_user_model().objects.create_user('bench')\n"
    "user_set_role(user=u, role=Role.EDITOR)\n"
    "p = Post(title='Bench post', body_source='Text.', status='published')\n"
    "p = post_save(post=p, user=u)\n"
    "print(p.get_absolute_url(), p.pk)"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    site = Site()
    path, post_id = site.shell(CREATE_POST).split()
    port = free_port()
    server = site.serve(port, workers=args.workers)
    try:
        accepted, elapsed = post_comments(
            port,
            path,
            int(post_id),
            count=args.comments,
            connections=args.connections,
            seconds=args.seconds,
        )
    finally:
        stop(server)
    stored = int(
        site.shell("from samizdat.comments.models import Comment; print(Comment.objects.count())")
    )
    report = (
        f"samizdat comment posts, {time.strftime('%Y-%m-%d %H:%M')}, SQLite (WAL), "
        f"`samizdat serve --production` ({args.workers} workers), {args.connections} "
        f"connections, python {sys.version.split()[0]}, {os.cpu_count()} cores\n"
        f"sent {args.comments}, accepted {accepted}, stored {stored}, {elapsed:.2f} s, "
        f"{accepted / elapsed:.1f} accepted comment posts/s\n"
    )
    print(report, end="")
    (RESULTS / "comments-sqlite.txt").write_text(report)
    site.remove()
    if stored != accepted:
        raise SystemExit("MISMATCH: accepted and stored counts differ")


if __name__ == "__main__":
    main()
