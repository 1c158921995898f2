"""The moderation policy: WordPress's rules by default, settable, and a filter that learns."""

import random

import pytest

from samizdat.comments.models import Comment
from samizdat.comments.services import (
    CommentInput,
    SubmitContext,
    comment_approve,
    comment_spam,
    comment_submit,
)
from tests.spamfilter.generated import ham_comment, spam_comment

pytestmark = pytest.mark.django_db


def submit(
    post,
    *,
    body="Plain words.",
    name="Guest",
    email="guest@example.org",
    url="",
    ip="203.0.113.5",
    user=None,
    **input_fields,
) -> Comment:
    return comment_submit(
        post=post,
        data=CommentInput(body=body, name=name, email=email, url=url, **input_fields),
        context=SubmitContext(ip=ip, user_agent="pytest", seconds_on_form=30),
        user=user,
    )


def test_rules_alone_hold_a_link_stuffed_comment(make_post, editor):
    post = make_post("Links")
    regular = submit(post, body="Hello.")
    comment_approve(comment=regular, moderator=editor)
    stuffed = submit(post, body="see http://a.example http://b.example www.c.example")
    assert stuffed.status == Comment.Status.PENDING
    assert stuffed.moderation_reasons == ["3 links (more than 2)"]


def test_hold_list_matches_words_emails_and_ip_ranges(make_post, discussion):
    discussion(hold_first_comment=False, hold_list="bitcoin\n@shady.example\n198.51.100.0/24")
    post = make_post("Lists")
    assert submit(post, body="I like Bitcoin").status == Comment.Status.PENDING
    assert submit(post, email="x@shady.example", body="hi").status == Comment.Status.PENDING
    held = submit(post, ip="198.51.100.77", body="from the range", email="r@example.org")
    assert held.moderation_reasons == ["matches the hold list: “198.51.100.0/24”"]
    assert submit(post, body="ordinary", email="o@example.org").status == Comment.Status.APPROVED


def test_block_list_sends_to_spam_or_trash_as_set(make_post, discussion):
    discussion(block_list="casino", block_action="trash")
    post = make_post("Blocked")
    comment = submit(post, body="Best CASINO bonus")
    assert comment.status == Comment.Status.TRASH
    assert comment.moderation_reasons == ["matches the block list: “casino”"]


def test_editors_and_the_post_author_are_trusted(make_post, editor, author):
    post = make_post("Trusted", by=author)
    assert submit(post, user=editor, body="Editor here").status == Comment.Status.APPROVED
    assert submit(post, user=author, body="Author here").status == Comment.Status.APPROVED


def test_replies_past_the_depth_limit_attach_at_the_deepest_level(make_post, discussion, editor):
    discussion(thread_depth=3)
    post = make_post("Deep")
    parent = None
    for level in range(5):
        parent = submit(
            post, user=editor, body=f"level {level}", parent_id=parent.pk if parent else None
        )
    depths = list(Comment.objects.order_by("id").values_list("depth", flat=True))
    assert depths == [0, 1, 2, 2, 2]


def test_learning_filter_trained_by_moderators_holds_new_spam_with_reasons(
    make_post, editor, discussion
):
    """Moderators mark generated spam and approve generated ham; the next spam-like comment is
    marked spam by the filter alone, with its reasons shown."""
    discussion(max_links=10)  # first comments held: each approval is a moderator decision
    post = make_post("Busy thread")
    rng = random.Random(7)
    for i in range(30):
        ham, spam = ham_comment(rng), spam_comment(rng)
        comment_approve(
            comment=submit(post, body=ham.text, name=ham.author_name, email=f"ham{i}@example.org"),
            moderator=editor,
        )
        comment_spam(
            comment=submit(
                post,
                body=spam.text,
                name=spam.author_name,
                email=spam.author_email or f"s{i}@spam.example",
                url=spam.author_url,
            ),
            moderator=editor,
        )
    new_spam = spam_comment(random.Random(99))
    verdict = submit(
        post,
        body=new_spam.text,
        name=new_spam.author_name,
        email=new_spam.author_email or "new@spam.example",
        url=new_spam.author_url,
    )
    assert verdict.status == Comment.Status.SPAM
    assert verdict.spam_score >= 0.9
    assert verdict.moderation_reasons[0].startswith("the spam filter scored it")
    assert verdict.spam_reasons  # the words and links that gave it away
    new_ham = ham_comment(random.Random(100))
    fine = submit(post, body=new_ham.text, name=new_ham.author_name, email="fresh@example.org")
    assert fine.status == Comment.Status.PENDING  # held only as a first comment
    assert fine.moderation_reasons == ["first comment from this author"]
    assert fine.spam_score < 0.5
