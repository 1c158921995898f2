from django.apps import AppConfig

HOURLY = 3600


class PageCacheConfig(AppConfig):
    name = "samizdat.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from samizdat.core.registry import housekeeping
        from samizdat.pagecache.middleware import MAX_AGE_SECONDS
        from samizdat.pagecache.services import expire_due, purge_older_than

        # Scheduled posts go public with no write: their pages are dropped within a tick of
        # their time (nginx sends stored pages without asking samizdat).
        housekeeping("pagecache.expire-due", expire_due, every=5)
        housekeeping("pagecache.purge-old", lambda: purge_older_than(MAX_AGE_SECONDS), every=HOURLY)
