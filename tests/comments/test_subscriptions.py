"""Follow-up mail only for addresses that asked for it themselves (issue 19: anyone could
subscribe any address by commenting with it, mail went on after the comment was marked spam,
a mail scanner's GET of the unsubscribe link unsubscribed, and a new comment re-subscribed
someone who had unsubscribed)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from samizdat.comments.models import Comment, Subscription
from samizdat.comments.notifications import unsubscribe_url
from samizdat.comments.services import comment_approve, comment_spam

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def local(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def thread(make_post, discussion):
    discussion(notify_author=False)
    return make_post("Subscribed")


def reply(post_comment, post, email: str, body: str, editor, **fields) -> Comment:
    post_comment(post, name="Someone", email=email, body=body, **fields)
    comment = Comment.objects.get(body_source=body)
    comment_approve(comment=comment, moderator=editor)
    run_worker()
    return comment


def test_an_address_gets_one_confirmation_mail_and_nothing_more_unless_it_confirms(
    thread, post_comment, editor
):
    post_comment(thread, name="Prankster", email="victim@example.org", notify="on", body="Hi")
    run_worker()
    assert to("victim@example.org") == []  # held: nothing yet
    comment_approve(comment=Comment.objects.get(body_source="Hi"), moderator=editor)
    run_worker()
    [ask] = to("victim@example.org")
    assert "confirm here" in ask.body
    reply(post_comment, thread, "other@example.org", "A reply.", editor)
    reply(post_comment, thread, "other2@example.org", "Another reply.", editor)
    assert to("victim@example.org") == [ask]  # no follow-ups without confirming

    link = local(re.search(r"confirm here: (\S+)", ask.body).group(1))
    assert "Confirm" in Client().get(link).content.decode()  # a scanner's GET confirms nothing
    assert not Subscription.objects.get().confirmed
    Client().post(link)
    reply(post_comment, thread, "other3@example.org", "Now she hears.", editor)
    assert "Now she hears." in to("victim@example.org")[-1].body


def test_marking_the_comment_spam_drops_the_subscription_it_asked_for(thread, post_comment, editor):
    post_comment(thread, name="Bot", email="victim@example.org", notify="on", body="Spam.")
    comment = Comment.objects.get(body_source="Spam.")
    comment_approve(comment=comment, moderator=editor)
    comment_spam(comment=comment, moderator=editor)
    assert not Subscription.objects.exists()
    mail.outbox.clear()
    reply(post_comment, thread, "other@example.org", "A reply.", editor)
    assert to("victim@example.org") == []


def test_a_get_of_the_unsubscribe_link_asks_and_only_a_post_unsubscribes(thread):
    subscription = Subscription.objects.create(post=thread, email="sue@example.org", confirmed=True)
    link = local(unsubscribe_url(subscription))
    page = Client().get(link)
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    assert Subscription.objects.get().active
    Client().post(link)
    assert not Subscription.objects.get().active


def test_a_new_comment_does_not_resubscribe_someone_who_unsubscribed(thread, post_comment, editor):
    Subscription.objects.create(post=thread, email="sue@example.org", confirmed=True, active=False)
    reply(post_comment, thread, "sue@example.org", "Me again.", editor, notify="on")
    assert not Subscription.objects.get().active
    assert to("sue@example.org") == []
    reply(post_comment, thread, "other@example.org", "A reply.", editor)
    assert to("sue@example.org") == []
