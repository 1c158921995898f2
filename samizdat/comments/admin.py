"""The admin for comments: the discussion settings row, the raw list, and the moderation queue.

Every change goes through comments.services; the queue itself lives in comments.queue.
"""

from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import path
from django.utils.text import Truncator

from samizdat.comments import queue
from samizdat.comments.models import Comment, DiscussionSettings, discussion_settings_changed
from samizdat.comments.services import (
    can_moderate,
    comment_approve,
    comment_delete,
    comment_edit,
    comment_spam,
    comment_trash,
)


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not DiscussionSettings.objects.exists()

    def changelist_view(self, request, extra_context=None):
        """A list of one row is a detour: open the row itself (made on first use)."""
        if self.has_view_or_change_permission(request):
            row = DiscussionSettings.load()
            return redirect("admin:comments_discussionsettings_change", row.pk)
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        discussion_settings_changed()


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("author_name", "excerpt", "post", "status", "kind", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("post",)
    search_fields = ("author_name", "author_email", "author_url", "body_source", "ip_address")
    date_hierarchy = "created_at"
    actions = ["approve", "spam", "trash"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (
        "post", "parent", "kind", "status", "author_name", "author_email", "author_url",
        "body_source", "created_at", "edited_at", "ip_address", "user_agent",
        "moderation_reasons", "spam_score", "spam_reasons",
    )  # fmt: skip
    readonly_fields = (
        "post", "parent", "kind", "status", "created_at", "edited_at", "ip_address",
        "user_agent", "moderation_reasons", "spam_score", "spam_reasons",
    )  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False  # comments come from readers; moderators reply from the queue

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and can_moderate(request.user)

    def save_model(self, request, obj, form, change) -> None:
        comment_edit(
            comment=obj,
            moderator=request.user,
            body=obj.body_source,
            name=obj.author_name,
            email=obj.author_email,
            url=obj.author_url,
        )

    def delete_model(self, request, obj) -> None:
        comment_delete(comment=obj, moderator=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for comment in queryset:  # one service call each: each drops its own thread's pages
            comment_delete(comment=comment, moderator=request.user)

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return Truncator(" ".join(comment.body_source.split())).chars(80)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset) -> None:
        self._moderate(request, queryset, comment_approve, "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def spam(self, request, queryset) -> None:
        self._moderate(request, queryset, comment_spam, "marked as spam")

    @admin.action(description="Move selected comments to the trash", permissions=["moderate"])
    def trash(self, request, queryset) -> None:
        self._moderate(request, queryset, comment_trash, "moved to the trash")

    def _moderate(self, request, queryset, service, done: str) -> None:
        changed = queue.moderate(queryset, service=service, moderator=request.user)
        self.message_user(request, f"{queue.comments_count(changed)} {done}.", messages.SUCCESS)

    # The moderation queue: an admin page of its own, at admin:comments_moderation.

    def get_urls(self):
        view = self.admin_site.admin_view(self.moderation_view)
        return [path("moderation/", view, name="comments_moderation"), *super().get_urls()]

    def moderation_view(self, request):
        return queue.moderation_queue(request, admin_site=self.admin_site)

    def changelist_view(self, request, extra_context=None):
        extra = {"can_moderate": can_moderate(request.user)}
        if extra["can_moderate"]:
            extra["pending_count"] = queue.pending_count()
        return super().changelist_view(request, {**extra, **(extra_context or {})})
