"""`samizdat comments`: the moderation queue from the shell, as WP-CLI's `wp comment` does."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_body_render
from samizdat.spamfilter.services import spam_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_comment(make_post):
    post = make_post("Open thread")

    def make(body="A thoughtful remark.", *, status="pending", minutes_ago=0, **fields):
        fields.setdefault("post", post)
        fields.setdefault("author_name", "Guest Reader")
        return Comment.objects.create(
            body_source=body,
            body_html=comment_body_render(body),
            status=status,
            created_at=timezone.now() - timedelta(minutes=minutes_ago),
            **fields,
        )

    return make


def comments(*args) -> str:
    out = io.StringIO()
    call_command("comments", *args, stdout=out)
    return out.getvalue()


def status_of(comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_list_shows_pending_comments_oldest_first_with_why_they_were_held(
    make_comment, administrator
):
    newer = make_comment("Newer question.", minutes_ago=1, author_email="new@example.org")
    older = make_comment(
        "Older question.", minutes_ago=60, moderation_reasons=["3 links (more than 2)"]
    )
    make_comment("Fine already.", status="approved")

    table = comments("list")

    assert table.index("Older question.") < table.index("Newer question.")
    assert "Fine already." not in table
    assert "3 links (more than 2)" in table
    assert "Guest Reader <new@example.org>" in table
    assert f"{older.post_id}: Open thread" in table
    assert "2 comments shown." in table
    assert str(newer.pk) in table.split()


def test_list_filters_by_status_and_post_and_limits(make_comment, make_post):
    other = make_post("Other thread")
    make_comment("Here.", status="spam")
    there = make_comment("There.", status="spam", post=other)
    for n in range(5):
        make_comment(f"Pending {n}.")

    assert comments("list", "--status", "spam", "--post", str(other.pk), "--format", "ids") == (
        f"{there.pk}\n"
    )
    assert "3 comments shown." in comments("list", "--limit", "3")
    assert "7 comments shown." in comments("list", "--status", "all")


def test_approve_by_id_acts_as_the_first_superuser(make_comment, administrator):
    first, second, untouched = make_comment("One."), make_comment("Two."), make_comment("Three.")

    out = comments("approve", str(first.pk), str(second.pk))

    assert [status_of(c) for c in (first, second, untouched)] == ["approved", "approved", "pending"]
    assert f"Comment {first.pk} approved." in out and "2 comments approved." in out


def test_spam_by_id_trains_the_filter(make_comment, administrator):
    comment = make_comment("Cheap pills at https://pills.example/")

    comments("spam", str(comment.pk))

    comment.refresh_from_db()
    assert (comment.status, comment.trained_as) == ("spam", "spam")
    assert spam_stats()["spam_documents"] == 1


def test_all_acts_on_every_pending_comment_and_nothing_else(make_comment, administrator):
    pending = [make_comment(f"Pending {n}.") for n in range(3)]
    spam = make_comment("Spam.", status="spam")

    out = comments("approve", "--all")

    assert [status_of(c) for c in pending] == ["approved"] * 3
    assert status_of(spam) == "spam"
    assert "3 comments approved." in out


def test_trash_all_pending(make_comment, administrator):
    pending, approved = make_comment("Pending."), make_comment("Approved.", status="approved")

    comments("trash", "--all")

    assert (status_of(pending), status_of(approved)) == ("trash", "approved")


def test_unknown_ids_are_named_and_nothing_changes(make_comment, administrator):
    known = make_comment()

    with pytest.raises(CommandError, match=r"No comment with ids 998, 999\. Nothing changed\."):
        comments("approve", str(known.pk), "998", "999")

    assert status_of(known) == "pending"


def test_moderating_as_someone_who_may_not(make_comment, administrator, author):
    comment = make_comment()

    with pytest.raises(CommandError, match="aurora may not moderate comments"):
        comments("approve", str(comment.pk), "--as", "aurora")
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        comments("approve", str(comment.pk), "--as", "nobody")

    assert status_of(comment) == "pending"


def test_as_an_editor(make_comment, editor):
    comment = make_comment()

    comments("approve", str(comment.pk), "--as", "eddie")

    assert status_of(comment) == "approved"


def test_ids_or_all_but_not_neither_nor_both(make_comment, administrator):
    comment = make_comment()

    with pytest.raises(CommandError, match="Give comment ids, or --all"):
        comments("approve")
    with pytest.raises(CommandError, match="Give comment ids, or --all"):
        comments("spam", str(comment.pk), "--all")
    assert status_of(comment) == "pending"


def test_the_console_script_exits_non_zero_for_unknown_ids(tmp_path):
    """As a user runs it: a fresh data folder, a superuser, then a mistyped id."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMIZDAT_", "DJANGO_"))}
    env.update(SAMIZDAT_DATA_DIR=str(tmp_path), DJANGO_SUPERUSER_PASSWORD="pw-root-long-enough")

    def samizdat(*args):
        return subprocess.run(
            [sys.executable, "-m", "samizdat", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=120,
        )

    assert samizdat("migrate", "-v0").returncode == 0
    assert (
        samizdat(
            "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"
        ).returncode
        == 0
    )
    listed = samizdat("comments", "list")
    result = samizdat("comments", "approve", "41", "42")

    assert listed.returncode == 0 and "0 comments shown." in listed.stdout
    assert result.returncode != 0
    assert "No comment with ids 41, 42." in result.stderr
