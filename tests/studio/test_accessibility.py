"""axe-core (from npm, tests/studio/axe) finds no serious or critical violation on the studio's
pages, at desktop and phone width, with the editor's script running (CodeMirror, the tabs, the
library dialog open) and without it. The pages keep the site's policy: no inline script."""

from pathlib import Path

import pytest
from django.test import Client

from samizdat.comments.models import Comment
from samizdat.media.services import image_upload
from samizdat.posts.drafts import post_version
from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save
from tests.media.pictures import encoded, picture, upload

from .browser import WIDTHS
from .conftest import editor_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN = """async (rules) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: rules } });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture
def site(editor, make_post, make_category):
    """A studio with something on every page: posts in each state, a comment waiting, an
    image, a page, pending changes and a preview link."""
    make_category("News")
    published = make_post("Published news", body="Hello **world**.\n\n> A quote\n>\n> — Someone")
    draft = make_post("A draft", status=Status.DRAFT, body="Unfinished.")
    make_post("Waiting", status=Status.PENDING)
    Comment.objects.create(
        post=published, author_name="Rita Reader", body_source="Nice.", body_html="<p>Nice.</p>"
    )
    image_upload(uploaded_file=upload(encoded(picture(900, 600))), user=editor, alt="A field")
    page = page_save(page=Page(title="About", body_source="Who we are."), user=editor)
    client = Client()
    client.force_login(editor)
    client.post(
        f"/studio/posts/{published.pk}/",
        editor_form(published, title="Published news", body_source="Changed."),
    )
    client.post(f"/studio/posts/{draft.pk}/share/")
    return {"published": published, "draft": draft, "page": page}


def _axe(page) -> list[str]:
    return page.evaluate(RUN, RULES)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_studio_pages_have_no_serious_or_critical_violation(
    studio, live_server, editor, site, width, javascript
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: npm ci --prefix tests/studio/axe (make test does)")
    tab = studio(editor, width=width)
    # An init script runs outside the page's CSP, so axe needs no exception in the policy. The
    # pages "without JavaScript" are the pages with the site's own scripts refused: axe itself
    # needs JavaScript to run.
    tab.context.add_init_script(path=str(AXE))
    if not javascript:
        tab.context.route("**/static/**/*.js", lambda route: route.abort())
    published, draft = site["published"], site["draft"]
    paths = [
        "/studio/",
        "/studio/posts/",
        "/studio/posts/?status=draft&q=draft",
        "/studio/posts/new/",
        f"/studio/posts/{published.pk}/",
        f"/studio/posts/{draft.pk}/",
        f"/studio/posts/{draft.pk}/preview/",
        "/studio/pages/",
        f"/studio/pages/{site['page'].pk}/",
        "/studio/media/",
        "/studio/comments/",
    ]
    found = {}
    page = tab.open("")
    for path in paths:
        response = page.goto(tab.base + path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
        if javascript and "/posts/" in path and path.rstrip("/").split("/")[-1].isdigit():
            page.locator(".cm-content").wait_for()
        found[path] = _axe(page)
    if javascript:
        page.goto(tab.base + f"/studio/posts/{draft.pk}/")
        page.get_by_role("button", name="Image", exact=True).click()
        page.locator("#media-grid button").first.wait_for()
        found["library dialog"] = _axe(page)
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert tab.violations(page) == []


def test_a_conflict_page_has_no_serious_or_critical_violation(studio, live_server, editor, site):
    draft = site["draft"]
    stale = editor_form(draft, title="A draft", body_source="Mine.")
    client = Client()
    client.force_login(editor)
    client.post(
        f"/studio/posts/{draft.pk}/", editor_form(draft, title="A draft", body_source="Theirs.")
    )
    assert stale["version"] != post_version(draft)
    tab = studio(editor, width="phone")
    tab.context.add_init_script(path=str(AXE))
    page = tab.open(f"/studio/posts/{draft.pk}/")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Mine.")
    page.evaluate(f"document.querySelector('input[name=version]').value = '{stale['version']}'")
    page.keyboard.press("Control+s")
    page.locator("#conflict").wait_for()
    assert _axe(page) == []
