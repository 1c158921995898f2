"""An imported post in a real browser: captions are figures, no shortcode text is left."""

import pytest

from samizdat.importers.services import wordpress_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imported_posts_show_captions_as_figures_and_no_shortcodes(
    live_server,
    page,
    artifacts,
    theme_unit_test_data,
    administrator,
):
    wordpress_import(path=theme_unit_test_data, user=administrator)
    # The export's images live on WordPress.com: the browser may fetch nothing from outside.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page.goto(live_server.url + "/2010/08/07/post-format-image-caption/")  # its old address
    figure = page.locator(".entry-content figure.wp-caption")
    assert figure.locator("figcaption").inner_text() == "Bell on wharf in San Francisco"
    assert figure.locator("img").get_attribute("alt") == "Bell on Wharf"

    page.goto(live_server.url + "/2013/01/10/markup-image-alignment/")
    content = page.locator(".entry-content")
    captions = content.locator("figure.wp-caption figcaption").all_inner_texts()
    assert len(captions) >= 4 and "Look at 580x300 getting some caption love." in captions
    text = content.inner_text()
    assert "[caption" not in text and "[/caption]" not in text and "wp:" not in text
    assert "aligncenter" in content.locator("figure.wp-caption").first.get_attribute("class")
    page.screenshot(path=artifacts / "imported-captions.png", full_page=True)
