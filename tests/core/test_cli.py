"""The `samizdat` command as a user runs it: real processes, a real data folder, real HTTP."""

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.ports import free_port, wait_for_port

SAMIZDAT = [sys.executable, "-m", "samizdat"]


def run_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMIZDAT_", "DJANGO_"))}
    return {**env, "SAMIZDAT_DATA_DIR": str(data_dir), **extra}


def samizdat(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*SAMIZDAT, *args], env=env, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = run_env(tmp_path, SAMIZDAT_HTTPS="1", SAMIZDAT_ALLOWED_HOSTS="blog.example.org")
    result = samizdat("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_them(tmp_path):
    result = samizdat("check", "--deploy", "--fail-level", "WARNING", env=run_env(tmp_path))
    assert result.returncode != 0


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    env = run_env(tmp_path)
    samizdat("check", env=env)
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    samizdat("check", env=env)
    assert key_file.read_text() == first and len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_sqlite_file_database_uses_wal_and_a_busy_timeout(tmp_path):
    env = run_env(tmp_path)
    assert samizdat("migrate", "-v0", env=env).returncode == 0
    probe = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0], "
        "c.execute('PRAGMA foreign_keys').fetchone()[0])"
    )
    result = samizdat("shell", "-c", probe, env=env)
    assert result.stdout.split()[-3:] == ["wal", "20000", "1"], result.stderr


@pytest.mark.parametrize(
    ("extra", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"SAMIZDAT_ALLOWED_HOSTS": "blog.example.org,www.example.org"}, "http://blog.example.org"),
        (
            {"SAMIZDAT_ALLOWED_HOSTS": "blog.example.org", "SAMIZDAT_HTTPS": "1"},
            "https://blog.example.org",
        ),
        ({"SAMIZDAT_SITE_URL": "https://x.example/"}, "https://x.example"),
    ],
)
def test_the_site_url_defaults_to_the_first_named_allowed_host(tmp_path, extra, site_url):
    probe = "from django.conf import settings; print(settings.SAMIZDAT_SITE_URL)"
    result = samizdat("shell", "-c", probe, env=run_env(tmp_path, **extra))
    assert result.stdout.split()[-1] == site_url, result.stderr


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http only
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture(params=[[], ["--production", "--workers", "1"]], ids=["dev", "production"])
def served(tmp_path, request):
    """`samizdat serve` on a free port with an empty data folder, as `make serve` runs it, and
    in production mode (granian)."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*SAMIZDAT, "serve", "--port", str(port), *request.param],
            env=run_env(tmp_path / "data"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process=process, seconds=120, log=log)
    yield f"http://127.0.0.1:{port}", log
    process.terminate()
    process.wait(timeout=20)


def test_serve_prepares_an_empty_site_and_shows_the_demo_blog(served):
    base, log = served
    status, home = get(base + "/")
    assert status == 200
    assert "Sanctions, Seen From a Kitchen Table" in home
    output = log.read_text()
    assert f"samizdat is at {base}/" in output
    assert re.search(r"user admin\s+password \S+", output)

    post_url = re.search(r'href="([^"]+kitchen-table/)"', home).group(1)
    status, post = get(base + post_url)
    assert status == 200
    assert "<figcaption>" in post and "(illustration for samizdat" in post
    assert "This entry was posted in" in post

    # SAMIZDAT_SITE_URL unset: the site is where `serve` serves it, in absolute links too
    assert f'<link rel="canonical" href="{base}{post_url}">' in post
    css = re.search(r'href="(/static/theme/site\.[0-9a-f]+\.css)"', post).group(1)
    assert get(base + css)[0] == 200
    image = re.search(r'<img src="(/media/[^"]+)"', post).group(1)
    assert get(base + image)[0] == 200


def test_anonymous_pages_are_served_from_the_page_cache(served):
    base, _ = served
    with urllib.request.urlopen(base + "/", timeout=10) as first:  # noqa: S310 - http only
        assert first.headers["X-Page-Cache"] == "miss, stored"
    with urllib.request.urlopen(base + "/", timeout=10) as second:  # noqa: S310 - http only
        assert second.headers["X-Page-Cache"] == "hit"


def _processes_of(data_dir: Path) -> list[int]:
    """Processes running with this data folder in their environment."""
    marker = f"SAMIZDAT_DATA_DIR={data_dir}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    if marker in f.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("how", ["sigkill-serve-only", "sigterm-whole-group"])
def test_production_server_never_outlives_serve(tmp_path, how):
    """granian runs in its own process group: killed alone, `samizdat serve` takes it down
    (parent-death signal); a signal to serve's group (Ctrl-C, a service manager) reaches only
    granian's main process, which stops its workers, so none is respawned and left behind."""
    import signal
    import time

    port, data = free_port(), tmp_path / "data"
    process = subprocess.Popen(
        [*SAMIZDAT, "serve", "--production", "--workers", "2", "--port", str(port)],
        env=run_env(data, SAMIZDAT_DEMO="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for_port(port, process=process, seconds=120)
    assert len(_processes_of(data)) >= 4  # serve, the task worker, granian and its workers
    if how == "sigkill-serve-only":
        process.kill()
    else:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    deadline = time.monotonic() + 60
    while _processes_of(data) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(data) == []


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_database_and_keys_are_readable_by_their_owner_only(tmp_path):
    """Issue 19: samizdat.sqlite3, -wal and -shm were 0644 in a 0755 folder."""
    data = tmp_path / "data"
    env = run_env(data)
    assert samizdat("migrate", "-v0", env=env).returncode == 0
    assert _mode(data) & 0o066 == 0  # others may pass through (nginx), not list or write
    private = [data / "samizdat.sqlite3", data / "secret_key"]
    private += list(data.glob("samizdat.sqlite3-*"))
    for path in private:
        assert _mode(path) & 0o077 == 0, f"{path.name} is {oct(_mode(path))}"


def test_world_readable_files_from_before_are_made_private_on_start(tmp_path):
    data = tmp_path / "data"
    env = run_env(data)
    assert samizdat("migrate", "-v0", env=env).returncode == 0
    data.chmod(0o755)
    for name in ("samizdat.sqlite3", "secret_key"):
        (data / name).chmod(0o644)
    (data / "samizdat.sqlite3-wal").write_bytes(b"")
    (data / "samizdat.sqlite3-wal").chmod(0o644)
    assert samizdat("check", env=env).returncode == 0
    assert _mode(data) == 0o711
    for name in ("samizdat.sqlite3", "secret_key", "samizdat.sqlite3-wal"):
        assert _mode(data / name) == 0o600, name
