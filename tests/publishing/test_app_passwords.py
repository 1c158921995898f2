"""Application passwords as WordPress has them: made on the profile page or from the shell,
shown once, stored hashed, revocable, their last use recorded."""

import hashlib
import re
import subprocess

import pytest
import requests
from django.core.management import call_command

from samizdat.publishing.models import AppPassword
from tests.core.test_cli import SAMIZDAT, run_env

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_profile_page_creates_shows_once_and_revokes(client, author, site):
    client.force_login(author)
    profile = client.get("/accounts/profile/").content.decode()
    assert 'id="app-passwords"' in profile and "No app passwords yet." in profile

    created = client.post("/accounts/profile/app-passwords/", {"name": "MarsEdit"})
    shown = re.search(
        r'<code id="new-app-password">([^<]+)</code>', created.content.decode()
    ).group(1)
    assert created["Cache-Control"] == "no-store"
    password = shown.replace(" ", "")
    assert len(password) == 24 and shown.count(" ") == 5  # WordPress's groups of four
    item = AppPassword.objects.get(user=author, name="MarsEdit")
    assert item.digest == hashlib.sha256(password.encode()).hexdigest()
    assert password not in client.get("/accounts/profile/").content.decode()

    me = requests.get(f"{site}/wp-json/wp/v2/users/me", auth=(author.username, shown), timeout=10)
    assert me.status_code == 200  # spaces and all, as WordPress takes it
    item.refresh_from_db()
    assert item.last_used_at is not None and item.last_ip == "127.0.0.1"
    assert "127.0.0.1" in client.get("/accounts/profile/").content.decode()

    client.post(f"/accounts/profile/app-passwords/{item.pk}/revoke/")
    assert not AppPassword.objects.exists()
    again = requests.get(
        f"{site}/wp-json/wp/v2/users/me", auth=(author.username, password), timeout=10
    )
    assert again.status_code == 401


def test_a_duplicate_or_empty_name_is_refused_with_a_message(client, author):
    client.force_login(author)
    client.post("/accounts/profile/app-passwords/", {"name": "Phone"})
    again = client.post("/accounts/profile/app-passwords/", {"name": "Phone"}, follow=True)
    assert "There is already an app password called “Phone”." in again.content.decode()
    empty = client.post("/accounts/profile/app-passwords/", {"name": "  "}, follow=True)
    assert "Give the app password a name" in empty.content.decode()
    assert AppPassword.objects.count() == 1


def test_the_command_creates_lists_and_deletes(author, capsys):
    call_command("app-password", "create", author.username, "iA Writer")
    password = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Za-z0-9]{24}", password)
    call_command("app-password", "list", author.username)
    assert capsys.readouterr().out.startswith("iA Writer\tcreated ")
    call_command("app-password", "delete", author.username, "iA Writer")
    assert not AppPassword.objects.exists()


def test_the_samizdat_command_prints_the_password_alone_on_its_last_line(tmp_path):
    """As a user runs it: `samizdat app-password create USERNAME NAME` in a shell."""
    env = run_env(tmp_path, SAMIZDAT_DEMO="0")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*SAMIZDAT, *args], env=env, capture_output=True, text=True, timeout=120
        )

    assert run("migrate", "-v0").returncode == 0
    run(
        "shell",
        "-c",
        "from samizdat.accounts.models import User; User.objects.create_user('writer')",
    )
    created = run("app-password", "create", "writer", "Ulysses")
    assert created.returncode == 0, created.stderr
    assert re.fullmatch(r"[A-Za-z0-9]{24}", created.stdout.splitlines()[-1])
    missing = run("app-password", "list", "nobody")
    assert missing.returncode != 0 and "No user called 'nobody'" in missing.stderr


def test_app_passwords_are_part_of_a_persons_data_and_erased_with_it(author, make_user):
    from samizdat.accounts.privacy import person_for_user
    from samizdat.core.registry import person_erase, person_find
    from samizdat.publishing.services import access_token_issue, app_password_create

    other = make_user("olga")
    app_password_create(user=author, name="Phone")
    app_password_create(user=other, name="Other's")
    access_token_issue(user=author, client_id="https://quill.example/", scope="create")
    found = person_find(person_for_user(author))["app-passwords"]
    assert [(i["kind"], i.get("name") or i["client_id"]) for i in found] == [
        ("app password", "Phone"),
        ("app token", "https://quill.example/"),
    ]
    counts = person_erase(person_for_user(author))
    assert (counts["app_passwords"], counts["app_tokens"]) == (1, 1)
    assert list(AppPassword.objects.values_list("name", flat=True)) == ["Other's"]
