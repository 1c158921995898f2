"""A commenter's own page: their comments, follow-up emails and linked identities; "download my
data" as JSON; "delete my account and my comments" — and nobody else's."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from samizdat.comments.models import Comment, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def commenter(make_user, talk):
    """Nell: a GitHub identity, a proved address, comments signed in and as a guest before."""
    nell = make_user("nell", email="nell@example.org", display_name="Nell")
    EmailAddress.objects.create(user=nell, email="nell@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=nell, email="nell.other@example.org", verified=False)
    SocialAccount.objects.create(user=nell, provider="github", uid="42", extra_data={"login": "n"})
    for text, fields in [
        ("Signed in.", {"user": nell, "identity_provider": "github"}),
        ("As a guest, before.", {"author_email": "nell@example.org"}),
    ]:
        Comment.objects.create(
            post=talk,
            author_name="Nell",
            body_source=text,
            body_html=f"<p>{text}</p>",
            status="approved",
            **fields,
        )
    Subscription.objects.create(post=talk, email="nell@example.org")
    return nell


@pytest.fixture
def strangers(talk):
    """Someone else's comment, and a guest who only claimed Nell's unproved second address."""
    for name, email, text in [
        ("Olaf", "olaf@example.org", "Mine."),
        ("Not Nell", "nell.other@example.org", "Claimed."),
    ]:
        Comment.objects.create(
            post=talk, author_name=name, author_email=email, body_source=text,
            body_html=f"<p>{text}</p>", status="approved",
        )  # fmt: skip
    Subscription.objects.create(post=talk, email="olaf@example.org")


def test_the_page_needs_a_log_in(client):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_the_page_shows_comments_subscriptions_and_identities(client, commenter, strangers):
    client.force_login(commenter)
    page = client.get("/accounts/profile/").content.decode()
    assert "Your comments (2)" in page
    assert "Signed in." in page and "As a guest, before." in page
    assert "Mine." not in page and "Claimed." not in page
    assert "nell@example.org" in page and "olaf@example.org" not in page
    assert "/static/accounts/icons/github.svg" in page
    assert "Download my data" in page and "Delete my account and my comments" in page


def test_download_my_data_is_json_of_everything_kept(client, commenter, strangers):
    client.force_login(commenter)
    answer = client.get("/accounts/profile/data.json")
    assert answer["Content-Disposition"] == 'attachment; filename="samizdat-nell.json"'
    data = json.loads(answer.content)
    assert data["account"]["username"] == "nell"
    assert [i["provider"] for i in data["identities"]] == ["github"]
    assert sorted(c["text"] for c in data["comments"]) == ["As a guest, before.", "Signed in."]
    assert [s["email"] for s in data["subscriptions"]] == ["nell@example.org"]


def test_stopping_a_follow_up_from_the_page(client, commenter, strangers):
    client.force_login(commenter)
    mine = Subscription.objects.get(email="nell@example.org")
    theirs = Subscription.objects.get(email="olaf@example.org")
    client.post(f"/comments/subscriptions/{mine.pk}/stop/")
    assert client.post(f"/comments/subscriptions/{theirs.pk}/stop/").status_code == 404
    assert list(Subscription.objects.filter(active=True)) == [theirs]


def test_delete_my_account_and_my_comments(client, commenter, strangers, talk):
    client.force_login(commenter)
    assert client.post("/accounts/profile/delete/").status_code == 302  # not ticked: nothing
    assert get_user_model().objects.filter(username="nell").exists()

    answer = client.post("/accounts/profile/delete/", {"confirm": "yes"})

    assert answer["Location"] == "/" and "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="nell").exists()
    assert not SocialAccount.objects.exists() and not EmailAddress.objects.exists()
    assert set(Comment.objects.values_list("body_source", flat=True)) == {"Mine.", "Claimed."}
    assert list(Subscription.objects.values_list("email", flat=True)) == ["olaf@example.org"]


def test_staff_cannot_delete_themselves_here(client, editor):
    client.force_login(editor)
    client.post("/accounts/profile/delete/", {"confirm": "yes"})
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_the_page_needs_post_and_the_csrf_token_to_delete(commenter):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(commenter)
    assert browser.get("/accounts/profile/delete/").status_code == 405
    assert browser.post("/accounts/profile/delete/", {"confirm": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=commenter.pk).exists()


def test_leaving_makes_the_spam_filter_forget_the_commenter_and_renames_history(
    client, commenter, editor, talk
):
    """A commenter deleting their own account goes through the same erasure as a personal-data
    request: what the filter learned of their name, address, website and network goes, and
    admin history no longer names their comments."""
    from django.contrib.admin.models import CHANGE, LogEntry

    from samizdat.comments.services import comment_approve, comment_spam
    from samizdat.spamfilter.models import Token

    mine = Comment.objects.create(
        post=talk, author_name="Nell Quintavalle", author_email="nell@example.org",
        author_url="https://nell-home.example/", body_source="Xylophonic musings",
        body_html="<p>Xylophonic musings</p>", ip_address="198.51.100.23",
    )  # fmt: skip
    comment_spam(comment=mine, moderator=editor)
    comment_approve(comment=mine, moderator=editor)
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=Comment.objects.filter(pk=mine.pk), action_flag=CHANGE,
        single_object=True,
    )  # fmt: skip
    assert Token.objects.filter(feature="website:nell-home.example", ham_count=1).exists()

    client.force_login(commenter)
    client.post("/accounts/profile/delete/", {"confirm": "yes"})

    personal = Token.objects.filter(
        feature__regex=r"^(email:|website:|ip:198\.51\.100|name:(nell|quintavalle))"
    )
    assert (
        not personal.filter(ham_count__gt=0).exists()
        and not personal.filter(spam_count__gt=0).exists()
    ), list(personal.values_list("feature", flat=True))
    assert not Comment.objects.filter(pk=mine.pk).exists()
    [entry] = LogEntry.objects.filter(object_id=str(mine.pk))
    assert "Nell" not in entry.object_repr and "Xylophonic" not in entry.object_repr
