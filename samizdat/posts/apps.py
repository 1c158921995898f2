from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "samizdat.posts"
    label = "posts"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from samizdat.media.signals import image_changed, image_deleted

        # A body shows an image's file, alt text, caption and credit as they were when it was
        # rendered: when the image changes or goes, the bodies showing it are rendered again.
        image_changed.connect(_image_shown_changed, dispatch_uid="posts.image_changed")
        image_deleted.connect(_image_shown_changed, dispatch_uid="posts.image_deleted")
        # An embed card shows what the worker fetched about a link (title, thumbnail).
        from samizdat.embeds.signals import embed_changed

        embed_changed.connect(_embed_shown_changed, dispatch_uid="posts.embed_changed")
        _plug_into_operations()


def _plug_into_operations() -> None:
    from samizdat.core.registry import count
    from samizdat.posts.models import Page, Post

    count("posts", Post.objects.count)
    count("pages", Page.objects.count)


def _image_shown_changed(*, image_id: int, **_) -> None:
    from samizdat.posts.services import bodies_showing_image_rerender

    bodies_showing_image_rerender(image_id=image_id)


def _embed_shown_changed(*, key: str, **_) -> None:
    from samizdat.posts.services import bodies_showing_embed_rerender

    bodies_showing_embed_rerender(key=key)
