"""A guest's reply form: sent from a browser on this site, each stamp used once by each
client, and the rate limit counted over a sliding window (issue 19)."""

import pytest
from django.test import Client

from samizdat.comments.models import Comment
from samizdat.comments.ratelimit import rate_limited

pytestmark = pytest.mark.django_db


def test_a_post_with_neither_origin_nor_fetch_metadata_is_refused(make_post, comment_data):
    """Every browser sends Origin (and Sec-Fetch-Site) with a form's POST; a script need not."""
    post = make_post("Scripted?")
    answer = Client().post(f"/comments/post/{post.pk}/", comment_data(post))
    assert answer.status_code == 200
    assert "Comments can only be sent from this site" in answer.content.decode()
    assert not Comment.objects.exists()
    same_origin = Client(headers={"Sec-Fetch-Site": "same-origin"})
    assert same_origin.post(f"/comments/post/{post.pk}/", comment_data(post)).status_code == 302
    assert Comment.objects.count() == 1


def test_a_stamp_serves_one_comment_from_each_client(make_post, comment_data, discussion):
    """A stored page gives all its readers one stamp: each reader may use it once, a script
    may not post a day of comments with it."""
    discussion(hold_first_comment=False)
    post = make_post("One each")
    data = comment_data(post)
    reader = Client(headers={"Origin": "http://testserver"})
    url = f"/comments/post/{post.pk}/"
    assert reader.post(url, data).status_code == 302
    again = reader.post(url, {**data, "body": "And another one."})
    assert again.status_code == 200 and "sent already" in again.content.decode()
    assert "And another one." in again.content.decode()  # kept on the form, freshly stamped
    other = reader.post(url, {**data, "body": "From elsewhere."}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302
    assert Comment.objects.count() == 2


def test_the_rate_limit_window_slides(settings):
    """Five per minute means five in any minute: a fixed window let ten through across the
    boundary between two minutes."""
    limit = (5, 60)
    allowed = [not rate_limited("ip:203.0.113.1", limit=limit, now=59.0) for _ in range(5)]
    allowed += [not rate_limited("ip:203.0.113.1", limit=limit, now=61.0) for _ in range(5)]
    assert allowed == [True] * 5 + [False] * 5
    # once the earlier minute has slid past, the limit is free again
    assert not rate_limited("ip:203.0.113.1", limit=limit, now=185.0)


def test_a_stamp_made_for_another_reader_does_not_prove_how_long_the_form_was_open(
    make_post, comment_data, discussion
):
    """A stored page carries the stamp made for the reader it was rendered for: a script that
    reads it a day later and posts at once must not pass as a reader who took their time."""
    discussion(hold_first_comment=False, min_seconds=5)
    post = make_post("Cached for someone else")
    writer = Client(headers={"Origin": "http://testserver"})
    data = comment_data(post, age=3600, client="198.51.100.9")
    assert writer.post(f"/comments/post/{post.pk}/", data).status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    assert held.moderation_reasons == [
        "sent with a form stamped for another reader, so its time is unknown"
    ]


def test_a_stamp_made_for_this_reader_counts_their_time(make_post, comment_data, discussion):
    discussion(hold_first_comment=False, min_seconds=5)
    post = make_post("Rendered for me")
    writer = Client(headers={"Origin": "http://testserver"})
    assert writer.post(f"/comments/post/{post.pk}/", comment_data(post, age=60)).status_code == 302
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_renewed_stamp_starts_the_clock_when_the_reader_asks(make_post, discussion):
    """The form's script asks for a stamp of the reader's own: sent at once with it, the
    comment is "too fast"; the answer is never stored by a cache."""
    discussion(hold_first_comment=False, min_seconds=5)
    post = make_post("Renewed")
    writer = Client(headers={"Origin": "http://testserver"})
    answer = writer.post(f"/comments/stamp/{post.pk}/")
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    data = {"name": "Quick", "email": "q@example.org", "body": "Fast one.", "parent": ""}
    sent = writer.post(f"/comments/post/{post.pk}/", {**data, "stamp": answer.json()["stamp"]})
    assert sent.status_code == 302
    (reason,) = Comment.objects.get().moderation_reasons
    assert reason.startswith("sent 0.") and reason.endswith("s after the form loaded")
    assert writer.get(f"/comments/stamp/{post.pk}/").status_code == 405


def test_no_stamp_for_a_post_readers_cannot_see(make_post):
    draft = make_post("Not yet", status="draft")
    assert Client().post(f"/comments/stamp/{draft.pk}/").status_code == 404
