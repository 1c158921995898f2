"""wp/v2/posts: every write through posts.services (post_save, post_delete), so roles,
sanitising, revisions, redirects, the page cache and search all apply."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework.views import APIView

from samizdat.media.models import Image
from samizdat.posts.models import PUBLIC_STATUSES, BodyFormat, Category, Post, Status, Tag
from samizdat.posts.services import (
    post_delete,
    post_save,
    post_visible_to,
)
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.common import (
    arguments,
    bool_arg,
    choice_arg,
    context_arg,
    id_list,
    int_arg,
    paginate,
    parse_date,
    text_arg,
    wp_response,
)
from samizdat.publishing.wp.errors import WPError, invalid_params, refusal_status
from samizdat.publishing.wp.representations import (
    WP_TO_POST_STATUS,
    post_data,
    post_embedded,
)

POST_STATUSES = ["publish", "future", "draft", "pending", "private"]
ORDERBY = {
    "date": "published_at",
    "id": "id",
    "title": "title",
    "slug": "slug",
    "modified": "modified_at",
}


def invalid_post_id() -> WPError:
    return WPError("rest_post_invalid_id", "Invalid post ID.", 404)


def statuses_wanted(args: dict, allowed: list[str]) -> list[str]:
    raw = args.get("status", "publish")
    wanted = raw if isinstance(raw, list) else str(raw).split(",")
    wanted = [s.strip() for s in wanted if s.strip()]
    if "any" in wanted:
        return allowed
    for status in wanted:
        if status not in allowed:
            choice_arg({"status": status}, "status", allowed)
    return wanted


def _listed_posts(request, args: dict):
    user = request.user
    statuses = statuses_wanted(args, POST_STATUSES)
    public = Q(status__in=PUBLIC_STATUSES) & Q(pk__in=Post.objects.published().values("pk"))
    wanted = Q(pk__in=[])
    if "publish" in statuses:
        wanted |= public
    others = [s for s in statuses if s != "publish"]
    if others:
        if not user.is_authenticated or not user.has_perm("posts.change_post"):
            raise WPError(
                "rest_invalid_param",
                "Invalid parameter(s): status",
                refusal_status(request),
                params={"status": "Status is forbidden."},
            )
        ours = [WP_TO_POST_STATUS[s] for s in others]
        filtered = Q(status__in=ours)
        if "future" in others:  # scheduled posts whose time is still to come
            filtered |= Q(status__in=PUBLIC_STATUSES) & ~Q(
                pk__in=Post.objects.published().values("pk")
            )
        if not user.has_perm("posts.edit_others_posts"):
            filtered &= Q(author=user)
        if "future" not in others:
            filtered &= ~Q(status=Status.SCHEDULED)
        wanted |= filtered
    posts = Post.objects.filter(wanted)
    if (search := args.get("search")) not in (None, ""):
        posts = posts.filter(Q(title__icontains=search) | Q(body_source__icontains=search))
    for name, field in (
        ("author", "author_id__in"),
        ("include", "pk__in"),
        ("categories", "categories__in"),
        ("tags", "tags__in"),
    ):
        if (ids := id_list(args, name)) is not None and (ids or name != "include"):
            posts = posts.filter(**{field: ids})
    for name, field in (
        ("author_exclude", "author_id__in"),
        ("exclude", "pk__in"),
        ("categories_exclude", "categories__in"),
        ("tags_exclude", "tags__in"),
    ):
        if ids := id_list(args, name):
            posts = posts.exclude(**{field: ids})
    if (slug := args.get("slug")) not in (None, ""):
        posts = posts.filter(slug__in=slug if isinstance(slug, list) else str(slug).split(","))
    if (sticky := bool_arg(args, "sticky")) is not None:
        posts = posts.filter(sticky=sticky)
    orderby = ORDERBY[
        choice_arg(args, "orderby", [*ORDERBY, "relevance", "include"], "date")
        if args.get("orderby") not in ("relevance", "include")
        else "date"
    ]
    order = choice_arg(args, "order", ["asc", "desc"], "desc")
    sign = "" if order == "asc" else "-"
    return posts.distinct().order_by(f"{sign}{orderby}", f"{sign}id")


def _parse_post(args: dict, post: Post) -> tuple[list[Category] | None, list[Tag] | None]:
    """Copy the request's fields onto `post`; the categories and tags it names."""
    errors: dict[str, str] = {}
    if (title := text_arg(args, "title")) is not None:
        post.title = title
    if (content := text_arg(args, "content")) is not None and content != post.body_source:
        post.body_source, post.body_format = content, BodyFormat.HTML  # apps send HTML
    if (excerpt := text_arg(args, "excerpt")) is not None:
        post.excerpt = excerpt
    if (slug := text_arg(args, "slug")) is not None:
        post.slug = slug
    if (status := choice_arg(args, "status", POST_STATUSES)) is not None:
        post.status = WP_TO_POST_STATUS[status]
    if "date_gmt" in args or "date" in args:
        gmt = "date_gmt" in args and args["date_gmt"] not in (None, "")
        post.published_at = parse_date(
            args["date_gmt"] if gmt else args.get("date"), "date_gmt" if gmt else "date", gmt=gmt
        )
    if (author := int_arg(args, "author", minimum=1)) is not None:
        from django.contrib.auth import get_user_model

        if not get_user_model().objects.filter(pk=author).exists():
            errors["author"] = "Invalid author ID."
        post.author_id = author
    if (sticky := bool_arg(args, "sticky")) is not None:
        post.sticky = sticky
    if (comments := choice_arg(args, "comment_status", ["open", "closed"])) is not None:
        post.comments_open = comments == "open"
    choice_arg(args, "ping_status", ["open", "closed"])
    choice_arg(
        args,
        "format",
        [
            "standard",
            "aside",
            "chat",
            "gallery",
            "link",
            "image",
            "quote",
            "status",
            "video",
            "audio",
        ],
    )
    if (featured := int_arg(args, "featured_media")) is not None:
        if featured and not Image.objects.filter(pk=featured).exists():
            errors["featured_media"] = "Invalid featured media ID."
        post.featured_image_id = featured or None
    if text_arg(args, "password"):
        no_passwords = "samizdat has no password-protected posts; make the post private instead."
        errors["password"] = no_passwords
    categories = tags = None
    if (ids := id_list(args, "categories")) is not None:
        categories = list(Category.objects.filter(pk__in=ids))
        if len(categories) != len(set(ids)):
            errors["categories"] = "categories names a category that does not exist."
    if (ids := id_list(args, "tags")) is not None:
        tags = list(Tag.objects.filter(pk__in=ids))
        if len(tags) != len(set(ids)):
            errors["tags"] = "tags names a tag that does not exist."
    if errors:
        raise invalid_params(errors)
    return categories, tags


