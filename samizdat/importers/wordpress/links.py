"""Old addresses: redirects to where things live now, and links in content rewritten.

Every old path of an item (its `<link>`, a guid that was an address, an attachment's page, a
moved category, a moved post's comment feed) becomes a posts.Redirect row, which
posts.middleware answers with a 301. Links in content that point at the old site become this
site's addresses: directly when the target is already imported, else as the old path (which
redirects) and, once the target exists at the end of the run, the new address.
"""

import re
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from samizdat.core.models import SiteSettings
from samizdat.importers.wordpress import fields
from samizdat.posts.models import Category, Page, Post
from samizdat.posts.permalinks import post_path
from samizdat.posts.services import redirect_add
from samizdat.posts.signals import ORIGIN_IMPORT

_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])(.*?)\2""", re.S | re.I)


class LinkImport:
    """The part of an ImportRun that keeps old addresses working."""

    # ── links ────────────────────────────────────────────────────────────────────────────

    def redirect(self, old_path: str, target: Post | Page | Category) -> bool:
        """Make `old_path` answer 301 to `target`; False when it is the target's address."""
        if not old_path or old_path.startswith("/?"):
            return False
        old_path = fields.clean_path(old_path)
        if fields.path_key(old_path) == fields.path_key(unquote(target.get_absolute_url())):
            return False
        redirect, created = redirect_add(old_path=old_path, target=target)
        if redirect is None:
            self.report.warn("redirect", f"{old_path} already redirects elsewhere; left as it is")
            self.report.count("redirect", "skipped")
        else:
            self.report.count("redirect", "imported" if created else "unchanged")
        return True

    def resolve(self, target: tuple) -> str | None:
        """The new address of something an old link pointed to, if it has been imported."""
        kind, key = target
        if kind == "category":
            return self.categories[key].get_absolute_url() if key in self.categories else None
        if kind == "category_id":
            category = self.category_ids.get(key)
            return category.get_absolute_url() if category else None
        if kind == "tag":
            return self.tags[key].get_absolute_url() if key in self.tags else None
        if key in self.done:
            return self.done[key].url
        if key in self.media:
            media, stored = self.media[key]
            info = self.index.items.get(key)
            if info and info.parent in self.done:
                return self.done[info.parent].url
            return media.url if stored else None
        return None

    def _predict(self, target: tuple) -> str | None:
        """Where a post or page still to come will most likely live: its slug and date under
        the permalink structure, a page under its parents. Checked once it exists."""
        kind, key = target
        info = self.index.items.get(key) if kind == "item" else None
        if info is None or not info.slug:
            return None
        if info.post_type == "post":
            if info.status not in ("publish", "future", "private") or info.published is None:
                return None
            structure = SiteSettings.load().permalink_structure
            return post_path(
                SimpleNamespace(slug=info.slug, published_at=info.published), structure
            )
        if info.post_type != "page" or info.status not in ("publish", "private"):
            return None
        chain, seen = [info.slug], {key}
        while info.parent and info.parent not in seen:
            seen.add(info.parent)
            info = self.index.items.get(info.parent)
            if info is None or info.post_type != "page" or not info.slug:
                return None
            chain.insert(0, info.slug)
        return quote("/" + "/".join(chain) + "/", safe="/-_.~")

    def rewriter(self, pending: dict[str, tuple]) -> Callable[[str], str]:
        """A function for content's addresses: the old site's become this site's."""
        hosts = sorted(self.index.hosts)

        def rewrite(url: str) -> str:
            parts = urlsplit(url)
            if parts.scheme not in ("", "http", "https") or not (parts.netloc or parts.path):
                return url
            if parts.netloc or url.startswith("/"):
                keys = [fields.upload_key(url)] if parts.netloc else []
                keys += [fields.upload_key(f"//{h}{parts.path}") for h in hosts if not parts.netloc]
                for key in keys:
                    if (wp_id := self.index.uploads.get(key)) is not None:
                        media, stored = self.media.get(wp_id, (None, False))
                        return media.url if stored else url
            if parts.netloc and not self.index.is_old_site(url):
                return url
            if not parts.netloc and not url.startswith("/"):
                return url  # relative to the page: leave it
            found = self.index.find(url)
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            if found and (new := self.resolve(found)):
                return new + fragment
            if found and (guess := self._predict(found)):  # checked at the end of the run
                pending[guess + fragment] = found
                return guess + fragment
            relative = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
            if found:
                pending[relative] = found
            return relative

        return rewrite

    def _fix_links(self) -> None:
        """Links to posts that came later in the file: now that they exist, point at them."""
        from samizdat.posts.services import page_save, post_save

        for done, pending in self.fixups:
            new = {}
            for old, target in pending.items():
                url = self.resolve(target)
                url = url and url + (f"#{old.partition('#')[2]}" if "#" in old else "")
                if url and url != old:  # the guess was wrong, or there was none
                    new[old] = url
            if not new:
                continue

            def swap(match: re.Match, new=new) -> str:
                prefix, mark, value = match.groups()
                return f"{prefix}{mark}{new.get(value.replace('&amp;', '&'), value)}{mark}"

            obj = done.get()
            source = _URL_ATTRIBUTE.sub(swap, obj.body_source)
            if source != obj.body_source:
                obj.body_source = source
                if isinstance(obj, Post):
                    post_save(post=obj, user=self.user, origin=ORIGIN_IMPORT)
                else:
                    page_save(page=obj, user=self.user)
