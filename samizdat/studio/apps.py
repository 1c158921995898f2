from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "samizdat.studio"
    label = "studio"
    verbose_name = "Writing studio"
