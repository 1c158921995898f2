"""The one rule a scheduled post must pass: it needs a time, and that time must be to come.

Choosing "Scheduled" without a time used to publish the post at once, putting embargoed text on
the home page and in the feeds. The rule is checked by the forms (an error beside the field,
everything typed kept) and again by posts.services.post_save, so no caller can skip it.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from samizdat.posts.models import Status

NO_TIME = "Choose when a scheduled post goes out."
PAST_TIME = "That time has passed: choose a time to come, or publish the post now."


def schedule_check(*, status: str, published_at: datetime | None, before=None) -> None:
    """Raise ValidationError (on `published_at`) when "Scheduled" has no time, or a time that
    has passed. A post that is public already (a scheduled post whose time came while it waited
    still reads "scheduled") leaks nothing by keeping a past time: it settles as published."""
    if status != Status.SCHEDULED:
        return
    if published_at is None:
        raise ValidationError({"published_at": NO_TIME}, code="no_time")
    if published_at > timezone.now():
        return
    if before is None or not before.is_public:
        raise ValidationError({"published_at": PAST_TIME}, code="past_time")
