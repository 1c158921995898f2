"""The metaWeblog, Blogger and Movable Type XML-RPC methods, as MarsEdit, Open Live Writer and
older apps speak them, over the same saves as wp.*."""

from samizdat.posts.models import BodyFormat, Category, Post, Status
from samizdat.posts.services import post_editable_by, tags_from_names
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.xmlrpc.protocol import Fault
from samizdat.publishing.xmlrpc.structures import (
    Session,
    categories_by_name,
    client_date,
    metaweblog_struct,
    post_find,
    post_store,
    status_from_wp,
)


def metaweblog_methods(session: Session, wp: dict) -> dict:
    login = session.login
    get_posts, upload_file = wp["wp.getPosts"], wp["wp.uploadFile"]
    delete_post, categories_list = wp["wp.deletePost"], wp["wp.getCategories"]
    users_blogs = wp["wp.getUsersBlogs"]

    def blogger_users_blogs(appkey, username, password):
        return users_blogs(username, password)

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
            post.published_at = (
                client_date(struct["date_created_gmt"], gmt=True) or post.published_at
            )
        elif struct.get("dateCreated"):
            post.published_at = client_date(struct["dateCreated"], gmt=False) or post.published_at
        if struct.get("post_status"):
            post.status = status_from_wp(struct["post_status"])
        elif publish is not None:
            post.status = Status.PUBLISHED if publish else Status.DRAFT
        if "wp_post_thumbnail" in struct:
            post.featured_image_id = int(struct["wp_post_thumbnail"] or 0) or None
        categories = categories_by_name(struct["categories"]) if "categories" in struct else None
        tags = None
        if "mt_keywords" in struct:
            tags = tags_from_names(str(struct["mt_keywords"]).split(","))
        return categories, tags

    def mw_new_post(blog_id, username, password, struct, publish=True):
        user = login(username, password)
        post = Post(title="", author=user)
        categories, tags = _apply_metaweblog(user, post, struct or {}, bool(publish))
        return str(post_store(user, post, categories=categories, tags=tags).pk)

    def mw_edit_post(post_id, username, password, struct, publish=None):
        user = login(username, password)
        post = post_find(user, post_id)
        if not post_editable_by(post, user):
            raise Fault(401, "Sorry, you are not allowed to edit this post.")
        categories, tags = _apply_metaweblog(
            user, post, struct or {}, None if publish is None else bool(publish)
        )
        post_store(user, post, categories=categories, tags=tags)
        return True

    def mw_get_post(post_id, username, password):
        return metaweblog_struct(post_find(login(username, password), post_id))

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
        post = post_find(login(username, password), post_id)
        return [
            {"categoryName": c.name, "categoryId": str(c.pk), "isPrimary": i == 0}
            for i, c in enumerate(post.categories.all())
        ]

    def mt_set_categories(post_id, username, password, categories):
        user = login(username, password)
        post = post_find(user, post_id)
        ids = [
            int(c["categoryId"]) for c in categories or [] if str(c.get("categoryId", "")).isdigit()
        ]
        post_store(user, post, categories=list(Category.objects.filter(pk__in=ids)))
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
        post = post_find(user, post_id)
        post.status = Status.PUBLISHED
        post_store(user, post)
        return True

    return {
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
