"""samizdat's objects in WordPress's REST shapes (wp/v2), field for field."""

from django.core.files.storage import default_storage
from django.utils.html import escape

from samizdat.accounts.avatars import avatar_url
from samizdat.accounts.roles import user_role
from samizdat.posts.models import Page, Post, Status
from samizdat.posts.services import post_editable_by
from samizdat.publishing.wp.common import api_url, gmt_date, links, local_date, site_url

POST_STATUS_TO_WP = {
    Status.DRAFT: "draft",
    Status.PENDING: "pending",
    Status.SCHEDULED: "future",
    Status.PUBLISHED: "publish",
    Status.PRIVATE: "private",
}
WP_TO_POST_STATUS = {wp: ours for ours, wp in POST_STATUS_TO_WP.items()}
COMMENT_STATUS_TO_WP = {"approved": "approved", "pending": "hold", "spam": "spam", "trash": "trash"}


def wp_status(item: Post | Page) -> str:
    if isinstance(item, Post) and item.status in (Status.PUBLISHED, Status.SCHEDULED):
        return "publish" if item.is_public else "future"
    return POST_STATUS_TO_WP[item.status]


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else site_url(path)


def _avatars(user) -> dict:
    url = absolute(avatar_url(user=user))
    return {"24": url, "48": url, "96": url}


def user_data(user, *, context: str = "view") -> dict:
    data = {
        "id": user.pk,
        "name": user.public_name,
        "url": "",
        "description": user.bio,
        "link": site_url(f"/author/{user.username}/"),
        "slug": user.username,
        "avatar_urls": _avatars(user),
        "meta": [],
    }
    if context == "edit":
        role = user_role(user)
        data |= {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "nickname": user.username,
            "registered_date": user.date_joined.replace(microsecond=0).isoformat(),
            "roles": [role.value.lower()] if role else ["subscriber"],
            "locale": "en_US",
        }
    data["_links"] = links(
        self=api_url(f"wp/v2/users/{user.pk}"), collection=api_url("wp/v2/users")
    )
    return data


def _rendered(html: str, raw: str | None, context: str, **extra) -> dict:
    out = {"rendered": html, **extra}
    if context == "edit" and raw is not None:
        out = {"raw": raw, **out}
    return out


def post_data(post: Post, *, context: str = "view", user=None) -> dict:
    edit = context == "edit"
    url = absolute(post.get_absolute_url())
    categories = [c.pk for c in post.categories.all()]
    tags = [t.pk for t in post.tags.all()]
    data = {
        "id": post.pk,
        "date": local_date(post.published_at or post.created_at),
        "date_gmt": gmt_date(post.published_at),
        "guid": _rendered(site_url(f"/?p={post.pk}"), site_url(f"/?p={post.pk}"), context),
        "modified": local_date(post.modified_at),
        "modified_gmt": gmt_date(post.modified_at),
        "slug": post.slug,
        "status": wp_status(post),
        "type": "post",
        "link": url,
        "title": _rendered(escape(post.title), post.title, context),
        "content": _rendered(post.body_html, post.body_source, context, protected=False),
        "excerpt": _rendered(
            f"<p>{escape(post.summary)}</p>\n", post.excerpt, context, protected=False
        ),
        "author": post.author_id,
        "featured_media": post.featured_image_id or 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "closed",
        "sticky": post.sticky,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": categories,
        "tags": tags,
    }
    if edit:
        data["password"] = ""
        data["permalink_template"] = url
        data["generated_slug"] = post.slug
        data["content"]["block_version"] = 0
    relations = {
        "self": api_url(f"wp/v2/posts/{post.pk}"),
        "collection": api_url("wp/v2/posts"),
        "about": api_url("wp/v2/types/post"),
        "author": {"embeddable": True, "href": api_url(f"wp/v2/users/{post.author_id}")},
        "replies": {"embeddable": True, "href": api_url(f"wp/v2/comments?post={post.pk}")},
        "wp__featuredmedia": {
            "embeddable": True,
            "href": api_url(f"wp/v2/media/{post.featured_image_id}"),
        }
        if post.featured_image_id
        else None,
        "wp__attachment": api_url(f"wp/v2/media?parent={post.pk}"),
        "wp__term": [
            {
                "taxonomy": "category",
                "embeddable": True,
                "href": api_url(f"wp/v2/categories?post={post.pk}"),
            },
            {
                "taxonomy": "post_tag",
                "embeddable": True,
                "href": api_url(f"wp/v2/tags?post={post.pk}"),
            },
        ],
    }
    data["_links"] = links(**relations)
    return data


def post_embedded(post: Post, *, viewer) -> dict:
    """`_embedded` for `_embed`: the author, the featured image and the terms."""
    embedded = {"author": [user_data(post.author)]}
    if post.featured_image_id and post.featured_image is not None:
        embedded["wp:featuredmedia"] = [media_data(post.featured_image)]
    replies = post.comments.approved().order_by("created_at", "id")[:100]
    if replies:
        embedded["replies"] = [[comment_data(c, context="embed") for c in replies]]
    embedded["wp:term"] = [
        [term_data(c, "category") for c in post.categories.all()],
        [term_data(t, "post_tag") for t in post.tags.all()],
    ]
    return embedded


