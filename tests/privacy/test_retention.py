"""Commenters' IP addresses and browser names are kept only as long as the spam checks need
them (SAMIZDAT_COMMENT_IP_DAYS, 30 by default), then erased by the worker's housekeeping."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from samizdat.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def written(post, days_ago: float) -> Comment:
    return Comment.objects.create(
        post=post,
        author_name="Guest",
        body_source=f"{days_ago} days ago",
        body_html="<p>…</p>",
        ip_address="198.51.100.23",
        user_agent="Some Browser/1.0",
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def request_data(comment: Comment) -> tuple:
    comment.refresh_from_db()
    return comment.ip_address, comment.user_agent


def test_the_worker_erases_ip_addresses_and_browsers_older_than_the_setting(make_post, settings):
    assert settings.SAMIZDAT_COMMENT_IP_DAYS == 30  # the documented default
    post = make_post("Old thread")
    old, recent = written(post, 31), written(post, 29)
    call_command("worker", batch=True, verbosity=0)
    assert request_data(old) == (None, "")
    assert request_data(recent) == ("198.51.100.23", "Some Browser/1.0")
    assert old.body_source == "31 days ago" and old.author_name == "Guest"  # the rest stays


def test_a_shorter_retention_erases_sooner(make_post, settings):
    settings.SAMIZDAT_COMMENT_IP_DAYS = 7
    post = make_post("Thread")
    week_old, fresh = written(post, 8), written(post, 1)
    call_command("worker", batch=True, verbosity=0)
    assert request_data(week_old) == (None, "")
    assert request_data(fresh)[0] == "198.51.100.23"
