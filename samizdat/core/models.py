from django.core.cache import cache
from django.db import models

_CACHE_KEY = "samizdat:site-settings"


class PermalinkStructure(models.TextChoices):
    DAY_AND_NAME = "/%year%/%monthnum%/%day%/%postname%/", "Day and name (/2026/11/29/sample-post/)"
    MONTH_AND_NAME = "/%year%/%monthnum%/%postname%/", "Month and name (/2026/11/sample-post/)"
    POST_NAME = "/%postname%/", "Post name (/sample-post/)"


class SiteSettings(models.Model):
    """The settings a site owner edits in the admin (one row). Environment settings live in
    samizdat.settings; these are the ones that belong to the blog, not the machine."""

    title = models.CharField(max_length=200, default="samizdat")
    tagline = models.CharField(max_length=300, blank=True, default="Just another samizdat blog")
    permalink_structure = models.CharField(
        max_length=100,
        choices=PermalinkStructure.choices,
        default=PermalinkStructure.DAY_AND_NAME,
        help_text="Old links keep working when this changes: they answer with a redirect.",
    )
    posts_per_page = models.PositiveSmallIntegerField(default=10)
    feed_full_text = models.BooleanField(
        "full text in feeds",
        default=True,
        help_text="Feeds carry each post's full text; untick to send only the excerpt.",
    )
    feed_items = models.PositiveSmallIntegerField(
        "posts in feeds", default=10, help_text="How many of the latest posts a feed shows."
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    @classmethod
    def load(cls) -> "SiteSettings":
        settings = cache.get(_CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(_CACHE_KEY, settings, timeout=None)
        return settings


def site_settings_changed() -> None:
    """Forget the cached copy; called by whatever saves the row."""
    cache.delete(_CACHE_KEY)
    from samizdat.pagecache.services import SITE, invalidate_on_commit

    invalidate_on_commit(SITE)
