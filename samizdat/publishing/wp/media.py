"""wp/v2/media: uploads through media.services (validated, re-encoded, metadata stripped).

Apps upload either as WordPress documents it — the file as the whole body with a
`Content-Disposition: attachment; filename=…` header — or as a multipart form with `file`.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.parsers import BaseParser
from rest_framework.views import APIView

from samizdat.media.models import Image
from samizdat.media.services import image_delete, image_update, image_upload
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.common import (
    arguments,
    bool_arg,
    context_arg,
    paginate,
    text_arg,
    wp_response,
)
from samizdat.publishing.wp.errors import WPError, refusal_status
from samizdat.publishing.wp.representations import media_data

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?["']?([^"';]+)""", re.I)


class RawFileParser(BaseParser):
    """The body is the file itself (image/jpeg, application/octet-stream, …)."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


def _raw_upload(request) -> SimpleUploadedFile | None:
    disposition = request.META.get("HTTP_CONTENT_DISPOSITION", "")
    match = _FILENAME.search(disposition)
    if not match:
        return None
    limit = settings.SAMIZDAT_MAX_UPLOAD_BYTES + 1
    # Read from the stream: Django's `body` refuses anything past DATA_UPLOAD_MAX_MEMORY_SIZE,
    # and an image may be larger; image_upload checks the size against the real limit.
    body = request._request.read(limit)
    return SimpleUploadedFile(match.group(1).strip(), body, request.content_type or "")


class MediaListView(APIView):
    def get_parsers(self):
        return [*super().get_parsers(), RawFileParser()]

    @schema.media_list
    def get(self, request):
        args = arguments(request)
        chosen, headers = paginate(
            request, Image.objects.order_by("-uploaded_at", "-id"), args, "wp/v2/media"
        )
        context = context_arg(args)
        return wp_response(
            [media_data(image, context=context) for image in chosen], headers=headers
        )

    @schema.media_create
    def post(self, request):
        user = request.user
        if not user.is_authenticated or not user.has_perm("media.add_image"):
            raise WPError(
                "rest_cannot_create",
                "Sorry, you are not allowed to upload media on this site.",
                refusal_status(request),
            )
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.SAMIZDAT_MAX_UPLOAD_BYTES + 1024 * 1024:
            raise WPError(
                "rest_upload_file_too_big", "The file is larger than this site allows.", 413
            )
        if request.content_type.startswith("multipart/form-data"):
            uploaded = request.FILES.get("file")
            args = arguments(request)
        else:
            uploaded = _raw_upload(request)
            args = {k: request.query_params.get(k) for k in request.query_params}
        if uploaded is None:
            raise WPError("rest_upload_no_data", "No data supplied.", 400)
        try:
            image = image_upload(
                uploaded_file=uploaded,
                user=user,
                alt=text_arg(args, "alt_text") or "",
                caption=text_arg(args, "caption") or "",
            )
        except ValidationError as error:
            raise WPError("rest_upload_unknown_error", " ".join(error.messages), 400) from None
        except PermissionDenied:
            raise WPError(
                "rest_cannot_create",
                "Sorry, you are not allowed to upload media on this site.",
                403,
            ) from None
        return wp_response(
            media_data(image, context="edit"),
            status=201,
            headers={"Location": media_data(image)["_links"]["self"][0]["href"]},
        )


class MediaView(APIView):
    def _get(self, pk: int) -> Image:
        image = Image.objects.filter(pk=pk).first()
        if image is None:
            raise WPError("rest_post_invalid_id", "Invalid post ID.", 404)
        return image

    @schema.media_read
    def get(self, request, pk: int):
        return wp_response(media_data(self._get(pk), context=context_arg(arguments(request))))

    @schema.media_update
    def post(self, request, pk: int):
        image = self._get(pk)
        args = arguments(request)
        if not request.user.is_authenticated:
            raise WPError("rest_cannot_edit", "Sorry, you are not allowed to edit this post.", 401)
        try:
            image = image_update(
                image=image,
                user=request.user,
                alt=text_arg(args, "alt_text") if "alt_text" in args else image.alt,
                caption=text_arg(args, "caption") if "caption" in args else image.caption,
                credit=image.credit,
            )
        except PermissionDenied:
            raise WPError(
                "rest_cannot_edit", "Sorry, you are not allowed to edit this post.", 403
            ) from None
        return wp_response(media_data(image, context="edit"))

    put = patch = post

    @schema.media_delete
    def delete(self, request, pk: int):
        image = self._get(pk)
        if not request.user.is_authenticated:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 401
            )
        if not bool_arg(arguments(request), "force", False):
            raise WPError(
                "rest_trash_not_supported",
                "The post does not support trashing. Set 'force=true' to delete.",
                501,
            )
        previous = media_data(image, context="edit")
        try:
            image_delete(image=image, user=request.user)
        except PermissionDenied:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 403
            ) from None
        return wp_response({"deleted": True, "previous": previous})
