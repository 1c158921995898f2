"""`media:<id>` references in Markdown, resolved to the image's URL, renditions and caption."""

from samizdat.core.markdown import ResolvedImage
from samizdat.media.models import Image

# The theme's content column is at most ~45rem wide; beyond that the browser needs no more.
SIZES = "(min-width: 48rem) 45rem, 100vw"


def image_srcset(image: Image) -> str:
    from django.core.files.storage import default_storage

    candidates = [f"{default_storage.url(r['name'])} {r['width']}w" for r in image.renditions]
    candidates.append(f"{image.file.url} {image.width}w")
    return ", ".join(candidates)


def resolve_media_reference(src: str) -> ResolvedImage | None:
    """`media:12` → the image with id 12, or None when there is no such image."""
    ident = src.removeprefix("media:")
    if not ident.isdigit():
        return None
    image = Image.objects.filter(pk=int(ident)).first()
    if image is None:
        return None
    return ResolvedImage(
        src=image.file.url,
        width=image.width or None,
        height=image.height or None,
        srcset=image_srcset(image),
        sizes=SIZES,
        alt=image.alt,
        caption=image.caption,
        credit=image.credit,
    )
