import pytest
from tests.studio.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_scratch(browser, live_server, author, artifacts, width):
    studio = signed_in(browser, live_server, author, width=width)
    page = studio.open("/studio/posts/new/")
    page.wait_for_selector(".cm-content")
    page.fill("#id_title", "Hello there")
    page.click(".cm-content")
    page.keyboard.type("Some words and ")
    page.keyboard.press("Control+b")
    page.keyboard.type("bold")
    page.wait_for_timeout(1500)
    page.screenshot(path=artifacts / f"scratch-{width}.png", full_page=True)
    print([hex(ord(c)) for c in page.evaluate("document.getElementById('id_body_source').value")])
    print(page.locator("#live-preview").inner_html())
    print(page.locator("#save-state").inner_text())
    print(studio.violations(page))
