"""Bad input in the post editor: a clear error, nothing saved, the author's text kept;
and revisions: every save kept, diffed and restorable."""

import pytest

from samizdat.posts.models import Post, Revision
from tests.dates import at

from .test_roles import ADD_URL, form_data

pytestmark = pytest.mark.django_db


def test_invalid_slug_is_refused_and_the_text_kept(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(slug="not a slug!", body_source="My long draft."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid “slug”" in page
    assert "My long draft." in page
    assert not Post.objects.exists()


def test_duplicate_slug_is_refused_with_a_clear_message(client, editor, make_post):
    make_post("Taken", published_at=at(2024, 4, 1))
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        form_data(
            slug="taken",
            status="published",
            published_at_0="2024-04-01",
            published_at_1="15:00:00",
            body_source="Second text, same day.",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Another post already uses this slug; choose another." in page
    assert "Second text, same day." in page
    assert Post.objects.count() == 1


def test_blank_slug_is_made_from_the_title_and_kept_unique(editor, make_post):
    first = make_post("Same title")
    second = make_post("Same title")
    assert (first.slug, second.slug) == ("same-title", "same-title-2")


def test_every_save_keeps_a_revision_and_the_admin_diffs_and_restores(client, editor, make_post):
    post = make_post("Draft one", body="The first wording.")
    client.force_login(editor)
    client.post(
        f"/admin/posts/post/{post.pk}/change/",
        form_data(
            title="Draft one",
            status="published",
            author=str(editor.pk),
            published_at_0="2024-04-01",
            published_at_1="10:00:00",
            body_source="The second wording.",
        ),
    )
    post.refresh_from_db()
    assert post.body_source == "The second wording."
    assert post.revisions.count() == 2

    page = client.get(f"/admin/posts/post/{post.pk}/revisions/").content.decode()
    assert '<span class="del">-The first wording.</span>' in page
    assert '<span class="add">+The second wording.</span>' in page

    first = post.revisions.order_by("saved_at", "id").first()
    response = client.post(f"/admin/posts/post/{post.pk}/revisions/{first.pk}/restore/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_source == "The first wording."
    assert "first wording" in post.body_html
    assert Revision.objects.filter(post=post).count() == 3


def test_restore_needs_post_not_get(client, editor, make_post):
    post = make_post("Stable", body="Keep me.")
    client.force_login(editor)
    client.get(f"/admin/posts/post/{post.pk}/revisions/{post.revisions.get().pk}/restore/")
    assert post.revisions.count() == 1
