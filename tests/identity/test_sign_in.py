"""Signing in from the reply form with a real OpenID Connect provider, over HTTP: the comment
being written survives every step, the identity is recorded, and every check of the protocol
(state, nonce, PKCE) refuses an answer that does not belong to this browser's sign-in."""

import pytest
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.core.management import call_command

from samizdat.comments.models import Comment
from tests.identity.conftest import CALLBACK, PROVIDER_ID, local_path, query, respond, textarea

pytestmark = pytest.mark.django_db(transaction=True)
LOGIN = f"login:{PROVIDER_ID}"


def start(reply, post, body="Half a thought, typed before signing in."):
    response = reply(post, body=body, identity=LOGIN)
    assert response.status_code == 302
    return response["Location"]


def page_of(client, post) -> str:
    return client.get(post.get_absolute_url()).content.decode()


def signed_out(client) -> bool:
    return "_auth_user_id" not in client.session


def test_signing_in_keeps_the_comment_and_the_comment_records_the_identity(
    client, talk, oidc_app, person, reply
):
    assert not client.get(talk.get_absolute_url()).cookies  # a guest reading: no cookie at all

    authorize = start(reply, talk)
    asked = query(authorize)
    assert authorize.startswith(person.issuer)
    assert asked["redirect_uri"] == f"http://testserver{CALLBACK}"
    assert asked["state"] and len(asked["nonce"]) >= 32
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    session_before = client.cookies["sessionid"].value

    back = client.get(local_path(person.sign_in(authorize, "ada", "lovelace")))

    assert back.status_code == 302 and back["Location"] == f"{talk.get_absolute_url()}#respond"
    assert client.cookies["sessionid"].value != session_before  # the session rotated
    form = respond(page_of(client, talk))
    assert "You are commenting using your Local ID account." in form
    assert "Ada Lovelace" in form
    assert textarea(form) == "Half a thought, typed before signing in."

    sent = reply(talk, body="Half a thought, finished after signing in.")
    comment = Comment.objects.get()
    assert sent["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.user.email, comment.identity_provider) == ("ada@idp.example", PROVIDER_ID)
    assert comment.author_name == "Ada Lovelace"
    shown = page_of(client, talk)
    assert 'title="Commented using a Local ID account"' in shown
    assert textarea(respond(shown)) == ""  # posted: the kept draft is gone


def test_an_altered_state_is_refused_and_the_comment_kept(client, talk, oidc_app, person, reply):
    authorize = start(reply, talk)
    back = person.sign_in(authorize, "ada", "lovelace")
    state = query(back)["state"]
    tampered = back.replace(f"state={state}", f"state={state[::-1]}x")

    answer = client.get(local_path(tampered))

    assert answer["Location"] == f"{talk.get_absolute_url()}#respond"
    form = respond(page_of(client, talk))
    assert "the answer did not match the sign-in this browser started" in form
    assert textarea(form) == "Half a thought, typed before signing in."
    assert signed_out(client) and not SocialAccount.objects.exists()


def test_an_answer_used_twice_is_refused(client, talk, oidc_app, person, reply):
    back = local_path(person.sign_in(start(reply, talk), "ada", "lovelace"))
    client.get(back)

    replayed = client.get(back)

    assert replayed["Location"] == f"{talk.get_absolute_url()}#respond"
    assert "did not match the sign-in" in respond(page_of(client, talk))
    assert SocialAccount.objects.count() == 1


def test_an_answer_to_a_browser_that_started_no_sign_in_is_refused(
    client, talk, oidc_app, person, reply
):
    from django.test import Client

    back = local_path(person.sign_in(start(reply, talk), "ada", "lovelace"))
    stranger = Client()

    answer = stranger.get(back)  # e.g. a link planted by someone who started the sign-in

    assert answer.status_code == 401
    assert "_auth_user_id" not in stranger.session and not SocialAccount.objects.exists()


def _change_kept_state(client, **changes) -> None:
    session = client.session
    states = session[STATES_SESSION_KEY]
    for state in states.values():
        state[0].update(changes)
    session[STATES_SESSION_KEY] = states
    session.save()


def test_an_id_token_with_another_nonce_is_refused(client, talk, oidc_app, person, reply):
    authorize = start(reply, talk)
    _change_kept_state(client, nonce="not-the-nonce-that-was-sent")

    client.get(local_path(person.sign_in(authorize, "ada", "lovelace")))

    assert signed_out(client) and not SocialAccount.objects.exists()
    assert "Logging in with Local ID did not work" in respond(page_of(client, talk))


def test_a_code_exchanged_without_the_right_pkce_verifier_is_refused(
    client, talk, oidc_app, person, reply
):
    authorize = start(reply, talk)
    _change_kept_state(client, pkce_code_verifier="x" * 64)

    client.get(local_path(person.sign_in(authorize, "ada", "lovelace")))

    assert signed_out(client) and not SocialAccount.objects.exists()


def test_a_provider_error_comes_back_as_a_clear_message(client, talk, oidc_app, person, reply):
    client.get(local_path(person.sign_in(start(reply, talk), "broken", "broken")))

    form = respond(page_of(client, talk))
    assert "Logging in with Local ID did not work (The provider is having a bad day)" in form
    assert "Your comment is kept below" in form
    assert textarea(form) == "Half a thought, typed before signing in."
    assert signed_out(client)


def test_a_cancelled_sign_in_comes_back_with_the_comment(client, talk, oidc_app, person, reply):
    client.get(local_path(person.cancel(start(reply, talk))))

    form = respond(page_of(client, talk))
    assert "You cancelled logging in with Local ID." in form
    assert textarea(form) == "Half a thought, typed before signing in."
    assert signed_out(client)


def test_an_email_already_used_by_another_account_is_refused_clearly(
    client, talk, oidc_app, person, reply, make_user
):
    make_user("tamsin-here", email="taken@example.org")

    client.get(local_path(person.sign_in(start(reply, talk), "taken", "taken")))

    form = respond(page_of(client, talk))
    assert "taken@example.org" in form and "already used by another account" in form
    assert textarea(form) == "Half a thought, typed before signing in."
    assert signed_out(client)
    assert get_user_model().objects.count() == 1 + 1  # the post's editor and Tamsin, no new one


def test_a_provider_that_cannot_be_reached_is_said_so(client, talk, reply, db):
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Local ID",
        client_id="x",
        settings={"server_url": "http://127.0.0.1:9"},  # the discard port: nothing answers
    )
    answer = reply(talk, body="Still here?", identity=LOGIN)

    assert answer["Location"] == f"{talk.get_absolute_url()}#respond"
    form = respond(page_of(client, talk))
    assert "Local ID could not be reached just now" in form
    assert textarea(form) == "Still here?"


