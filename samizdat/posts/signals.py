"""What posts announce to the apps above them (federation, webmention, …), which connect
receivers in their `AppConfig.ready()`. Sent by `posts.services` inside the write's transaction,
so a receiver's own rows (a delivery to send, say) are stored with the change or not at all.

`origin` says where the write came from: "" for a person (admin, studio, an app), "import" for
the importer (old posts must not be announced again), "schedule" when a scheduled post's time
came, "rerender" when its body was rendered again because something it shows changed (an
image's caption, say).
"""

from django.dispatch import Signal

# post, was_public, is_public, origin
post_changed = Signal()
# post (not yet deleted), was_public, origin
post_deleted = Signal()

ORIGIN_IMPORT = "import"
ORIGIN_SCHEDULE = "schedule"
ORIGIN_RERENDER = "rerender"
