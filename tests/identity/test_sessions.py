"""Session rows only for sign-ins that start (issue 19: every identity-button POST by a guest
made a session, 100 requests left 1 MB, and nothing ever cleared them)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("identity", ["login:nowhere", "change", "logout", "something"])
def test_an_identity_button_that_starts_no_sign_in_leaves_no_session(
    talk, reply, other_apps, identity
):
    """The form comes back as typed, with a notice, and no session row or cookie is made."""
    for _ in range(20):
        guest = Client(headers={"Origin": "http://testserver"})
        answer = reply(talk, body="Words I typed.", identity=identity, c=guest)
        assert answer.status_code == 200
        html = answer.content.decode()
        assert "Words I typed." in html and "not available" in html
        assert "sessionid" not in answer.cookies
    assert Session.objects.count() == 0


def test_sign_ins_started_from_one_address_are_limited(talk, reply, other_apps):
    """Starting a sign-in keeps allauth's state in a session: allowed, but not without end."""
    outcomes = []
    for _ in range(15):
        answer = reply(
            talk,
            body="Still typing.",
            identity="login:github",
            c=Client(headers={"Origin": "http://testserver"}),
        )
        outcomes.append(answer.status_code)
    assert outcomes[:10] == [302] * 10  # to GitHub, the draft kept
    assert outcomes[10:] == [200] * 5  # the form again, saying why
    assert "Too many log-ins" in answer.content.decode()
    assert "Still typing." in answer.content.decode()
    assert Session.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_housekeeping_clears_expired_sessions():
    now = timezone.now()
    Session.objects.create(session_key="old" * 10, session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="new" * 10, session_data="", expire_date=now + timedelta(1))
    call_command("worker", batch=True, verbosity=0)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 10]
