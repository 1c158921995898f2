"""Every write to the media library: check an upload, re-encode it clean, make its renditions.

An upload is untrusted. Its size, format and pixel count are checked before a single pixel is
decoded; then it is decoded once and written again from its pixels alone, so nothing else in
the file survives (EXIF with its GPS position, XMP, IPTC, comments) except the colour profile.
Files go through Django's default storage, so moving uploads to object storage is a setting.
"""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as Pillow
from PIL import ImageOps, UnidentifiedImageError

from samizdat.media.models import Image
from samizdat.media.signals import image_changed, image_deleted

RENDITION_WIDTHS = (480, 960, 1600)

# The only decoders an upload ever reaches, and the extension each format is stored with.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
CONTENT_TYPES = "image/jpeg,image/png,image/gif,image/webp"

_SAVE_OPTIONS: dict[str, dict] = {
    "JPEG": {"quality": 85, "progressive": True, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {"optimize": True},
    "WEBP": {"quality": 85},
}
# Formats people try to upload that samizdat does not take, told apart by their first bytes.
_OTHER_SIGNATURES = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"%PDF", "PDF"),
)
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}

NOT_AN_IMAGE = "This file is not an image samizdat can read (JPEG, PNG, GIF or WebP)."


@dataclass(frozen=True)
class ImageFacts:
    """What a valid upload will be stored as: its format and its size once upright."""

    format: str  # JPEG, PNG, GIF or WEBP
    width: int
    height: int


# ── checks ───────────────────────────────────────────────────────────────────────────────


def image_validate(uploaded_file: File) -> ImageFacts:
    """Check an upload as image_upload will; raise ValidationError saying what is wrong."""
    picture, image_format = _decode(uploaded_file)
    return ImageFacts(format=image_format, width=picture.width, height=picture.height)


def _decode(uploaded_file: File) -> tuple[Pillow.Image, str]:
    """The upload's first frame, decoded and turned upright, with the format to store it in."""
    _check_bytes(uploaded_file.size)
    uploaded_file.seek(0)
    head = uploaded_file.read(512)
    with _refusing_bombs(warn=False):
        # Pillow warns from its own 89-megapixel default; the exact check against our
        # setting comes next, on the same header and still before any pixel is decoded.
        picture = _open(uploaded_file, head)
    _check_pixels(picture.width, picture.height)
    # MPO is Pillow's name for a JPEG carrying extra frames, as many phones write them.
    image_format = "JPEG" if picture.format == "MPO" else picture.format
    with _refusing_bombs(warn=True):
        try:
            picture.verify()
            picture = _open(uploaded_file, head)
            picture.load()
            # Animated GIFs may widen their canvas frame by frame, so check again.
            _check_pixels(picture.width, picture.height)
            picture = ImageOps.exif_transpose(picture)
        except ValidationError:
            raise
        except Exception as exc:  # Pillow raises many kinds of error on a damaged file
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    return picture, image_format


def _open(uploaded_file: File, head: bytes) -> Pillow.Image:
    uploaded_file.seek(0)
    try:
        return Pillow.open(uploaded_file, formats=list(EXTENSIONS))
    except UnidentifiedImageError as exc:
        if other := _other_format(head):
            raise ValidationError(
                f"This is a {other} file; samizdat accepts JPEG, PNG, GIF or WebP images.",
                code="unsupported_format",
            ) from exc
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    except Pillow.DecompressionBombError:
        raise
    except Exception as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc


def _other_format(head: bytes) -> str | None:
    for signature, name in _OTHER_SIGNATURES:
        if head.startswith(signature):
            return name
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
            return "HEIC"
    if head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    if b"<svg" in head.lower():
        return "SVG"
    return None


def _check_bytes(size: int) -> None:
    limit = settings.SAMIZDAT_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            f"The file is {_bytes_text(size)}; the limit is {_bytes_text(limit)}.",
            code="file_too_large",
        )


def _check_pixels(width: int, height: int) -> None:
    if width * height > settings.SAMIZDAT_MAX_IMAGE_PIXELS:
        dimensions = f"{width:,} \N{MULTIPLICATION SIGN} {height:,} pixels"
        size = f"{dimensions} ({_megapixels_text(width * height)})"
        raise _too_many_pixels(size)


def _too_many_pixels(size: str) -> ValidationError:
    limit = _megapixels_text(settings.SAMIZDAT_MAX_IMAGE_PIXELS)
    return ValidationError(f"The image is {size}; the limit is {limit}.", code="too_many_pixels")


