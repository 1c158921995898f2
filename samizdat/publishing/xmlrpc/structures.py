"""What the XML-RPC methods share: the log-in, WordPress's structures for posts, terms and
media, and saving through posts.services with WordPress's faults."""

import mimetypes
import xmlrpc.client
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samizdat.accounts.roles import Role, user_role
from samizdat.core.models import SiteSettings
from samizdat.posts.models import PUBLIC_STATUSES, Category, Post, Status
from samizdat.posts.services import (
    post_save,
    post_visible_to,
)
from samizdat.publishing.services import CredentialRefused, app_password_authenticate
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.wp.representations import WP_TO_POST_STATUS, absolute, wp_status
from samizdat.publishing.xmlrpc.protocol import Fault

CANNOT_PUBLISH = "Sorry, you are not allowed to publish posts in this post type."


class Session:
    """One XML-RPC request: who sent it (for the log-ins inside each call)."""

    def __init__(self, *, ip: str, secure: bool):
        self.ip, self.secure = ip, secure

    def login(self, username, password):
        try:
            return app_password_authenticate(
                username=str(username), password=str(password), ip=self.ip, secure=self.secure
            )
        except CredentialRefused as refused:
            if refused.status == 429:
                raise Fault(429, refused.message) from None
            raise Fault(403, "Incorrect username or password.") from None


# ── structures ───────────────────────────────────────────────────────────────────────────


def xml_date(value: datetime | None, *, gmt: bool) -> xmlrpc.client.DateTime:
    if value is None:
        return xmlrpc.client.DateTime("00000000T00:00:00")
    moment = value.astimezone(UTC) if gmt else timezone.localtime(value)
    return xmlrpc.client.DateTime(moment.strftime("%Y%m%dT%H:%M:%S"))


def client_date(value, *, gmt: bool) -> datetime | None:
    """A client's dateTime.iso8601 (or string) as an aware datetime."""
    if value in (None, ""):
        return None
    text = value.value if isinstance(value, xmlrpc.client.DateTime) else str(value)
    if text.startswith("0000"):
        return None
    for shape in ("%Y%m%dT%H:%M:%S", "%Y%m%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            naive = datetime.strptime(text.rstrip("Z") if shape.endswith("S") else text, shape)
            break
        except ValueError:
            continue
    else:
        raise Fault(400, f"Invalid date: {text}")
    zone = UTC if gmt or text.endswith("Z") else timezone.get_current_timezone()
    return timezone.make_aware(naive, zone)


def term_struct(term, taxonomy: str) -> dict:
    return {
        "term_id": str(term.pk),
        "name": term.name,
        "slug": term.slug,
        "term_group": "0",
        "term_taxonomy_id": str(term.pk),
        "taxonomy": taxonomy,
        "description": getattr(term, "description", ""),
        "parent": str(getattr(term, "parent_id", None) or 0),
        "count": term.posts.count(),
        "filter": "raw",
        "custom_fields": [],
    }


def post_struct(post: Post) -> dict:
    link = absolute(post.get_absolute_url())
    return {
        "post_id": str(post.pk),
        "post_title": post.title,
        "post_date": xml_date(post.published_at or post.created_at, gmt=False),
        "post_date_gmt": xml_date(post.published_at or post.created_at, gmt=True),
        "post_modified": xml_date(post.modified_at, gmt=False),
        "post_modified_gmt": xml_date(post.modified_at, gmt=True),
        "post_status": wp_status(post),
        "post_type": "post",
        "post_name": post.slug,
        "post_author": str(post.author_id),
        "post_password": "",
        "post_excerpt": post.excerpt,
        "post_content": post.body_source,
        "post_parent": "0",
        "post_mime_type": "",
        "link": link,
        "guid": site_url(f"/?p={post.pk}"),
        "menu_order": 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "closed",
        "sticky": post.sticky,
        "post_thumbnail": media_struct(post.featured_image) if post.featured_image_id else [],
        "post_format": "standard",
        "terms": [term_struct(c, "category") for c in post.categories.all()]
        + [term_struct(t, "post_tag") for t in post.tags.all()],
        "custom_fields": [],
    }


def metaweblog_struct(post: Post) -> dict:
    link = absolute(post.get_absolute_url())
    return {
        "dateCreated": xml_date(post.published_at or post.created_at, gmt=False),
        "date_created_gmt": xml_date(post.published_at or post.created_at, gmt=True),
        "date_modified": xml_date(post.modified_at, gmt=False),
        "date_modified_gmt": xml_date(post.modified_at, gmt=True),
        "userid": str(post.author_id),
        "postid": str(post.pk),
        "description": post.body_source,
        "title": post.title,
        "link": link,
        "permaLink": link,
        "categories": [c.name for c in post.categories.all()],
        "mt_excerpt": post.excerpt,
        "mt_text_more": "",
        "wp_more_text": "",
        "mt_allow_comments": int(post.comments_open),
        "mt_allow_pings": 0,
        "mt_keywords": ", ".join(t.name for t in post.tags.all()),
        "wp_slug": post.slug,
        "wp_password": "",
        "wp_author_id": str(post.author_id),
        "wp_author_display_name": post.author.public_name,
        "post_status": wp_status(post),
        "custom_fields": [],
        "wp_post_format": "standard",
        "sticky": post.sticky,
        "wp_post_thumbnail": post.featured_image_id or 0,
    }


def media_struct(image) -> dict:
    url = absolute(image.file.url)
    name = image.file.name.rsplit("/", 1)[-1]
    return {
        "attachment_id": str(image.pk),
        "id": str(image.pk),
        "date_created_gmt": xml_date(image.uploaded_at, gmt=True),
        "parent": 0,
        "link": url,
        "url": url,
        "title": name,
        "caption": image.caption,
        "description": "",
        "metadata": {"width": image.width, "height": image.height, "file": image.file.name},
        "type": mimetypes.guess_type(name)[0] or "application/octet-stream",
        "thumbnail": url,
        "file": name,
    }


def blog_struct(user) -> dict:
    return {
        "isAdmin": user_role(user) is Role.ADMINISTRATOR,
        "url": site_url("/"),
        "blogid": "1",
        "blogName": SiteSettings.load().title,
        "xmlrpc": site_url("/xmlrpc.php"),
    }


def post_find(user, post_id) -> Post:
    post = Post.objects.filter(pk=int(post_id)).first() if str(post_id).isdigit() else None
    if post is None or not post_visible_to(post, user):
        raise Fault(404, "Invalid post ID.")
    return post


def post_store(user, post: Post, *, categories=None, tags=None) -> Post:
    try:
        return post_save(post=post, user=user, categories=categories, tags=tags)
    except PermissionDenied as denied:
        publishing = post.status in (*PUBLIC_STATUSES, Status.PRIVATE)
        if publishing and not user.has_perm("posts.publish_post"):
            raise Fault(401, CANNOT_PUBLISH) from None
        raise Fault(401, str(denied) or "Sorry, you are not allowed to edit this post.") from None
    except ValidationError as invalid:
        raise Fault(500, " ".join(invalid.messages)) from None


def status_from_wp(value: str) -> str:
    if value not in WP_TO_POST_STATUS:
        raise Fault(403, "Invalid post status.")  # WordPress's own fault for a bad status
    return WP_TO_POST_STATUS[value]


def categories_by_name(names) -> list[Category]:
    found = []
    for name in names or []:
        category = Category.objects.filter(name__iexact=str(name)).first()
        if category is not None:
            found.append(category)
    return found
