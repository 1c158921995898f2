"""The studio's addresses, under /studio/ (samizdat.urls, which also routes the public
/preview/<token>/ to studio.shared)."""

from django.urls import path

from samizdat.studio import editor, library, moderation, pages, shared, views

app_name = "studio"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("posts/", views.post_list, name="posts"),
    path("posts/new/", editor.post_new, name="post-new"),
    path("posts/new/autosave/", editor.autosave, name="post-new-autosave"),
    path("posts/new/preview/", shared.post_preview_view, name="post-new-preview"),
    path("posts/<int:pk>/", editor.post_edit, name="post-edit"),
    path("posts/<int:pk>/autosave/", editor.autosave, name="post-autosave"),
    path("posts/<int:pk>/preview/", shared.post_preview_view, name="post-preview"),
    path("posts/<int:pk>/share/", shared.share_create, name="share-create"),
    path("posts/<int:pk>/share/<int:link_id>/revoke/", shared.share_revoke, name="share-revoke"),
    path("render/", editor.render_body, name="render"),
    path("pages/", views.page_list, name="pages"),
    path("pages/new/", pages.page_new, name="page-new"),
    path("pages/<int:pk>/", pages.page_edit, name="page-edit"),
    path("media/", library.media_library, name="media"),
    path("media/upload/", library.media_upload, name="media-upload"),
    path("media/<int:pk>/", library.media_describe, name="media-describe"),
    path("tags/", library.tag_suggestions, name="tags"),
    path("categories/", library.category_create, name="category-create"),
    path("comments/", moderation.comments_waiting, name="comments"),
    path("comments/<int:pk>/<slug:action>/", moderation.comment_moderate, name="comment-moderate"),
]
