import zoneinfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models

from samizdat.core.memo import forget, per_request
from samizdat.core.signals import settings_changed


class SettingsRow(models.Model):
    """One row of settings edited in the admin, read on every request: kept in the cache,
    read once per request, and forgotten everywhere (page cache included) when it changes."""

    cache_key = ""

    class Meta:
        abstract = True

    @classmethod
    def load(cls):
        return per_request(cls.cache_key, cls._load)

    @classmethod
    def _load(cls):
        row = cache.get(cls.cache_key)
        if row is None:
            row, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.cache_key, row, timeout=None)
        return row

    @classmethod
    def changed(cls) -> None:
        """Call after saving the row. What shows settings (every stored page) listens to
        `core.signals.settings_changed`."""
        cache.delete(cls.cache_key)
        forget(cls.cache_key)
        settings_changed.send(sender=cls)


class PermalinkStructure(models.TextChoices):
    DAY_AND_NAME = "/%year%/%monthnum%/%day%/%postname%/", "Day and name (/2026/11/29/sample-post/)"
    MONTH_AND_NAME = "/%year%/%monthnum%/%postname%/", "Month and name (/2026/11/sample-post/)"
    POST_NAME = "/%postname%/", "Post name (/sample-post/)"


def validate_time_zone(name: str) -> None:
    if name and name not in zoneinfo.available_timezones():
        raise ValidationError(
            f"“{name}” is not a time zone this machine knows (e.g. Europe/Berlin)."
        )


class SiteSettings(SettingsRow):
    """The settings a site owner edits in the admin (one row). Environment settings live in
    samizdat.settings; these are the ones that belong to the blog, not the machine."""

    cache_key = "samizdat:site-settings"

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

    # A name from the tz database; empty: SAMIZDAT_TIME_ZONE. Not a `choices` field, so a newer
    # tz database never asks for a migration.
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        validators=[validate_time_zone],
        help_text="Dates are shown, entered and scheduled in this time zone, and permalinks "
        "use its dates. Empty: the machine's setting (SAMIZDAT_TIME_ZONE).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    def zone(self) -> zoneinfo.ZoneInfo:
        """The site's time zone: the setting, else SAMIZDAT_TIME_ZONE."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def site_settings_changed() -> None:
    SiteSettings.changed()
