"""Shareable preview links: someone without an account reads a draft (pending changes
included) through a signed link; it stops working when revoked or expired, a forged or altered
token opens nothing, and no answer is stored by a cache or shown to a search engine."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from samizdat.posts.drafts import preview_link_token
from samizdat.posts.models import PreviewLink, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(client, editor, make_post):
    post = make_post("Embargoed report", status=Status.DRAFT, body="The *findings*.")
    client.force_login(editor)
    response = client.post(f"/studio/posts/{post.pk}/share/")
    assert response.status_code == 302
    link = PreviewLink.objects.get(post=post)
    return post, link, f"/preview/{preview_link_token(link)}/"


def test_someone_signed_out_reads_the_draft_through_the_link(client, shared):
    post, _link, url = shared
    editor_page = client.get(f"/studio/posts/{post.pk}/").content.decode()
    assert f'value="{settings.SAMIZDAT_SITE_URL}{url}"' in editor_page  # ready to copy
    assert "whoever has it can read this post until" in editor_page

    stranger = Client()
    response = stranger.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Embargoed report" in page and "<em>findings</em>" in page
    assert "shared with you before publication" in page
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'class="comment-form"' not in page
    assert stranger.get(f"/?p={post.pk}").status_code == 404  # the post itself stays hidden


def test_the_link_shows_pending_changes_of_a_published_post(client, editor, make_post):
    from .conftest import editor_form

    post = make_post("Live", body="Old words.")
    client.force_login(editor)
    client.post(
        f"/studio/posts/{post.pk}/", editor_form(post, title="Live", body_source="New words.")
    )
    client.post(f"/studio/posts/{post.pk}/share/")
    url = f"/preview/{preview_link_token(PreviewLink.objects.get())}/"
    assert "New words." in Client().get(url).content.decode()
    assert "Old words." in Client().get(post.get_absolute_url()).content.decode()


def test_a_revoked_link_opens_nothing(client, shared):
    post, link, url = shared
    response = client.post(f"/studio/posts/{post.pk}/share/{link.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get(url).status_code == 404
    assert url not in client.get(f"/studio/posts/{post.pk}/").content.decode()


def test_an_expired_link_opens_nothing(shared):
    _post, link, url = shared
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("tamper", ["key", "signature"])
def test_a_forged_or_altered_token_opens_nothing(shared, tamper):
    _post, link, _url = shared
    key, signature = preview_link_token(link).rsplit(":", 1)
    if tamper == "key":
        forged = f"{key[:-1]}{'A' if key[-1] != 'A' else 'B'}:{signature}"
    else:
        forged = f"{key}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    assert Client().get(f"/preview/{forged}/").status_code == 404
    assert Client().get(f"/preview/{key}/").status_code == 404  # the bare key is not enough