def page_data(page: Page, *, context: str = "view") -> dict:
    url = absolute(page.get_absolute_url())
    data = {
        "id": page.pk,
        "date": local_date(page.published_at or page.modified_at),
        "date_gmt": gmt_date(page.published_at),
        "guid": _rendered(
            site_url(f"/?page_id={page.pk}"), site_url(f"/?page_id={page.pk}"), context
        ),
        "modified": local_date(page.modified_at),
        "modified_gmt": gmt_date(page.modified_at),
        "slug": page.slug,
        "status": wp_status(page),
        "type": "page",
        "link": url,
        "title": _rendered(escape(page.title), page.title, context),
        "content": _rendered(page.body_html, page.body_source, context, protected=False),
        "excerpt": _rendered("", "", context, protected=False),
        "author": page.author_id,
        "featured_media": 0,
        "parent": page.parent_id or 0,
        "menu_order": page.menu_order,
        "comment_status": "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
    }
    if context == "edit":
        data["password"] = ""
        data["permalink_template"] = url
        data["generated_slug"] = page.slug
    data["_links"] = links(
        self=api_url(f"wp/v2/pages/{page.pk}"),
        collection=api_url("wp/v2/pages"),
        about=api_url("wp/v2/types/page"),
        author={"embeddable": True, "href": api_url(f"wp/v2/users/{page.author_id}")},
        up={"embeddable": True, "href": api_url(f"wp/v2/pages/{page.parent_id}")}
        if page.parent_id
        else None,
    )
    return data


_MIME = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}


def media_data(image, *, context: str = "view") -> dict:
    name = image.file.name
    mime = _MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    source = absolute(image.file.url)
    sizes = {
        f"w{r['width']}": {
            "file": r["name"].rsplit("/", 1)[-1],
            "width": r["width"],
            "height": r["height"],
            "mime_type": mime,
            "source_url": absolute(default_storage.url(r["name"])),
        }
        for r in image.renditions
    }
    sizes["full"] = {
        "file": name.rsplit("/", 1)[-1],
        "width": image.width,
        "height": image.height,
        "mime_type": mime,
        "source_url": source,
    }
    title = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    data = {
        "id": image.pk,
        "date": local_date(image.uploaded_at),
        "date_gmt": gmt_date(image.uploaded_at),
        "guid": _rendered(source, source, context),
        "modified": local_date(image.uploaded_at),
        "modified_gmt": gmt_date(image.uploaded_at),
        "slug": title,
        "status": "inherit",
        "type": "attachment",
        "link": source,
        "title": _rendered(escape(title), title, context),
        "author": image.uploaded_by_id or 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
        "description": _rendered("", "", context),
        "caption": _rendered(
            f"<p>{escape(image.caption)}</p>\n" if image.caption else "", image.caption, context
        ),
        "alt_text": image.alt,
        "media_type": "image",
        "mime_type": mime,
        "media_details": {
            "width": image.width,
            "height": image.height,
            "file": name,
            "sizes": sizes,
            "filesize": image.file.size if default_storage.exists(name) else 0,
            "image_meta": {"credit": image.credit, "caption": image.caption},
        },
        "post": None,
        "source_url": source,
    }
    if context == "edit":
        data |= {"permalink_template": source, "generated_slug": title, "missing_image_sizes": []}
    data["_links"] = links(
        self=api_url(f"wp/v2/media/{image.pk}"),
        collection=api_url("wp/v2/media"),
        about=api_url("wp/v2/types/attachment"),
        author={"embeddable": True, "href": api_url(f"wp/v2/users/{image.uploaded_by_id}")}
        if image.uploaded_by_id
        else None,
    )
    return data


def term_data(term, taxonomy: str, *, count: int | None = None) -> dict:
    route = "categories" if taxonomy == "category" else "tags"
    data = {
        "id": term.pk,
        "count": count if count is not None else getattr(term, "post_count", 0),
        "description": getattr(term, "description", ""),
        "link": absolute(term.get_absolute_url()),
        "name": term.name,
        "slug": term.slug,
        "taxonomy": taxonomy,
    }
    if taxonomy == "category":
        data["parent"] = term.parent_id or 0
    data["meta"] = []
    data["_links"] = links(
        self=api_url(f"wp/v2/{route}/{term.pk}"),
        collection=api_url(f"wp/v2/{route}"),
        about=api_url(f"wp/v2/taxonomies/{taxonomy}"),
        wp__post_type=api_url(f"wp/v2/posts?{route}={term.pk}"),
    )
    return data


def comment_data(comment, *, context: str = "view") -> dict:
    data = {
        "id": comment.pk,
        "post": comment.post_id,
        "parent": comment.parent_id or 0,
        "author": comment.user_id or 0,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "date": local_date(comment.created_at),
        "date_gmt": gmt_date(comment.created_at),
        "content": _rendered(comment.body_html, comment.body_source, context),
        "link": absolute(comment.get_absolute_url()),
        "status": COMMENT_STATUS_TO_WP[comment.status],
        "type": comment.kind,
        "author_avatar_urls": {
            size: url
            for size, url in zip(
                ("24", "48", "96"),
                [absolute(avatar_url(email=comment.author_email, name=comment.author_name))] * 3,
                strict=True,
            )
        },
        "meta": [],
    }
    if context == "edit":
        data["author_email"] = comment.author_email
        data["author_ip"] = comment.ip_address or ""
        data["author_user_agent"] = comment.user_agent
    data["_links"] = links(
        self=api_url(f"wp/v2/comments/{comment.pk}"),
        collection=api_url("wp/v2/comments"),
        up={
            "embeddable": True,
            "post_type": "post",
            "href": api_url(f"wp/v2/posts/{comment.post_id}"),
        },
    )
    return data


def may_edit(post: Post, user) -> bool:
    return user is not None and post_editable_by(post, user)
