"""An administrator switches providers on in the admin, helped by samizdat's presets: where to
register, the callback address to give, and a form filled in for the chosen provider."""

import pytest
from allauth.socialaccount.models import SocialApp

pytestmark = pytest.mark.django_db

LIST = "/admin/socialaccount/socialapp/"


def test_the_list_offers_every_preset_with_its_callback_address(client, administrator, settings):
    settings.SAMIZDAT_SITE_URL = "https://blog.example.org"
    client.force_login(administrator)
    page = client.get(LIST).content.decode()
    for name in ["GitHub", "Google", "Facebook", "X", "WordPress.com", "OpenID Connect"]:
        assert f"Add {name}</a>" in page
    assert "https://blog.example.org/accounts/github/login/callback/" in page
    assert "https://blog.example.org/accounts/wordpress/login/callback/" in page
    assert "https://blog.example.org/accounts/oidc/&lt;provider ID&gt;/login/callback/" in page
    assert "Mastodon servers are not offered" in page


def test_a_preset_fills_in_the_add_form(client, administrator):
    client.force_login(administrator)
    page = client.get(f"{LIST}add/?provider=twitter_oauth2").content.decode()
    assert 'value="X"' in page
    assert '<option value="twitter_oauth2" selected>' in page


def test_adding_an_openid_connect_provider_needs_its_address(client, administrator):
    client.force_login(administrator)
    answer = client.post(
        f"{LIST}add/",
        {"provider": "openid_connect", "name": "Uni", "client_id": "c", "settings": "{}"},
    )
    page = answer.content.decode()
    assert "OpenID Connect needs a provider ID." in page
    assert "server_url" in page and not SocialApp.objects.exists()


def test_a_provider_added_in_the_admin_shows_in_reply_forms(client, administrator, talk):
    client.force_login(administrator)
    client.post(
        f"{LIST}add/",
        {"provider": "github", "name": "GitHub", "client_id": "c", "secret": "s", "settings": "{}"},
    )
    client.logout()
    assert 'value="login:github"' in client.get(talk.get_absolute_url()).content.decode()


def test_editors_cannot_configure_providers(client, editor):
    client.force_login(editor)
    assert client.get(LIST).status_code == 403


def test_a_configured_provider_shows_its_callback_address(client, administrator, settings):
    settings.SAMIZDAT_SITE_URL = "https://blog.example.org"
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="uni",
        name="University",
        client_id="c",
        settings={"server_url": "https://id.uni.example"},
    )
    client.force_login(administrator)
    page = client.get(f"{LIST}{app.pk}/change/").content.decode()
    assert "https://blog.example.org/accounts/oidc/uni/login/callback/" in page
