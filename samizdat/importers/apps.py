from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "samizdat.importers"
    label = "importers"
    verbose_name = "Imports"
