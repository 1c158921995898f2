"""Behind TLS (SAMIZDAT_HTTPS=1), as a real process reads its settings: HSTS, insecure requests
upgraded, and every cookie samizdat sets marked Secure and HttpOnly."""

import json
import textwrap

from tests.core.test_cli import run_env, samizdat

PROBE = textwrap.dedent(
    """
    import json, re
    from django.test import Client
    from samizdat.accounts.models import User
    from samizdat.posts.models import Post
    from samizdat.posts.services import post_save
    from samizdat.comments.models import DiscussionSettings, discussion_settings_changed

    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 0})
    discussion_settings_changed()
    admin = User.objects.create_superuser("root", password="pw-root")
    post = post_save(post=Post(title="Over TLS", status="published", body_source="Hi."), user=admin)
    client = Client(HTTP_HOST="blog.example.org")
    page = client.get(post.get_absolute_url(), secure=True)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.content.decode()).group(1)
    sent = client.post(
        f"/comments/post/{post.pk}/",
        {"name": "Guest", "email": "guest@example.org", "body": "Hello over TLS",
         "stamp": stamp, "remember": "on"},
        secure=True, headers={"Origin": "https://blog.example.org"},
    )
    plain = client.get("/", secure=False)
    print(json.dumps({
        "page": dict(page.headers),
        "page_cookies": list(page.cookies),
        "sent": sent.status_code,
        "cookies": {name: dict(morsel) for name, morsel in sent.cookies.items()},
        "plain": [plain.status_code, plain.get("Location", "")],
    }))
    """
)


def test_behind_tls_hsts_upgrade_and_secure_cookies(tmp_path):
    env = run_env(
        tmp_path,
        SAMIZDAT_HTTPS="1",
        SAMIZDAT_ALLOWED_HOSTS="blog.example.org",
        SAMIZDAT_COMMENTS_RATE_LIMIT="off",
        SAMIZDAT_EMAIL_URL="locmem://",
        SAMIZDAT_CACHE_URL="locmem://",
    )
    assert samizdat("migrate", "-v0", env=env).returncode == 0
    assert samizdat("collectstatic", "--noinput", "-v0", env=env).returncode == 0
    result = samizdat("shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    headers = seen["page"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
    assert seen["page_cookies"] == []  # reading sets no cookie, over TLS too
    assert seen["plain"] == [301, "https://blog.example.org/"]

    assert seen["sent"] == 302
    assert set(seen["cookies"]) == {"samizdat_held", "samizdat_commenter", "samizdat_proof"}
    for name, morsel in seen["cookies"].items():
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name
