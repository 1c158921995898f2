"""Saving changes to a published post in the studio touches no stored page: readers go on
getting the cached post, home page and feed until "Update", which drops them at once. Preview
links and previews are never stored."""

import pytest
from django.test import Client

from samizdat.posts.drafts import preview_link_create, preview_link_token

from .conftest import editor_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path


def state(response) -> str:
    return response.get("X-Page-Cache", "")


def test_pending_changes_leave_stored_pages_alone_until_update(make_post, editor):
    post = make_post("Cached story", body="Old words.")
    reader, writer = Client(), Client()
    writer.force_login(editor)
    paths = [post.get_absolute_url(), "/", "/feed/"]
    for path in paths:
        assert state(reader.get(path)) == "miss, stored"

    writer.post(
        f"/studio/posts/{post.pk}/",
        editor_form(post, title="Cached story", body_source="New words."),
    )
    for path in paths:
        response = reader.get(path)
        assert state(response) == "hit", path
        assert "New words." not in response.content.decode()

    writer.post(
        f"/studio/posts/{post.pk}/",
        editor_form(post, title="Cached story", body_source="New words.", action="update"),
    )
    fresh = reader.get(post.get_absolute_url())
    assert state(fresh) == "miss, stored"
    assert "New words." in fresh.content.decode()
    assert "New words." in reader.get("/feed/").content.decode()


def test_a_preview_link_is_never_stored(make_post, editor):
    from samizdat.posts.models import Status

    post = make_post("Secret", status=Status.DRAFT)
    path = f"/preview/{preview_link_token(preview_link_create(post=post, user=editor))}/"
    reader = Client()
    assert [state(reader.get(path)) for _ in range(2)] == ["", ""]
    assert reader.get(path).status_code == 200
