"""Personal-data requests by email address, as WordPress offers them: an export of everything
kept, and an erasure — from `samizdat privacy` and from the admin."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client

from samizdat.comments.models import Comment, Subscription
from samizdat.comments.privacy import ANONYMOUS
from samizdat.comments.services import comment_approve, comment_spam, subscription_add
from samizdat.operations.privacy import personal_data_erase, personal_data_export
from samizdat.spamfilter.models import Corpus, Token

pytestmark = pytest.mark.django_db

MIRA = "mira@mira-home.example"


def comment(post, *, name="Mira Quill", email=MIRA, body="A thought.", **fields) -> Comment:
    return Comment.objects.create(
        post=post,
        author_name=name,
        author_email=email,
        body_source=body,
        body_html=f"<p>{body}</p>",
        ip_address="203.0.113.7",
        user_agent="Mira's browser",
        **fields,
    )


@pytest.fixture
def mira(make_post, editor, make_user):
    """Mira commented as a guest (one approved and trained, one marked spam), was answered by
    someone else, subscribed, and later made a commenter account with an outside identity."""
    first, second = make_post("First"), make_post("Second")
    kept = comment(
        first,
        body="Zanzibarish thoughts on https://mira-blog.example/x",
        author_url="https://mira-home.example/",
    )
    comment_approve(comment=kept, moderator=editor)
    junk = comment(second, body="Buy quuxcoin now")
    comment_spam(comment=junk, moderator=editor)
    reply = comment(first, name="Other", email="other@example.org", body="Reply", parent=kept)
    subscription_add(post=first, email=MIRA, comment=kept)
    account = make_user("mira", email="m@elsewhere.example", display_name="Mira")
    EmailAddress.objects.create(user=account, email=MIRA, verified=True, primary=False)
    SocialAccount.objects.create(user=account, provider="github", uid="4242", extra_data={})
    signed_in = comment(first, name="Mira", email="m@elsewhere.example", user=account)
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=Comment.objects.filter(pk=kept.pk),
        action_flag=CHANGE,
        single_object=True,
    )
    return {
        "kept": kept,
        "junk": junk,
        "reply": reply,
        "account": account,
        "signed": signed_in,
        "editor": editor,
    }


def test_the_export_holds_every_comment_subscription_and_account_of_the_address(mira):
    data = personal_data_export(email="  MIRA@mira-home.example ")
    assert data["email"] == MIRA and data["format"] == "samizdat-personal-data"
    assert {c["id"] for c in data["comments"]} == {
        mira["kept"].pk,
        mira["junk"].pk,
        mira["signed"].pk,
    }
    first = next(c for c in data["comments"] if c["id"] == mira["kept"].pk)
    assert first["ip_address"] == "203.0.113.7" and first["user_agent"] == "Mira's browser"
    assert first["text"].startswith("Zanzibarish") and first["email"] == MIRA
    assert [s["post"] for s in data["subscriptions"]] == ["First"]
    [account] = data["accounts"]
    assert account["username"] == "mira" and account["identities"][0]["uid"] == "4242"
    json.dumps(data)  # all of it serialisable as it is


def test_erasing_anonymises_the_comments_and_removes_everything_else(mira):
    done = personal_data_erase(email=MIRA)
    assert done == {
        "comments_anonymised": 3,
        "comments_deleted": 0,
        "subscriptions": 1,
        "accounts": 1,
        "staff_accounts_kept": 0,
    }
    for key in ("kept", "junk", "signed"):
        c = Comment.objects.get(pk=mira[key].pk)
        assert (c.author_name, c.author_email, c.author_url) == (ANONYMOUS, "", "")
        assert (c.user_id, c.ip_address, c.user_agent, c.identity_provider) == (None, None, "", "")
    assert Comment.objects.get(pk=mira["kept"].pk).body_source.startswith("Zanzibarish")
    reply = Comment.objects.get(pk=mira["reply"].pk)
    assert reply.parent_id == mira["kept"].pk and reply.author_email == "other@example.org"
    assert not Subscription.objects.exists()
    assert not get_user_model().objects.filter(username="mira").exists()
    assert not SocialAccount.objects.exists() and not EmailAddress.objects.exists()
    assert personal_data_export(email=MIRA)["comments"] == []
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Comment))
    assert "Mira" not in entry.object_repr and "Zanzibarish" not in entry.object_repr


def test_the_spam_filter_forgets_the_person_but_keeps_the_moderators_decisions(mira):
    learned = {t.feature for t in Token.objects.filter(ham_count__gt=0)}
    assert {"website:mira-home.example", "name:mira", "ip:203.0.113.0/24"} < learned
    before = Corpus.objects.get()
    personal_data_erase(email=MIRA)
    after = Corpus.objects.get()
    assert (after.ham_documents, after.spam_documents) == (
        before.ham_documents,
        before.spam_documents,
    )
    tokens = {t.feature: (t.spam_count, t.ham_count) for t in Token.objects.all()}
    personal = [
        f for f in tokens if f.startswith(("email:", "ip:", "website:", "name:mira", "name:quill"))
    ]
    assert personal == [], personal
    assert tokens["zanzibarish"] == (0, 1) and tokens["quuxcoin"] == (1, 0)
    assert tokens["url:mira-blog.example"] == (0, 1)  # a link in the text is the text's
    assert tokens[f"name:{ANONYMOUS.lower()}"] == (1, 1)
    # A moderator changing their mind later untrains exactly what is there now.
    comment_approve(comment=Comment.objects.get(pk=mira["junk"].pk), moderator=mira["editor"])
    tokens = {t.feature: (t.spam_count, t.ham_count) for t in Token.objects.all()}
    assert tokens["quuxcoin"] == (0, 1) and tokens[f"name:{ANONYMOUS.lower()}"] == (0, 2)


def test_erasing_can_delete_the_comments_instead(mira):
    done = personal_data_erase(email=MIRA, delete_comments=True)
    assert (done["comments_deleted"], done["comments_anonymised"]) == (3, 0)
    assert list(Comment.objects.values_list("author_email", flat=True)) == ["other@example.org"]
    assert Corpus.objects.get().ham_documents == 0  # what it was trained with is untrained
    assert not Token.objects.filter(feature="zanzibarish").exists()


def test_a_staff_account_with_the_address_is_kept_and_said(make_user, make_post, editor):
    editor.email = MIRA
    editor.save()
    comment(make_post("Staff"), name=editor.public_name, user=editor)
    done = personal_data_erase(email=MIRA)
    assert (done["accounts"], done["staff_accounts_kept"]) == (0, 1)
    editor.refresh_from_db()
    assert editor.is_active and Comment.objects.get().author_name == ANONYMOUS


# ── the command ──────────────────────────────────────────────────────────────────────────


def test_privacy_export_prints_json_or_writes_a_private_file(mira, tmp_path):
    out = io.StringIO()
    call_command("privacy", "export", MIRA, stdout=out)
    assert len(json.loads(out.getvalue())["comments"]) == 3
    target = tmp_path / "mira.json"
    call_command("privacy", "export", MIRA, "--out", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["email"] == MIRA
    assert target.stat().st_mode & 0o077 == 0


def test_privacy_erase_asks_first_and_reports_what_it_did(mira, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("privacy", "erase", MIRA)
    assert Comment.objects.filter(author_email=MIRA).count() == 2
    out = io.StringIO()
    call_command("privacy", "erase", MIRA, "--yes", stdout=out)
    assert "3 comment(s) anonymised" in out.getvalue()
    assert not Comment.objects.filter(author_email=MIRA).exists()


def test_privacy_refuses_what_is_not_an_address(db):
    with pytest.raises(CommandError, match="not an email address"):
        call_command("privacy", "export", "mira")


# ── the admin ────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def admin_client(administrator) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


def test_the_admin_index_links_the_personal_data_page_for_administrators(admin_client, editor):
    assert 'href="/admin/privacy/"' in admin_client.get("/admin/").content.decode()
    others = Client()
    others.force_login(editor)
    assert 'href="/admin/privacy/"' not in others.get("/admin/").content.decode()
    assert others.get("/admin/privacy/").status_code == 403
    assert Client().get("/admin/privacy/").status_code == 302  # to the log-in page


def test_the_admin_finds_exports_and_erases(admin_client, mira):
    found = admin_client.get("/admin/privacy/", {"email": MIRA})
    text = " ".join(found.content.decode().split())
    assert "Found: 3 comment(s), 1 subscription(s), 1 account(s)." in text

    export = admin_client.post("/admin/privacy/", {"email": MIRA, "action": "export"})
    assert export["Content-Disposition"].startswith("attachment;")
    assert len(json.loads(export.content)["comments"]) == 3

    unconfirmed = admin_client.post("/admin/privacy/", {"email": MIRA, "action": "erase"})
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Comment.objects.filter(author_email=MIRA).exists()

    erased = admin_client.post(
        "/admin/privacy/", {"email": MIRA, "action": "erase", "confirm": "on"}, follow=True
    )
    assert "3 comment(s) anonymised" in erased.content.decode()
    assert not Comment.objects.filter(author_email=MIRA).exists()
