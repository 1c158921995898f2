"""A reader leaves a reply: accepted, held or refused, with the form kept on every error."""

import pytest

from samizdat.comments.models import Comment, Subscription

pytestmark = pytest.mark.django_db


def test_first_comment_from_a_new_guest_is_held_and_shown_only_to_its_writer(
    client, make_post, post_comment
):
    post = make_post("Open thread")
    response = post_comment(post)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons == ["first comment from this author"]

    mine = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in mine
    assert "Your comment is awaiting moderation." in mine

    from django.test import Client

    theirs = Client().get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' not in theirs


def test_guest_with_an_approved_comment_is_published_straight_away(
    client, make_post, post_comment, editor
):
    from samizdat.comments.services import comment_approve

    post = make_post("Regulars")
    post_comment(post)
    comment_approve(comment=Comment.objects.get(), moderator=editor)
    post_comment(post, body="Second thought.")
    second = Comment.objects.latest("id")
    assert second.status == Comment.Status.APPROVED
    page = client.get(post.get_absolute_url()).content.decode()
    assert "2 thoughts on “Regulars”" in page


def test_reply_nests_under_its_parent(client, make_post, post_comment, editor):
    from samizdat.comments.services import comment_approve

    post = make_post("Threads")
    post_comment(post)
    parent = Comment.objects.get()
    comment_approve(comment=parent, moderator=editor)
    post_comment(post, body="I disagree.", parent=str(parent.pk))
    reply = Comment.objects.latest("id")
    assert (reply.parent, reply.depth, reply.status) == (parent, 1, Comment.Status.APPROVED)
    html = client.get(post.get_absolute_url()).content.decode()
    parent_at = html.index(f'id="comment-{parent.pk}"')
    children_at = html.index('<ol class="children">', parent_at)
    assert html.index(f'id="comment-{reply.pk}"') > children_at


def test_markdown_subset_and_link_rel(make_post, post_comment, editor):
    post = make_post("Markdown")
    post_comment(post, body="*Yes* [src](https://example.org) <script>x()</script>\n\n# Big")
    html = Comment.objects.get().body_html
    assert "<em>Yes</em>" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "<script" not in html and "<h1>" not in html


def test_subscription_is_recorded_when_asked(make_post, post_comment):
    post = make_post("Follow")
    post_comment(post, notify="on")
    assert Subscription.objects.get().email == "guest@example.org"


def test_preview_shows_the_rendered_comment_and_saves_nothing(make_post, post_comment):
    post = make_post("Preview")
    response = post_comment(post, body="Looks **bold**.", preview="1")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="comment-preview"' in page and "<strong>bold</strong>" in page
    assert "Looks **bold**." in page  # still in the textarea, ready to send
    assert not Comment.objects.exists()


def test_remembered_details_fill_the_next_form_and_can_be_forgotten(
    client, make_post, post_comment
):
    post = make_post("Remember")
    response = post_comment(
        post, name="Ann", email="ann@example.org", url="https://ann.example", remember="on"
    )
    assert "samizdat_commenter" in response.cookies
    form = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Ann"' in form and 'value="ann@example.org"' in form
    post_comment(post, name="Ann", email="ann@example.org", body="Another, not remembered.")
    form = client.get(post.get_absolute_url()).content.decode()
    assert 'value="ann@example.org"' not in form


def test_post_without_comments_section_for_drafts(client, make_post, editor):
    from samizdat.posts.models import Status

    draft = make_post("Unfinished", status=Status.DRAFT)
    response = client.post(f"/comments/post/{draft.pk}/", {"body": "x"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_post_page_with_a_hundred_threaded_comments_takes_few_queries(
    client, make_post, django_assert_max_num_queries
):
    post = make_post("Popular")
    parents = []
    for i in range(100):
        parent = parents[i // 3] if i >= 3 else None
        parents.append(
            Comment.objects.create(
                post=post,
                parent=parent,
                depth=(parent.depth + 1) if parent else 0,
                author_name=f"R{i}",
                body_source="x",
                body_html="<p>x</p>",
                status="approved",
            )
        )
    client.get(post.get_absolute_url())
    with django_assert_max_num_queries(10):
        page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="comment ') == 100
