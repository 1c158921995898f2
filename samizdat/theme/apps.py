from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "samizdat.theme"
    label = "theme"
    verbose_name = "Theme"
