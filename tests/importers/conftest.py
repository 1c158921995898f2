"""The WordPress fixture (read in place from ../shared, never copied), small exports made to
order, and an import run as the administrator."""

import os
import socket
from pathlib import Path

import pytest

from samizdat.importers.services import wordpress_import

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(
    os.environ.get("SAMIZDAT_WXR_FIXTURE")
    or REPO / ".." / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
)


@pytest.fixture(scope="session")
def theme_unit_test_data() -> Path:
    """WordPress's theme unit test export; tests using it skip when ../shared is absent."""
    if not FIXTURE.is_file():
        pytest.skip(f"WordPress fixture not found at {FIXTURE} (set SAMIZDAT_WXR_FIXTURE)")
    return FIXTURE


@pytest.fixture
def no_network(monkeypatch):
    """Any connection to a host other than this machine fails the test: nothing is downloaded."""
    connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "::1", "localhost")
            and (not host.startswith("/"))
        ):
            raise AssertionError(f"the import tried to reach {address}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def import_wxr(administrator, tmp_path):
    """Import a file, or WXR text written to a file first, as the administrator: the report."""
    written = iter(range(1_000))

    def run(source, **options):
        if isinstance(source, str):
            path = tmp_path / f"export-{next(written)}.xml"
            path.write_text(source, encoding="utf-8")
            source = path
        return wordpress_import(path=source, user=options.pop("user", administrator), **options)

    return run
