from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "samizdat.search"
    label = "search"
    verbose_name = "Search"
