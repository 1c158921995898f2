from django.apps import AppConfig

HOURLY = 3600


class PageCacheConfig(AppConfig):
    name = "samizdat.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from samizdat.core.registry import housekeeping
        from samizdat.core.signals import settings_changed
        from samizdat.pagecache.middleware import MAX_AGE_SECONDS
        from samizdat.pagecache.services import expire_due, purge_older_than

        # Settings show on every page (title, menus, discussion rules): drop them all.
        settings_changed.connect(_settings_changed, dispatch_uid="pagecache.settings_changed")

        # Scheduled posts go public with no write: their pages are dropped within a tick of
        # their time (nginx sends stored pages without asking samizdat).
        housekeeping("pagecache.expire-due", expire_due, every=5)
        housekeeping("pagecache.purge-old", lambda: purge_older_than(MAX_AGE_SECONDS), every=HOURLY)


def _settings_changed(**_) -> None:
    from samizdat.pagecache.services import SITE, invalidate_on_commit

    invalidate_on_commit(SITE)
