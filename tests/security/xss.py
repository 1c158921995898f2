"""The XSS suite's tools: the payloads, and a Chromium page that notices any script they run.

`Probe` drives one browser page with the Content-Security-Policy switched off (`bypass_csp`), so
that what is tested is the sanitising and escaping itself, not the policy behind it. Before any
page script runs, `__xss`, `alert`, `confirm`, `prompt` and `print` are replaced in every frame by
a hook that reports to the test; each payload calls one of them. After each page has loaded and
settled, the DOM is also audited for what could run later or on a click: event-handler and style
attributes, javascript:/vbscript:/data: addresses, and elements no sanitised page holds.
"""

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

PAYLOAD_FILE = Path(__file__).resolve().parents[1] / "data" / "xss_payloads.txt"
FIRST_NUMBER = 1000  # payload n calls __xss(1000 + n): a literal that survives any context


def payloads() -> list[str]:
    """Every payload, numbered: the `XSS` placeholder becomes its own number."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    found = [line.replace("\\n", "\n") for line in lines if line and not line.startswith("# ")]
    return [p.replace("XSS", str(FIRST_NUMBER + n)) for n, p in enumerate(found)]


HOOK = """
(() => {
  const report = (how, args) => {
    const detail = [how, Array.from(args).map(String).join(","), String(location.href)];
    (window.__xss_hits = window.__xss_hits || []).push(detail.join(" "));
    try { window.__xss_report(detail.join(" ")); } catch (error) {}
  };
  Object.defineProperty(window, "__xss", {
    value: function () { report("__xss", arguments); }, writable: false, configurable: false,
  });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function () { report(name, arguments); };
  }
})();
"""

RESET = "path => { history.replaceState(null, '', path); window.__xss_hits = []; }"
# One rendering update and one task: autofocus, <details> toggles and image errors have fired.
SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"

AUDIT = r"""(strict, doc) => {
  doc = doc || document;
  // strict: a reader's page, where the site's own markup is known to the letter. Otherwise an
  // admin page, with forms, inline styles and icons of its own: only what runs is looked for.
  const found = [];
  const where = el => el.localName + (el.id ? "#" + el.id : "");
  const risky = /^(javascript|vbscript|data|livescript):/;
  const urlAttributes = new Set(["href", "src", "action", "formaction", "srcset", "poster",
    "data", "cite", "background", "ping", "lowsrc", "dynsrc", "codebase", "manifest"]);
  const banned = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "portal"]);
  const bannedOnReaderPages = new Set(["svg", "math", "template", "noscript", "style", "xmp",
    "plaintext", "noembed", "noframes", "marquee", "keygen", "isindex", "listing"]);
  const ownLinks = new Set([
    "stylesheet", "icon", "alternate", "canonical", "prev", "next", "webmention",
  ]);
  const ownScript = /^\/(static\/|admin\/jsi18n\/)/;
  for (const el of doc.querySelectorAll("*")) {
    const tag = el.localName;
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${where(el)} has ${name}`);
      if (strict && name === "style") found.push(`${where(el)} has a style attribute`);
      if (urlAttributes.has(name) || name.endsWith(":href")) {
        const urls = name === "srcset"
          ? attribute.value.split(",").map(c => c.trim().split(/\s+/)[0])
          : [attribute.value];
        for (const url of urls) {
          const bare = url.replace(/[\u0000-\u0020\u007f-\u00a0]/g, "").toLowerCase();
          if (risky.test(bare)) found.push(`${where(el)} ${name}="${url.slice(0, 60)}"`);
        }
      }
    }
    if (banned.has(tag) || (strict && bannedOnReaderPages.has(tag))) {
      found.push(`a <${tag}> element`);
    }
    if (tag === "script") {
      const src = el.getAttribute("src") || "";
      let path = src;
      try { path = new URL(src, doc.baseURI).pathname; } catch (e) {}
      if (el.type === "application/ld+json" || el.type === "application/json") {
        try { JSON.parse(el.textContent); } catch (e) { found.push("JSON that does not parse"); }
      } else if (!(strict ? /\/static\/theme\/comment-reply[.\w]*\.js$/ : ownScript).test(path)) {
        found.push(`a script not of this site: ${el.outerHTML.slice(0, 80)}`);
      }
    }
    if (tag === "meta" && el.httpEquiv) found.push(`meta http-equiv=${el.httpEquiv}`);
    if (!strict) continue;
    if (tag === "link" && !el.relList.value.split(" ").every(r => ownLinks.has(r))) {
      found.push(`link rel=${el.rel}`);
    }
    if (tag === "title" && el.parentElement !== doc.head) found.push("a <title> in the body");
    if (tag === "form" && !(el.id === "commentform" || el.classList.contains("search-form"))) {
      found.push("a form not of this site");
    }
    if (["input", "textarea", "button", "select"].includes(tag)
        && !el.closest("#commentform, .search-form")) {
      found.push(`<${tag}> outside the site's forms`);
    }
  }
  return found;
}"""


ORIGIN = "http://localhost"


def serve_site(context, client, *, everything: bool = False) -> None:
    """Chromium's requests to ORIGIN answered by the Django test client: the site's own
    responses, headers and all, fetched in this thread. Static files are fetched once. Any other
    host fails at once; so does, unless `everything`, anything a page asks for that is not a
    page or a static file (images, media, whatever a payload points at), which also fires
    every onerror a payload carries."""
    static: dict[str, tuple[int, dict, bytes]] = {}

    def fetch(method: str, path: str, body: bytes | None, content_type: str):
        response = client.generic(method, path, body or b"", content_type=content_type)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, dict(response.items()), content

    def serve(route) -> None:
        request = route.request
        path = request.url.removeprefix(ORIGIN)
        if path == request.url:
            route.fulfill(status=404, body="")
        elif request.resource_type == "document" or (everything and "/static/" not in path):
            content_type = request.headers.get("content-type", "")
            answer = fetch(request.method, path, request.post_data_buffer, content_type)
            route.fulfill(status=answer[0], headers=answer[1], body=answer[2])
        elif path.startswith("/static/"):
            if path not in static:
                static[path] = fetch("GET", path, None, "")
            status, headers, body = static[path]
            route.fulfill(status=status, headers=headers, body=body)
        else:
            route.fulfill(status=404, body="")

    context.route("**/*", serve)


# Every frame of a batch page: its name, the hook's calls seen in it, and its audit; a frame
# whose document is no longer its own was navigated away by what it showed.
AUDIT_FRAMES = f"""() => Array.from(document.querySelectorAll("iframe")).map(frame => {{
  const doc = frame.contentDocument;
  if (!doc || doc.URL !== "about:srcdoc") return [frame.name, [], ["the frame navigated away"]];
  return [frame.name, frame.contentWindow.__xss_hits || [], ({AUDIT})(true, doc)];
}})"""


@dataclass
class Probe:
    """One Chromium page with the hook installed, on the site's origin; collects what got
    through, page by page. A page is fetched with the Django test client and written into the
    browser's document (`set_content`), or — a few dozen at a time — into frames of their own
    (`srcdoc`): Chromium's parser reads it as a navigation would, in a fraction of the time,
    and the suite renders a few thousand documents."""

    page: object
    client: object
    hits: list[str] = field(default_factory=list)  # calls seen by the page itself
    reported: list[str] = field(default_factory=list)  # calls reported to Python, frames too
    findings: list[str] = field(default_factory=list)
    pages: int = 0

    def visit(self, path: str, label: str = "", *, strict: bool = True) -> None:
        """Render the site's page at `path`; record script calls and DOM findings."""
        response = self.client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        self.show(response.content.decode(), label or path, path=path, strict=strict)

    def show(self, html: str, label: str, *, path: str = "/", strict: bool = True) -> None:
        """Render `html` (a page, a feed item, a re-shown form) as this origin's document at
        `path`."""
        if not self.page.url.startswith(ORIGIN):
            self.page.goto(ORIGIN + "/robots.txt")
        self.page.evaluate(RESET, path)
        self.page.set_content(html, wait_until="load")
        self.pages += 1
        self.page.evaluate(SETTLE)
        self.hits += [f"{label}: {hit}" for hit in self.page.evaluate("window.__xss_hits")]
        found = self.page.evaluate(AUDIT, strict)
        self.findings += [f"{label}: {finding}" for finding in found]

    def visit_many(self, paths: list[str]) -> None:
        """Render the site's pages at `paths`, a few dozen at a time (see show_many)."""
        documents = []
        for path in paths:
            response = self.client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"
            documents.append((path, response.content.decode()))
        self.show_many(documents)

    def show_many(self, documents: list[tuple[str, str]], *, per_page: int = 50) -> None:
        """Render many small documents (feed items, re-shown forms), each in a frame of its own
        (`srcdoc`: parsed alone, scripts on, the hook installed), a few dozen frames a page."""
        for start in range(0, len(documents), per_page):
            batch = documents[start : start + per_page]
            frames = "".join(
                f'<iframe name="{n}" srcdoc="{escape(html, quote=True)}"></iframe>'
                for n, (_, html) in enumerate(batch)
            )
            self.page.set_content(f"<!doctype html><title>batch</title>{frames}")
            self.page.evaluate(SETTLE)
            for n, hits, found in self.page.evaluate(AUDIT_FRAMES):
                label = batch[int(n)][0]
                self.pages += 1
                self.hits += [f"{label}: {hit}" for hit in hits]
                self.findings += [f"{label}: {finding}" for finding in found]

    def assert_clean(self) -> None:
        hits = sorted(set(self.hits)) or sorted(set(self.reported))
        findings = sorted(set(self.findings))
        assert not hits, f"{len(hits)} script calls got through:\n" + "\n".join(hits[:30])
        assert not findings, f"{len(findings)} unsafe things in pages:\n" + "\n".join(findings[:30])
