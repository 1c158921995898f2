"""A real OpenID Connect provider on 127.0.0.1 (panva/node-oidc-provider, tests/identity/
oidc_provider/), configured in samizdat as "Local ID", and helpers to sign in at it over HTTP.

`npm ci --prefix tests/identity/oidc_provider` installs it (`make test` and .ci/run do).
"""

import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.ports import free_port

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
PROVIDER_ID = "local-idp"
CLIENT_ID = "samizdat-test"
CLIENT_SECRET = "samizdat-test-secret-which-is-long-enough"
CALLBACK = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"


@pytest.fixture(scope="session")
def idp(live_server) -> str:
    """Start the provider for the whole session; its issuer URL."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js not found: `apt-get install nodejs npm` (.ci/run does)")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(f"the test provider is not installed: `npm ci --prefix {PROVIDER_DIR}`")
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "REDIRECT_URIS": json.dumps(
            [f"http://testserver{CALLBACK}", f"{live_server.url}{CALLBACK}"]
        ),
    }
    process = subprocess.Popen(
        [node, "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("READY "):
            pytest.fail(f"the test provider did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc_app(db, idp):
    """The provider switched on in samizdat, as an administrator does in the admin."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Local ID",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": idp},
    )


@pytest.fixture
def other_apps(db):
    """GitHub and Google switched on too (never contacted by these tests)."""
    from allauth.socialaccount.models import SocialApp

    return [
        SocialApp.objects.create(provider="github", name="GitHub", client_id="gh", secret="s"),
        SocialApp.objects.create(provider="google", name="Google", client_id="gg", secret="s"),
    ]


@pytest.fixture(autouse=True)
def _pictures_from_the_test_provider(settings):
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = True  # the test provider serves them from 127.0.0.1


class ProviderSession:
    """A person at the provider: signs in on its form and comes back with the answer."""

    def __init__(self, issuer: str):
        self.issuer = issuer
        self.http = requests.Session()

    def _follow(self, response) -> str | requests.Response:
        """Follow redirects within the provider; the first one leaving it is returned."""
        for _ in range(10):
            if not response.is_redirect:
                return response
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(self.issuer):
                return target
            response = self.http.get(target, allow_redirects=False, timeout=10)
        raise AssertionError("too many redirects at the provider")

    def authorize(self, authorize_url: str) -> requests.Response | str:
        """The provider's sign-in page, or straight the way back when already signed in there."""
        page = self._follow(self.http.get(authorize_url, allow_redirects=False, timeout=10))
        assert isinstance(page, str) or "Sign in to continue" in page.text, page.text[:500]
        return page

    def sign_in(self, authorize_url: str, login: str, password: str | None = None) -> str:
        """The address the provider sends the browser back to (samizdat's callback)."""
        page = self.authorize(authorize_url)
        if isinstance(page, str):
            return page
        action = unescape(re.search(r'<form method="post" action="([^"]+/login)"', page.text)[1])
        answer = self.http.post(
            urljoin(page.url, action),
            data={"login": login, "password": password if password is not None else login},
            allow_redirects=False,
            timeout=10,
        )
        back = self._follow(answer)
        assert isinstance(back, str), back.text[:500]
        return back

    def cancel(self, authorize_url: str) -> str:
        page = self.authorize(authorize_url)
        assert not isinstance(page, str), "already signed in at the provider"
        action = unescape(re.search(r'<form method="post" action="([^"]+/abort)"', page.text)[1])
        back = self._follow(self.http.post(urljoin(page.url, action), allow_redirects=False))
        assert isinstance(back, str)
        return back


@pytest.fixture
def person(idp) -> ProviderSession:
    return ProviderSession(idp)


def local_path(url: str) -> str:
    """testserver's absolute callback address as a path the test client can get."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def hidden_fields(html: str) -> dict[str, str]:
    """The reply form's hidden fields (stamp, parent, and the CSRF token when signed in)."""
    form = re.search(r'<form[^>]+id="commentform".*?</form>', html, re.S)[0]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def respond(html: str) -> str:
    """The reply form's part of a page, where notices and identities show."""
    return html[html.index('id="respond"') :]


def textarea(html: str) -> str:
    return unescape(re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)[1])


@pytest.fixture
def reply(client):
    """Send the reply form of `post` as a browser does: read the page, fill it, press a button
    (`identity="login:local-idp"`, "change", "logout"; none: Post Comment)."""

    def send(post, *, body="A thoughtful remark.", identity=None, c=None, **fields):
        reader = c or client
        page = reader.get(post.get_absolute_url()).content.decode()
        data = {**hidden_fields(page), "body": body, **fields}
        if identity:
            data["identity"] = identity
        return reader.post(f"/comments/post/{post.pk}/", data)

    return send


@pytest.fixture
def talk(make_post, discussion):
    """A post whose form a test may send at once (no "sent too fast" hold)."""
    discussion(min_seconds=0)
    return make_post("Talk to us", body="What do you think?")
