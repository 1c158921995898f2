from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "samizdat.feeds"
    label = "feeds"
    verbose_name = "Feeds and sitemaps"

    def ready(self) -> None:
        from samizdat.feeds.views import feed_query_redirect
        from samizdat.posts.queries import home_query

        # WordPress's /?feed=rss2 and kin, at the home address only (not /page/2/?feed=).
        home_query(
            "feed",
            lambda request, page: (
                feed_query_redirect(request.GET["feed"]) if page is None else None
            ),
        )
