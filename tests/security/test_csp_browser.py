"""The Content-Security-Policy in Chromium: the site's pages and the admin work under it without
a single violation (JSON-LD data blocks included), the site's own script runs, and markup that
slipped past everything else still cannot run a script."""

import pytest
from django.test import Client

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve
from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save
from tests.security.xss import HOOK, ORIGIN, SETTLE, serve_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
document.addEventListener("securitypolicyviolation", event => {
  (window.__violations = window.__violations || []).push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}`);
});
"""


class Browsing:
    """A page of the site in Chromium with the policy enforced, noting every violation (as
    events and as console errors) and every script error."""

    def __init__(self, browser, client: Client, *, inject: str = ""):
        self.context = browser.new_context(java_script_enabled=True)
        self.problems: list[str] = []
        self.calls: list[str] = []
        serve_site(self.context, client, everything=True)
        if inject:
            self.context.route(f"{ORIGIN}/injected/**", self._injected(client, inject))
        self.page = self.context.new_page()
        self.page.expose_function("__xss_report", lambda detail: self.calls.append(detail))
        self.page.add_init_script(HOOK + WATCH)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    @staticmethod
    def _injected(client: Client, markup: str):
        """/injected/<path> is the page at <path>, with `markup` slipped into its body."""

        def serve(route) -> None:
            path = route.request.url.removeprefix(ORIGIN + "/injected")
            response = client.get(path)
            html = response.content.decode().replace("<main", markup + "<main", 1)
            route.fulfill(status=200, headers=dict(response.items()), body=html)

        return serve

    def visit(self, path: str):
        response = self.page.goto(ORIGIN + path, wait_until="load")
        assert response.status == 200, f"{path}: {response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.evaluate(SETTLE)
        self.problems += [f"{path}: {v}" for v in self.page.evaluate("window.__violations || []")]
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(browser):
    opened = []

    def open_(client: Client, **options) -> Browsing:
        opened.append(Browsing(browser, client, **options))
        return opened[-1]

    yield open_
    for b in opened:
        b.close()


@pytest.fixture
def site(make_post, make_category, editor, discussion):
    discussion(thread_depth=5)
    news = make_category("News")
    post = make_post("Under the policy", body="Words, a [link](/) and *emphasis*.", tags=["t"])
    post.categories.set([news])
    comment = Comment.objects.create(
        post=post,
        author_name="Guest",
        author_email="guest@example.org",
        body_source="First!",
        body_html="<p>First!</p>",
    )
    comment_approve(comment=comment, moderator=editor)
    page = page_save(
        page=Page(title="About", body_source="About us.", status=Status.PUBLISHED), user=editor
    )
    return {"post": post, "comment": comment, "category": news, "page": page}


def test_reader_pages_run_under_the_policy_without_a_violation(browsing, site):
    browser = browsing(Client())
    post, comment = site["post"], site["comment"]
    for path in ["/", site["category"].get_absolute_url(), "/?s=policy", "/about/"]:
        browser.visit(path)
    page = browser.visit(post.get_absolute_url())
    json_ld = page.locator('script[type="application/ld+json"]')
    assert json_ld.count() == 1 and '"@type": "Article"' in json_ld.text_content()
    # The site's own script runs: Reply moves the form under the comment, without a reload.
    page.locator(f"#comment-{comment.pk} .comment-reply-link").click()
    assert page.locator(f"#comment-{comment.pk} > #respond").count() == 1
    assert page.locator("input[name=parent]").input_value() == str(comment.pk)
    assert browser.problems == []


def test_the_admin_works_under_the_policy_without_a_violation(browsing, site, administrator):
    client = Client()
    client.force_login(administrator)
    browser = browsing(client)
    post, comment = site["post"], site["comment"]
    for path in [
        "/admin/",
        "/admin/posts/post/",
        "/admin/posts/page/",
        "/admin/media/image/add/",
        "/admin/comments/comment/moderation/",
        f"/admin/comments/comment/{comment.pk}/change/",
        "/admin/privacy/?email=guest@example.org",
    ]:
        browser.visit(path)
    # A change form whose widgets are scripts: the date and time shortcuts and the lookups.
    page = browser.visit(f"/admin/posts/post/{post.pk}/change/")
    assert page.locator(".datetimeshortcuts").count() >= 2
    assert page.locator("a.related-lookup").count() >= 1
    page = browser.visit("/admin/posts/post/add/")
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()
    assert page.locator("#id_published_at_0").input_value() != ""
    assert browser.problems == []


def test_markup_that_slipped_through_still_runs_no_script(browsing, site):
    """The second wall: inline scripts and handlers injected into a real page are blocked."""
    markup = (
        '<img src="/nowhere.png" onerror="__xss(1)"><script>__xss(2)</script>'
        '<a id="x" href="javascript:__xss(3)">x</a><svg><script>__xss(4)</script></svg>'
        '<iframe src="https://example.com/"></iframe><object data="/x.swf"></object>'
        '<img src="https://tracker.example/pixel.gif">'
    )
    browser = browsing(Client(), inject=markup)
    page = browser.visit("/injected" + site["post"].get_absolute_url())
    page.locator("#x").click()
    page.evaluate(SETTLE)
    assert browser.calls == []
    blocked = " ".join(browser.problems)
    for directive in ("script-src-attr", "script-src-elem", "frame-src", "img-src"):
        assert directive in blocked, blocked
