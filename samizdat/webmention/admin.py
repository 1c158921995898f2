from django.contrib import admin

from samizdat.webmention.models import Mention, Sending


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    """Received webmentions, read-only: what they became lives in the comments queue."""

    list_display = ["source", "target", "state", "kind", "received_at", "verified_at"]
    list_filter = ["state", "kind"]
    search_fields = ["source", "target"]
    readonly_fields = [f.name for f in Mention._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Sending)
class SendingAdmin(admin.ModelAdmin):
    """Webmentions sent (or still to send) for our posts, with each one's last result."""

    list_display = ["source", "target", "linked", "state", "attempts", "due_at", "sent_at"]
    list_filter = ["state", "linked"]
    search_fields = ["source", "target"]
    readonly_fields = [f.name for f in Sending._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
