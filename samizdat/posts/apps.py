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


def _image_shown_changed(*, image_id: int, **_) -> None:
    from samizdat.posts.services import bodies_showing_image_rerender

    bodies_showing_image_rerender(image_id=image_id)
