"""A crash loses nothing that was acknowledged: `samizdat serve --production` takes comment
posts from several connections, all its processes are killed with SIGKILL in the middle,
the server is started again on the same data, and every comment whose POST was answered with
a redirect to it is there; SQLite's integrity check passes (on PostgreSQL: the same, against a
database made for the test)."""

import contextlib
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse

import pytest

from tests.core.test_cli import SAMIZDAT
from tests.ports import free_port, wait_for_port

CONNECTIONS = 6
ACKNOWLEDGED_BEFORE_KILL = 40


def serve(site, log) -> tuple[subprocess.Popen, int]:
    """`samizdat serve --production` (granian, its workers and the task worker) in a process
    group of its own, apart from the test's."""
    port = free_port()
    process = subprocess.Popen(
        [*SAMIZDAT, "serve", "--production", "--workers", "2", "--port", str(port)],
        env=site.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process=process, seconds=90)
    except BaseException:
        kill_group(process)
        raise
    return process, port


def _process_groups(root: int) -> set[int]:
    """The process groups of `root` and of every process below it: granian runs in a group of
    its own under `samizdat serve`."""
    parents: dict[int, list[int]] = {}
    groups: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(entry))
            groups[int(entry)] = int(fields[2])
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in groups:
            found.add(groups[pid])
        todo.extend(parents.get(pid, []))
    return found


def kill_group(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """`sig` to every process of the server at once: with SIGKILL, a crash of the machine's
    processes, not a shutdown."""
    for group in _process_groups(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, sig)
    process.wait(timeout=30)


def send_comments(
    port: int, path: str, post_id: int, sender: int, seen: dict, stop, stamps: list[str]
) -> None:
    """Comment after comment on one keep-alive connection, until stopped or cut off; every
    acknowledged body goes into seen["acknowledged"], any other answer into seen["errors"]."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)  # all senders at once: the page is stored by several threads
        response = conn.getresponse()
        page = response.read().decode()
        if response.status != 200:
            seen["errors"].append(f"GET {path}: {response.status}")
            return
        # a stamp serves one comment from each address, and all senders share 127.0.0.1 and
        # the one stored page: each comment gets a stamp of its own, as a re-shown form gives
        assert 'name="stamp"' in page
        n = 0
        while not stop.is_set() and n < len(stamps):
            stamp = stamps[n]
            body = f"Crash test comment {sender}-{n}"
            form = urllib.parse.urlencode(
                {
                    "name": f"S{sender}",
                    "email": f"s{sender}@example.org",
                    "body": body,
                    "stamp": stamp,
                }
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",  # as a browser sends with a form's POST
            }
            conn.request("POST", f"/comments/post/{post_id}/", form, headers)
            response = conn.getresponse()
            response.read()
            if response.status == 302 and "#comment-" in response.getheader("Location", ""):
                seen["acknowledged"].append(body)
            else:
                seen["errors"].append(f"POST {body}: {response.status}")
            n += 1
    except (OSError, http.client.HTTPException):
        return  # the server was killed under us: what was not acknowledged may be lost


# Fresh reply-form stamps, as the page gives each reader: made by the site, with its key.
STAMPS = (
    "from samizdat.comments.forms import form_stamp; "
    "print(','.join(form_stamp({post_id}, client='127.0.0.1') for _ in range({count})))"
)

POST = (
    "from samizdat.accounts.models import User; from samizdat.posts.models import Post; "
    "from samizdat.posts.services import post_save; "
    "u = User.objects.create_superuser('owner', password='x'); "
    "p = post_save(post=Post(title='Under load', status='published', body_source='Hi.'), user=u); "
    "print(p.pk, p.get_absolute_url())"
)


@pytest.mark.parametrize("make_site", ["sqlite", "postgresql"], indirect=True)
def test_every_acknowledged_comment_survives_sigkill(make_site, tmp_path):
    site = make_site("site")
    site.run("migrate", "-v0")
    post_id, path = site.shell(POST).split()
    log = (tmp_path / "serve.log").open("w")

    made = site.shell(STAMPS.format(post_id=post_id, count=CONNECTIONS * ACKNOWLEDGED_BEFORE_KILL))
    stamps = made.split(",")
    process, port = serve(site, log)
    seen: dict[str, list[str]] = {"acknowledged": [], "errors": []}
    acknowledged = seen["acknowledged"]
    stop = threading.Event()
    senders = [
        threading.Thread(
            target=send_comments,
            args=(port, path, int(post_id), n, seen, stop, stamps[n::CONNECTIONS]),
        )
        for n in range(CONNECTIONS)
    ]
    for sender in senders:
        sender.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.05)
    kill_group(process)  # mid-load: the senders are still sending
    stop.set()
    for sender in senders:
        sender.join(timeout=30)
    assert seen["errors"] == [], (tmp_path / "serve.log").read_text()
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL, (tmp_path / "serve.log").read_text()

    process, port = serve(site, log)  # starts again on the same data, and serves
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        assert conn.getresponse().status == 200
    finally:
        kill_group(process, signal.SIGTERM)
        log.close()

    saved = set(site_comments(site))
    lost = [body for body in acknowledged if body not in saved]
    assert lost == [], f"{len(lost)} acknowledged comments lost: {lost[:5]}"
    assert database_intact(site)


def site_comments(site) -> list[str]:
    if "SAMIZDAT_DATABASE_URL" in site.env:
        code = (
            "import json; from samizdat.comments.models import Comment; "
            "print(json.dumps(list(Comment.objects.values_list('body_source', flat=True))))"
        )
        return json.loads(site.shell(code))
    with sqlite3.connect(site.data / "samizdat.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT body_source FROM comments_comment")]


def database_intact(site) -> bool:
    """SQLite: integrity_check and foreign_key_check. PostgreSQL: every index of the comments
    table verified against its table with amcheck."""
    if "SAMIZDAT_DATABASE_URL" not in site.env:
        with sqlite3.connect(site.data / "samizdat.sqlite3") as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return True
    import psycopg

    url = site.env["SAMIZDAT_DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = db.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indrelid = 'comments_comment'::regclass"
        ).fetchall()
        for (index,) in indexes:
            db.execute("SELECT bt_index_check(%s::regclass, true)", [index])
    return True
