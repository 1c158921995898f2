"""Dates for tests, in the site's time zone."""

from datetime import datetime, timedelta

from django.utils import timezone


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n)
