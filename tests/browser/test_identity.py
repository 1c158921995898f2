"""In Chromium, end to end, against a real OpenID Connect provider on 127.0.0.1 (started by
tests/identity/conftest.py): a reader clicks its icon, signs in there, comes back to the words
they were typing, comments as that identity, changes identity and logs out — and no page loads
anything from any other host until a click."""

import re
from urllib.parse import urlsplit

import pytest

from samizdat.comments.models import Comment

# The provider and its fixtures live with the other identity tests (tests/identity/); the
# browser tests live here, beside the one Chromium the whole session shares.
from tests.identity.conftest import PROVIDER_ID, idp, oidc_app, other_apps, talk  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def respond(page):
    return page.locator("#respond")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_reader_comments_with_an_outside_identity_changes_it_and_logs_out(
    live_server, browser, artifacts, talk, oidc_app, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    url = live_server.url + talk.get_absolute_url()
    page.goto(url)
    assert "Fill in your details below or click an icon to log in:" in respond(page).inner_text()
    assert not [c for c in context.cookies() if c["domain"] == urlsplit(url).hostname]

    page.fill("textarea[name=body]", "Typed before signing in.")
    page.get_by_role("button", name="Log in with Local ID").click()
    page.wait_for_load_state()
    assert page.url.startswith(oidc_app.settings["server_url"])  # at the provider now
    page.fill("input[name=login]", "ada")
    page.fill("input[name=password]", "lovelace")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(url) + "#respond$"))

    form = respond(page)
    assert "You are commenting using your Local ID account." in form.inner_text()
    assert "Ada Lovelace" in form.locator(".identity-name").inner_text()
    assert form.locator("textarea[name=body]").input_value() == "Typed before signing in."
    page.screenshot(path=artifacts / f"identity-signed-in-{javascript}.png", full_page=True)

    form.locator("textarea[name=body]").fill("Typed before signing in, sent after.")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()
    comment = Comment.objects.get()
    assert comment.identity_provider == PROVIDER_ID
    assert comment.user.email == "ada@idp.example" and comment.author_name == "Ada Lovelace"
    shown = page.locator(f"#comment-{comment.pk}")
    assert "Typed before signing in, sent after." in shown.inner_text()
    assert shown.locator(".identity-mark").get_attribute("title") == (
        "Commented using a Local ID account"
    )

    respond(page).locator("textarea[name=body]").fill("A second thought.")
    respond(page).get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    chooser = respond(page).locator(".identity-chooser")
    assert "Choose how to comment" in chooser.inner_text()
    assert chooser.get_by_role("button", name="Log in with Local ID").is_visible()
    assert respond(page).locator("textarea[name=body]").input_value() == "A second thought."
    page.screenshot(path=artifacts / f"identity-change-{javascript}.png", full_page=True)

    respond(page).get_by_role("button", name="Log Out").first.click()
    page.wait_for_load_state()
    form = respond(page)
    assert "You have logged out. Your comment is kept." in form.inner_text()
    assert "Fill in your details below or click an icon to log in:" in form.inner_text()
    assert form.locator("input[name=name]").is_visible()
    assert form.locator("textarea[name=body]").input_value() == "A second thought."
    page.screenshot(path=artifacts / f"identity-logged-out-{javascript}.png", full_page=True)
    context.close()


def test_a_cancelled_sign_in_in_the_browser_keeps_the_comment(live_server, browser, talk, oidc_app):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + talk.get_absolute_url())
    page.fill("textarea[name=body]", "Not sure I want to sign in.")
    page.get_by_role("button", name="Log in with Local ID").click()
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_load_state()
    form = respond(page)
    assert "You cancelled logging in with Local ID." in form.inner_text()
    assert form.locator("textarea[name=body]").input_value() == "Not sure I want to sign in."
    context.close()


def test_nothing_is_loaded_from_another_host_until_a_provider_is_clicked(
    live_server, browser, talk, oidc_app, other_apps
):
    context = browser.new_context(java_script_enabled=True)
    # The real GitHub is never contacted: its authorize page is played by this stand-in.
    context.route("https://github.com/**", lambda route: route.fulfill(body="GitHub stand-in"))
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    own = urlsplit(live_server.url).netloc

    page.goto(live_server.url + talk.get_absolute_url())
    page.wait_for_load_state("networkidle")
    icons = respond(page).locator(".identity-provider img")
    assert icons.count() == 3 and all(
        icons.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(3)
    )
    assert seen and {urlsplit(u).netloc for u in seen} == {own}, seen
    assert context.cookies() == []

    page.fill("textarea[name=body]", "Going to GitHub.")
    page.get_by_role("button", name="Log in with GitHub").click()
    page.wait_for_load_state()
    foreign = [u for u in seen if urlsplit(u).netloc != own]
    assert foreign and foreign[0].startswith("https://github.com/login/oauth/authorize?")
    context.close()
