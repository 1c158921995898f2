from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "samizdat.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from samizdat.comments.feeds import comment_alternates
        from samizdat.comments.services import comments_erase_old_request_data
        from samizdat.core.registry import housekeeping
        from samizdat.feeds.templatetags.metadata import ALTERNATE_SOURCES
        from samizdat.feeds.views import FEED_QUERY_TARGETS

        housekeeping("comments.erase-old-ips", comments_erase_old_request_data, every=3600)

        ALTERNATE_SOURCES.append(comment_alternates)
        FEED_QUERY_TARGETS.update(
            {"comments-rss2": "/comments/feed/", "comments-atom": "/comments/feed/atom/"}
        )
