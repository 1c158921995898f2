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

        ALTERNATE_SOURCES.append(comment_alternates)
        FEED_QUERY_TARGETS.update(
            {"comments-rss2": "/comments/feed/", "comments-atom": "/comments/feed/atom/"}
        )
        housekeeping("comments.erase-old-ips", comments_erase_old_request_data, every=3600)
        _plug_into_accounts()
        _plug_into_operations()


def _plug_into_accounts() -> None:
    """The reply form's sign-in returns to the comment being written; the reader's own page
    shows their comments and follow-up mail; a changed name or picture drops their threads."""
    from samizdat.accounts.profile import profile_section
    from samizdat.accounts.resume import Resumer, resumer_register
    from samizdat.accounts.signals import user_shown_changed
    from samizdat.comments import drafts, profile

    resumer_register(
        Resumer(
            from_state=drafts.draft_from_state,
            from_session=drafts.draft_current,
            keep=drafts.draft_keep,
            return_url=drafts.draft_return_url,
        )
    )
    profile_section(
        "comments", template="comments/profile/comments.html",
        context=profile.comments_context, order=20,
    )  # fmt: skip
    profile_section(
        "subscriptions", template="comments/profile/subscriptions.html",
        context=profile.subscriptions_context, order=30,
    )  # fmt: skip
    user_shown_changed.connect(_user_shown_changed, dispatch_uid="comments.user_shown_changed")


def _user_shown_changed(*, user, **_) -> None:
    from samizdat.comments.models import Comment
    from samizdat.comments.pages import thread_tags
    from samizdat.pagecache.services import invalidate_on_commit

    for post_id in set(Comment.objects.filter(user=user).values_list("post_id", flat=True)):
        invalidate_on_commit(*thread_tags(post_id))


def _plug_into_operations() -> None:
    """A person's comments and subscriptions in their data export and erasure (before their
    accounts go: comments are found through them); the counts a backup records."""
    from samizdat.comments import privacy
    from samizdat.comments.models import Comment
    from samizdat.core.registry import count, personal_data

    personal_data("comments", find=privacy.comments_find, erase=privacy.comments_erase, order=10)
    personal_data(
        "subscriptions", find=privacy.subscriptions_find, erase=privacy.subscriptions_erase,
        order=20,
    )  # fmt: skip
    count("comments", Comment.objects.count)
