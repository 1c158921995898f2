"""The 23 endpoint-discovery cases of webmention.rocks, written from their descriptions and
served locally: each page advertises its endpoint one way (and, where the case is about
precedence or traps, wrong endpoints too, which answer 400)."""

from dataclasses import dataclass

from tests.webmention.web import Page, Web


@dataclass(frozen=True)
class Case:
    number: int
    title: str
    target: str  # the page a post links to
    endpoint: str  # where the webmention must be sent, query string included


def _html(head: str = "", body: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Test</title>{head}</head>"
        f"<body><article class='h-entry'><p class='e-content'>A test post.</p></article>"
        f"{body}</body></html>"
    )


def serve_cases(web: Web) -> list[Case]:
    """Put every case on `web`; the right endpoints answer 202, the wrong ones 400."""
    base = web.url
    cases: list[Case] = []

    def case(n: int, title: str, page: Page, endpoint: str, wrong: tuple[str, ...] = ()):
        path = f"/test/{n}"
        web.pages[path] = page
        web.pages[endpoint] = Page(status=202, body="Accepted", content_type="text/plain")
        for trap in wrong:
            web.pages[trap] = Page(status=400, body="wrong endpoint", content_type="text/plain")
        cases.append(Case(n, title, base + path, base + endpoint))

    e = lambda n, rest="": f"/test/{n}/webmention{rest}"  # noqa: E731 - a short spelling
    bad = lambda n: f"/test/{n}/webmention/error"  # noqa: E731

    # fmt: off
    link = lambda n, target, rel="webmention": ("Link", f"<{target}>; rel={rel}")  # noqa: E731
    case(1, "HTTP Link header, unquoted rel, relative URL",
         Page(headers=[link(1, e(1, "?head=true"))], body=_html()), e(1, "?head=true"))
    case(2, "HTTP Link header, unquoted rel, absolute URL",
         Page(headers=[link(2, base + e(2, "?head=true"))], body=_html()), e(2, "?head=true"))
    case(3, "HTML <link> tag, relative URL",
         Page(body=_html(f'<link rel="webmention" href="{e(3)}">')), e(3))
    case(4, "HTML <link> tag, absolute URL",
         Page(body=_html(f'<link rel="webmention" href="{base}{e(4)}">')), e(4))
    case(5, "HTML <a> tag, relative URL",
         Page(body=_html(body=f'<a rel="webmention" href="{e(5)}">endpoint</a>')), e(5))
    case(6, "HTML <a> tag, absolute URL",
         Page(body=_html(body=f'<a rel="webmention" href="{base}{e(6)}">endpoint</a>')), e(6))
    case(7, "HTTP Link header with strange casing",
         Page(headers=[("LinK", f"<{e(7)}>; REL=\"WebMention\"")], body=_html()), e(7))
    case(8, "HTTP Link header, quoted rel",
         Page(headers=[("Link", f'<{e(8)}>; rel="webmention"')], body=_html()), e(8))
    case(9, "Multiple rel values on a <link> tag",
         Page(body=_html(f'<link rel="webmention somethingelse" href="{e(9)}">')), e(9))
    case(10, "Multiple rel values on a Link header",
         Page(headers=[("Link", f'<{e(10)}>; rel="webmention somethingelse"')], body=_html()),
         e(10))
    case(11, "Multiple endpoints advertised: Link, <link>, <a>",
         Page(headers=[("Link", f'<{e(11)}>; rel="webmention"')],
              body=_html(f'<link rel="webmention" href="{bad(11)}">',
                         f'<a rel="webmention" href="{bad(11)}">endpoint</a>')),
         e(11), (bad(11),))
    case(12, "Checking for exact match of rel=webmention",
         Page(body=_html(f'<link rel="not-webmention" href="{bad(12)}">'
                         f'<link rel="webmention" href="{e(12)}">')), e(12), (bad(12),))
    case(13, "False endpoint inside an HTML comment",
         Page(body=_html(body=f'<!-- <a rel="webmention" href="{bad(13)}"></a> -->'
                              f'<a rel="webmention" href="{e(13)}">endpoint</a>')),
         e(13), (bad(13),))
    case(14, "False endpoint in escaped HTML",
         Page(body=_html(body=f'<code>&lt;a href="{bad(14)}" rel="webmention"&gt;&lt;/a&gt;'
                              f'</code><a rel="webmention" href="{e(14)}">endpoint</a>')),
         e(14), (bad(14),))
    # An empty href names the page itself: the endpoint is the target's own address.
    web.pages["/test/15"] = Page(body=_html('<link rel="webmention" href="">'))
    cases.append(Case(15, "Webmention href is an empty string", base + "/test/15",
                      base + "/test/15"))
    case(16, "Multiple endpoints advertised: <a>, <link>",
         Page(body=_html(body=f'<a rel="webmention" href="{e(16)}">endpoint</a>'
                              f'<link rel="webmention" href="{bad(16)}">')), e(16), (bad(16),))
    case(17, "Multiple endpoints advertised: <link>, <a>",
         Page(body=_html(body=f'<link rel="webmention" href="{e(17)}">'
                              f'<a rel="webmention" href="{bad(17)}">endpoint</a>')),
         e(17), (bad(17),))
    case(18, "Multiple HTTP Link headers",
         Page(headers=[("Link", f'<{bad(18)}>; rel="other"'),
                       ("Link", f'<{e(18)}>; rel="webmention"')], body=_html()),
         e(18), (bad(18),))
    case(19, "Single HTTP Link header with multiple values",
         Page(headers=[("Link", f'<{bad(19)}>; rel="other", <{e(19)}>; rel="webmention"')],
              body=_html()), e(19), (bad(19),))
    case(20, "Link tag with no href attribute",
         Page(body=_html('<link rel="webmention">',
                         f'<a rel="webmention" href="{e(20)}">endpoint</a>')), e(20))
    case(21, "Webmention endpoint has query string parameters",
         Page(body=_html(f'<link rel="webmention" href="{e(21, "?query=yes")}">')),
         e(21, "?query=yes"))
    # Relative to the page's path: /test/22 + "22/webmention" is /test/22/webmention.
    case(22, "Webmention endpoint is relative to the path",
         Page(body=_html('<link rel="webmention" href="22/webmention">')), e(22))
    # The target redirects; the endpoint is relative to where it landed, not where it began.
    web.pages["/test/23"] = Page(status=302, headers=[("Location", "/test/23/page/final")])
    web.pages["/test/23/page/final"] = Page(
        headers=[("Link", '<webmention-endpoint/abc>; rel="webmention"')], body=_html()
    )
    web.pages["/test/23/page/webmention-endpoint/abc"] = Page(status=202, body="Accepted")
    web.pages["/test/23/webmention-endpoint/abc"] = Page(status=400, body="wrong endpoint")
    cases.append(Case(23, "Webmention target is a redirect and the endpoint is relative",
                      base + "/test/23", base + "/test/23/page/webmention-endpoint/abc"))
    # fmt: on
    return cases
