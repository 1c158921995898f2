"""Roles in the studio, through its HTTP endpoints (not just what the pages show): a
contributor writes and submits for review but cannot publish; an author cannot open, save,
autosave, preview or share another's post; readers without a role are turned away."""

import pytest

from samizdat.posts.models import Draft, Post, PreviewLink, Status
from tests.media.pictures import encoded, picture, upload

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in_and_readers_turned_away(client, reader):
    response = client.get("/studio/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/studio/")
    client.force_login(reader)
    response = client.get("/studio/posts/new/")
    assert response.status_code == 403
    assert "no writing role" in response.content.decode()
    assert client.post("/studio/posts/new/", {"title": "x"}).status_code == 403
    assert not Post.objects.exists()


def test_contributor_writes_and_submits_for_review(client, contributor, form):
    client.force_login(contributor)
    response = client.post("/studio/posts/new/", form(title="My first", action="save"))
    post = Post.objects.get()
    assert response.status_code == 302
    assert (post.status, post.author) == (Status.DRAFT, contributor)

    response = client.post(f"/studio/posts/{post.pk}/", form(post, action="submit"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.PENDING
    page = client.get(f"/studio/posts/{post.pk}/").content.decode()
    assert "Pending review — not public" in page
    assert 'value="publish"' not in page  # no Publish button for a contributor


@pytest.mark.parametrize("action", ["publish", "update"])
def test_contributor_cannot_publish_through_the_studio(client, contributor, form, action):
    client.force_login(contributor)
    client.post("/studio/posts/new/", form(title="Eager"))
    post = Post.objects.get()
    response = client.post(f"/studio/posts/{post.pk}/", form(post, title="Eager", action=action))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Status.DRAFT
    assert not post.is_public
    assert "Eager" not in client.get("/feed/").content.decode()
    if action == "publish":
        assert "You may not publish posts" in response.content.decode()


def test_contributor_cannot_change_their_post_once_published(
    client, contributor, editor, make_post, form
):
    post = make_post("Went out", by=editor, author=contributor)
    client.force_login(contributor)
    assert client.get(f"/studio/posts/{post.pk}/").status_code == 404
    response = client.post(f"/studio/posts/{post.pk}/", form(post, body_source="Changed"))
    assert response.status_code == 404
    assert not Draft.objects.exists()


def test_author_cannot_touch_another_authors_post(client, author, editor, make_post, form):
    post = make_post("Eddie's draft", status=Status.DRAFT, body="Eddie's words.")
    client.force_login(author)
    base = f"/studio/posts/{post.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, form(post, body_source="Hijacked")).status_code == 404
    assert client.post(base, form(post, action="publish")).status_code == 404
    assert client.post(base + "autosave/", form(post, body_source="Hijacked")).status_code == 404
    assert client.get(base + "preview/").status_code == 404
    assert client.post(base + "preview/", form(post)).status_code == 404
    assert client.post(base + "share/").status_code == 404
    post.refresh_from_db()
    assert (post.body_source, post.status) == ("Eddie's words.", Status.DRAFT)
    assert not Draft.objects.exists() and not PreviewLink.objects.exists()
    assert "Eddie&#x27;s draft" not in client.get("/studio/posts/").content.decode()


def test_author_publishes_their_own_post_and_editor_sees_everyones(client, author, editor, form):
    client.force_login(author)
    client.post("/studio/posts/new/", form(title="Aurora's news", action="publish"))
    post = Post.objects.get()
    assert post.status == Status.PUBLISHED and post.is_public
    client.force_login(editor)
    assert "Aurora&#x27;s news" in client.get("/studio/posts/").content.decode()
    assert client.get(f"/studio/posts/{post.pk}/").status_code == 200


def test_contributor_may_not_upload_and_is_told_why(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/studio/media/upload/",
        {"file": upload(encoded(picture(40, 30)))},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    assert response.json()["error"] == "You may not upload images."


def test_pages_and_comments_are_for_editors(client, author, editor):
    client.force_login(author)
    assert client.get("/studio/pages/").status_code == 403
    assert client.get("/studio/pages/new/").status_code == 403
    assert client.get("/studio/comments/").status_code == 403
    client.force_login(editor)
    assert client.get("/studio/pages/").status_code == 200
    assert client.get("/studio/comments/").status_code == 200


def test_the_editors_scripts_get_a_clear_401_when_signed_out(client):
    """Not a redirect to a log-in form, which a script cannot show; nothing is written."""
    response = client.post(
        "/studio/posts/new/autosave/", {"title": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 401
    assert response.json()["error"].startswith("You are signed out")
    assert not Post.objects.exists()
