from django.apps import AppConfig


class SpamFilterConfig(AppConfig):
    name = "samizdat.spamfilter"
    label = "spamfilter"
    verbose_name = "Spam filter"
