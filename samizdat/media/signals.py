"""What media announces to the apps that show images (posts renders `media:<id>` into bodies),
connected in their `AppConfig.ready()`. Sent by `media.services` inside the write's transaction.
"""

from django.dispatch import Signal

# image_id: its alt text, caption or credit changed
image_changed = Signal()
# image_id: the image's row is deleted (sent just after, in the same transaction; its files go
# once it commits)
image_deleted = Signal()
