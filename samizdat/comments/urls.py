from django.urls import path

from samizdat.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:post_id>/", views.comment_post, name="post"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
