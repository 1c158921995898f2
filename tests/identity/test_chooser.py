"""The reply form's identity chooser: only switched-on providers show, as buttons of the form
itself with icons served from this site, and a guest reading still gets no cookie."""

import re

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from tests.identity.conftest import respond

pytestmark = pytest.mark.django_db


def test_without_providers_the_form_is_the_plain_guest_form(client, talk):
    form = respond(client.get(talk.get_absolute_url()).content.decode())
    assert "Fill in your details below. Your email address will not be published." in form
    assert "click an icon" not in form and 'name="identity"' not in form


def test_configured_providers_show_as_icons_in_the_reply_form(client, talk, other_apps):
    response = client.get(talk.get_absolute_url())
    form = respond(response.content.decode())

    assert "Fill in your details below or click an icon to log in:" in form
    buttons = re.findall(r'<button type="submit" name="identity" value="([^"]+)"[^>]*>', form)
    assert buttons == ["login:github", "login:google"]
    icons = re.findall(r'<img src="([^"]+)" alt="Log in with (\w+)"', form)
    assert icons == [
        ("/static/accounts/icons/github.svg", "GitHub"),
        ("/static/accounts/icons/google.svg", "Google"),
    ]
    assert "formnovalidate" in form
    assert not response.cookies  # no CSRF cookie: the buttons are the comment form's own


def test_enter_in_a_guest_field_posts_the_comment_not_a_provider(client, talk, other_apps):
    """The first submit button of the form is the one Enter presses: a hidden Post Comment."""
    form = respond(client.get(talk.get_absolute_url()).content.decode())
    first = re.search(r"<button [^>]*>", form[form.index('id="commentform"') :])[0]
    assert 'name="submit"' in first and 'class="default-submit"' in first


def test_switching_a_provider_off_removes_its_icon_at_once(client, talk, other_apps):
    client.get(talk.get_absolute_url())
    SocialApp.objects.filter(provider="github").delete()
    form = respond(client.get(talk.get_absolute_url()).content.decode())
    assert "login:github" not in form and "login:google" in form


def test_a_provider_that_is_not_installed_shows_no_icon(client, talk):
    SocialApp.objects.create(provider="gitlab", name="GitLab", client_id="x")  # not installed
    assert 'name="identity"' not in respond(client.get(talk.get_absolute_url()).content.decode())


def test_an_unknown_identity_button_keeps_the_comment(client, talk, reply, other_apps):
    answer = reply(talk, body="Words.", identity="login:myspace")
    assert answer.status_code == 200  # the form again at once: no session kept for a guest
    form = respond(answer.content.decode())
    assert "That way of logging in is not available." in form and ">Words.</textarea>" in form


def test_identity_buttons_from_another_site_are_refused(talk, other_apps):
    guest = Client()
    page = guest.get(talk.get_absolute_url()).content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)[1]
    answer = guest.post(
        f"/comments/post/{talk.pk}/",
        {"stamp": stamp, "body": "x", "identity": "login:github"},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert answer.status_code == 200
    assert "Comments can only be sent from this site" in answer.content.decode()


def test_signed_in_identity_buttons_need_the_csrf_token(talk, reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    answer = browser.post(f"/comments/post/{talk.pk}/", {"body": "x", "identity": "logout"})
    assert "Your session has changed since the page loaded" in answer.content.decode()
    assert "_auth_user_id" in browser.session  # not logged out by a forged form


def test_a_reader_signed_in_with_a_password_sees_log_out_and_change(client, talk, reader):
    client.force_login(reader)
    form = respond(client.get(talk.get_absolute_url()).content.decode())
    assert "Logged in as" in form and "rita" in form
    assert 'value="logout"' in form and 'value="change"' in form
    assert 'class="avatar"' in form


def test_two_apps_for_one_provider_show_one_icon(client, talk, other_apps):
    SocialApp.objects.create(provider="github", name="GitHub again", client_id="gh2")
    form = respond(client.get(talk.get_absolute_url()).content.decode())
    assert form.count('value="login:github"') == 1
