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
