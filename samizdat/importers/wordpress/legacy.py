"""The old site's numbers, kept answering: `/?p=`, `/?page_id=`, `/?attachment_id=`, `/?cat=`
and `/?author=` of the site that moved here lead to what each became (posts.LegacyAddress),
recorded through `posts.services.legacy_addresses_record` once everything is imported."""

from samizdat.posts.models import LegacyAddress, Page, Post
from samizdat.posts.services import legacy_addresses_record

_KINDS = LegacyAddress.Kind


class LegacyAddressImport:
    """Part of ImportRun: what this run imported (or found unchanged), by old number."""

    def _record_legacy_addresses(self) -> None:
        legacy_addresses_record(
            addresses=[
                *self._content_addresses(),
                *self._attachment_addresses(),
                *(
                    LegacyAddress(kind=_KINDS.CATEGORY, number=n, category=category)
                    for n, category in self.category_ids.items()
                ),
                *(
                    LegacyAddress(kind=_KINDS.AUTHOR, number=n, author=user)
                    for n, user in self.author_ids.items()
                ),
            ]
        )

    def _content_addresses(self):
        for number, done in self.done.items():
            if done.model is Post:
                yield LegacyAddress(kind=_KINDS.POST, number=number, post_id=done.pk)
            elif done.model is Page:
                yield LegacyAddress(kind=_KINDS.PAGE, number=number, page_id=done.pk)

    def _attachment_addresses(self):
        """An attachment leads to the post or page it was in, else to its file: the copy here,
        or the original where it still is."""
        for number, info in self.index.items.items():
            if info.post_type != "attachment":
                continue
            home = self.done.get(info.parent) if info.parent else None
            address = LegacyAddress(kind=_KINDS.ATTACHMENT, number=number)
            if home is not None:
                setattr(address, "post_id" if home.model is Post else "page_id", home.pk)
            elif (media := self.media.get(number)) is not None:
                address.url = media[0].url  # the copy here when there is one
            else:
                continue
            yield address
