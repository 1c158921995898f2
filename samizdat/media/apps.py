from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "samizdat.media"
    label = "media"
    verbose_name = "Media"

    def ready(self) -> None:
        from samizdat.core.registry import count
        from samizdat.media.models import Image

        count("images", Image.objects.count)
