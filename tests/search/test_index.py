"""The index follows every save, publish, unpublish and delete; `samizdat reindex` rebuilds it."""

from io import StringIO

import pytest
from django.core.management import call_command

from samizdat.posts.models import Post, Status
from samizdat.posts.services import post_save
from samizdat.search.models import SearchDocument
from tests.dates import at

pytestmark = pytest.mark.django_db


def test_an_edit_is_found_at_once(search, make_post, editor):
    post = make_post("Weather", published_at=at(2024, 1, 1), body="Sunny.")
    post.body_source = "Rain all day."
    post_save(post=post, user=editor)
    assert search("rain") == ["Weather"]
    assert search("sunny") == []


def test_publishing_adds_and_unpublishing_removes(search, make_post, editor):
    post = make_post("Secret plan", status=Status.DRAFT, body="plan")
    assert search("plan") == []
    post.status = Status.PUBLISHED
    post_save(post=post, user=editor)
    assert search("plan") == ["Secret plan"]
    post.status = Status.PRIVATE
    post_save(post=post, user=editor)
    assert search("plan") == []
    assert not SearchDocument.objects.exists()  # private text is not even kept in the index


def test_deleting_in_the_admin_removes_the_post_from_search(client, search, make_post, editor):
    post = make_post("Doomed", published_at=at(2024, 1, 1))
    client.force_login(editor)
    response = client.post(f"/admin/posts/post/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert search("doomed") == []
    assert not SearchDocument.objects.exists()


def test_bulk_delete_in_the_admin_removes_every_post(client, search, make_post, editor):
    posts = [make_post(f"Doomed {n}", published_at=at(2024, 1, n)) for n in (1, 2, 3)]
    client.force_login(editor)
    response = client.post(
        "/admin/posts/post/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts[:2]], "post": "yes"},
    )
    assert response.status_code == 302
    assert search("doomed") == ["Doomed 3"]


def test_admin_delete_goes_through_the_role_check(client, make_post, contributor, editor):
    """A contributor may not delete a post an editor published, even their own."""
    post = make_post("Approved", by=editor, author=contributor, published_at=at(2024, 1, 1))
    client.force_login(contributor)
    client.post(f"/admin/posts/post/{post.pk}/delete/", {"post": "yes"})
    assert Post.objects.filter(pk=post.pk).exists()


def test_reindex_command_rebuilds_the_index(search, make_post):
    make_post("Kept", published_at=at(2024, 1, 1), body="harbour")
    make_post("Hidden", status=Status.DRAFT, body="harbour")
    SearchDocument.objects.all().delete()
    assert search("harbour") == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert out.getvalue().strip() == "Indexed 1 post."
    assert search("harbour") == ["Kept"]


def test_reindex_twice_finds_each_post_once(search, make_post):
    make_post("Once", published_at=at(2024, 1, 1), body="harbour")
    call_command("reindex", stdout=StringIO())
    call_command("reindex", stdout=StringIO())
    assert search("harbour") == ["Once"]