def test_change_shows_the_choice_and_log_out_keeps_the_comment(
    client, talk, oidc_app, person, reply
):
    client.get(local_path(person.sign_in(start(reply, talk), "ada", "lovelace")))

    reply(talk, body="Rewritten while signed in.", identity="change")
    form = respond(page_of(client, talk))
    assert "Choose how to comment: click an icon to log in with another account" in form
    assert f'value="{LOGIN}"' in form and "Comment as a guest" in form
    assert textarea(form) == "Rewritten while signed in."
    assert not signed_out(client)
    assert "Choose how to comment" not in respond(page_of(client, talk))  # shown once

    reply(talk, body="Rewritten again.", identity="logout")
    form = respond(page_of(client, talk))
    assert signed_out(client)
    assert "You have logged out. Your comment is kept." in form
    assert "Fill in your details below or click an icon to log in:" in form
    assert textarea(form) == "Rewritten again."

    client.get(local_path(person.sign_in(start(reply, talk, "Third go."), "ada", "lovelace")))
    assert "using your Local ID account" in respond(page_of(client, talk))
    assert get_user_model().objects.filter(email="ada@idp.example").count() == 1


def test_a_signed_in_reader_changing_to_another_account_keeps_the_comment(
    client, talk, oidc_app, person, reply, reader
):
    client.force_login(reader)
    form = respond(page_of(client, talk))
    assert "Logged in as" in form and "rita" in form

    authorize = start(reply, talk, "Written as Rita.")
    client.get(local_path(person.sign_in(authorize, "ada", "lovelace")))

    form = respond(page_of(client, talk))
    assert "You are commenting using your Local ID account." in form
    assert textarea(form) == "Written as Rita."  # carried in the state across the new session


def test_the_identity_picture_is_fetched_once_and_served_from_here(
    client, talk, oidc_app, person, reply
):
    from django_tasks_db.models import DBTaskResult

    client.get(local_path(person.sign_in(start(reply, talk), "ada", "lovelace")))
    call_command("worker", batch=True, verbosity=0)

    ada = get_user_model().objects.get(email="ada@idp.example")
    assert ada.avatar.name.startswith("avatars/") and ada.avatar_source.endswith("/ada.png")
    from PIL import Image

    with Image.open(ada.avatar.path) as picture:
        assert (picture.format, picture.size) == ("PNG", (96, 96))
    assert f'src="{ada.avatar.url}"' in respond(page_of(client, talk))

    tasks = DBTaskResult.objects.count()
    client.logout()
    client.get(local_path(person.sign_in(start(reply, talk), "ada", "lovelace")))
    assert DBTaskResult.objects.count() == tasks  # the same picture is not fetched again


def test_a_guest_who_gave_up_signing_in_and_posted_is_left_without_a_session(
    client, talk, oidc_app, person, reply
):
    client.get(local_path(person.cancel(start(reply, talk))))
    assert client.cookies["sessionid"].value  # the click made a session, to keep the words

    reply(talk, body="As a guest after all.", name="Guest", email="guest@example.org")

    assert Comment.objects.get().identity_provider == ""
    assert client.cookies["sessionid"].value == ""  # deleted: cached pages serve them again
