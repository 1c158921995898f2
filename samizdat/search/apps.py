from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "samizdat.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from samizdat.posts.queries import home_query
        from samizdat.posts.signals import post_changed
        from samizdat.search.views import search

        # The index follows every save, publishing and unpublishing; a deleted post takes its
        # row with it (the foreign key cascades).
        post_changed.connect(_post_changed, dispatch_uid="search.post_changed")
        home_query("s", lambda request, page: search(request, page=page))  # WordPress's /?s=


def _post_changed(*, post, **_) -> None:
    from samizdat.search.services import search_index_post

    search_index_post(post=post)
