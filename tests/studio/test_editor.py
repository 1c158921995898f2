"""The studio's editor through HTTP: saving, scheduling in the site's time zone, autosaves
that never touch the live post, changes to a published post kept until "Update", conflicts
between two editors, and the live preview rendered by the public page's code."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from samizdat.core.models import SiteSettings, site_settings_changed
from samizdat.posts.drafts import post_version
from samizdat.posts.models import Draft, Post, Revision, Status

from .conftest import editor_form

pytestmark = pytest.mark.django_db


def test_a_new_post_is_saved_as_a_draft_with_categories_and_tags(
    client, editor, make_category, form
):
    news = make_category("News")
    client.force_login(editor)
    response = client.post(
        "/studio/posts/new/",
        form(title="Hello", categories=[str(news.pk)], tags="one, Two, one", new_category="Fresh"),
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studio/posts/{post.pk}/"
    assert post.status == Status.DRAFT
    assert sorted(c.name for c in post.categories.all()) == ["Fresh", "News"]
    assert sorted(t.name for t in post.tags.all()) == ["Two", "one"]
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved." in page
    assert "Draft — not public" in page


def test_a_save_without_a_title_is_refused_with_the_text_kept(client, editor, form):
    client.force_login(editor)
    response = client.post("/studio/posts/new/", form(title="  ", body_source="Precious words"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the post a title." in page
    assert "Precious words" in page
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("publish_at", "message"),
    [("", "Choose when a scheduled post goes out."), ("2020-05-01T10:00", "That time has passed")],
)
def test_scheduling_without_a_time_to_come_is_refused_and_nothing_saved(
    client, editor, form, publish_at, message
):
    client.force_login(editor)
    response = client.post(
        "/studio/posts/new/",
        form(
            title="Embargoed",
            body_source="Not before Monday",
            action="publish",
            when="later",
            publish_at=publish_at,
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Not before Monday" in page
    assert not Post.objects.exists()
    assert "Embargoed" not in client.get("/feed/").content.decode()


def test_scheduling_uses_the_site_time_zone_and_says_exactly_when(client, editor, form):
    SiteSettings.objects.update_or_create(pk=1, defaults={"time_zone": "Asia/Tokyo"})
    site_settings_changed()
    next_year = timezone.now().year + 1
    client.force_login(editor)
    response = client.post(
        "/studio/posts/new/",
        form(
            title="New year",
            action="publish",
            when="later",
            publish_at=f"{next_year}-01-02T09:00",
        ),
        follow=True,
    )
    post = Post.objects.get()
    assert post.status == Status.SCHEDULED
    assert post.published_at == datetime(next_year, 1, 2, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
    weekday = datetime(next_year, 1, 2).strftime("%A")
    expected = f"goes out on {weekday} 2 January {next_year} at 09:00 (Asia/Tokyo)"
    page = response.content.decode()
    assert f"Scheduled: the post {expected}." in page
    assert f"Scheduled: {expected}" in page
    assert f'value="{next_year}-01-02T09:00"' in page

    client.logout()
    assert "New year" not in client.get("/").content.decode()
    assert "New year" not in client.get("/feed/").content.decode()
    assert client.get(f"/?p={post.pk}").status_code == 404


def test_autosave_keeps_the_text_apart_and_the_editor_offers_it_back(
    client, editor, make_post, form
):
    post = make_post("Draft", status=Status.DRAFT, body="Saved words.")
    client.force_login(editor)
    response = client.post(
        f"/studio/posts/{post.pk}/autosave/", form(post, title="Draft", body_source="Typed on")
    )
    assert response.status_code == 200
    assert response.json()["stale"] is False
    post.refresh_from_db()
    assert post.body_source == "Saved words."  # never the live post
    assert post.revisions.count() == 1

    page = client.get(f"/studio/posts/{post.pk}/").content.decode()
    assert "Unsaved text from" in page
    assert "Saved words." in page and "Typed on" not in page
    restored = client.get(f"/studio/posts/{post.pk}/?restore=autosave").content.decode()
    assert "Typed on" in restored
    assert "The autosaved text is back in the editor" in restored

    client.post(f"/studio/posts/{post.pk}/", form(post, title="Draft", body_source="Typed on"))
    post.refresh_from_db()
    assert post.body_source == "Typed on"
    assert not Draft.objects.exists()  # the save spent the autosave
    assert "Unsaved text from" not in client.get(f"/studio/posts/{post.pk}/").content.decode()


def test_the_first_autosave_of_a_new_post_makes_it_a_draft(client, author, form):
    client.force_login(author)
    empty = client.post("/studio/posts/new/autosave/", form(title="", body_source=" "))
    assert empty.status_code == 204
    assert not Post.objects.exists()

    response = client.post("/studio/posts/new/autosave/", form(title="", body_source="Begun"))
    data = response.json()
    post = Post.objects.get()
    assert (post.title, post.status, post.author) == ("Untitled draft", Status.DRAFT, author)
    assert data["id"] == post.pk
    assert data["edit_url"] == f"/studio/posts/{post.pk}/"
    assert data["version"] == post_version(post)


def test_changes_to_a_published_post_wait_for_update(client, editor, make_post, form):
    post = make_post("Live", body="The old text.")
    client.force_login(editor)
    response = client.post(
        f"/studio/posts/{post.pk}/", form(post, title="Live", body_source="The new text.")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_source == "The old text."
    assert Draft.objects.get(kind=Draft.Kind.PENDING).body_source == "The new text."

    editor_page = client.get(f"/studio/posts/{post.pk}/").content.decode()
    assert "changes that readers do not see yet" in editor_page
    assert "The new text." in editor_page
    preview = client.get(f"/studio/posts/{post.pk}/preview/")
    assert "The new text." in preview.content.decode()
    assert preview["Cache-Control"] == "no-store"

    anonymous = type(client)()
    assert "The old text." in anonymous.get(post.get_absolute_url()).content.decode()
    assert "The new text." not in anonymous.get("/feed/").content.decode()

    client.post(
        f"/studio/posts/{post.pk}/",
        form(post, title="Live", body_source="The new text.", action="update"),
    )
    post.refresh_from_db()
    assert post.body_source == "The new text."
    assert not Draft.objects.exists()
    assert "The new text." in anonymous.get(post.get_absolute_url()).content.decode()


def test_a_second_editor_saving_over_the_first_gets_a_conflict_with_both_versions(
    client, editor, make_user, make_post
):
    from samizdat.accounts.roles import Role

    other = make_user("erin", Role.EDITOR, display_name="Erin Editor")
    post = make_post("Shared draft", status=Status.DRAFT, body="Original.")
    opened = editor_form(post, title="Shared draft")  # both open the same version

    client.force_login(other)
    client.post(f"/studio/posts/{post.pk}/", {**opened, "body_source": "Erin's version."})
    client.force_login(editor)
    response = client.post(f"/studio/posts/{post.pk}/", {**opened, "body_source": "Eddie's."})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this post while you were editing it" in page
    assert "Erin Editor saved it" in page
    assert "Erin&#x27;s version." in page and "Eddie&#x27;s." in page
    post.refresh_from_db()
    assert post.body_source == "Erin's version."  # nothing overwritten
    assert Draft.objects.get(user=editor, kind=Draft.Kind.AUTOSAVE).body_source == "Eddie's."

    # The form now carries the current version: saving again keeps mine, on purpose.
    again = {**opened, "body_source": "Eddie's.", "version": post_version(post)}
    assert client.post(f"/studio/posts/{post.pk}/", again).status_code == 302
    post.refresh_from_db()
    assert post.body_source == "Eddie's."


def test_ctrl_s_saves_with_json_and_a_conflict_answers_409(client, editor, make_post):
    post = make_post("Quick", status=Status.DRAFT)
    client.force_login(editor)
    data = editor_form(post, title="Quick", body_source="One")
    json = {"Accept": "application/json"}
    first = client.post(f"/studio/posts/{post.pk}/", data, headers=json)
    assert first.status_code == 200
    assert first.json()["version"] == post_version(post)
    second = client.post(f"/studio/posts/{post.pk}/", {**data, "body_source": "Two"}, headers=json)
    assert second.status_code == 409
    assert second.json() == {"ok": False, "conflict": True}


def test_every_save_keeps_a_revision_but_autosaves_do_not(client, editor, make_post, form):
    post = make_post("Counted", status=Status.DRAFT)
    client.force_login(editor)
    for n in range(3):
        client.post(f"/studio/posts/{post.pk}/autosave/", form(post, body_source=f"v{n}"))
    assert Revision.objects.filter(post=post).count() == 1
    client.post(f"/studio/posts/{post.pk}/", form(post, title="Counted", body_source="v3"))
    assert Revision.objects.filter(post=post).count() == 2


def test_live_preview_renders_with_the_public_pages_code(client, editor):
    client.force_login(editor)
    body = (
        '![A kitchen](/k.jpg "At the table")\n\n> Prices went up.\n>\n> — A neighbour\n\n'
        "<script>alert(1)</script>"
    )
    response = client.post("/studio/render/", {"body_source": body, "body_format": "markdown"})
    html = response.content.decode()
    assert "<figure>" in html and "<figcaption>At the table</figcaption>" in html
    assert '<footer class="quote-source">' in html
    assert "<script" not in html
    assert response["Cache-Control"] == "no-store"


def test_stale_autosave_says_the_post_changed_meanwhile(client, editor, make_post, form):
    post = make_post("Busy", status=Status.DRAFT)
    old = post_version(post)
    post.title = "Busy, renamed"
    post.save()
    client.force_login(editor)
    response = client.post(f"/studio/posts/{post.pk}/autosave/", form(version=old))
    assert response.json()["stale"] is True
    assert timezone.now() - Draft.objects.get().saved_at < timedelta(minutes=1)
