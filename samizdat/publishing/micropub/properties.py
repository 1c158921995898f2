"""Micropub properties (h-entry's name, content, photo, category, …) onto a samizdat Post."""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.text import Truncator

from samizdat.media.models import Image
from samizdat.media.services import image_upload
from samizdat.posts.models import BodyFormat, Post, Status

_MEDIA_NAME = re.compile(r"^/media/(?P<name>.+)$")


class MicropubError(Exception):
    def __init__(self, error: str, description: str, status: int):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def need_scope(token, *scopes: str) -> None:
    if not token.scopes & set(scopes):
        raise MicropubError("insufficient_scope", f"This needs the {scopes[0]} scope.", 401)


def first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _content(value) -> tuple[str, str] | None:
    """(source, format): plain text is Markdown here; {"html": …} stays HTML."""
    value = first(value)
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
        need_scope(token, "media", "create")
        lines.append(f"![](media:{image_store(token, uploaded).pk})")
    return "\n\n".join(lines)


def _image_for_url(url: str) -> Image | None:
    parts = urlsplit(str(url))
    if parts.netloc and parts.netloc != urlsplit(settings.SAMIZDAT_SITE_URL).netloc:
        return None
    if match := _MEDIA_NAME.match(unquote(parts.path)):
        return Image.objects.filter(file=match.group("name")).first()
    return None


def image_store(token, uploaded) -> Image:
    try:
        return image_upload(uploaded_file=uploaded, user=token.user)
    except PermissionDenied:
        raise MicropubError(
            "forbidden", "Your role does not allow uploading images.", 403
        ) from None
    except ValidationError as invalid:
        raise MicropubError("invalid_request", " ".join(invalid.messages), 400) from None


def apply_properties(
    post: Post, props: dict, *, request, token, keep_status: bool = False
) -> list | None:
    """Set what the properties say on `post`; the tags (category) they name, or None."""
    if (name := first(props.get("name"))) is not None:
        post.title = str(name)
    content = _content(props.get("content"))
    photos = as_list(props.get("photo"))
    has_files = bool(request.FILES.getlist("photo") or request.FILES.getlist("photo[]"))
    if content is not None or photos or has_files:
        source, body_format = content or ("", BodyFormat.MARKDOWN)
        pictures = _photo_markdown(request, token, photos)
        if pictures:  # media: figures are Markdown; HTML content passes through Markdown as is
            body_format = BodyFormat.MARKDOWN
        post.body_source = "\n\n".join(filter(None, [source, pictures]))
        post.body_format = body_format
    if (summary := first(props.get("summary"))) is not None:
        post.excerpt = str(summary)
    if (slug := first(props.get("mp-slug"))) is not None:
        post.slug = str(slug)
    if (published := first(props.get("published"))) is not None:
        from samizdat.publishing.wp.common import parse_date
        from samizdat.publishing.wp.errors import WPError

        try:
            post.published_at = parse_date(str(published), "published", gmt=False)
        except WPError:
            raise MicropubError(
                "invalid_request", "published must be an ISO 8601 date.", 400
            ) from None
    status = first(props.get("post-status"))
    visibility = first(props.get("visibility"))
    if status not in (None, "published", "draft"):
        raise MicropubError("invalid_request", "post-status must be published or draft.", 400)
    if status == "draft":
        post.status = Status.DRAFT
    elif visibility == "private":
        post.status = Status.PRIVATE
    elif status == "published" or not keep_status:  # new entries are published by default
        post.status = Status.PUBLISHED
    if not post.title:
        text = (content or ("",))[0]
        post.title = Truncator(" ".join(text.split())).chars(60) or "Note"
    names = props.get("category")
    return None if names is None else [str(n) for n in as_list(names)]
