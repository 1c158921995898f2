"""Two samizdat sites on loopback, each its own data folder, port and address, with the
private-network switch on (as two local instances need): a post on A links to a post on B;
B receives the webmention, verifies it, holds it for moderation and shows it once approved;
A edits the link away and B removes the mention. `samizdat worker --batch` does the work."""

import contextlib
import json
import os
import signal
import subprocess
import urllib.request

import pytest

from tests.core.test_cli import SAMIZDAT, run_env, samizdat
from tests.ports import free_port, wait_for_port

SHELL_POST = """
import json
from samizdat.posts.models import Post
from samizdat.posts.services import post_save
from django.contrib.auth import get_user_model
from django.conf import settings
admin = get_user_model().objects.get(username="admin")
post = Post.objects.filter(title={title!r}).first() or Post(title={title!r})
post.body_source = {body!r}
post.status = "published"
post = post_save(post=post, user=admin)
print(json.dumps(settings.SAMIZDAT_SITE_URL + post.get_absolute_url()))
"""

SHELL_SENT = """
import json
from samizdat.webmention.models import Sending
print(json.dumps([[s.target, s.linked, s.state, s.response_status] for s in Sending.objects.all()]))
"""


class Site:
    def __init__(self, folder, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = run_env(
            folder,
            SAMIZDAT_SITE_URL=self.url,
            SAMIZDAT_FEDERATION_ALLOW_PRIVATE_NETWORKS="1",
            SAMIZDAT_DEMO="0",
            SAMIZDAT_CACHE_URL="locmem://",
            SAMIZDAT_EMAIL_URL="locmem://",
        )
        self.process = subprocess.Popen(
            [*SAMIZDAT, "serve", "--no-worker", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, process=self.process, seconds=90)

    def run(self, *args: str) -> str:
        result = samizdat(*args, env=self.env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(self, code: str):
        """Run Python in the site's shell; what its last line printed, read as JSON."""
        return json.loads(self.run("shell", "-c", code).strip().splitlines()[-1])

    def post(self, title: str, body: str) -> str:
        """Write (or rewrite) a published post through posts.services; returns its address."""
        return self.shell(SHELL_POST.format(title=title, body=body))

    def page(self, url: str) -> str:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.read().decode()

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture
def sites(tmp_path):
    made = []
    with open(tmp_path / "servers.log", "w") as log:

        def make(name: str) -> Site:
            made.append(Site(tmp_path / name, log))
            return made[-1]

        yield make
        for site in made:
            site.stop()


def test_a_link_from_one_site_to_another_becomes_a_mention_there_and_goes_with_the_link(sites):
    a, b = sites("a"), sites("b")
    target = b.post("Bob's thoughts", "Something worth linking to.")
    source = a.post("Alice answers", f"I read [Bob's thoughts]({target}) and agree.")

    a.run("worker", "--batch")  # A discovers B's endpoint and sends
    assert a.shell(SHELL_SENT) == [[target, True, "sent", 202]]
    b.run("worker", "--batch")  # B fetches A's post and verifies it

    held = b.run("comments", "list", "--format", "ids").split()
    assert len(held) == 1  # held for moderation: a first comment from this author
    assert "Alice answers" not in b.page(target)

    b.run("comments", "approve", *held)
    page = b.page(target)
    assert "Alice answers" in page
    assert f'href="{source}" rel="nofollow ugc">via webmention</a>' in page

    a.post("Alice answers", "On second thoughts, no link.")
    a.run("worker", "--batch")  # A tells B the link is gone
    assert a.shell(SHELL_SENT) == [[target, False, "sent", 202]]
    b.run("worker", "--batch")  # B sees A no longer links, and removes the mention

    assert "Alice answers" not in b.page(target)
    assert b.run("comments", "list", "--status", "all", "--format", "ids").split() == []
