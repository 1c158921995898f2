"""The publishing API under test: samizdat on a real HTTP server (pytest-django's live server,
with the test database), app passwords for the fixed cast of users, and the Node.js clients
in tests/publishing/clients (`npm ci --prefix tests/publishing/clients`; `make test` does)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from samizdat.publishing.services import app_password_create

CLIENTS = Path(__file__).resolve().parent / "clients"
DATA = Path(__file__).resolve().parent / "data"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, settings) -> str:
    """The running server's address, which is also the site's own (SAMIZDAT_SITE_URL)."""
    settings.SAMIZDAT_SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def app_password():
    """app_password(user) → the password of a new app password for that user."""

    def make(user, name: str = "Test app") -> str:
        return app_password_create(user=user, name=name)[1]

    return make


@pytest.fixture
def node_client():
    """Run a script of tests/publishing/clients with JSON in and JSON out."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js not found: `apt-get install nodejs npm` (.ci/run does)")
    if not (CLIENTS / "node_modules" / "wpapi").is_dir():
        pytest.fail(f"the test clients are not installed: `npm ci --prefix {CLIENTS}`")

    def run(script: str, **arguments) -> dict:
        result = subprocess.run(
            [node, script, json.dumps(arguments)],
            cwd=CLIENTS,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            pytest.fail(f"{script} failed:\n{result.stdout}\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run
