"""Sites of their own for the durability tests: a data folder each and, on the PostgreSQL pass,
a database created for the test and dropped after it (never the suite's own)."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.core.test_cli import run_env, samizdat


def postgres_server() -> str | None:
    """The PostgreSQL the suite runs on in its second pass, if this is that pass."""
    url = os.environ.get("SAMIZDAT_TEST_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


@pytest.fixture
def make_database():
    """make_database() → the URL of a new, empty PostgreSQL database, dropped afterwards."""
    server = postgres_server()
    if server is None:
        pytest.skip("PostgreSQL pass only (SAMIZDAT_TEST_DATABASE_URL)")
    made = []

    def make() -> str:
        name = f"samizdat_durability_{uuid.uuid4().hex[:10]}"
        with _admin_connection(server) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))

    yield make
    with _admin_connection(server) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """A samizdat data folder (and database) driven through the `samizdat` command."""

    def __init__(self, data_dir, database_url: str = ""):
        extra = {"SAMIZDAT_DATABASE_URL": database_url} if database_url else {}
        self.data = data_dir
        self.env = run_env(
            data_dir,
            SAMIZDAT_CACHE_URL="locmem://",
            SAMIZDAT_EMAIL_URL="locmem://",
            SAMIZDAT_COMMENTS_RATE_LIMIT="off",
            SAMIZDAT_DEMO="0",
            **extra,
        )

    def run(self, *args: str, check: bool = True):
        result = samizdat(*args, env=self.env)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def shell(self, code: str) -> str:
        return self.run("shell", "-c", code).stdout.strip().splitlines()[-1]


@pytest.fixture
def make_site(tmp_path, request):
    """make_site("a") → a Site in its own folder, on SQLite or (param "postgresql") a new
    PostgreSQL database."""
    vendor = getattr(request, "param", "sqlite")
    databases = request.getfixturevalue("make_database") if vendor == "postgresql" else None

    def make(name: str) -> Site:
        return Site(tmp_path / name, databases() if databases else "")

    return make
