from django.urls import path

from samizdat.comments import feeds, profile, views
from samizdat.feeds.urls import feed_routes

app_name = "comments"

# A post's comment feed lives under its permalink, in any of the three shapes.
_PERMALINKS = [
    r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[^/]+)/",
    r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[^/]+)/",
    r"(?P<slug>[^/]+)/",
]

urlpatterns = [
    *feed_routes("comments/", feeds.CommentsFeed, feeds.CommentsAtomFeed, "feed"),
    *[
        route
        for shape in _PERMALINKS
        for route in feed_routes(
            shape, feeds.PostCommentsFeed, feeds.PostCommentsAtomFeed, "post-feed"
        )
    ],
    path("comments/post/<int:post_id>/", views.comment_post, name="post"),
    path("comments/stamp/<int:post_id>/", views.stamp_renew, name="stamp"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/subscribe/<str:token>/", views.subscription_confirm_view, name="confirm"),
    path(
        "comments/subscriptions/<int:pk>/stop/",
        profile.subscription_stop,
        name="subscription-stop",
    ),
]
