"""Micropub (W3C): create, update and delete h-entry posts, `q=config`, `q=source`, and a
media endpoint, for bearer tokens from samizdat's own IndieAuth server. Writes go through
posts.services and media.services, with the token owner's role."""

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.text import Truncator
from django.views.decorators.csrf import csrf_exempt

from samizdat.media.models import Image
from samizdat.media.services import image_upload
from samizdat.posts.models import BodyFormat, Category, Post, Redirect, Status
from samizdat.posts.services import post_delete, post_save, tags_from_names
from samizdat.publishing.services import access_token_find
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.wp.representations import absolute

_MEDIA_NAME = re.compile(r"^/media/(?P<name>.+)$")


class MicropubError(Exception):
    def __init__(self, error: str, description: str, status: int):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def _answer(error: MicropubError) -> JsonResponse:
    body = {"error": error.error, "error_description": error.description}
    return JsonResponse(body, status=error.status)


def _token(request: HttpRequest, data: dict):
    header = request.headers.get("Authorization", "")
    bearer = header[7:].strip() if header.lower().startswith("bearer ") else ""
    bearer = bearer or _first(data.get("access_token")) or ""
    if not bearer:
        raise MicropubError("unauthorized", "An access token is required.", 401)
    item = access_token_find(bearer)
    if item is None:
        raise MicropubError("forbidden", "The access token is not valid or was revoked.", 403)
    return item


def _need(token, *scopes: str) -> None:
    if not token.scopes & set(scopes):
        raise MicropubError("insufficient_scope", f"This needs the {scopes[0]} scope.", 401)


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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


# ── properties ───────────────────────────────────────────────────────────────────────────


def _content(value) -> tuple[str, str] | None:
    """(source, format): plain text is Markdown here; {"html": …} stays HTML."""
    value = _first(value)
    if value is None:
        return None
    if isinstance(value, dict):
        if "html" in value:
            return str(value["html"]), BodyFormat.HTML
        return str(value.get("value", "")), BodyFormat.MARKDOWN
    return str(value), BodyFormat.MARKDOWN


def _photo_markdown(request: HttpRequest, token, photos) -> str:
    lines = []
    for photo in photos:
        url, alt = (
            (photo.get("value", ""), photo.get("alt", ""))
            if isinstance(photo, dict)
            else (photo, "")
        )
        image = _image_for_url(url)
        lines.append(f"![{alt}](media:{image.pk})" if image else f"![{alt}]({url})")
    for uploaded in request.FILES.getlist("photo") + request.FILES.getlist("photo[]"):
        _need(token, "media", "create")
        lines.append(f"![](media:{_upload(token, uploaded).pk})")
    return "\n\n".join(lines)


def _image_for_url(url: str) -> Image | None:
    parts = urlsplit(str(url))
    if parts.netloc and parts.netloc != urlsplit(settings.SAMIZDAT_SITE_URL).netloc:
        return None
    if match := _MEDIA_NAME.match(unquote(parts.path)):
        return Image.objects.filter(file=match.group("name")).first()
    return None


def _upload(token, uploaded) -> Image:
    try:
        return image_upload(uploaded_file=uploaded, user=token.user)
    except PermissionDenied:
        raise MicropubError(
            "forbidden", "Your role does not allow uploading images.", 403
        ) from None
    except ValidationError as invalid:
        raise MicropubError("invalid_request", " ".join(invalid.messages), 400) from None


def _apply(post: Post, props: dict, *, request, token) -> list | None:
    """Set what the properties say on `post`; the tags (category) they name, or None."""
    if (name := _first(props.get("name"))) is not None:
        post.title = str(name)
    content = _content(props.get("content"))
    photos = _as_list(props.get("photo"))
    has_files = bool(request.FILES.getlist("photo") or request.FILES.getlist("photo[]"))
    if content is not None or photos or has_files:
        source, body_format = content or ("", BodyFormat.MARKDOWN)
        pictures = _photo_markdown(request, token, photos)
        if pictures and body_format == BodyFormat.HTML:
            body_format, source = BodyFormat.HTML, source  # media: references need Markdown
            source = f"{source}\n"
            body_format = BodyFormat.MARKDOWN
        post.body_source = "\n\n".join(filter(None, [source, pictures]))
        post.body_format = body_format
    if (summary := _first(props.get("summary"))) is not None:
        post.excerpt = str(summary)
    if (slug := _first(props.get("mp-slug"))) is not None:
        post.slug = str(slug)
    if (published := _first(props.get("published"))) is not None:
        from samizdat.publishing.wp.common import parse_date
        from samizdat.publishing.wp.errors import WPError

        try:
            post.published_at = parse_date(str(published), "published", gmt=False)
        except WPError:
            raise MicropubError(
                "invalid_request", "published must be an ISO 8601 date.", 400
            ) from None
    status = _first(props.get("post-status"))
    visibility = _first(props.get("visibility"))
    if status == "draft":
        post.status = Status.DRAFT
    elif status in (None, "published"):
        post.status = (
            Status.PRIVATE
            if visibility == "private"
            else (Status.PUBLISHED if status == "published" or post.pk is None else post.status)
        )
    else:
        raise MicropubError("invalid_request", "post-status must be published or draft.", 400)
    if not post.title:
        text = (content or ("",))[0]
        post.title = Truncator(" ".join(text.split())).chars(60) or "Note"
    names = props.get("category")
    return None if names is None else [str(n) for n in _as_list(names)]


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
    _need(token, "create", "draft")
    if kind == "json":
        if _first(data.get("type")) != "h-entry":
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
    categories = _apply(post, props, request=request, token=token)
    post = _save(post, token, categories)
    response = HttpResponse(status=201)
    response["Location"] = _post_url(post)
    return response


def _update(request, token, data: dict) -> HttpResponse:
    _need(token, "update")
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
                categories = current + [str(v) for v in _as_list(values)]
            else:
                props[key] = _as_list(props.get(key)) + _as_list(values)
    if isinstance(delete, list):
        for key in delete:
            if key == "category":
                categories = []
            elif key in ("summary",):
                post.excerpt = ""
    elif isinstance(delete, dict):
        for key, values in delete.items():
            if key == "category":
                gone = {str(v).casefold() for v in _as_list(values)}
                categories = [c for c in (categories or current) if c.casefold() not in gone]
    if "category" in props:
        categories = [str(v) for v in _as_list(props.pop("category"))]
    props.setdefault("post-status", None)
    if props.get("post-status") is None:
        props.pop("post-status")
        props["post-status"] = (
            ["published"] if post.is_public else ["draft"] if post.status == Status.DRAFT else None
        )
        if props["post-status"] is None:
            props.pop("post-status")
    _apply(post, props, request=request, token=token)
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
    _need(token, "delete")
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
        action = _first(data.get("action"))
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
        _need(token, "media", "create")
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise MicropubError(
                "invalid_request", "Send the image as the multipart field file.", 400
            )
        image = _upload(token, uploaded)
        response = HttpResponse(status=201)
        response["Location"] = absolute(image.file.url)
        return response
    except MicropubError as error:
        return _answer(error)
