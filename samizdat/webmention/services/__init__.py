"""Every write of the webmention app: receiving (`receive`, then the worker's `verify`) and
sending (`send` plans, the worker's `attempt` sends)."""

from samizdat.webmention.services.attempt import endpoint_discover, sending_attempt
from samizdat.webmention.services.receive import (
    MentionRefused,
    mention_receive,
    mentions_requeue_due,
)
from samizdat.webmention.services.send import (
    sendings_for_post_change,
    sendings_for_post_delete,
    sendings_queue_due,
)
from samizdat.webmention.services.verify import mention_verify

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
