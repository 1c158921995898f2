"""Every write of the webmention app: receiving (`receive`) and sending (`send`)."""

from samizdat.webmention.services.receive import (
    MentionRefused,
    mention_receive,
    mention_verify,
    mentions_requeue_due,
)
from samizdat.webmention.services.send import (
    endpoint_discover,
    sending_attempt,
    sendings_for_post_change,
    sendings_for_post_delete,
    sendings_queue_due,
)

__all__ = [
    "MentionRefused",
    "endpoint_discover",
    "mention_receive",
    "mention_verify",
    "mentions_requeue_due",
    "sending_attempt",
    "sendings_for_post_change",
    "sendings_for_post_delete",
    "sendings_queue_due",
]
