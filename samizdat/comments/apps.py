from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "samizdat.comments"
    label = "comments"
    verbose_name = "Comments"
