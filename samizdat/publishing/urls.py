"""The publishing API's addresses, at the places WordPress and the IndieWeb look for them."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from samizdat.publishing import views
from samizdat.publishing.micropub import indieauth
from samizdat.publishing.micropub import views as micropub
from samizdat.publishing.wp import comments, index, media, pages, posts, taxonomy, users
from samizdat.publishing.xmlrpc import views as xmlrpc

app_name = "publishing"

# Ids past 18 digits cannot be rows; they fall through to WordPress's JSON 404.
ID = r"(?P<pk>[0-9]{1,18})"
WP = "wp-json/wp/v2"

urlpatterns = [
    re_path(r"^wp-json/?$", index.RootView.as_view(), name="wp-root"),
    path("wp-json/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    re_path(rf"^{WP}/?$", index.NamespaceView.as_view(), name="wp-v2"),
    re_path(rf"^{WP}/posts/?$", posts.PostsView.as_view(), name="wp-posts"),
    re_path(rf"^{WP}/posts/{ID}/?$", posts.PostView.as_view(), name="wp-post"),
    re_path(rf"^{WP}/pages/?$", pages.PagesView.as_view(), name="wp-pages"),
    re_path(rf"^{WP}/pages/{ID}/?$", pages.PageView.as_view(), name="wp-page"),
    re_path(rf"^{WP}/media/?$", media.MediaListView.as_view(), name="wp-media-list"),
    re_path(rf"^{WP}/media/{ID}/?$", media.MediaView.as_view(), name="wp-media"),
    re_path(rf"^{WP}/categories/?$", taxonomy.CategoriesView.as_view(), name="wp-categories"),
    re_path(rf"^{WP}/categories/{ID}/?$", taxonomy.CategoryView.as_view(), name="wp-category"),
    re_path(rf"^{WP}/tags/?$", taxonomy.TagsView.as_view(), name="wp-tags"),
    re_path(rf"^{WP}/tags/{ID}/?$", taxonomy.TagView.as_view(), name="wp-tag"),
    re_path(rf"^{WP}/comments/?$", comments.CommentsView.as_view(), name="wp-comments"),
    re_path(rf"^{WP}/comments/{ID}/?$", comments.CommentView.as_view(), name="wp-comment"),
    re_path(rf"^{WP}/users/?$", users.UsersView.as_view(), name="wp-users"),
    re_path(rf"^{WP}/users/me/?$", users.MeView.as_view(), name="wp-me"),
    re_path(rf"^{WP}/users/{ID}/?$", users.UserView.as_view(), name="wp-user"),
    re_path(rf"^{WP}/settings/?$", users.SettingsView.as_view(), name="wp-settings"),
    re_path(r"^wp-json/.*$", index.NoRouteView.as_view(), name="wp-no-route"),
    # XML-RPC (MetaWeblog, Blogger, wp.*) and its discovery document.
    path("xmlrpc.php", xmlrpc.endpoint, name="xmlrpc"),
    # Micropub and samizdat's own IndieAuth server.
    path("micropub", micropub.endpoint, name="micropub"),
    path("micropub/media", micropub.media_endpoint, name="micropub-media"),
    path("indieauth/metadata", indieauth.metadata, name="indieauth-metadata"),
    path("indieauth/auth", indieauth.authorize, name="indieauth-authorize"),
    path("indieauth/token", indieauth.token, name="indieauth-token"),
    # The profile page's section: create and revoke app passwords.
    path(
        "accounts/profile/app-passwords/",
        views.app_password_create_view,
        name="app-password-create",
    ),
    path(
        "accounts/profile/app-passwords/<int:pk>/revoke/",
        views.app_password_revoke_view,
        name="app-password-revoke",
    ),
]
