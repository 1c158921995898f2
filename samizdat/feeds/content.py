"""What feeds and page metadata take from a post: absolute links, and the image to share."""

import mimetypes
import re
from dataclasses import dataclass

from django.core.files.storage import default_storage

from samizdat.media.models import Image

_URL_ATTRIBUTE = re.compile(r'(\s(?:src|href|poster|cite)=")(/(?!/)|#)')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def absolute_html(html: str, *, origin: str, page_url: str) -> str:
    """Sanitised HTML with site-relative links made absolute, for readers off the site.

    `origin` is "https://host"; `page_url` the absolute address fragments (#fn1) belong to.
    The sanitiser always writes double-quoted attributes, which is what makes this reliable.
    """

    def url(match: re.Match) -> str:
        return match[1] + (origin + "/" if match[2] == "/" else page_url + "#")

    def srcset(match: re.Match) -> str:
        candidates = [c.strip() for c in match[2].split(",")]
        fixed = [
            origin + c if c.startswith("/") and not c.startswith("//") else c for c in candidates
        ]
        return match[1] + ", ".join(fixed) + match[3]

    return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(url, html))


@dataclass(frozen=True)
class ShareImage:
    """The version of an image to show off the site: the widest rendition, else the original."""

    url: str  # site-relative
    name: str  # storage name
    width: int
    height: int
    alt: str

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"

    @property
    def size(self) -> int:
        try:
            return default_storage.size(self.name)
        except OSError:
            return 0


def share_image(image: Image | None) -> ShareImage | None:
    if image is None or not image.file:
        return None
    if image.renditions:
        widest = image.renditions[-1]
        return ShareImage(
            url=default_storage.url(widest["name"]),
            name=widest["name"],
            width=widest["width"],
            height=widest["height"],
            alt=image.alt,
        )
    return ShareImage(
        url=image.file.url,
        name=image.file.name,
        width=image.width,
        height=image.height,
        alt=image.alt,
    )
