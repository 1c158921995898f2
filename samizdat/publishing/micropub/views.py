"""Micropub (W3C): create, update and delete h-entry posts, `q=config`, `q=source`, and a
media endpoint, for bearer tokens from samizdat's own IndieAuth server. Writes go through
posts.services and media.services, with the token owner's role."""

import json
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from samizdat.media.models import Image
from samizdat.posts.models import BodyFormat, Category, Post, Redirect
from samizdat.posts.services import post_delete, post_save, tags_from_names
from samizdat.publishing.micropub.properties import (
    MicropubError,
    apply_properties,
    as_list,
    first,
    image_store,
    need_scope,
)
from samizdat.publishing.services import access_token_find
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.wp.representations import absolute


def _answer(error: MicropubError) -> JsonResponse:
    body = {"error": error.error, "error_description": error.description}
    return JsonResponse(body, status=error.status)


def _token(request: HttpRequest, data: dict):
    header = request.headers.get("Authorization", "")
    bearer = header[7:].strip() if header.lower().startswith("bearer ") else ""
    bearer = bearer or first(data.get("access_token")) or ""
    if not bearer:
        raise MicropubError("unauthorized", "An access token is required.", 401)
    item = access_token_find(bearer)
    if item is None:
        raise MicropubError("forbidden", "The access token is not valid or was revoked.", 403)
    return item


