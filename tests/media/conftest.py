"""Signed-in clients for the media tests; the cast of users comes from tests/conftest.py."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes its uploads to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author_client(author) -> Client:
    return _signed_in(author)


@pytest.fixture
def editor_client(editor) -> Client:
    return _signed_in(editor)


@pytest.fixture
def contributor_client(contributor) -> Client:
    return _signed_in(contributor)
