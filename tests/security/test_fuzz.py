"""Fuzzing: generated input through the Markdown-plus-sanitiser pipelines never yields markup
that could run a script, and the reply form answers anything with a form error or a saved
comment, never a server error."""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.comments.models import Comment
from samizdat.core.markdown import render_comment_markdown, render_markdown
from samizdat.core.sanitize import _TEXT_TAGS as COMMENT_TAGS
from samizdat.core.sanitize import Profile, safe_url, sanitize_html
from samizdat.posts.models import Post

# Pieces of attacks, Markdown and HTML syntax, for the generator to combine with free text.
FRAGMENTS = [
    "<script>", "</script>", "<img", " src=", " srcset=", " onerror=", " onload=", "x",
    "javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "java&#x09;script:",
    "&#106;avascript:", "&colon;", "&#58;", "\t", "\n", "\x00", "\x0b", " ", '"', "'", "`", ">",
    "<", "/", "=", "&", "#", ";", "<svg", "<math>", "<mtext>", "<mglyph>", "<style>",
    "</style>", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<noscript>", "</noscript>",
    "<template>", "<title>", "<textarea>", "<iframe srcdoc=", "<form action=", "<button",
    " formaction=", "<base href=", "<meta http-equiv=refresh content=", "<object data=",
    "<embed src=", "<video poster=", "<source", "<blockquote cite=", "<a href=", "<a id=",
    "fnref1", "</a>", "<details open ontoggle=", "<p>", "</p>", "<table><td>", "[x](", ")", "![",
    "](", "[", "]", "<http://x.example/>", "*", "_", "~~", "`", "```\n", "[^1]", "[^1]: ",
    "> ", "— ", "- ", "1. ", "| a |\n|---|\n| ", "media:1", "http://x.example/", "//x.example",
    "mailto:a@x.example", "(", " \"t\"", "www.x.example", "alert(1)", "__xss(1)",
]  # fmt: skip
DOCUMENTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)

BANNED_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "style", "form", "input", "button", "textarea", "select", "base", "meta", "link",
    "template", "noscript", "xmp", "plaintext", "noembed", "noframes", "title", "html",
    "head", "body", "marquee", "keygen", "isindex", "portal",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "background",
    "ping", "xlink:href", "lowsrc", "dynsrc",
}  # fmt: skip
RISKY = re.compile(r"^(javascript|vbscript|data|livescript):")


class Audit(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser would read them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag in BANNED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value:
                urls = [c.strip().split(" ")[0] for c in value.split(",")]
                urls = urls if name == "srcset" else [value]
                for url in urls:
                    bare = re.sub(r"[\x00-\x20\x7f-\xa0]", "", url).lower()
                    if RISKY.match(bare):
                        self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def audit(html: str) -> Audit:
    found = Audit()
    found.feed(html)
    found.close()
    raw = re.search(r"<\s*/?\s*(script|iframe|object|embed|svg|math|style|form)\b", html, re.I)
    if raw:
        found.problems.append(f"raw {raw.group(0)}")
    return found


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_post_markdown_through_the_sanitiser_holds_nothing_that_runs(text):
    html = sanitize_html(render_markdown(text))
    assert audit(html).problems == [], html
    assert sanitize_html(html) == html  # stable: read again, it is the same markup


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_post_html_through_the_sanitiser_holds_nothing_that_runs(text):
    html = sanitize_html(text)
    assert audit(html).problems == [], html
    assert sanitize_html(html) == html


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_comment_markdown_holds_only_the_comment_tags_and_nothing_that_runs(text):
    html = sanitize_html(render_comment_markdown(text), profile=Profile.COMMENT)
    found = audit(html)
    assert found.problems == [], html
    assert set(found.tags) <= COMMENT_TAGS, html
    assert sanitize_html(html, profile=Profile.COMMENT) == html


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=12).map("".join))
def test_a_safe_url_is_empty_or_a_plain_web_or_mail_address(text):
    url = safe_url(text)
    assert url == "" or re.match(r"^(https?://[^\x00-\x20\x7f-\x9f]+|mailto:\S+)$", url, re.I), url


# ── the reply form ───────────────────────────────────────────────────────────────────────

FORM_FIELDS = [
    "name", "email", "url", "body", "parent", "stamp", "homepage", "remember", "notify", "preview",
]  # fmt: skip
FIELD_TEXT = st.one_of(
    st.text(max_size=300),
    DOCUMENTS,
    st.sampled_from(["", " ", "\x00", "a" * 10_001, "x@y", "http://", "-1", "0", "1e9", "9" * 30]),
)


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.one_of(
        st.fixed_dictionaries({}, optional={name: FIELD_TEXT for name in FORM_FIELDS}),
        st.dictionaries(st.sampled_from(FORM_FIELDS), FIELD_TEXT, max_size=2),
    ),
    fresh_stamp=st.booleans(),
    from_valid=st.booleans(),
)
def test_the_reply_form_answers_anything_with_an_error_or_a_comment(
    make_post, discussion, fields, fresh_stamp, from_valid
):
    """Half the time the fields change a valid comment, so that random values get saved too."""
    discussion(min_seconds=0)
    post = Post.objects.filter(slug="fuzzed").first() or make_post("Fuzzed", slug="fuzzed")
    client = Client()
    if from_valid:
        valid = {"name": "Reader", "email": "reader@example.org", "body": f"Hi {uuid.uuid4()}"}
        fields = {**valid, **fields}
    if fresh_stamp:
        page = client.get(post.get_absolute_url()).content.decode()
        fields["stamp"] = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
    before = Comment.objects.count()
    response = client.post(f"/comments/post/{post.pk}/", fields)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert Comment.objects.count() == before + 1
        assert response["Location"].startswith(post.get_absolute_url())
    else:
        assert Comment.objects.count() == before
        html = response.content.decode()
        assert 'id="commentform"' in html  # the form again, with what was typed
