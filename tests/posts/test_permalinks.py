"""WordPress-compatible addresses: permalinks, ?p= and ?page_id=, and 301s from old addresses."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.core.models import PermalinkStructure, SiteSettings, site_settings_changed
from samizdat.core.sanitize import one_line
from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save, post_save
from tests.dates import at

pytestmark = pytest.mark.django_db


def use_structure(structure: PermalinkStructure) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"permalink_structure": structure})
    site_settings_changed()


def test_post_lives_at_its_day_and_name_permalink_by_default(client, make_post):
    post = make_post("Hello World", published_at=at(2024, 3, 7))
    assert post.get_absolute_url() == "/2024/03/07/hello-world/"
    response = client.get("/2024/03/07/hello-world/")
    assert response.status_code == 200
    assert '<h1 class="entry-title p-name">Hello World</h1>' in response.content.decode()


@pytest.mark.parametrize(
    ("structure", "expected"),
    [
        (PermalinkStructure.MONTH_AND_NAME, "/2024/03/hello-world/"),
        (PermalinkStructure.POST_NAME, "/hello-world/"),
    ],
)
def test_other_structures_serve_posts_and_old_shapes_redirect(
    client, make_post, structure, expected
):
    post = make_post("Hello World", published_at=at(2024, 3, 7))
    use_structure(structure)
    assert post.get_absolute_url() == expected
    assert client.get(expected).status_code == 200
    old = client.get("/2024/03/07/hello-world/")
    assert (old.status_code, old["Location"]) == (301, expected)


def test_query_id_redirects_permanently_to_the_permalink(client, make_post):
    post = make_post("By number", published_at=at(2023, 12, 31))
    response = client.get(f"/?p={post.pk}")
    assert response.status_code == 301
    assert response["Location"] == "/2023/12/31/by-number/"


def test_page_id_redirects_to_the_nested_page(client, editor):
    parent = page_save(page=Page(title="About", status=Status.PUBLISHED), user=editor)
    child = page_save(page=Page(title="Team", parent=parent, status=Status.PUBLISHED), user=editor)
    response = client.get(f"/?page_id={child.pk}")
    assert (response.status_code, response["Location"]) == (301, "/about/team/")
    assert client.get("/about/team/").status_code == 200


@pytest.mark.parametrize("bad", ["abc", "99999", "-1", "1e3"])
def test_unknown_or_malformed_ids_are_not_found(client, bad):
    assert client.get(f"/?p={bad}").status_code == 404


def test_changed_slug_leaves_a_permanent_redirect(client, make_post, editor):
    post = make_post("First title", published_at=at(2024, 1, 2))
    post.slug = "better-title"
    post_save(post=post, user=editor)
    response = client.get("/2024/01/02/first-title/")
    assert (response.status_code, response["Location"]) == (301, "/2024/01/02/better-title/")


def test_changed_date_leaves_a_permanent_redirect(client, make_post, editor):
    post = make_post("Moved", published_at=at(2024, 1, 2))
    post.published_at = at(2024, 2, 3)
    post_save(post=post, user=editor)
    response = client.get("/2024/01/02/moved/")
    assert (response.status_code, response["Location"]) == (301, "/2024/02/03/moved/")


def test_moved_page_redirects_from_its_old_path(client, editor):
    about = page_save(page=Page(title="About", status=Status.PUBLISHED), user=editor)
    team = page_save(page=Page(title="Team", status=Status.PUBLISHED), user=editor)
    team.parent = about
    page_save(page=team, user=editor)
    response = client.get("/team/")
    assert (response.status_code, response["Location"]) == (301, "/about/team/")


def test_non_ascii_slugs_work_in_both_encodings(client, make_post):
    post = make_post("Санкции и цены", published_at=at(2024, 5, 6))
    assert post.slug == "санкции-и-цены"
    url = post.get_absolute_url()
    assert url == "/2024/05/06/" + quote("санкции-и-цены") + "/"
    assert client.get(url).status_code == 200
    response = client.get(f"/?p={post.pk}")
    assert response["Location"] == url


def test_redirect_to_a_hidden_post_is_not_followed(client, make_post, editor):
    post = make_post("Going private", published_at=at(2024, 1, 2))
    post.slug = "renamed"
    post.status = Status.PRIVATE
    post_save(post=post, user=editor)
    assert client.get("/2024/01/02/going-private/").status_code == 404


def test_unknown_address_gets_the_friendly_404_page(client):
    response = client.get("/no/such/thing/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Nothing here" in body
    assert 'href="/"' in body


def test_pages_cannot_take_addresses_the_site_reserves(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        page_save(page=Page(title="Category", status=Status.PUBLISHED), user=editor)
    with pytest.raises(ValidationError):
        page_save(page=Page(title="2024", status=Status.PUBLISHED), user=editor)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# A title of nothing but control characters and spaces is blank once kept on one line.
@given(title=st.text(min_size=1, max_size=60).filter(lambda t: one_line(t.replace("\x00", ""))))
def test_any_title_gives_a_post_reachable_at_its_permalink(client, make_post, title):
    """Whatever an author types as a title — any script, punctuation or emoji — the post gets a
    valid unique slug and its permalink answers 200."""
    post = make_post(title, published_at=at(2024, 5, 6))
    assert post.slug and "/" not in post.slug
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200, (title, post.slug, post.get_absolute_url())
