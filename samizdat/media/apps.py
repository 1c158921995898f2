from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "samizdat.media"
    label = "media"
    verbose_name = "Media"
