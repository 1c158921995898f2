"""Attachments: files from --media-dir stored through media.services, or kept at their URL."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

from samizdat.importers.wordpress import fields
from samizdat.importers.wordpress.content import CONVERTER_VERSION
from samizdat.importers.wordpress.records import Item
from samizdat.importers.wordpress.shortcodes import Media
from samizdat.media.models import Image
from samizdat.media.services import image_update, image_upload, image_validate

ATTACHMENT_META = ("_wp_attachment_image_alt", "_wp_attached_file", "_samizdat_credit")


class MediaImport:
    """The part of an ImportRun that brings attachments."""

    # ── attachments ──────────────────────────────────────────────────────────────────────

    def _import_attachment(self, item: Item) -> None:
        wp_id = fields.integer(item.get("wp:post_id"))
        info = self.index.items.get(wp_id) if wp_id is not None else None
        if info is None or info.line != item.line:
            self._skip_duplicate("attachment", item)
            return
        alt = item.meta.get("_wp_attachment_image_alt", "").strip()[:500]
        caption = fields.plain_text(item.get("excerpt:encoded"))[:1000]
        credit = item.meta.get("_samizdat_credit", "").strip()[:300]  # samizdat's own exports
        url = info.url
        meta = {k: v for k, v in item.meta.items() if k in ATTACHMENT_META}
        digest = fields.checksum(CONVERTER_VERSION, bool(self.media_dir), item.fields, meta)
        mapping = self.mapped("attachment", wp_id, info.guid)
        image = self.target(mapping, Image)
        if mapping is not None and mapping.checksum == digest:
            self.report.count("attachment", "unchanged")
        elif image is not None:
            image_update(image=image, user=self.user, alt=alt, caption=caption, credit=credit)
            self.report.count("attachment", "updated")
        else:
            image = self._store_media(info, url, alt=alt, caption=caption, credit=credit)
            self.report.count("attachment", "updated" if mapping else "imported")
        if image is None and url:
            self.report.remote_media.append(url)
        elif image is not None:
            self.images[wp_id] = image
        self.media[wp_id] = (
            Media(url=image.file.url if image else url, alt=alt, caption=caption),
            image is not None,
        )
        self.remember(
            mapping, kind="attachment", source_id=wp_id, guid=info.guid, obj=image,
            digest=digest, old_path=info.path, source_url=url,
        )  # fmt: skip

    def _store_media(self, info, url: str, *, alt: str, caption: str, credit: str) -> Image | None:
        if self.media_dir is None:
            return None
        found = self._media_file(info)
        if found is None:
            self.report.warn(
                "attachment",
                f"missing media: {url or info.attached_file} is not under {self.media_dir}; "
                "kept at its old address",
                line=info.line,
            )
            return None
        try:
            with found.open("rb") as handle:
                upload = File(handle, name=found.name)
                if self.dry_run:
                    image_validate(upload)
                    return None
                image = image_upload(
                    uploaded_file=upload, user=self.user, alt=alt, caption=caption, credit=credit
                )
        except ValidationError as exc:
            self.report.warn(
                "attachment", f"{found.name}: {fields.message(exc)} Kept at its old address.",
                line=info.line,
            )  # fmt: skip
            return None
        self.written += [image.file.name, *(r["name"] for r in image.renditions)]
        return image

    def _media_file(self, info) -> Path | None:
        """The attachment's file under --media-dir (the wp-content/uploads tree), never outside."""
        path = unquote(urlsplit(info.url).path)
        candidates = [info.attached_file]
        if "/uploads/" in path:
            candidates.append(path.split("/uploads/", 1)[1])
        candidates.append(path.lstrip("/"))
        for candidate in filter(None, candidates):
            found = (self.media_dir / candidate).resolve()
            if found.is_relative_to(self.media_dir) and found.is_file():
                return found
        return None

    def _attachment_redirects(self) -> None:
        """An attachment's page (`/2010/09/10/a-post/photo/`) answers with the post it was in."""
        for info in self.index.items.values():
            if info.post_type == "attachment" and info.path and info.parent in self.done:
                self.redirect(info.path, self.done[info.parent].get())
