"""The OpenAPI description of the REST API (drf-spectacular), served at /wp-json/openapi.json.

The serializers here only describe: the views build WordPress's shapes in representations.py,
and the tests run schemathesis against the running server to hold the two together.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from samizdat.publishing.wp.shapes import (
    Comment,
    CommentWrite,
    Error,
    Media,
    MediaUpload,
    MediaWrite,
    Page,
    PageWrite,
    Post,
    PostWrite,
    Settings,
    SettingsWrite,
    Term,
    TermWrite,
    User,
)
from samizdat.publishing.wp.shapes import deleted as _deleted

# ── parameters ───────────────────────────────────────────────────────────────────────────


def _q(name, kind=OpenApiTypes.STR, **kw) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, **kw)


CONTEXT = _q("context", enum=["view", "embed", "edit"], description="Which fields to include.")
PAGING = [
    _q("page", OpenApiTypes.INT, description="Current page of the collection."),
    _q("per_page", OpenApiTypes.INT, description="At most this many items (1–100)."),
]
SEARCH = _q("search", description="Only items whose text contains this.")
FORCE = _q("force", OpenApiTypes.BOOL, description="Delete for good (samizdat has no trash).")
PK = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The item's id.")
EMBED = _q("_embed", description="Embed the author, featured image and terms.")

ERRORS = {
    code: OpenApiResponse(Error, description=text)
    for code, text in (
        (400, "A parameter is missing or malformed (rest_invalid_param names it)."),
        (401, "Not logged in, or a wrong or revoked app password."),
        (403, "Logged in, but the role does not allow it."),
        (404, "No such item, or one this user may not see."),
        (429, "Too many failed log-ins."),
    )
}


def _op(tag, *, summary, responses, params=(), request=None, extra_errors=()):
    extra = {code: OpenApiResponse(Error) for code in extra_errors}
    return extend_schema(
        tags=[tag],
        summary=summary,
        parameters=list(params),
        request=request,
        responses={**responses, **ERRORS, **extra},
    )


class WordPressSchema(AutoSchema):
    """Operation ids from the summaries; PUT and PATCH, which WordPress takes as POST on an
    item, get ids of their own."""

    def get_operation_id(self) -> str:
        summary = self.get_summary() or super().get_operation_id()
        words = summary.split("(")[0].lower().replace("-", " ").split()
        name = "_".join(w for w in words if w.isalnum())
        return name if self.method in ("GET", "POST", "DELETE") else f"{name}_{self.method.lower()}"


LIST_HEADERS = "X-WP-Total and X-WP-TotalPages give the collection's size."

posts_list = _op(
    "posts",
    summary="List posts",
    params=[
        CONTEXT,
        *PAGING,
        SEARCH,
        EMBED,
        _q(
            "status",
            description="publish (default), future, draft, pending, private, any; comma-separated.",
        ),
        _q("author"),
        _q("categories"),
        _q("tags"),
        _q("slug"),
        _q("include"),
        _q("exclude"),
        _q("order", enum=["asc", "desc"]),
        _q("orderby", enum=["date", "id", "title", "slug", "modified", "relevance", "include"]),
        _q("sticky", OpenApiTypes.BOOL),
    ],
    responses={200: OpenApiResponse(Post(many=True), description=LIST_HEADERS)},
)
posts_create = _op("posts", summary="Create a post", request=PostWrite, responses={201: Post})
post_read = _op("posts", summary="Read a post", params=[PK, CONTEXT, EMBED], responses={200: Post})
post_update = _op(
    "posts", summary="Update a post", params=[PK], request=PostWrite, responses={200: Post}
)
post_delete = _op(
    "posts", summary="Delete a post", params=[PK, FORCE], responses={200: _deleted(Post)}
)

pages_list = _op(
    "pages",
    summary="List pages",
    params=[CONTEXT, *PAGING, SEARCH, _q("status"), _q("parent"), _q("slug")],
    responses={200: OpenApiResponse(Page(many=True), description=LIST_HEADERS)},
)
pages_create = _op("pages", summary="Create a page", request=PageWrite, responses={201: Page})
page_read = _op("pages", summary="Read a page", params=[PK, CONTEXT], responses={200: Page})
page_update = _op(
    "pages", summary="Update a page", params=[PK], request=PageWrite, responses={200: Page}
)
page_delete = _op(
    "pages", summary="Delete a page", params=[PK, FORCE], responses={200: _deleted(Page)}
)

media_list = _op(
    "media",
    summary="List media",
    params=[CONTEXT, *PAGING],
    responses={200: OpenApiResponse(Media(many=True), description=LIST_HEADERS)},
)
media_create = _op(
    "media",
    summary="Upload an image (multipart `file`, or the file as the body with Content-Disposition)",
    request=MediaUpload,
    responses={201: Media},
    extra_errors=(413, 415),
)
media_read = _op("media", summary="Read a media item", params=[PK, CONTEXT], responses={200: Media})
media_update = _op(
    "media",
    summary="Change alt text or caption",
    params=[PK],
    request=MediaWrite,
    responses={200: Media},
)
media_delete = _op(
    "media",
    summary="Delete a media item (force=true required)",
    params=[PK, FORCE],
    responses={200: _deleted(Media)},
    extra_errors=(501,),
)


def terms_list(route):
    return _op(
        route,
        summary=f"List {route}",
        params=[
            *PAGING,
            SEARCH,
            _q("slug"),
            _q("include"),
            _q("post", OpenApiTypes.INT),
            _q("parent", OpenApiTypes.INT),
            _q("hide_empty", OpenApiTypes.BOOL),
            _q("order", enum=["asc", "desc"]),
            _q(
                "orderby",
                enum=[
                    "id",
                    "include",
                    "name",
                    "slug",
                    "include_slugs",
                    "term_group",
                    "description",
                    "count",
                ],
            ),
        ],
        responses={200: Term(many=True)},
    )


def terms_create(route):
    return _op(
        route, summary=f"Create one of the {route}", request=TermWrite, responses={201: Term}
    )


def term_read(route):
    return _op(route, summary=f"Read one of the {route}", params=[PK], responses={200: Term})


def term_update(route):
    return _op(
        route,
        summary=f"Update one of the {route}",
        params=[PK],
        request=TermWrite,
        responses={200: Term},
    )


def term_delete(route):
    return _op(
        route,
        summary=f"Delete one of the {route} (force=true required)",
        params=[PK, FORCE],
        responses={200: _deleted(Term, route.title())},
        extra_errors=(501,),
    )


comments_list = _op(
    "comments",
    summary="List comments",
    params=[
        CONTEXT,
        *PAGING,
        SEARCH,
        _q("post"),
        _q("parent"),
        _q("status", enum=["approve", "approved", "hold", "spam", "trash", "all"]),
        _q("order", enum=["asc", "desc"]),
    ],
    responses={200: Comment(many=True)},
)
comments_create = _op(
    "comments",
    summary="Comment as the logged-in user",
    request=CommentWrite,
    responses={201: Comment},
)
comment_read = _op(
    "comments", summary="Read a comment", params=[PK, CONTEXT], responses={200: Comment}
)
comment_update = _op(
    "comments",
    summary="Moderate or edit a comment (editors)",
    params=[PK],
    request=CommentWrite,
    responses={200: Comment},
)
comment_delete = _op(
    "comments", summary="Trash a comment (editors)", params=[PK, FORCE], responses={200: Comment}
)

users_list = _op(
    "users",
    summary="List authors",
    params=[CONTEXT, *PAGING, SEARCH],
    responses={200: User(many=True)},
)
user_read = _op("users", summary="Read an author", params=[PK, CONTEXT], responses={200: User})
me_read = _op("users", summary="The logged-in user", params=[CONTEXT], responses={200: User})
settings_read = _op(
    "settings", summary="The blog's title and tagline (administrators)", responses={200: Settings}
)
settings_update = _op(
    "settings",
    summary="Change the title or tagline (administrators)",
    request=SettingsWrite,
    responses={200: Settings},
)


class AppPasswordScheme(OpenApiAuthenticationExtension):
    target_class = "samizdat.publishing.wp.auth.AppPasswordAuthentication"
    name = "appPassword"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "Your username and an app password from your profile page.",
        }


def without_trailing_slash(result, generator, request, public):
    """The routes take an optional slash; WordPress writes them without one."""
    result["paths"] = {
        (path.rstrip("/") or "/"): item for path, item in result.get("paths", {}).items()
    }
    return result
