"""Micropub with samizdat's own IndieAuth server: a client gets a token by the authorization
code flow with PKCE, then creates, updates and deletes posts with the requests of the W3C
specification's examples and the micropub-client library; results read on the public site."""

import base64
import hashlib
import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from samizdat.posts.models import Post, Status
from samizdat.publishing.models import AuthorizationCode
from tests.media.pictures import encoded, picture

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "https://quill.example/"
REDIRECT = "https://quill.example/auth/callback"


def signed_in(site, user) -> requests.Session:
    """A browser session of `user` on the live server."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def authorize(site, user, scope="create update delete media") -> str:
    """The whole IndieAuth dance, as Quill or Indigenous do it; the access token."""
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    browser = signed_in(site, user)
    params = {
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT,
        "state": "xyz", "code_challenge": challenge, "code_challenge_method": "S256",
        "scope": scope, "me": site + "/",
    }  # fmt: skip
    consent = browser.get(f"{site}/indieauth/auth", params=params, timeout=10)
    assert consent.status_code == 200 and "quill.example" in consent.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', consent.text).group(1)
    form = {**params, "csrfmiddlewaretoken": csrf, "decision": "allow", "scopes": scope.split()}
    approved = browser.post(
        f"{site}/indieauth/auth",
        data=form,
        allow_redirects=False,
        timeout=10,
        headers={"Referer": f"{site}/indieauth/auth"},
    )
    assert approved.status_code == 302, approved.text
    query = parse_qs(urlsplit(approved.headers["Location"]).query)
    assert query["state"] == ["xyz"] and query["iss"] == [site + "/"]
    token = requests.post(
        f"{site}/indieauth/token",
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert token.status_code == 200, token.text
    assert token.json()["me"] == site + "/" and token.json()["token_type"] == "Bearer"
    # A code is good once.
    again = requests.post(
        f"{site}/indieauth/token",
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert again.json()["error"] == "invalid_grant"
    return token.json()["access_token"]


def test_discovery_and_a_wrong_pkce_verifier(site, author):
    home = requests.get(site + "/", timeout=10)
    assert f'<{site}/micropub>; rel="micropub"' in home.headers["Link"]
    metadata = requests.get(f"{site}/indieauth/metadata", timeout=10).json()
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    browser = signed_in(site, author)
    no_pkce = browser.get(
        f"{site}/indieauth/auth",
        params={"client_id": CLIENT_ID, "redirect_uri": REDIRECT},
        timeout=10,
    )
    assert no_pkce.status_code == 400 and "PKCE" in no_pkce.text


def test_spec_examples_create_update_and_delete_and_the_site_shows_them(site, author, node_client):
    token = authorize(site, author)
    bearer = {"Authorization": f"Bearer {token}"}
    micropub = f"{site}/micropub"

    # Form-encoded, as in the specification's first example.
    form = requests.post(
        micropub,
        headers=bearer,
        timeout=10,
        data={
            "h": "entry",
            "content": "Micropub test of creating a basic h-entry",
            "category[]": ["foo", "bar"],
        },
    )
    assert form.status_code == 201
    note_url = form.headers["Location"]
    note = requests.get(note_url, timeout=10).text
    assert "Micropub test of creating a basic h-entry" in note

    # JSON, with a name and HTML content.
    json_post = requests.post(
        micropub,
        headers=bearer,
        timeout=10,
        json={
            "type": ["h-entry"],
            "properties": {
                "name": ["Itching: h-event to iCal converter"],
                "content": [
                    {"html": "<p>Now that I've been <strong>creating</strong> a list of events</p>"}
                ],
                "category": ["indieweb"],
            },
        },
    )
    assert json_post.status_code == 201
    article = requests.get(json_post.headers["Location"], timeout=10).text
    assert "<strong>creating</strong>" in article

    # Multipart with a photo, through the media endpoint too.
    config = requests.get(micropub, params={"q": "config"}, headers=bearer, timeout=10).json()
    uploaded = requests.post(
        config["media-endpoint"],
        headers=bearer,
        timeout=10,
        files={"file": ("sunset.jpg", encoded(picture(640, 480)), "image/jpeg")},
    )
    assert uploaded.status_code == 201
    photo = requests.post(
        micropub,
        headers=bearer,
        timeout=10,
        data={"h": "entry", "content": "Sunset", "photo": uploaded.headers["Location"]},
    )
    assert photo.status_code == 201
    assert "<img" in requests.get(photo.headers["Location"], timeout=10).text

    # micropub-client (npm): configuration and an update.
    result = node_client("micropub-session.js", endpoint=micropub, token=token, url=note_url)
    assert result["config"]["media-endpoint"] == config["media-endpoint"]
    updated = requests.get(note_url, timeout=10).text
    assert "Replaced through micropub-client." in updated
    source = requests.get(
        micropub, params={"q": "source", "url": note_url}, headers=bearer, timeout=10
    ).json()
    assert "indieweb" in source["properties"]["category"]

    feed = requests.get(f"{site}/feed/", timeout=10).text
    assert "Itching: h-event to iCal converter" in unescape(feed)
    assert (
        f'href="{urlsplit(note_url).path}"'
        in requests.get(f"{site}/?s=micropub-client", timeout=10).text
    )

    deleted = requests.post(
        micropub, headers=bearer, data={"action": "delete", "url": note_url}, timeout=10
    )
    assert deleted.status_code == 204
    assert requests.get(note_url, timeout=10).status_code == 404


def test_tokens_carry_scopes_and_roles(site, contributor):
    token = authorize(site, contributor, scope="create")
    bearer = {"Authorization": f"Bearer {token}"}
    refused = requests.post(
        f"{site}/micropub", headers=bearer, data={"h": "entry", "content": "Loud"}, timeout=10
    )
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    draft = requests.post(
        f"{site}/micropub",
        headers=bearer,
        data={"h": "entry", "content": "Quiet", "post-status": "draft"},
        timeout=10,
    )
    assert draft.status_code == 201
    assert list(Post.objects.values_list("status", flat=True)) == [Status.DRAFT]
    no_scope = requests.post(
        f"{site}/micropub",
        headers=bearer,
        data={"action": "delete", "url": draft.headers["Location"]},
        timeout=10,
    )
    assert no_scope.status_code == 401 and no_scope.json()["error"] == "insufficient_scope"
    nobody = requests.post(f"{site}/micropub", data={"h": "entry", "content": "x"}, timeout=10)
    assert nobody.status_code == 401 and nobody.json()["error"] == "unauthorized"
    forged = requests.post(
        f"{site}/micropub",
        headers={"Authorization": "Bearer forged"},
        data={"h": "entry"},
        timeout=10,
    )
    assert forged.status_code == 403
    assert Post.objects.count() == 1


def test_the_consent_form_needs_the_csrf_token(author):
    """The authorization endpoint is open to clients redeeming codes, but approving a client is
    a signed-in author's form, checked like any other."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)
    forged = browser.post("/indieauth/auth", {
        "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "code_challenge": "x" * 43,
        "code_challenge_method": "S256", "scope": "create", "decision": "allow",
    })  # fmt: skip
    assert forged.status_code == 403
    assert not AuthorizationCode.objects.exists()
