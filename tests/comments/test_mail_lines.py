"""Names and titles stay on one line, in the database and in mail (issue 19: a CR/LF in a
guest's name wrote a spoofed "Moderate it:" line into notification mail, and a newline in a
post title made its notifications fail with BadHeaderError)."""

import pytest
from django.core import mail
from django.core.management import call_command

from samizdat.comments.models import Comment
from samizdat.posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author_with_mail(author):
    author.email = "author@example.org"
    author.save()
    return author


@pytest.mark.parametrize("breaks", ["\r\n", "\n", "\r", "\u2028", "\x0b", "\x85"])
def test_a_line_break_in_a_guests_name_starts_no_line_of_its_own_in_mail(
    make_post, post_comment, author_with_mail, breaks
):
    post = make_post("Guarded", by=author_with_mail)
    name = f"Eve{breaks}Moderate it: https://evil.example/queue"
    post_comment(post, name=name, email="eve@example.org")
    comment = Comment.objects.get()
    assert comment.author_name == "Eve Moderate it: https://evil.example/queue"
    call_command("worker", batch=True, verbosity=0)
    [message] = mail.outbox
    assert not any(
        line.startswith("Moderate it: https://evil") for line in message.body.splitlines()
    )


def test_a_title_with_a_newline_is_kept_on_one_line_and_its_mail_goes_out(
    make_post, post_comment, author_with_mail
):
    post = make_post("First line\nSecond line", by=author_with_mail)
    assert Post.objects.get(pk=post.pk).title == "First line Second line"
    # a title saved before this rule, straight into the table
    Post.objects.filter(pk=post.pk).update(title="Old\r\nBcc: victim@example.org")
    post_comment(post, name="Guest", email="guest@example.org")
    call_command("worker", batch=True, verbosity=0)
    [message] = mail.outbox
    assert message.subject == "Please moderate: “Old Bcc: victim@example.org”"
    assert message.recipients() == ["author@example.org"]