def _save_post(request, post: Post, args: dict, *, creating: bool) -> Post:
    user = request.user
    if not user.is_authenticated:
        if creating:
            raise WPError(
                "rest_cannot_create",
                "Sorry, you are not allowed to create posts as this user.",
                401,
            )
        raise WPError("rest_cannot_edit", "Sorry, you are not allowed to edit this post.", 401)
    categories, tags = _parse_post(args, post)
    if not post.title and not post.body_source and not post.excerpt and creating:
        raise WPError("empty_content", "Content, title, and excerpt are empty.", 400)
    try:
        return post_save(post=post, user=user, categories=categories, tags=tags)
    except PermissionDenied as denied:
        if post.status in (*PUBLIC_STATUSES, Status.PRIVATE) and not user.has_perm(
            "posts.publish_post"
        ):
            raise WPError(
                "rest_cannot_publish",
                "Sorry, you are not allowed to publish posts in this post type.",
                403,
            ) from None
        if creating and not user.has_perm("posts.add_post"):
            raise WPError(
                "rest_cannot_create",
                "Sorry, you are not allowed to create posts as this user.",
                403,
            ) from None
        if post.author_id != user.pk:
            raise WPError(
                "rest_cannot_edit_others",
                "Sorry, you are not allowed to create posts as this user.",
                403,
            ) from None
        raise WPError(
            "rest_cannot_edit", str(denied) or "Sorry, you are not allowed to edit this post.", 403
        ) from None


def _post_out(request, post: Post, args: dict, context: str | None = None) -> dict:
    data = post_data(post, context=context or context_arg(args))
    if "_embed" in request.query_params:
        data["_embedded"] = post_embedded(post, viewer=request.user)
    return data


class PostsView(APIView):
    @schema.posts_list
    def get(self, request):
        args = arguments(request)
        chosen, headers = paginate(
            request, _listed_posts(request, args).for_listing(), args, "wp/v2/posts"
        )
        context = context_arg(args)
        if context == "edit" and not request.user.is_authenticated:
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit posts in this post type.",
                401,
            )
        return wp_response(
            [_post_out(request, post, args, context) for post in chosen], headers=headers
        )

    @schema.posts_create
    def post(self, request):
        args = arguments(request)
        if "id" in args:
            raise WPError("rest_post_exists", "Cannot create existing post.", 400)
        post = _save_post(request, Post(title=""), args, creating=True)
        return wp_response(
            _post_out(request, post, args, "edit"),
            status=201,
            headers={"Location": post_data(post)["_links"]["self"][0]["href"]},
        )


class PostView(APIView):
    def _get(self, request, pk: int) -> Post:
        post = Post.objects.filter(pk=pk).select_related("author", "featured_image").first()
        if post is None or not post_visible_to(post, request.user):
            raise invalid_post_id()
        return post

    @schema.post_read
    def get(self, request, pk: int):
        args = arguments(request)
        post = self._get(request, pk)
        if context_arg(args) == "edit" and not post_editable(post, request.user):
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit this post.",
                refusal_status(request),
            )
        return wp_response(_post_out(request, post, args))

    @schema.post_update
    def post(self, request, pk: int):
        args = arguments(request)
        post = self._get(request, pk)
        post = _save_post(request, post, args, creating=False)
        return wp_response(_post_out(request, post, args, "edit"))

    put = patch = post

    @schema.post_delete
    def delete(self, request, pk: int):
        args = arguments(request)
        post = self._get(request, pk)
        force = bool_arg(args, "force", False)
        previous = post_data(post, context="edit")
        if not request.user.is_authenticated:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 401
            )
        try:
            post_delete(post=post, user=request.user)
        except PermissionDenied:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 403
            ) from None
        if force:
            return wp_response({"deleted": True, "previous": previous})
        # samizdat has no trash: the post is gone, answered as WordPress answers a trashing.
        return wp_response({**previous, "status": "trash"})


def post_editable(post: Post, user) -> bool:
    from samizdat.posts.services import post_editable_by

    return post_editable_by(post, user)
