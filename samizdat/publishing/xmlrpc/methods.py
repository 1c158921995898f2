"""The XML-RPC methods writing apps call (MarsEdit, the WordPress app, Open Live Writer, …):
wp.*, metaWeblog.*, blogger.* and mt.*, with WordPress's structures and fault codes. No
pingback methods. Every write goes through posts.services and media.services."""

import mimetypes
import xmlrpc.client
from datetime import UTC, datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samizdat.accounts.roles import Role, user_role
from samizdat.core.models import SiteSettings
from samizdat.media.services import image_upload
from samizdat.posts.models import PUBLIC_STATUSES, BodyFormat, Category, Post, Status, Tag
from samizdat.posts.services import (
    category_save,
    post_delete,
    post_editable_by,
    post_save,
    post_visible_to,
    tags_from_names,
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


def _dt(value: datetime | None, *, gmt: bool) -> xmlrpc.client.DateTime:
    if value is None:
        return xmlrpc.client.DateTime("00000000T00:00:00")
    moment = value.astimezone(UTC) if gmt else timezone.localtime(value)
    return xmlrpc.client.DateTime(moment.strftime("%Y%m%dT%H:%M:%S"))


def _when(value, *, gmt: bool) -> datetime | None:
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


def _term(term, taxonomy: str) -> dict:
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


def _post_struct(post: Post) -> dict:
    link = absolute(post.get_absolute_url())
    return {
        "post_id": str(post.pk),
        "post_title": post.title,
        "post_date": _dt(post.published_at or post.created_at, gmt=False),
        "post_date_gmt": _dt(post.published_at or post.created_at, gmt=True),
        "post_modified": _dt(post.modified_at, gmt=False),
        "post_modified_gmt": _dt(post.modified_at, gmt=True),
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
        "post_thumbnail": _media_struct(post.featured_image) if post.featured_image_id else [],
        "post_format": "standard",
        "terms": [_term(c, "category") for c in post.categories.all()]
        + [_term(t, "post_tag") for t in post.tags.all()],
        "custom_fields": [],
    }


def _metaweblog_struct(post: Post) -> dict:
    link = absolute(post.get_absolute_url())
    return {
        "dateCreated": _dt(post.published_at or post.created_at, gmt=False),
        "date_created_gmt": _dt(post.published_at or post.created_at, gmt=True),
        "date_modified": _dt(post.modified_at, gmt=False),
        "date_modified_gmt": _dt(post.modified_at, gmt=True),
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


def _media_struct(image) -> dict:
    url = absolute(image.file.url)
    name = image.file.name.rsplit("/", 1)[-1]
    return {
        "attachment_id": str(image.pk),
        "id": str(image.pk),
        "date_created_gmt": _dt(image.uploaded_at, gmt=True),
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


def _blog(user) -> dict:
    return {
        "isAdmin": user_role(user) is Role.ADMINISTRATOR,
        "url": site_url("/"),
        "blogid": "1",
        "blogName": SiteSettings.load().title,
        "xmlrpc": site_url("/xmlrpc.php"),
    }


def _post(user, post_id) -> Post:
    post = Post.objects.filter(pk=int(post_id)).first() if str(post_id).isdigit() else None
    if post is None or not post_visible_to(post, user):
        raise Fault(404, "Invalid post ID.")
    return post


def _save(user, post: Post, *, categories=None, tags=None) -> Post:
    try:
        return post_save(post=post, user=user, categories=categories, tags=tags)
    except PermissionDenied as denied:
        publishing = post.status in (*PUBLIC_STATUSES, Status.PRIVATE)
        if publishing and not user.has_perm("posts.publish_post"):
            raise Fault(401, CANNOT_PUBLISH) from None
        raise Fault(401, str(denied) or "Sorry, you are not allowed to edit this post.") from None
    except ValidationError as invalid:
        raise Fault(500, " ".join(invalid.messages)) from None


def _status(value: str) -> str:
    if value not in WP_TO_POST_STATUS:
        raise Fault(403, "Invalid post status.")  # WordPress's own fault for a bad status
    return WP_TO_POST_STATUS[value]


def _categories_by_name(names) -> list[Category]:
    found = []
    for name in names or []:
        category = Category.objects.filter(name__iexact=str(name)).first()
        if category is not None:
            found.append(category)
    return found


# ── the methods ──────────────────────────────────────────────────────────────────────────


def methods(session: Session) -> dict:
    login = session.login

    def users_blogs(username, password):
        return [_blog(login(username, password))]

    def blogger_users_blogs(appkey, username, password):
        return users_blogs(username, password)

    def get_posts(blog_id, username, password, filters=None, fields=None):
        user = login(username, password)
        filters = filters or {}
        if filters.get("post_type", "post") != "post":
            return []
        posts = Post.objects.listed_for(user)
        if user.has_perm("posts.change_post"):
            editable = (
                Post.objects.all()
                if user.has_perm("posts.edit_others_posts")
                else Post.objects.filter(author=user)
            )
            posts = (posts | editable).distinct()
        if status := filters.get("post_status"):
            ours = WP_TO_POST_STATUS.get(status)
            posts = posts.filter(status__in=PUBLIC_STATUSES if ours == Status.PUBLISHED else [ours])
        order = "" if str(filters.get("order", "DESC")).upper() == "ASC" else "-"
        number, offset = int(filters.get("number", 10)), int(filters.get("offset", 0))
        chosen = posts.order_by(f"{order}published_at", f"{order}id").select_related(
            "author", "featured_image"
        )
        return [_post_struct(p) for p in chosen[offset : offset + number]]

    def get_post(blog_id, username, password, post_id, fields=None):
        return _post_struct(_post(login(username, password), post_id))

    def _apply(user, post: Post, content: dict):
        if "post_type" in content and content["post_type"] != "post":
            raise Fault(
                401, "Sorry, samizdat takes posts only over XML-RPC; write pages in the admin."
            )
        if "post_title" in content:
            post.title = str(content["post_title"])
        if "post_content" in content and str(content["post_content"]) != post.body_source:
            post.body_source, post.body_format = str(content["post_content"]), BodyFormat.HTML
        if "post_excerpt" in content:
            post.excerpt = str(content["post_excerpt"])
        if "post_name" in content:
            post.slug = str(content["post_name"])
        if "post_status" in content:
            post.status = _status(content["post_status"])
        if content.get("post_date_gmt"):
            post.published_at = _when(content["post_date_gmt"], gmt=True) or post.published_at
        elif content.get("post_date"):
            post.published_at = _when(content["post_date"], gmt=False) or post.published_at
        if "post_author" in content and str(content["post_author"]).isdigit():
            post.author_id = int(content["post_author"])
        if "comment_status" in content:
            post.comments_open = content["comment_status"] == "open"
        if "sticky" in content:
            post.sticky = bool(content["sticky"])
        if "post_thumbnail" in content:
            post.featured_image_id = int(content["post_thumbnail"] or 0) or None
        categories = tags = None
        terms = content.get("terms") or {}
        names = content.get("terms_names") or {}
        if "category" in terms or "category" in names:
            categories = list(
                Category.objects.filter(pk__in=[int(i) for i in terms.get("category", [])])
            )
            for name in names.get("category", []):
                found = Category.objects.filter(name__iexact=name).first()
                if found is None:
                    if not user.has_perm("posts.add_category"):
                        raise Fault(401, "Sorry, you are not allowed to assign the provided terms.")
                    found = category_save(category=Category(name=name))
                categories.append(found)
        if "post_tag" in terms or "post_tag" in names:
            tags = list(Tag.objects.filter(pk__in=[int(i) for i in terms.get("post_tag", [])]))
            tags += tags_from_names(names.get("post_tag", []))
        return categories, tags

    def new_post(blog_id, username, password, content):
        user = login(username, password)
        post = Post(title="", author=user)
        categories, tags = _apply(user, post, content or {})
        return str(_save(user, post, categories=categories, tags=tags).pk)

    def edit_post(blog_id, username, password, post_id, content):
        user = login(username, password)
        post = _post(user, post_id)
        if not post_editable_by(post, user):
            raise Fault(401, "Sorry, you are not allowed to edit this post.")
        categories, tags = _apply(user, post, content or {})
        _save(user, post, categories=categories, tags=tags)
        return True

    def delete_post(blog_id, username, password, post_id):
        user = login(username, password)
        post = _post(user, post_id)
        try:
            post_delete(post=post, user=user)
        except PermissionDenied:
            raise Fault(401, "Sorry, you are not allowed to delete this post.") from None
        return True

    def get_terms(blog_id, username, password, taxonomy, filters=None):
        login(username, password)
        if taxonomy == "category":
            return [_term(c, "category") for c in Category.objects.order_by("name")]
        if taxonomy == "post_tag":
            return [_term(t, "post_tag") for t in Tag.objects.order_by("name")]
        raise Fault(403, "Invalid taxonomy.")

    def get_term(blog_id, username, password, taxonomy, term_id):
        login(username, password)
        model = {"category": Category, "post_tag": Tag}.get(taxonomy)
        if model is None:
            raise Fault(403, "Invalid taxonomy.")
        term = model.objects.filter(pk=int(term_id)).first() if str(term_id).isdigit() else None
        if term is None:
            raise Fault(404, "Invalid term ID.")
        return _term(term, taxonomy)

    def get_taxonomies(blog_id, username, password, filters=None):
        login(username, password)
        return [
            {
                "name": "category",
                "label": "Categories",
                "hierarchical": True,
                "public": True,
                "show_ui": True,
                "_builtin": True,
                "object_type": ["post"],
                "labels": {},
                "cap": {},
            },
            {
                "name": "post_tag",
                "label": "Tags",
                "hierarchical": False,
                "public": True,
                "show_ui": True,
                "_builtin": True,
                "object_type": ["post"],
                "labels": {},
                "cap": {},
            },
        ]

    def upload_file(blog_id, username, password, data):
        user = login(username, password)
        bits = data.get("bits")
        raw = bits.data if isinstance(bits, xmlrpc.client.Binary) else bytes(bits or b"")
        upload = SimpleUploadedFile(
            str(data.get("name") or "upload"), raw, str(data.get("type") or "")
        )
        try:
            image = image_upload(uploaded_file=upload, user=user)
        except PermissionDenied:
            raise Fault(401, "Sorry, you are not allowed to upload files.") from None
        except ValidationError as invalid:
            raise Fault(500, "Could not write file: " + " ".join(invalid.messages)) from None
        return _media_struct(image)

    def get_profile(blog_id, username, password, fields=None):
        user = login(username, password)
        role = user_role(user)
        return {
            "user_id": str(user.pk),
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "bio": user.bio,
            "email": user.email,
            "nickname": user.username,
            "nicename": user.username,
            "url": "",
            "display_name": user.public_name,
            "registered": _dt(user.date_joined, gmt=True),
            "roles": [role.value.lower()] if role else ["subscriber"],
        }

    def get_options(blog_id, username, password, options=None):
        login(username, password)
        site = SiteSettings.load()
        known = {
            "software_name": ("Software Name", "samizdat"),
            "software_version": ("Software Version", "6.1"),
            "blog_url": ("WordPress Address (URL)", site_url()),
            "home_url": ("Site Address (URL)", site_url()),
            "blog_title": ("Site Title", site.title),
            "blog_tagline": ("Site Tagline", site.tagline),
            "time_zone": ("Time Zone", "0"),
            "date_format": ("Date Format", "F j, Y"),
            "time_format": ("Time Format", "g:i a"),
            "post_thumbnail": ("Post Thumbnail", True),
            "image_default_link_type": ("Image default link type", "none"),
        }
        wanted = options or list(known)
        return {
            name: {"desc": known[name][0], "readonly": True, "value": known[name][1]}
            for name in wanted
            if name in known
        }

    def post_formats(blog_id, username, password, filters=None):
        login(username, password)
        return {"standard": "Standard"}

    def post_status_list(blog_id, username, password):
        login(username, password)
        return {
            "draft": "Draft",
            "pending": "Pending Review",
            "private": "Private",
            "publish": "Published",
        }

    def categories_list(blog_id, username, password):
        login(username, password)
        return [
            {
                "categoryId": str(c.pk),
                "parentId": str(c.parent_id or 0),
                "categoryName": c.name,
                "categoryDescription": c.description,
                "description": c.name,
                "htmlUrl": absolute(c.get_absolute_url()),
                "rssUrl": absolute(c.get_absolute_url() + "feed/"),
                "title": c.name,
            }
            for c in Category.objects.order_by("name")
        ]

    def tags_list(blog_id, username, password):
        login(username, password)
        return [
            {
                "tag_id": str(t.pk),
                "name": t.name,
                "count": t.posts.count(),
                "slug": t.slug,
                "html_url": absolute(t.get_absolute_url()),
                "rss_url": absolute(t.get_absolute_url() + "feed/"),
            }
            for t in Tag.objects.order_by("name")
        ]

    def new_category(blog_id, username, password, category):
        user = login(username, password)
        if not user.has_perm("posts.add_category"):
            raise Fault(401, "Sorry, you are not allowed to add a category.")
        parent = int(category.get("parent_id") or 0) or None
        saved = category_save(
            category=Category(
                name=str(category.get("name", "")),
                slug=str(category.get("slug", "")),
                parent_id=parent,
                description=str(category.get("description", "")),
            )
        )
        return saved.pk

    # metaWeblog / Blogger / Movable Type, as MarsEdit and older apps speak them.

    def _apply_metaweblog(user, post: Post, struct: dict, publish: bool | None):
        if "title" in struct:
            post.title = str(struct["title"])
        if "description" in struct:
            body = str(struct["description"])
            if struct.get("mt_text_more"):
                body += "\n<!--more-->\n" + str(struct["mt_text_more"])
            if body != post.body_source:
                post.body_source, post.body_format = body, BodyFormat.HTML
        if "mt_excerpt" in struct:
            post.excerpt = str(struct["mt_excerpt"])
        if "wp_slug" in struct:
            post.slug = str(struct["wp_slug"])
        if "mt_allow_comments" in struct:
            value = struct["mt_allow_comments"]
            post.comments_open = value in (1, True, "1", "open")
        if struct.get("date_created_gmt"):
            post.published_at = _when(struct["date_created_gmt"], gmt=True) or post.published_at
        elif struct.get("dateCreated"):
            post.published_at = _when(struct["dateCreated"], gmt=False) or post.published_at
        if struct.get("post_status"):
            post.status = _status(struct["post_status"])
        elif publish is not None:
            post.status = Status.PUBLISHED if publish else Status.DRAFT
        if "wp_post_thumbnail" in struct:
            post.featured_image_id = int(struct["wp_post_thumbnail"] or 0) or None
        categories = _categories_by_name(struct["categories"]) if "categories" in struct else None
        tags = None
        if "mt_keywords" in struct:
            tags = tags_from_names(str(struct["mt_keywords"]).split(","))
        return categories, tags

    def mw_new_post(blog_id, username, password, struct, publish=True):
        user = login(username, password)
        post = Post(title="", author=user)
        categories, tags = _apply_metaweblog(user, post, struct or {}, bool(publish))
        return str(_save(user, post, categories=categories, tags=tags).pk)

    def mw_edit_post(post_id, username, password, struct, publish=None):
        user = login(username, password)
        post = _post(user, post_id)
        if not post_editable_by(post, user):
            raise Fault(401, "Sorry, you are not allowed to edit this post.")
        categories, tags = _apply_metaweblog(
            user, post, struct or {}, None if publish is None else bool(publish)
        )
        _save(user, post, categories=categories, tags=tags)
        return True

    def mw_get_post(post_id, username, password):
        return _metaweblog_struct(_post(login(username, password), post_id))

    def mw_recent(blog_id, username, password, number=10):
        structs = get_posts(blog_id, username, password, {"number": int(number)})
        return [mw_get_post(s["post_id"], username, password) for s in structs]

    def mw_new_media(blog_id, username, password, data):
        uploaded = upload_file(blog_id, username, password, data)
        return {
            "id": uploaded["id"],
            "file": uploaded["file"],
            "url": uploaded["url"],
            "type": uploaded["type"],
        }

    def blogger_delete(appkey, post_id, username, password, publish=False):
        return delete_post(1, username, password, post_id)

    def blogger_user_info(appkey, username, password):
        user = login(username, password)
        return {
            "nickname": user.username,
            "userid": str(user.pk),
            "url": site_url(),
            "lastname": user.last_name,
            "firstname": user.first_name,
        }

    def mt_post_categories(post_id, username, password):
        post = _post(login(username, password), post_id)
        return [
            {"categoryName": c.name, "categoryId": str(c.pk), "isPrimary": i == 0}
            for i, c in enumerate(post.categories.all())
        ]

    def mt_set_categories(post_id, username, password, categories):
        user = login(username, password)
        post = _post(user, post_id)
        ids = [
            int(c["categoryId"]) for c in categories or [] if str(c.get("categoryId", "")).isdigit()
        ]
        _save(user, post, categories=list(Category.objects.filter(pk__in=ids)))
        return True

    def mt_category_list(blog_id, username, password):
        return [
            {"categoryId": c["categoryId"], "categoryName": c["categoryName"]}
            for c in categories_list(blog_id, username, password)
        ]

    def mt_recent_titles(blog_id, username, password, number=10):
        return [
            {
                "postid": s["post_id"],
                "title": s["post_title"],
                "userid": s["post_author"],
                "dateCreated": s["post_date"],
                "date_created_gmt": s["post_date_gmt"],
            }
            for s in get_posts(blog_id, username, password, {"number": int(number)})
        ]

    def mt_publish(post_id, username, password):
        user = login(username, password)
        post = _post(user, post_id)
        post.status = Status.PUBLISHED
        _save(user, post)
        return True

    table = {
        "wp.getUsersBlogs": users_blogs,
        "wp.getPosts": get_posts,
        "wp.getPost": get_post,
        "wp.newPost": new_post,
        "wp.editPost": edit_post,
        "wp.deletePost": delete_post,
        "wp.getTerms": get_terms,
        "wp.getTerm": get_term,
        "wp.getTaxonomies": get_taxonomies,
        "wp.uploadFile": upload_file,
        "wp.getProfile": get_profile,
        "wp.getOptions": get_options,
        "wp.getPostFormats": post_formats,
        "wp.getPostStatusList": post_status_list,
        "wp.getCategories": categories_list,
        "wp.getTags": tags_list,
        "wp.newCategory": new_category,
        "metaWeblog.getUsersBlogs": blogger_users_blogs,
        "metaWeblog.newPost": mw_new_post,
        "metaWeblog.editPost": mw_edit_post,
        "metaWeblog.getPost": mw_get_post,
        "metaWeblog.getRecentPosts": mw_recent,
        "metaWeblog.getCategories": categories_list,
        "metaWeblog.newMediaObject": mw_new_media,
        "metaWeblog.deletePost": blogger_delete,
        "blogger.getUsersBlogs": blogger_users_blogs,
        "blogger.getUserInfo": blogger_user_info,
        "blogger.deletePost": blogger_delete,
        "mt.getCategoryList": mt_category_list,
        "mt.getPostCategories": mt_post_categories,
        "mt.setPostCategories": mt_set_categories,
        "mt.getRecentPostTitles": mt_recent_titles,
        "mt.supportedTextFilters": lambda: [],
        "mt.publishPost": mt_publish,
    }
    # As WordPress answers it: every method (python-wordpress-xmlrpc checks against this).
    table["mt.supportedMethods"] = lambda: sorted(n for n in table if not n.startswith("system."))
    table["system.listMethods"] = lambda: sorted(table)
    table["system.getCapabilities"] = lambda: {
        "xmlrpc": {"specUrl": "http://www.xmlrpc.com/spec", "specVersion": 1},
        "faults_interop": {
            "specUrl": "http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php",
            "specVersion": 20010516,
        },
        "system.multicall": {
            "specUrl": "http://www.xmlrpc.com/discuss/msgReader$1208",
            "specVersion": 1,
        },
    }
    table["system.multicall"] = partial(_multicall, table)
    return table


def _multicall(table: dict, calls):
    from samizdat.publishing.xmlrpc.protocol import Call, dispatch

    results = []
    for call in calls or []:
        name = call.get("methodName")
        if name == "system.multicall":
            results.append(
                {
                    "faultCode": -32600,
                    "faultString": "Recursive calls to system.multicall are forbidden.",
                }
            )
            continue
        try:
            results.append(
                [dispatch(table, Call(method=name, params=tuple(call.get("params", []))))]
            )
        except Fault as fault:
            results.append({"faultCode": fault.code, "faultString": fault.message})
    return results
