"""Pages and categories through the admin: nesting, and refusals shown on the form."""

import pytest

from samizdat.posts.models import Category, Page

pytestmark = pytest.mark.django_db


def page_data(**overrides) -> dict:
    data = {
        "title": "About",
        "slug": "",
        "parent": "",
        "body_format": "markdown",
        "body_source": "Who we are.",
        "status": "published",
        "menu_order": "0",
        "show_in_menu": "on",
    }
    return {**data, **overrides}


def test_editor_builds_nested_pages_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.post("/admin/posts/page/add/", page_data()).status_code == 302
    about = Page.objects.get()
    response = client.post("/admin/posts/page/add/", page_data(title="Team", parent=str(about.pk)))
    assert response.status_code == 302
    assert Page.objects.get(title="Team").path == "about/team"
    home = client.get("/").content.decode()
    assert '<a href="/about/">About</a>' in home  # top-level pages make the menu
    assert client.get("/about/team/").status_code == 200


def test_reserved_page_address_is_a_form_error_with_text_kept(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/posts/page/add/", page_data(title="Tags", slug="tag", body_source="Kept words.")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is reserved for the site" in page and "Kept words." in page
    assert not Page.objects.exists()


def test_page_cannot_become_its_own_ancestor(client, editor):
    client.force_login(editor)
    client.post("/admin/posts/page/add/", page_data())
    about = Page.objects.get()
    client.post("/admin/posts/page/add/", page_data(title="Team", parent=str(about.pk)))
    team = Page.objects.get(title="Team")
    response = client.post(f"/admin/posts/page/{about.pk}/change/", page_data(parent=str(team.pk)))
    assert response.status_code == 200
    assert "cannot be placed inside itself" in response.content.decode()
    about.refresh_from_db()
    assert about.parent is None


def test_contributor_cannot_edit_pages(client, contributor):
    client.force_login(contributor)
    assert client.post("/admin/posts/page/add/", page_data()).status_code == 403
    assert not Page.objects.exists()


def test_moving_a_category_re_paths_its_children(client, editor, make_category):
    world = make_category("World")
    russia = make_category("Russia")
    make_category("Moscow", parent=russia)
    client.force_login(editor)
    response = client.post(
        f"/admin/posts/category/{russia.pk}/change/",
        {"name": "Russia", "slug": "russia", "parent": str(world.pk), "description": ""},
    )
    assert response.status_code == 302
    assert Category.objects.get(name="Moscow").path == "world/russia/moscow"
    old = client.get("/category/russia/moscow/")
    assert (old.status_code, old["Location"]) == (301, "/category/world/russia/moscow/")
