"""Bad input to the reply form: a clear error, nothing saved, everything typed kept —
or, for spam signals, a silent hold."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve

pytestmark = pytest.mark.django_db


def refused(response, message: str, *, typed: str = "A thoughtful remark.") -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page, page[page.find('id="respond"') :][:3000]
    assert typed in page  # the comment typed is still in the form
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "   "}, "Please type your comment."),
        ({"body": "x" * 10_001}, "at most 10000 characters (this one has 10001)"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": ""}, "Please give your email address"),
        ({"name": ""}, "Please give your name."),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"stamp": "1:1700000000.000:forged"}, "This form was altered"),
    ],
)
def test_invalid_fields_are_refused_with_the_text_kept(make_post, post_comment, fields, message):
    post = make_post("Strict")
    response = post_comment(post, **{"name": "Keep Me", **fields})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not Comment.objects.exists()
    if fields.get("body", "x").strip():
        assert fields.get("body", "A thoughtful remark.")[:200] in page
    if "name" not in fields:
        assert 'value="Keep Me"' in page


def test_stamp_for_another_post_is_refused(make_post, comment_data, client):
    first, second = make_post("One"), make_post("Two")
    data = comment_data(first)
    refused(client.post(f"/comments/post/{second.pk}/", data), "This form was altered")


def test_old_form_is_refused_and_comes_back_ready_to_resend(make_post, post_comment):
    post = make_post("Slow reader")
    refused(post_comment(post, age=2 * 24 * 3600), "open for more than a day")


@pytest.mark.parametrize("case", ["other post", "held", "missing"])
def test_bad_parent_is_refused(make_post, post_comment, editor, case):
    post, elsewhere = make_post("Here"), make_post("Elsewhere")
    target = elsewhere if case == "other post" else post
    parent = Comment.objects.create(
        post=target,
        author_name="P",
        body_source="p",
        body_html="p",
        status="approved" if case == "other post" else "pending",
    )
    parent_id = 99999 if case == "missing" else parent.pk
    response = post_comment(post, parent=str(parent_id))
    assert "The comment you are replying to is not available." in response.content.decode()
    assert Comment.objects.count() == 1


def test_closed_post_refuses_and_says_so(make_post, post_comment, client):
    post = make_post("Closed", comments_open=False)
    response = post_comment(post)
    assert "Comments are closed." in response.content.decode()
    assert not Comment.objects.exists()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Comments are closed." in page and 'id="commentform"' not in page


def test_comments_close_automatically_after_the_set_number_of_days(
    make_post, post_comment, discussion
):
    discussion(close_after_days=14)
    old = make_post("Old news", published_at=timezone.now() - timedelta(days=15))
    fresh = make_post("Fresh news", published_at=timezone.now() - timedelta(days=13))
    assert "Comments are closed." in post_comment(old).content.decode()
    assert post_comment(fresh).status_code == 302


def test_signed_in_reader_without_csrf_token_is_refused(make_post, comment_data, reader):
    post = make_post("Guarded")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post(f"/comments/post/{post.pk}/", comment_data(post))
    refused(response, "Your session has changed since the page loaded")


def test_signed_in_reader_with_the_token_from_the_page_posts(make_post, comment_data, reader):
    from .conftest import form_fields

    post = make_post("Guarded")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    fields = form_fields(browser.get(post.get_absolute_url()).content.decode())
    data = {**comment_data(post), "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]}
    assert browser.post(f"/comments/post/{post.pk}/", data).status_code == 302
    assert Comment.objects.get().user == reader


def test_cross_site_post_from_a_guest_is_refused(make_post, comment_data, client):
    post = make_post("Guarded")
    response = client.post(
        f"/comments/post/{post.pk}/",
        comment_data(post),
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    refused(response, "Comments can only be sent from this site")


def test_guest_reading_a_post_gets_no_cookie(make_post, client):
    post = make_post("Cookieless")
    response = client.get(post.get_absolute_url())
    assert 'id="commentform"' in response.content.decode()
    assert not response.cookies


def test_duplicate_comment_is_refused(make_post, post_comment, editor):
    post = make_post("Echo")
    post_comment(post)
    response = post_comment(post, body="  a THOUGHTFUL remark. ")
    assert "it looks as though you’ve already said that" in response.content.decode()
    assert Comment.objects.count() == 1


def test_rate_limit_refuses_a_burst(make_post, post_comment, settings):
    settings.SAMIZDAT_COMMENTS_RATE_LIMIT = "3/60"
    post = make_post("Busy")
    codes = [post_comment(post, body=f"Remark number {i}").status_code for i in range(5)]
    assert codes == [302, 302, 302, 200, 200]
    assert Comment.objects.count() == 3
    page = post_comment(post, body="Once more").content.decode()
    assert "You are posting comments too quickly" in page


def test_too_fast_a_form_is_silently_held(make_post, post_comment, editor):
    post = make_post("Speedy")
    post_comment(post, name="Regular", email="regular@example.org", body="Earlier.")
    comment_approve(comment=Comment.objects.get(), moderator=editor)
    response = post_comment(post, age=0.5, name="Regular", email="regular@example.org")
    assert response.status_code == 302
    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING
    assert held.moderation_reasons[0].startswith("sent 0.")


def test_honeypot_silently_marks_spam_but_the_sender_sees_it_held(make_post, post_comment, client):
    post = make_post("Trap")
    response = post_comment(post, homepage="http://spam.example/")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.SPAM
    assert (
        "Your comment is awaiting moderation."
        in client.get(post.get_absolute_url()).content.decode()
    )
