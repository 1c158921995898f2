"""The fixed cast of users, one per role, and a clean cache and media folder for every test."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from samizdat.accounts.roles import Role, user_set_role
from samizdat.comments.models import DiscussionSettings, discussion_settings_changed
from samizdat.posts.models import Category, Post, Status
from samizdat.posts.services import category_save, post_save, tags_from_names


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(username: str, role: Role | None = None, **extra):
        user = get_user_model().objects.create_user(username, password="pw-" + username, **extra)
        if role:
            user_set_role(user=user, role=role)
        return user

    return make


@pytest.fixture
def administrator(make_user):
    return make_user("ada", Role.ADMINISTRATOR, display_name="Ada Admin")


@pytest.fixture
def editor(make_user):
    return make_user("eddie", Role.EDITOR, display_name="Eddie Editor")


@pytest.fixture
def author(make_user):
    return make_user("aurora", Role.AUTHOR, display_name="Aurora Author")


@pytest.fixture
def contributor(make_user):
    return make_user("connor", Role.CONTRIBUTOR, display_name="Connor Contributor")


@pytest.fixture
def reader(make_user):
    """Signed in, but with no role at all."""
    return make_user("rita")


@pytest.fixture
def make_post(editor):
    """Save a post through posts.services, as `by` (default: the editor)."""

    def make(
        title="A post",
        *,
        by=None,
        status=Status.PUBLISHED,
        published_at=None,
        categories=(),
        tags=(),
        **fields,
    ) -> Post:
        post = Post(
            title=title,
            status=status,
            body_source=fields.pop("body", "Some *text*."),
            published_at=published_at,
            **fields,
        )
        return post_save(
            post=post,
            user=by or editor,
            categories=list(categories) or None,
            tags=tags_from_names(tags),
        )

    return make


@pytest.fixture
def make_category(db):
    def make(name: str, parent: Category | None = None) -> Category:
        return category_save(category=Category(name=name, parent=parent))

    return make


@pytest.fixture
def discussion(db):
    """Change the discussion settings for one test: discussion(max_links=0, ...)."""

    def change(**fields) -> DiscussionSettings:
        DiscussionSettings.objects.update_or_create(pk=1, defaults=fields)
        discussion_settings_changed()
        return DiscussionSettings.load()

    return change
