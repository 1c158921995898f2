from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The site-wide operations: serve, worker, backup and restore, a person's data, the demo
    content. They run what the apps registered (samizdat.core.registry) and know no app's
    insides; nothing imports them."""

    name = "samizdat.operations"
    label = "operations"
    verbose_name = "Operations"
