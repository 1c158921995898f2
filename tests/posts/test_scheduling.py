"""Scheduling that cannot leak: "Scheduled" needs a time to come. Without one, or with one
already past, the post is refused with a clear message and nothing is saved (before this, a
"Scheduled" post without a time went out at once, onto the home page and the feed)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samizdat.posts.models import Post, Status
from samizdat.posts.services import post_save

from .test_roles import ADD_URL, change_url, form_data

pytestmark = pytest.mark.django_db


def test_scheduled_without_a_time_is_refused_in_the_admin_and_nothing_saved(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        form_data(
            title="Embargoed", status="scheduled", author=str(editor.pk), body_source="Not yet!"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose when a scheduled post goes out." in page
    assert "Not yet!" in page
    assert not Post.objects.exists()
    assert "Embargoed" not in client.get("/feed/").content.decode()


def test_scheduled_with_a_past_time_is_refused_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        form_data(
            title="Late",
            status="scheduled",
            author=str(editor.pk),
            published_at_0="2020-01-01",
            published_at_1="10:00",
        ),
    )
    assert response.status_code == 200
    assert "That time has passed" in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize("when", [None, timedelta(minutes=-5)])
def test_the_service_refuses_scheduled_without_a_time_to_come(editor, when):
    post = Post(
        title="Embargoed",
        status=Status.SCHEDULED,
        published_at=None if when is None else timezone.now() + when,
    )
    with pytest.raises(ValidationError) as refused:
        post_save(post=post, user=editor)
    assert "published_at" in refused.value.message_dict
    assert not Post.objects.exists()


def test_a_scheduled_post_whose_time_came_saves_again_as_published(client, editor, make_post):
    """Its status still reads "scheduled" in the database; it is public already, so saving it
    again (as the admin shows it, "Scheduled" with its past time) leaks nothing and goes
    through, settling as published."""
    post = make_post("Went out", published_at=timezone.now() + timedelta(hours=1))
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(hours=1))
    post.refresh_from_db()
    assert post.status == Status.SCHEDULED

    client.force_login(editor)
    local = timezone.localtime(post.published_at)
    response = client.post(
        change_url(post),
        form_data(
            title="Went out, corrected",
            status="scheduled",
            author=str(editor.pk),
            published_at_0=f"{local:%Y-%m-%d}",
            published_at_1=f"{local:%H:%M:%S}",
        ),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.status, post.title) == (Status.PUBLISHED, "Went out, corrected")


def test_scheduled_for_tomorrow_is_kept_off_the_home_page_and_feed(client, editor):
    tomorrow = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        form_data(
            title="Tomorrow's news",
            status="scheduled",
            author=str(editor.pk),
            published_at_0=f"{tomorrow:%Y-%m-%d}",
            published_at_1=f"{tomorrow:%H:%M:%S}",
        ),
    )
    assert response.status_code == 302
    assert Post.objects.get().status == Status.SCHEDULED
    client.logout()
    assert "Tomorrow&#x27;s news" not in client.get("/").content.decode()
    assert "Tomorrow" not in client.get("/feed/").content.decode()
