"""A reader in a real browser, without JavaScript: the front page and a post page."""

import pytest

from samizdat.operations.demo import demo_install

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_opens_the_front_page_and_a_post_with_figure_and_meta_line(
    live_server, page, artifacts
):
    assert demo_install()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/")
    assert page.locator(".site-title").inner_text() == "samizdat"
    titles = page.locator("h2.entry-title").all_inner_texts()
    assert titles[0] == "Welcome to samizdat"  # sticky first
    assert "Sanctions, Seen From a Kitchen Table" in titles
    page.screenshot(path=artifacts / "home.png", full_page=True)

    page.get_by_role("link", name="Sanctions, Seen From a Kitchen Table").first.click()
    page.wait_for_load_state()
    assert page.locator("h1.entry-title").inner_text() == "Sanctions, Seen From a Kitchen Table"
    meta = page.locator("footer.entry-meta").inner_text()
    assert meta == (
        "This entry was posted in In the News, Politics, Russia and tagged economy, prices, "
        "sanctions. Bookmark the permalink."
    )
    caption = page.locator(".entry-content figure figcaption")
    assert caption.inner_text() == (
        "The embankment at dusk, an hour before the shops close. (illustration for samizdat's demo)"
    )
    image = page.locator(".entry-content figure img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("blockquote strong").first.inner_text() == (
        "is not intended to describe the experience of any individual household"
    )
    page.screenshot(path=artifacts / "post.png", full_page=True)

    assert all(url.startswith(live_server.url) for url in requests), requests
