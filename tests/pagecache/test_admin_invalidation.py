"""Every write in the admin — deletions, bulk actions, renames — goes through a service that
drops the stored pages showing what changed (issue 19: a deleted comment and a deleted page
stayed public for hours, a renamed tag kept its old name)."""

import pytest
from django.test import Client

from samizdat.comments.models import Comment
from samizdat.posts.models import Page, Status, Tag
from samizdat.posts.services import page_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def stored(path: str) -> str:
    """Read `path` as an anonymous reader until it is stored; its HTML."""
    reader = Client()
    reader.get(path)
    answer = reader.get(path)
    assert answer["X-Page-Cache"] == "hit"
    return answer.content.decode()


def fresh(path: str):
    answer = Client().get(path)
    assert answer.get("X-Page-Cache", "") != "hit", f"{path} still served from the stored copy"
    return answer


def admin_delete(client, model: str, pk: int) -> None:
    answer = client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302, answer.content.decode()[:2000]


def admin_bulk_delete(client, model: str, pks) -> None:
    answer = client.post(
        f"/admin/{model}/",
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks], "post": "yes"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]


def approved(post, words: str) -> Comment:
    return Comment.objects.create(
        post=post, author_name="Guest", body_source=words, body_html=f"<p>{words}</p>",
        status=Comment.Status.APPROVED,
    )  # fmt: skip


def test_a_comment_deleted_in_the_admin_leaves_the_post_page(admin_client, make_post):
    post = make_post("Discussed")
    comment = approved(post, "Regrettable words")
    assert "Regrettable words" in stored(post.get_absolute_url())
    admin_delete(admin_client, "comments/comment", comment.pk)
    assert "Regrettable words" not in fresh(post.get_absolute_url()).content.decode()


def test_comments_deleted_in_bulk_leave_every_post_page(admin_client, make_post):
    one, two = make_post("One"), make_post("Two")
    comments = [approved(one, "First mistake"), approved(two, "Second mistake")]
    assert "First mistake" in stored(one.get_absolute_url())
    assert "Second mistake" in stored(two.get_absolute_url())
    admin_bulk_delete(admin_client, "comments/comment", [c.pk for c in comments])
    assert "First mistake" not in fresh(one.get_absolute_url()).content.decode()
    assert "Second mistake" not in fresh(two.get_absolute_url()).content.decode()


def make_page(editor, title: str) -> Page:
    return page_save(
        page=Page(title=title, body_source="Words.", status=Status.PUBLISHED, show_in_menu=True),
        user=editor,
    )


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_a_page_deleted_in_the_admin_is_gone_from_its_address_and_the_menu(
    admin_client, editor, make_post, bulk
):
    make_post("Something on the home page")
    page = make_page(editor, "Secret plans")
    assert "Secret plans" in stored(page.get_absolute_url())
    assert "Secret plans" in stored("/")
    if bulk:
        admin_bulk_delete(admin_client, "posts/page", [page.pk])
    else:
        admin_delete(admin_client, "posts/page", page.pk)
    assert fresh(page.get_absolute_url()).status_code == 404
    assert "Secret plans" not in fresh("/").content.decode()


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_a_category_deleted_in_the_admin_leaves_the_post_pages(
    admin_client, make_post, make_category, bulk
):
    category = make_category("Doomed Topic")
    post = make_post("Filed", categories=[category])
    assert "Doomed Topic" in stored(post.get_absolute_url())
    if bulk:
        admin_bulk_delete(admin_client, "posts/category", [category.pk])
    else:
        admin_delete(admin_client, "posts/category", category.pk)
    assert "Doomed Topic" not in fresh(post.get_absolute_url()).content.decode()


def test_a_tag_renamed_in_the_admin_shows_its_new_name(admin_client, make_post):
    post = make_post("Tagged", tags=["oldname"])
    tag = Tag.objects.get(name="oldname")
    assert ">oldname</a>" in stored(post.get_absolute_url())
    answer = admin_client.post(
        f"/admin/posts/tag/{tag.pk}/change/", {"name": "newname", "slug": tag.slug}
    )
    assert answer.status_code == 302
    html = fresh(post.get_absolute_url()).content.decode()
    assert ">newname</a>" in html and ">oldname</a>" not in html  # the slug stays


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_a_tag_deleted_in_the_admin_leaves_the_post_pages(admin_client, make_post, bulk):
    post = make_post("Tagged", tags=["doomedtag"])
    tag = Tag.objects.get(name="doomedtag")
    assert "doomedtag" in stored(post.get_absolute_url())
    if bulk:
        admin_bulk_delete(admin_client, "posts/tag", [tag.pk])
    else:
        admin_delete(admin_client, "posts/tag", tag.pk)
    assert "doomedtag" not in fresh(post.get_absolute_url()).content.decode()


def test_a_user_renamed_in_the_admin_shows_the_new_name_in_bylines(admin_client, make_post, author):
    post = make_post("Bylined", by=author)
    assert "Aurora Author" in stored("/")
    assert "Aurora Author" in stored(author.get_absolute_url())
    answer = admin_client.post(
        f"/admin/accounts/user/{author.pk}/change/", user_form(author, "Aurora Renamed")
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    for path in ("/", author.get_absolute_url()):
        html = fresh(path).content.decode()
        assert "Aurora Renamed" in html and "Aurora Author" not in html
    assert post.title in html


def user_form(user, display_name: str) -> dict:
    """The admin's change form for `user`, as it stands, with another display name."""
    joined = user.date_joined
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [str(g.pk) for g in user.groups.all()],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "display_name": display_name,
        "bio": user.bio,
    }
