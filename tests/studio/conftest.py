import pytest

from samizdat.posts.drafts import post_version


def editor_form(post=None, **overrides) -> dict:
    """What the studio's editor form sends, with the post's current version."""
    data = {
        "title": "From the studio",
        "slug": "",
        "body_source": "Typed *in the studio*.",
        "body_format": "markdown",
        "excerpt": "",
        "tags": "",
        "comments_open": "on",
        "when": "now",
        "publish_at": "",
        "version": post_version(post) if post is not None else "",
        "action": "save",
    }
    return {**data, **overrides}


@pytest.fixture
def form():
    return editor_form


@pytest.fixture
def studio(browser, live_server):
    """signed_in(user, width=…) → a Chromium context for the studio, closed after the test (so
    no page of it goes on autosaving into the next test)."""
    from tests.studio.browser import signed_in

    opened = []

    def open_(user, *, width: str, javascript: bool = True):
        opened.append(signed_in(browser, live_server, user, width=width, javascript=javascript))
        return opened[-1]

    yield open_
    for each in opened:
        each.context.close()
