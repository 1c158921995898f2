"""The wp.* XML-RPC methods (the WordPress app, python-wordpress-xmlrpc, iA Writer), with
WordPress's structures and fault codes."""

import xmlrpc.client

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samizdat.accounts.roles import user_role
from samizdat.core.models import SiteSettings
from samizdat.media.services import image_upload
from samizdat.posts.models import PUBLIC_STATUSES, BodyFormat, Category, Post, Status, Tag
from samizdat.posts.services import category_save, post_delete, post_editable_by, tags_from_names
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.wp.representations import WP_TO_POST_STATUS, absolute
from samizdat.publishing.xmlrpc.protocol import Fault
from samizdat.publishing.xmlrpc.structures import (
    Session,
    blog_struct,
    client_date,
    media_struct,
    post_find,
    post_store,
    post_struct,
    status_from_wp,
    term_struct,
    xml_date,
)


def wordpress_methods(session: Session) -> dict:
    login = session.login

    def users_blogs(username, password):
        return [blog_struct(login(username, password))]

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
        return [post_struct(p) for p in chosen[offset : offset + number]]

    def get_post(blog_id, username, password, post_id, fields=None):
        return post_struct(post_find(login(username, password), post_id))

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
            post.status = status_from_wp(content["post_status"])
        if content.get("post_date_gmt"):
            post.published_at = client_date(content["post_date_gmt"], gmt=True) or post.published_at
        elif content.get("post_date"):
            post.published_at = client_date(content["post_date"], gmt=False) or post.published_at
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
        return str(post_store(user, post, categories=categories, tags=tags).pk)

    def edit_post(blog_id, username, password, post_id, content):
        user = login(username, password)
        post = post_find(user, post_id)
        if not post_editable_by(post, user):
            raise Fault(401, "Sorry, you are not allowed to edit this post.")
        categories, tags = _apply(user, post, content or {})
        post_store(user, post, categories=categories, tags=tags)
        return True

    def delete_post(blog_id, username, password, post_id):
        user = login(username, password)
        post = post_find(user, post_id)
        try:
            post_delete(post=post, user=user)
        except PermissionDenied:
            raise Fault(401, "Sorry, you are not allowed to delete this post.") from None
        return True

    def get_terms(blog_id, username, password, taxonomy, filters=None):
        login(username, password)
        if taxonomy == "category":
            return [term_struct(c, "category") for c in Category.objects.order_by("name")]
        if taxonomy == "post_tag":
            return [term_struct(t, "post_tag") for t in Tag.objects.order_by("name")]
        raise Fault(403, "Invalid taxonomy.")

    def get_term(blog_id, username, password, taxonomy, term_id):
        login(username, password)
        model = {"category": Category, "post_tag": Tag}.get(taxonomy)
        if model is None:
            raise Fault(403, "Invalid taxonomy.")
        term = model.objects.filter(pk=int(term_id)).first() if str(term_id).isdigit() else None
        if term is None:
            raise Fault(404, "Invalid term ID.")
        return term_struct(term, taxonomy)

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
        return media_struct(image)

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
            "registered": xml_date(user.date_joined, gmt=True),
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

    return {
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
    }
