from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "samizdat.embeds"
    label = "embeds"
    verbose_name = "Embeds"
