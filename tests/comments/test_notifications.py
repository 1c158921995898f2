"""Notifications go through the task queue and the real worker: author mail, follow-ups to
subscribers with a one-click unsubscribe that works once and stops further mail."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from samizdat.comments.models import Comment, Subscription
from samizdat.comments.services import comment_approve

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def test_author_hears_of_held_comment_and_subscriber_of_approved_replies(
    make_post, post_comment, editor, author
):
    author.email = "author@example.org"
    author.save()
    post = make_post("Subscribed", by=author)
    subscriber = Client(headers={"Origin": "http://testserver"})
    post_comment(
        post, c=subscriber, name="Sue", email="sue@example.org", notify="on", body="First!"
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "waiting for approval" in mail.outbox[0].body
    assert "first comment from this author" in mail.outbox[0].body
    comment_approve(comment=Comment.objects.get(), moderator=editor)
    run_worker()  # approved: Sue is asked to confirm, and does
    [ask] = [m for m in mail.outbox if m.to == ["sue@example.org"]]
    confirm = re.search(r"confirm here: (\S+)", ask.body).group(1).split("://", 1)[1]
    Client().post("/" + confirm.split("/", 1)[1])
    assert Subscription.objects.get().confirmed
    mail.outbox.clear()

    post_comment(
        post,
        name="Ray",
        email="ray@example.org",
        body="A reply to Sue.",
        parent=str(Comment.objects.get().pk),
    )
    comment_approve(comment=Comment.objects.latest("id"), moderator=editor)
    run_worker()
    follow_up = next(m for m in mail.outbox if m.to == ["sue@example.org"])
    assert "A reply to Sue." in follow_up.body
    link = re.search(r"Stop these emails with one click: (\S+)", follow_up.body).group(1)
    assert follow_up.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert follow_up.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = link.split("://", 1)[1].split("/", 1)[1]
    shown = Client().get("/" + path)  # a mail scanner following the link stops nothing
    assert shown.status_code == 200 and "Stop these emails?" in shown.content.decode()
    assert Subscription.objects.get().active
    first = Client().post("/" + path)  # the page's button, or a mail client's one click
    assert first.status_code == 200 and "Unsubscribed" in first.content.decode()
    assert not Subscription.objects.get().active
    again = Client().post("/" + path)
    assert "Already unsubscribed" in again.content.decode()

    mail.outbox.clear()
    post_comment(post, name="Ray", email="ray@example.org", body="And another thing.")
    comment_approve(comment=Comment.objects.latest("id"), moderator=editor)
    run_worker()
    assert all(m.to != ["sue@example.org"] for m in mail.outbox)


def test_forged_unsubscribe_link_is_refused(client):
    response = client.get("/comments/unsubscribe/1:forged/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
