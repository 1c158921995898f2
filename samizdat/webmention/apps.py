from django.apps import AppConfig


class WebmentionConfig(AppConfig):
    name = "samizdat.webmention"
    label = "webmention"
    verbose_name = "Webmention"

    def ready(self) -> None:
        from samizdat.core.registry import housekeeping, site_link
        from samizdat.core.siteurl import absolute
        from samizdat.posts.signals import post_changed, post_deleted

        # Every page names the endpoint, in a Link header (stored pages and nginx's included)
        # and in its head: the spec's two ways besides <a rel=webmention>.
        site_link("webmention", lambda: absolute("/webmention/"))
        post_changed.connect(_post_changed, dispatch_uid="webmention.post_changed")
        post_deleted.connect(_post_deleted, dispatch_uid="webmention.post_deleted")
        # Retries, scheduled posts whose time came, and work a dead worker left.
        housekeeping("webmention.due", _due, every=30)


def _post_changed(*, post, was_public: bool, is_public: bool, origin: str, **_) -> None:
    from samizdat.webmention.services import sendings_for_post_change

    sendings_for_post_change(post=post, was_public=was_public, is_public=is_public, origin=origin)


def _post_deleted(*, post, was_public: bool, origin: str, **_) -> None:
    from samizdat.webmention.services import sendings_for_post_delete

    sendings_for_post_delete(post=post, was_public=was_public, origin=origin)


def _due() -> None:
    from samizdat.webmention.services import mentions_requeue_due, sendings_queue_due

    mentions_requeue_due()
    sendings_queue_due()
