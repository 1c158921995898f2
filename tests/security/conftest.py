"""Shared by the security tests: nginx in front of live_server (from the page-cache tests)."""

from tests.comments.conftest import comment_data  # noqa: F401 - a fixture, used by name
from tests.pagecache.test_nginx import front  # noqa: F401 - a fixture, used by name
