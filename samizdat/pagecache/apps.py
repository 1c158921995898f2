from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "samizdat.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
