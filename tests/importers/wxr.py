"""Small WordPress exports written to order, in any WXR version and namespace spelling."""

from dataclasses import dataclass, field
from html import escape

SITE = "https://old.example.org"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"


@dataclass
class C:
    """A comment."""

    id: int
    content: str = "A comment."
    parent: int = 0
    approved: str = "1"
    type: str = ""
    author: str = "Reader"
    email: str = "reader@example.org"
    date_gmt: str = "2020-01-02 10:00:00"
    user_id: int = 0


@dataclass
class I:  # noqa: E742
    """An item: a post, page or attachment."""

    id: int
    title: str = "A post"
    slug: str = ""
    type: str = "post"
    status: str = "publish"
    content: str = "Some text."
    excerpt: str = ""
    creator: str = "alice"
    date_gmt: str = "2020-01-01 12:00:00"
    date: str = ""
    parent: int = 0
    password: str = ""
    sticky: int = 0
    link: str = ""
    guid: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    comments: list[C] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""
    menu_order: int = 0
    comment_status: str = "open"


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _item(item: I, wp: str) -> str:
    slug = item.slug or f"item-{item.id}"
    link = item.link or (f"{SITE}/2020/01/01/{slug}/" if item.type == "post" else f"{SITE}/{slug}/")
    terms = "".join(
        f'<category domain="category" nicename="{n}">{cdata(name)}</category>'
        for n, name in item.categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{n}">{cdata(name)}</category>'
        for n, name in item.tags
    )
    meta = "".join(
        f"<{wp}:postmeta><{wp}:meta_key>{k}</{wp}:meta_key>"
        f"<{wp}:meta_value>{cdata(v)}</{wp}:meta_value></{wp}:postmeta>"
        for k, v in item.meta.items()
    )
    comments = "".join(
        f"""<{wp}:comment><{wp}:comment_id>{c.id}</{wp}:comment_id>
<{wp}:comment_author>{cdata(c.author)}</{wp}:comment_author>
<{wp}:comment_author_email>{c.email}</{wp}:comment_author_email>
<{wp}:comment_author_url>http://reader.example.net/</{wp}:comment_author_url>
<{wp}:comment_author_IP>192.0.2.1</{wp}:comment_author_IP>
<{wp}:comment_date>{c.date_gmt}</{wp}:comment_date>
<{wp}:comment_date_gmt>{c.date_gmt}</{wp}:comment_date_gmt>
<{wp}:comment_content>{cdata(c.content)}</{wp}:comment_content>
<{wp}:comment_approved>{c.approved}</{wp}:comment_approved>
<{wp}:comment_type>{c.type}</{wp}:comment_type>
<{wp}:comment_parent>{c.parent}</{wp}:comment_parent>
<{wp}:comment_user_id>{c.user_id}</{wp}:comment_user_id>
</{wp}:comment>"""
        for c in item.comments
    )
    attachment = (
        f"<{wp}:attachment_url>{item.attachment_url}</{wp}:attachment_url>"
        if item.attachment_url
        else ""
    )
    return f"""<item>
<title>{escape(item.title)}</title>
<link>{link}</link>
<pubDate>Wed, 01 Jan 2020 12:00:00 +0000</pubDate>
<dc:creator>{cdata(item.creator)}</dc:creator>
<guid isPermaLink="false">{item.guid or f"{SITE}/?p={item.id}"}</guid>
<description></description>
<content:encoded>{cdata(item.content)}</content:encoded>
<excerpt:encoded>{cdata(item.excerpt)}</excerpt:encoded>
<{wp}:post_id>{item.id}</{wp}:post_id>
<{wp}:post_date>{item.date or item.date_gmt}</{wp}:post_date>
<{wp}:post_date_gmt>{item.date_gmt}</{wp}:post_date_gmt>
<{wp}:comment_status>{item.comment_status}</{wp}:comment_status>
<{wp}:ping_status>open</{wp}:ping_status>
<{wp}:post_name>{item.slug}</{wp}:post_name>
<{wp}:status>{item.status}</{wp}:status>
<{wp}:post_parent>{item.parent}</{wp}:post_parent>
<{wp}:menu_order>{item.menu_order}</{wp}:menu_order>
<{wp}:post_type>{item.type}</{wp}:post_type>
<{wp}:post_password>{item.password}</{wp}:post_password>
<{wp}:is_sticky>{item.sticky}</{wp}:is_sticky>
{attachment}{terms}{meta}{comments}
</item>
"""


def export(
    *items: I,
    version: str = "1.2",
    scheme: str = "http",
    authors=(("alice", "Alice Author"), ("bob", "Bob Writer")),
    categories=(),  # (nicename, name, parent nicename)
    tags=(),  # (slug, name)
    site: str = SITE,
    wp_prefix: str = "wp",
) -> str:
    """A WXR document. `scheme` spells the WordPress namespaces as http:// or https://."""
    ns = f"{scheme}://wordpress.org/export/{version}/"
    wp = wp_prefix
    author_xml = "".join(
        f"<{wp}:author><{wp}:author_id>{n}</{wp}:author_id>"
        f"<{wp}:author_login>{cdata(login)}</{wp}:author_login>"
        f"<{wp}:author_email>{login}@example.org</{wp}:author_email>"
        f"<{wp}:author_display_name>{cdata(name)}</{wp}:author_display_name></{wp}:author>\n"
        for n, (login, name) in enumerate(authors, start=1)
    )
    category_xml = "".join(
        f"<{wp}:category><{wp}:term_id>{100 + n}</{wp}:term_id>"
        f"<{wp}:category_nicename>{nice}</{wp}:category_nicename>"
        f"<{wp}:category_parent>{parent}</{wp}:category_parent>"
        f"<{wp}:cat_name>{cdata(name)}</{wp}:cat_name></{wp}:category>\n"
        for n, (nice, name, parent) in enumerate(categories)
    )
    tag_xml = "".join(
        f"<{wp}:tag><{wp}:term_id>{200 + n}</{wp}:term_id><{wp}:tag_slug>{slug}</{wp}:tag_slug>"
        f"<{wp}:tag_name>{cdata(name)}</{wp}:tag_name></{wp}:tag>\n"
        for n, (slug, name) in enumerate(tags)
    )
    blog_urls = (
        ""
        if version == "1.0"
        else f"<{wp}:base_site_url>{site}</{wp}:base_site_url>"
        f"<{wp}:base_blog_url>{site}</{wp}:base_blog_url>"
    )
    authors_part = "" if version == "1.0" else author_xml
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="{CONTENT}"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="{DC}" xmlns:{wp}="{ns}">
<channel>
<title>Old blog</title>
<link>{site}</link>
<description>An old blog</description>
<language>en</language>
<{wp}:wxr_version>{version}</{wp}:wxr_version>
{blog_urls}
{authors_part}{category_xml}{tag_xml}
{"".join(_item(i, wp) for i in items)}
</channel>
</rss>
"""
