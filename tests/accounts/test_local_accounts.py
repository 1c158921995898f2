"""Local accounts through django-allauth: sign up with a confirmation mail, log in and out with
a fresh session, reset a forgotten password, rate limits on failed log-ins (in the admin's form
too), and TOTP two-factor for staff, which the admin's password-only form then refuses."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.totp.internal.auth import generate_totp_secret as new_secret
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def totp_now(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_with_optional_verification_signing_up_sends_a_confirmation_mail_and_logs_in(
    client, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    answer = client.post(
        "/accounts/signup/",
        {
            "email": "nora@example.org",
            "username": "nora",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert answer.status_code == 302
    user = get_user_model().objects.get(username="nora")
    assert user.email == "nora@example.org" and not user.is_staff
    assert signed_in(client)
    assert mail.outbox[-1].to == ["nora@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_with_mandatory_verification_no_log_in_before_confirming(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(
        "/accounts/signup/",
        {
            "email": "olga@example.org",
            "username": "olga",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert not signed_in(client)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1]
    client.post(link)
    answer = client.post(
        "/accounts/login/", {"login": "olga", "password": "a long enough passphrase"}
    )
    assert answer.status_code == 302 and signed_in(client)


def test_log_in_rotates_the_session_and_log_out_ends_it(client, reader):
    client.get("/accounts/login/")
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
    answer = client.post("/accounts/login/", {"login": "rita", "password": "pw-rita"})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/profile/"
    assert signed_in(client) and client.cookies["sessionid"].value != before

    client.post("/accounts/logout/")
    assert not signed_in(client)


def test_a_forgotten_password_is_reset_by_mail(client, make_user):
    make_user("pia", email="pia@example.org")
    client.post("/accounts/password/reset/", {"email": "pia@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form_page = client.get(link[1], follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link[1],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    client.logout()
    client.post("/accounts/login/", {"login": "pia", "password": "a brand new passphrase"})
    assert signed_in(client)


def test_failed_log_ins_are_rate_limited_with_a_clear_message(client, reader):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "rita", "password": "wrong"})
    answer = client.post("/accounts/login/", {"login": "rita", "password": "pw-rita"})
    assert "Too many failed login attempts" in answer.content.decode()
    assert not signed_in(client)


def test_the_admin_log_in_form_is_rate_limited_too(client, editor):
    for _ in range(5):
        client.post("/admin/login/", {"username": "eddie", "password": "wrong"})
    answer = client.post("/admin/login/", {"username": "eddie", "password": "pw-eddie"})
    assert "Too many failed login attempts" in answer.content.decode()
    assert not signed_in(client)


def test_staff_without_two_factor_still_log_in_to_the_admin(client, editor):
    answer = client.post(
        "/admin/login/?next=/admin/", {"username": "eddie", "password": "pw-eddie"}
    )
    assert answer.status_code == 302 and signed_in(client)


def test_staff_turn_on_totp_and_the_admin_form_then_sends_them_to_the_code(client, editor):
    client.post("/accounts/login/", {"login": "eddie", "password": "pw-eddie"})
    asked = client.get("/accounts/2fa/totp/activate/")  # allauth asks for the password again
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": "pw-eddie"})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert editor.authenticator_set.filter(type="totp").exists()
    client.logout()

    refused = client.post("/admin/login/", {"username": "eddie", "password": "pw-eddie"})
    assert "This account uses two-factor authentication" in refused.content.decode()
    assert not signed_in(client)

    step = client.post("/accounts/login/?next=/admin/", {"login": "eddie", "password": "pw-eddie"})
    assert step["Location"].startswith("/accounts/2fa/authenticate/") and not signed_in(client)
    done = client.post(step["Location"], {"code": totp_now(secret)})
    assert done["Location"] == "/admin/" and signed_in(client)


def test_a_wrong_code_does_not_log_in(client, editor):
    secret = new_secret()
    TOTP.activate(editor, secret)
    step = client.post("/accounts/login/", {"login": "eddie", "password": "pw-eddie"})
    answer = client.post(step["Location"], {"code": "000000"})
    assert answer.status_code == 200 and not signed_in(client)


def test_sign_ups_are_rate_limited_with_a_clear_page(client):
    for i in range(20):
        client.post("/accounts/signup/", {"email": f"bot{i}@example.org", "username": f"bot{i}"})
    answer = client.post("/accounts/signup/", {"email": "one@example.org", "username": "one"})
    assert answer.status_code == 429
    assert "Too many attempts" in answer.content.decode()


def test_sign_up_does_not_say_that_an_address_has_an_account(client, make_user):
    """Issue 19: signing up with a taken address said so. Now both answers are the same page,
    and the address's owner is told by mail instead."""
    make_user("pia", email="pia@example.org")

    def sign_up(email: str, username: str):
        return Client().post(
            "/accounts/signup/",
            {
                "email": email,
                "username": username,
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            },
            follow=True,
        )

    taken, free = sign_up("pia@example.org", "pia2"), sign_up("new@example.org", "newbie")
    assert taken.status_code == free.status_code == 200
    assert taken.redirect_chain == free.redirect_chain
    assert "already" not in taken.content.decode().lower()
    assert get_user_model().objects.filter(email__iexact="pia@example.org").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.org", "pia@example.org"]


def test_failed_log_ins_count_once_per_account_however_it_is_named(client, make_user):
    """Issue 19: the lockout counted the username and the email apart (and per Host)."""
    make_user("rita2", email="rita2@example.org")
    logins = ["rita2", "RITA2@example.org", "rita2@example.org", "Rita2", "rita2"]
    for n, login in enumerate(logins):
        Client(HTTP_HOST=f"testserver:{8000 + n}").post(
            "/accounts/login/", {"login": login, "password": "wrong"}
        )
    answer = client.post("/accounts/login/", {"login": "rita2", "password": "pw-rita2"})
    assert "Too many failed login attempts" in answer.content.decode()
    assert not signed_in(client)
