from django.apps import AppConfig


class WordPressProviderConfig(AppConfig):
    name = "samizdat.accounts.wordpress"
    label = "samizdat_wordpress"
    verbose_name = "WordPress.com sign-in"
