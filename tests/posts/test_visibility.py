"""Who sees a post in each status: anonymous readers, its author, other authors, editors."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from samizdat.posts.models import Post, Status

pytestmark = pytest.mark.django_db


def fetch(client, user, post):
    if user is not None:
        client.force_login(user)
    return client.get(f"/?p={post.pk}", follow=True)


@pytest.mark.parametrize(
    ("status", "future", "anonymous", "own_author", "other_author", "editor_sees"),
    [
        (Status.PUBLISHED, False, True, True, True, True),
        (Status.DRAFT, False, False, True, False, True),
        (Status.PENDING, False, False, True, False, True),
        (Status.SCHEDULED, True, False, True, False, True),
        (Status.PRIVATE, False, False, True, False, True),
    ],
)
def test_each_status_is_visible_to_exactly_the_right_people(
    client,
    make_post,
    make_user,
    author,
    editor,
    status,
    future,
    anonymous,
    own_author,
    other_author,
    editor_sees,
):
    """Published posts are public; drafts, pending, not-yet-due and private posts are seen only
    by their author and by editors."""
    from samizdat.accounts.roles import Role

    when = timezone.now() + timedelta(days=2) if future else None
    post = make_post("Status check", by=author, status=status, published_at=when)
    other = make_user("otto", Role.AUTHOR)
    for user, expected in [
        (None, anonymous),
        (author, own_author),
        (other, other_author),
        (editor, editor_sees),
    ]:
        client.logout()
        response = fetch(client, user, post)
        assert (response.status_code == 200) is expected, (status, user)
        if expected:
            assert "Status check" in response.content.decode()


def test_hidden_posts_are_missing_from_archives(client, make_post):
    make_post("Shown on the front page")
    make_post("Draft stays home", status=Status.DRAFT)
    make_post("Private stays home", status=Status.PRIVATE)
    make_post("Future stays home", published_at=timezone.now() + timedelta(hours=1))
    page = client.get("/").content.decode()
    assert "Shown on the front page" in page
    assert "Draft stays home" not in page
    assert "Private stays home" not in page
    assert "Future stays home" not in page


def test_editor_sees_private_posts_in_archives_marked_private(client, make_post, editor):
    make_post("Staff only", status=Status.PRIVATE)
    client.force_login(editor)
    assert "Private: Staff only" in client.get("/").content.decode()


def test_scheduled_post_appears_once_its_time_passes(client, make_post):
    """No cron: the query decides, so the post is public the moment its time comes."""
    due = timezone.now() + timedelta(seconds=1.5)
    post = make_post("Tomorrow news", published_at=due)
    assert post.status == Status.SCHEDULED
    assert client.get(f"/?p={post.pk}").status_code == 404
    assert "Tomorrow news" not in client.get("/").content.decode()

    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.1)

    assert client.get(f"/?p={post.pk}", follow=True).status_code == 200
    assert "Tomorrow news" in client.get("/").content.decode()
    assert Post.objects.published().filter(pk=post.pk).exists()
