"""The studio in Chromium: a signed-in tab at desktop (1280 px) or phone (390 px) width that
notes every script error and Content-Security-Policy violation, so each test can end by
asserting there were none."""

from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

WIDTHS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}

WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  (window.__problems = window.__problems || []).push(
    `CSP ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@dataclass
class Studio:
    """A browser context signed in as one user."""

    context: object
    base: str
    problems: list[str] = field(default_factory=list)

    def open(self, path: str = "/studio/"):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console: {m.text}")
                if m.type == "error" and "Failed to load resource" not in m.text
                else None
            ),
        )
        if path:
            page.goto(self.base + path)
        return page

    def violations(self, page) -> list[str]:
        return self.problems + page.evaluate("window.__problems || []")


def signed_in(browser, live_server, user, *, width: str, javascript: bool = True) -> Studio:
    context = browser.new_context(
        viewport=WIDTHS[width], java_script_enabled=javascript, locale="en-GB"
    )
    context.add_init_script(WATCH)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    return Studio(context=context, base=live_server.url)
