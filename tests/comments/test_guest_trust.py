"""A guest's address counts as theirs only with proof (issue 19: a guest typing an approved
commenter's address was published at once under any name, with that person's picture, and
the picture of a held comment confirmed a guessed address)."""

import re

import pytest
from django.test import Client

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve

pytestmark = pytest.mark.django_db


def browser() -> Client:
    return Client(headers={"Origin": "http://testserver"})


def pictures(html: str) -> dict[str, str]:
    """Each comment's picture on a page, by the comment's author name."""
    found = re.findall(
        r'<img class="avatar" src="([^"]+)" alt=""><b class="comment-author">([^<]+)</b>', html
    )
    return {name: src for src, name in found}


def test_an_approved_commenters_address_typed_by_someone_else_is_held(
    make_post, comment_data, editor
):
    post = make_post("Trusted?")
    ann = browser()
    ann.post(f"/comments/post/{post.pk}/", comment_data(post, name="Ann", email="ann@example.org"))
    comment_approve(comment=Comment.objects.get(author_name="Ann"), moderator=editor)

    impostor = browser()
    impostor.post(
        f"/comments/post/{post.pk}/",
        comment_data(post, name="Ann (really)", email="ann@example.org", body="Buy things."),
    )
    forged = Comment.objects.get(author_name="Ann (really)")
    assert forged.status == Comment.Status.PENDING and not forged.email_proved

    # Ann's own browser carries the proof of her approved comment: she is published at once.
    ann.post(
        f"/comments/post/{post.pk}/",
        comment_data(post, name="Ann", email="ann@example.org", body="Me again."),
    )
    again = Comment.objects.get(body_source="Me again.")
    assert again.status == Comment.Status.APPROVED and again.email_proved


def test_a_held_comments_picture_does_not_tell_whose_address_was_guessed(
    make_post, comment_data, editor
):
    post = make_post("Pictures")
    ann = browser()
    ann.post(f"/comments/post/{post.pk}/", comment_data(post, name="Ann", email="ann@example.org"))
    comment_approve(comment=Comment.objects.get(author_name="Ann"), moderator=editor)
    ann.post(f"/comments/post/{post.pk}/", comment_data(post, name="Ann", email="ann@example.org"))

    guesser = browser()
    guesser.post(
        f"/comments/post/{post.pk}/",
        comment_data(post, name="Guess", email="ann@example.org", body="Is it her?"),
    )
    seen = pictures(guesser.get(post.get_absolute_url()).content.decode())
    assert "Guess" in seen  # the writer sees their held comment, with its picture
    assert seen["Guess"] != seen["Ann"]
    public = pictures(Client().get(post.get_absolute_url()).content.decode())
    assert "Guess" not in public and public["Ann"] == seen["Ann"]
