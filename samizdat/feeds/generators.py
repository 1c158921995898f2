"""Feed formats: Django's RSS 2.0 and Atom 1.0 with the full text added, and JSON Feed 1.1.

Items carry three extra keys (from `SiteFeed.item_extra_kwargs`): `content_html` (the full
text, or None when the site sends excerpts), `summary_text` (plain text) and `image_url`.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class RssFeed(Rss201rev2Feed):
    """RSS 2.0; the full text goes in <content:encoded> beside the excerpt, as WordPress does."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(Atom1Feed):
    """Atom 1.0; the full text goes in <content type="html"> beside the <summary>."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding) -> None:
        outfile.write(json.dumps(self.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False))

    def as_dict(self) -> dict:
        feed = {
            "version": JSON_FEED_VERSION,
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "items": [self.item_dict(item) for item in self.items],
        }
        return _without_empty(feed, keep={"items"})

    def item_dict(self, item: dict) -> dict:
        authors = [{"name": item["author_name"], "url": item["author_link"]}]
        attachments = [
            {"url": e.url, "mime_type": e.mime_type, "size_in_bytes": int(e.length or 0)}
            for e in item["enclosures"]
        ]
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item.get("content_html"),
            "content_text": None if item.get("content_html") else item.get("summary_text", ""),
            "summary": item.get("summary_text"),
            "image": item.get("image_url"),
            "date_published": item["pubdate"] and rfc3339_date(item["pubdate"]),
            "date_modified": item["updateddate"] and rfc3339_date(item["updateddate"]),
            "authors": authors if item["author_name"] else None,
            "tags": list(item["categories"]),
            "attachments": attachments,
        }
        return _without_empty(entry, keep={"id", "content_text"})


def _without_empty(data: dict, *, keep: set[str]) -> dict:
    return {k: v for k, v in data.items() if (k in keep and v is not None) or v}