@contextmanager
def _refusing_bombs(*, warn: bool) -> Iterator[None]:
    """Turn Pillow's decompression-bomb error (and, with `warn`, its warning) into ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("error" if warn else "ignore", Pillow.DecompressionBombWarning)
        try:
            yield
        except Pillow.DecompressionBombWarning as exc:
            raise _too_many_pixels(f"over {_megapixels_text(Pillow.MAX_IMAGE_PIXELS)}") from exc
        except Pillow.DecompressionBombError as exc:
            over = _megapixels_text(2 * Pillow.MAX_IMAGE_PIXELS)
            raise _too_many_pixels(f"over {over}") from exc


def _bytes_text(size: int) -> str:
    for unit, scale in (("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _megapixels_text(pixels: int) -> str:
    if pixels < 100_000:
        return f"{pixels:,} pixels"
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"


# ── writes ───────────────────────────────────────────────────────────────────────────────


def image_upload(
    *, uploaded_file: File, user, alt: str = "", caption: str = "", credit: str = ""
) -> Image:
    """Store a clean copy of an uploaded image and its narrower renditions."""
    if not user.has_perm("media.add_image"):
        raise PermissionDenied("You may not upload images.")
    picture, image_format = _decode(uploaded_file)
    icc_profile = picture.info.get("icc_profile")
    stem = _safe_stem(uploaded_file.name or "")
    written: list[str] = []
    try:
        with transaction.atomic():
            image = Image(
                alt=alt, caption=caption, credit=credit, uploaded_by=user,
                width=picture.width, height=picture.height,
            )  # fmt: skip
            data = _encode(picture, image_format=image_format, icc_profile=icc_profile)
            name = f"{stem}.{EXTENSIONS[image_format]}"
            # Named, so the ImageField reads the dimensions from these bytes, not storage.
            image.file.save(name, ContentFile(data, name=name), save=False)
            written.append(image.file.name)
            image.renditions = _renditions(
                picture, original=image.file.name, image_format=image_format,
                icc_profile=icc_profile, written=written,
            )  # fmt: skip
            image.save()
    except BaseException:
        _storage_delete(written)
        raise
    return image


def image_editable_by(image: Image, user) -> bool:
    """Authors change what is said about their own uploads; editors about anyone's."""
    if not user.is_authenticated or not user.has_perm("media.change_image"):
        return False
    return image.uploaded_by_id == user.pk or user.has_perm("posts.edit_others_posts")


def image_update(*, image: Image, user, alt: str, caption: str, credit: str) -> Image:
    """Change what is said about an image; the file itself is never replaced."""
    if not image_editable_by(image, user):
        raise PermissionDenied("You may not change this image.")
    with transaction.atomic():
        # Read from the row: the admin hands over an instance its form has already changed.
        said = Image.objects.filter(pk=image.pk).values_list("alt", "caption", "credit").first()
        image.alt, image.caption, image.credit = alt, caption, credit
        image.full_clean(exclude=["file", "uploaded_by"])
        image.save(update_fields=["alt", "caption", "credit"])
        if said != (alt, caption, credit):
            image_changed.send(sender=Image, image_id=image.pk)
    return image


def image_delete(*, image: Image, user) -> None:
    """Delete an image and, once the deletion is committed, its files."""
    if not user.has_perm("media.delete_image"):
        raise PermissionDenied("You may not delete images.")
    names = [image.file.name, *(r["name"] for r in image.renditions)]
    with transaction.atomic():
        image_id = image.pk
        image.delete()
        image_deleted.send(sender=Image, image_id=image_id)
        transaction.on_commit(partial(_storage_delete, names))


def _safe_stem(name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).stem
    return slugify(stem)[:60].strip("-_") or "image"


def _renditions(
    picture: Pillow.Image,
    *,
    original: str,
    image_format: str,
    icc_profile: bytes | None,
    written: list[str],
) -> list[dict]:
    widths = [w for w in RENDITION_WIDTHS if w < picture.width]
    if not widths:
        return []
    # Palette and other narrow modes only resize by nearest neighbour; widen them first.
    if picture.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
    path = PurePosixPath(original)
    renditions = []
    for width in widths:
        height = max(1, round(picture.height * width / picture.width))
        smaller = picture.resize((width, height), Pillow.Resampling.LANCZOS, reducing_gap=3.0)
        data = _encode(smaller, image_format=image_format, icc_profile=icc_profile)
        name = default_storage.save(
            str(path.with_name(f"{path.stem}-{width}w{path.suffix}")), ContentFile(data)
        )
        written.append(name)
        renditions.append({"width": width, "height": height, "name": name})
    return renditions


def _encode(picture: Pillow.Image, *, image_format: str, icc_profile: bytes | None) -> bytes:
    """The picture's pixels in `image_format`, with the colour profile and nothing else."""
    clean = picture.copy()
    # Pillow writes some metadata it finds in `info` (JPEG and GIF comments, the PNG
    # profile); keep only what the pixels need to look right.
    clean.info = {k: v for k, v in picture.info.items() if k in ("transparency", "background")}
    if image_format == "JPEG" and clean.mode not in ("L", "RGB", "CMYK"):
        clean = clean.convert("RGB")
    options = dict(_SAVE_OPTIONS[image_format])
    if icc_profile and image_format != "GIF":
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    clean.save(out, format=image_format, **options)
    return out.getvalue()


def _storage_delete(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
