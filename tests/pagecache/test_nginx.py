"""`samizdat nginx-config` with a real nginx in front of a live samizdat: stored pages are sent
by nginx itself, and a change reaches the very next reader."""

import io
import os
import shutil
import subprocess
import urllib.request

import pytest
from django.core.management import call_command

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve
from tests.ports import free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def front(live_server, settings, tmp_path):
    """nginx on a free port, configured by `samizdat nginx-config`, proxying to live_server."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed: `apt-get install nginx-light` (.ci/run does)")
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path / "data"
    port = free_port()
    settings.SAMIZDAT_SITE_URL = f"http://127.0.0.1:{port}"  # the site is where nginx listens
    (tmp_path / "data" / "page-cache").mkdir(parents=True)
    block = io.StringIO()
    call_command(
        "nginx-config",
        listen=f"127.0.0.1:{port}",
        upstream=live_server.url.removeprefix("http://"),
        stdout=block,
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; {block.getvalue()} }}\n"
    )
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"])
    wait_for_port(port, process=process, seconds=10, log=tmp_path / "error.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback http
        return response.headers.get("X-Page-Cache", ""), response.read().decode()


def test_nginx_sends_stored_pages_and_the_next_reader_sees_changes(front, make_post, editor):
    post = make_post("Behind nginx")
    url = front + post.get_absolute_url()
    assert get(url)[0] == "miss, stored"  # passed to samizdat, which stored it
    assert get(url)[0] == "hit (nginx)"  # sent by nginx from the file
    comment = Comment.objects.create(
        post=post,
        author_name="Guest",
        body_source="Now visible",
        body_html="<p>Now visible</p>",
        status="pending",
    )
    comment_approve(comment=comment, moderator=editor)
    state, html = get(url)
    assert state == "miss, stored" and "Now visible" in html
    assert get(front + "/feed/")[0] == "miss, stored"
    assert get(front + "/feed/")[0] == "hit (nginx)"