def _request_data(request: HttpRequest) -> tuple[str, dict]:
    """("json"|"form", data): JSON bodies as they are; forms with `a[]` keys made lists."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise MicropubError("invalid_request", "The JSON body is malformed.", 400) from None
        if not isinstance(data, dict):
            raise MicropubError("invalid_request", "The JSON body must be an object.", 400)
        return "json", data
    data = {}
    for key in request.POST:
        values = request.POST.getlist(key)
        name = key.removesuffix("[]")
        data[name] = values if key.endswith("[]") or len(values) > 1 else values[0]
    return "form", data


# ── finding posts by URL ─────────────────────────────────────────────────────────────────


def _post_for_url(url: str) -> Post | None:
    parts = urlsplit(str(url or ""))
    site = urlsplit(settings.SAMIZDAT_SITE_URL)
    if parts.netloc and parts.netloc != site.netloc:
        return None
    if ids := parse_qs(parts.query).get("p"):
        return Post.objects.filter(pk=int(ids[0])).first() if ids[0].isdigit() else None
    path = unquote(parts.path)
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    post = Post.objects.filter(slug=slug).first() if slug else None
    if post is None:
        redirect = (
            Redirect.objects.filter(old_path=path, post__isnull=False)
            .select_related("post")
            .first()
        )
        post = redirect.post if redirect else None
    return post


def _post_url(post: Post) -> str:
    return absolute(post.get_absolute_url())


def _save(post: Post, token, categories: list | None) -> Post:
    tags = None
    chosen = None
    if categories is not None:
        known = {c.name.casefold(): c for c in Category.objects.all()}
        chosen = [known[n.casefold()] for n in categories if n.casefold() in known]
        tags = tags_from_names([n for n in categories if n.casefold() not in known])
    try:
        return post_save(
            post=post, user=token.user, categories=chosen if chosen else None, tags=tags
        )
    except PermissionDenied as denied:
        raise MicropubError("forbidden", str(denied), 403) from None
    except ValidationError as invalid:
        raise MicropubError("invalid_request", " ".join(invalid.messages), 400) from None


def _create(request, token, kind: str, data: dict) -> HttpResponse:
    need_scope(token, "create", "draft")
    if kind == "json":
        if first(data.get("type")) != "h-entry":
            raise MicropubError("invalid_request", "Only h-entry can be created.", 400)
        props = data.get("properties")
        if not isinstance(props, dict):
            raise MicropubError("invalid_request", "properties must be an object.", 400)
    else:
        if data.get("h", "entry") != "entry":
            raise MicropubError("invalid_request", "Only h=entry can be created.", 400)
        props = {k: v for k, v in data.items() if k not in ("h", "access_token", "action")}
    if "create" not in token.scopes:  # the draft scope: drafts only, whatever is asked
        props = {**props, "post-status": ["draft"]}
    post = Post(title="", author=token.user)
    categories = apply_properties(post, props, request=request, token=token)
    post = _save(post, token, categories)
    response = HttpResponse(status=201)
    response["Location"] = _post_url(post)
    return response


def _update(request, token, data: dict) -> HttpResponse:
    need_scope(token, "update")
    post = _post_for_url(data.get("url"))
    if post is None:
        raise MicropubError("invalid_request", "No post at that URL.", 400)
    before = _post_url(post)
    props: dict = {}
    replace, add, delete = data.get("replace", {}), data.get("add", {}), data.get("delete", {})
    if not all(isinstance(x, (dict, list)) for x in (replace, add, delete)):
        raise MicropubError("invalid_request", "replace, add and delete must be objects.", 400)
    props.update(replace if isinstance(replace, dict) else {})
    categories = None
    current = [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()]
    if isinstance(add, dict):
        for key, values in add.items():
            if key == "category":
                categories = current + [str(v) for v in as_list(values)]
            else:
                props[key] = as_list(props.get(key)) + as_list(values)
    if isinstance(delete, list):
        for key in delete:
            if key == "category":
                categories = []
            elif key in ("summary",):
                post.excerpt = ""
    elif isinstance(delete, dict):
        for key, values in delete.items():
            if key == "category":
                gone = {str(v).casefold() for v in as_list(values)}
                categories = [c for c in (categories or current) if c.casefold() not in gone]
    if "category" in props:
        categories = [str(v) for v in as_list(props.pop("category"))]
    apply_properties(
        post, props, request=request, token=token, keep_status="post-status" not in props
    )
    if categories is not None and not categories:
        post.tags.clear()
    post = _save(post, token, categories)
    after = _post_url(post)
    if after != before:
        response = HttpResponse(status=201)
        response["Location"] = after
        return response
    return HttpResponse(status=204)


def _delete(token, data: dict) -> HttpResponse:
    need_scope(token, "delete")
    post = _post_for_url(data.get("url"))
    if post is None:
        raise MicropubError("invalid_request", "No post at that URL.", 400)
    try:
        post_delete(post=post, user=token.user)
    except PermissionDenied as denied:
        raise MicropubError("forbidden", str(denied), 403) from None
    return HttpResponse(status=204)


def _source(token, request) -> JsonResponse:
    post = _post_for_url(request.GET.get("url"))
    if post is None or (
        post.author_id != token.user.pk and not token.user.has_perm("posts.edit_others_posts")
    ):
        raise MicropubError("invalid_request", "No post at that URL.", 400)
    props = {
        "name": [post.title],
        "content": [post.body_source]
        if post.body_format == BodyFormat.MARKDOWN
        else [{"html": post.body_source}],
        "category": [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()],
        "post-status": ["published" if post.is_public else "draft"],
        "published": [post.published_at.isoformat()] if post.published_at else [],
        "url": [_post_url(post)],
        "mp-slug": [post.slug],
    }
    if post.excerpt:
        props["summary"] = [post.excerpt]
    wanted = request.GET.getlist("properties[]") or request.GET.getlist("properties")
    if wanted:
        return JsonResponse({"properties": {k: v for k, v in props.items() if k in wanted}})
    return JsonResponse({"type": ["h-entry"], "properties": props})


def _config() -> dict:
    return {
        "media-endpoint": site_url("/micropub/media"),
        "syndicate-to": [],
        "post-types": [
            {"type": "note", "name": "Note"},
            {"type": "article", "name": "Article"},
            {"type": "photo", "name": "Photo"},
        ],
        "q": ["config", "source", "syndicate-to", "category"],
    }


@csrf_exempt
def endpoint(request: HttpRequest) -> HttpResponse:
    try:
        if request.method == "GET":
            token = _token(request, {})
            q = request.GET.get("q")
            if q == "config":
                return JsonResponse(_config())
            if q == "syndicate-to":
                return JsonResponse({"syndicate-to": []})
            if q == "category":
                names = [c.name for c in Category.objects.all()]
                return JsonResponse({"categories": names})
            if q == "source":
                return _source(token, request)
            raise MicropubError(
                "invalid_request", "Ask with q=config, q=source or q=syndicate-to.", 400
            )
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "GET, POST"})
        kind, data = _request_data(request)
        token = _token(request, data)
        action = first(data.get("action"))
        if action == "delete":
            return _delete(token, data)
        if action == "update":
            if kind != "json":
                raise MicropubError("invalid_request", "Updates are sent as JSON.", 400)
            return _update(request, token, data)
        if action == "undelete":
            raise MicropubError(
                "invalid_request", "samizdat has no trash: a deleted post is gone.", 400
            )
        if action:
            raise MicropubError("invalid_request", f"Unknown action {action!r}.", 400)
        return _create(request, token, kind, data)
    except MicropubError as error:
        return _answer(error)


@csrf_exempt
def media_endpoint(request: HttpRequest) -> HttpResponse:
    try:
        if request.method == "GET":
            _token(request, {})
            if request.GET.get("q") == "last":
                image = Image.objects.order_by("-uploaded_at", "-id").first()
                return JsonResponse({"url": absolute(image.file.url)} if image else {})
            return JsonResponse({})
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "GET, POST"})
        token = _token(request, {"access_token": request.POST.get("access_token")})
        need_scope(token, "media", "create")
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise MicropubError(
                "invalid_request", "Send the image as the multipart field file.", 400
            )
        image = image_store(token, uploaded)
        response = HttpResponse(status=201)
        response["Location"] = absolute(image.file.url)
        return response
    except MicropubError as error:
        return _answer(error)
