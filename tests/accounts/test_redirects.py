"""Every `next=` stays on this site: log-in, log-out, sign-up, the admin, and the reply form's
sign-in (whose return address comes from the post, never from the request)."""

import pytest
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialApp

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "https:/\\evil.example",
    "http://testserver.evil.example/",
    "http://localhost/",  # an allowed host of the site, but not this request's
    "javascript:alert(1)",
    " https://evil.example/",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_log_in_never_sends_the_reader_elsewhere(client, reader, target):
    answer = client.post(
        "/accounts/login/", {"login": "rita", "password": "pw-rita", "next": target}
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/profile/"


def test_log_in_goes_back_to_a_page_of_this_site(client, reader, make_post):
    post = make_post("Here")
    answer = client.post(
        "/accounts/login/",
        {"login": "rita", "password": "pw-rita", "next": post.get_absolute_url()},
    )
    assert answer["Location"] == post.get_absolute_url()


@pytest.mark.parametrize("target", ELSEWHERE)
def test_log_out_never_sends_the_reader_elsewhere(client, reader, target):
    client.force_login(reader)
    answer = client.post("/accounts/logout/", {"next": target})
    assert answer["Location"] == "/"


def test_sign_up_never_sends_the_reader_elsewhere(client):
    answer = client.post(
        "/accounts/signup/?next=https://evil.example/",
        {
            "email": "sam@example.org",
            "username": "sam",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert answer.status_code == 302 and "evil.example" not in answer["Location"]


def test_the_admin_log_in_never_sends_staff_elsewhere(client, editor):
    answer = client.post(
        "/admin/login/?next=https://evil.example/", {"username": "eddie", "password": "pw-eddie"}
    )
    assert answer["Location"] == "/accounts/profile/"  # Django's LOGIN_REDIRECT_URL, here


def test_the_reply_forms_sign_in_returns_to_the_post_whatever_is_sent(client, make_post):
    SocialApp.objects.create(provider="github", name="GitHub", client_id="gh", secret="s")
    post = make_post("Sign in here")
    page = client.get(post.get_absolute_url()).content.decode()
    stamp = page.split('name="stamp" value="')[1].split('"')[0]
    answer = client.post(
        f"/comments/post/{post.pk}/?next=https://evil.example/",
        {"stamp": stamp, "body": "x", "identity": "login:github", "next": "https://evil.example/"},
    )
    assert answer["Location"].startswith("https://github.com/login/oauth/authorize?")
    [(state, _, _)] = client.session[STATES_SESSION_KEY].values()
    assert state["next"] == f"{post.get_absolute_url()}#respond"
