"""The fixed cast of users, one per role, a clean cache and media folder for every test, and
Playwright driving Debian's Chromium (never a downloaded browser) for the browser tests."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from samizdat.accounts.roles import Role, user_set_role
from samizdat.comments.models import DiscussionSettings, discussion_settings_changed
from samizdat.posts.models import Category, Post, Status
from samizdat.posts.services import category_save, post_save, tags_from_names

# CI explores the same examples each run (a red run is a reproducible bug, never luck);
# developers' runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """A temporary folder of this run's own: pytest's shared one keeps only the newest three runs
    and deletes older ones as new runs start, so two runs at once (a developer's and CI's) would
    delete each other's files mid-test."""
    if config.option.basetemp is None:
        config.option.basetemp = Path(tempfile.gettempdir()) / f"samizdat-tests-{os.getpid()}"


def pytest_unconfigure(config):
    if config.option.basetemp and f"samizdat-tests-{os.getpid()}" in str(config.option.basetemp):
        shutil.rmtree(config.option.basetemp, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, sending Origin with its requests as every browser does with a
    form's POST (the guests' reply form refuses a POST without it)."""
    from django.test import Client

    return Client(headers={"Origin": "http://testserver"})


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


# ── browser tests ──

CHROMIUM = (
    os.environ.get("SAMIZDAT_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (.ci/run does)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # body are still synchronous and safe, so the async guard is lifted for browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
