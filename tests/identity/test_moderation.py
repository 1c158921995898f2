"""Moderation trusts an identity approved before, whichever way it signed in: as a guest with
an address later proved by a provider, with a password, or through an outside identity."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from samizdat.comments.models import Comment
from tests.identity.conftest import PROVIDER_ID, local_path

pytestmark = pytest.mark.django_db(transaction=True)


def approved_guest_comment(post, email: str) -> Comment:
    return Comment.objects.create(
        post=post, author_name="Ada", author_email=email, body_source="Earlier.",
        body_html="<p>Earlier.</p>", status="approved",
    )  # fmt: skip


def sign_in(client, reply, post, person):
    authorize = reply(post, body="x", identity=f"login:{PROVIDER_ID}")["Location"]
    client.get(local_path(person.sign_in(authorize, "ada", "lovelace")))


def test_a_first_comment_through_a_new_identity_is_held(client, talk, oidc_app, person, reply):
    sign_in(client, reply, talk, person)
    reply(talk, body="My first words here.")
    comment = Comment.objects.get()
    assert comment.status == "pending"
    assert comment.moderation_reasons == ["first comment from this author"]


def test_a_guest_approved_before_is_trusted_after_signing_in_with_that_address(
    client, talk, oidc_app, person, reply
):
    approved_guest_comment(talk, "ada@idp.example")  # the provider vouches for this address
    sign_in(client, reply, talk, person)
    reply(talk, body="Now signed in.")
    assert Comment.objects.get(body_source="Now signed in.").status == "approved"


def test_an_account_approved_before_is_trusted_through_another_linked_identity(
    talk, reply, make_user, client
):
    nell = make_user("nell", email="nell@example.org")
    Comment.objects.create(
        post=talk, user=nell, author_name="Nell", author_email="nell@example.org",
        body_source="With my password.", body_html="<p>x</p>", status="approved",
        identity_provider="local",
    )  # fmt: skip
    SocialAccount.objects.create(user=nell, provider="github", uid="7")
    client.force_login(nell)
    session = client.session
    session["samizdat_identity"] = "github"
    session.save()

    reply(talk, body="Through GitHub now.")

    comment = Comment.objects.get(body_source="Through GitHub now.")
    assert (comment.status, comment.identity_provider) == ("approved", "github")


def test_an_unproved_address_of_an_account_earns_no_trust(talk, reply, make_user, client):
    approved_guest_comment(talk, "claimed@example.org")
    olaf = make_user("olaf", email="olaf@example.org")
    EmailAddress.objects.create(user=olaf, email="claimed@example.org", verified=False)
    client.force_login(olaf)
    reply(talk, body="Trust me.")
    assert Comment.objects.get(body_source="Trust me.").status == "pending"


def test_any_address_the_account_proved_carries_the_trust_of_guest_comments(
    talk, reply, make_user, client
):
    approved_guest_comment(talk, "old-address@example.org")
    pia = make_user("pia", email="new-address@example.org")
    EmailAddress.objects.create(user=pia, email="old-address@example.org", verified=True)
    client.force_login(pia)
    reply(talk, body="Same person, new address.")
    assert Comment.objects.get(body_source="Same person, new address.").status == "approved"
