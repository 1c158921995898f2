"""Commenting in a real browser, with JavaScript off and on: a guest comments and replies,
sees their held comment that nobody else sees, and an editor approves it from the queue."""

import re

import pytest
from django.urls import reverse

from samizdat.comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_and_send(page, body: str, *, name="Guest Reader", email="guest@example.org") -> None:
    form = page.locator("#commentform")
    if form.locator("input[name=name]").count():
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=email]").fill(email)
    form.locator("textarea[name=body]").fill(body)
    page.wait_for_timeout(100)
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_guest_comment_held_then_approved_and_a_nested_reply(
    live_server, browser, make_post, editor, artifacts, javascript, discussion
):
    discussion(min_seconds=0)  # a test types faster than a person
    post = make_post("Talk to us", body="Tell us what you think.")
    url = live_server.url + post.get_absolute_url()

    def context():
        return browser.new_context(java_script_enabled=javascript)

    guest, stranger, staff = context(), context(), context()
    writer = guest.new_page()
    writer.goto(url)
    assert writer.locator("#reply-title").inner_text().startswith("Leave a Reply")
    assert "Fill in your details below" in writer.locator(".comment-notes").inner_text()
    fill_and_send(writer, "My first thought on this.")
    held = Comment.objects.get()
    assert writer.url.endswith(f"#comment-{held.pk}")
    mine = writer.locator(f"#comment-{held.pk}")
    assert "Your comment is awaiting moderation." in mine.inner_text()

    other = stranger.new_page()
    other.goto(url)
    assert other.locator(f"#comment-{held.pk}").count() == 0

    moderator = staff.new_page()
    queue = reverse("admin:comments_moderation")
    moderator.goto(f"{live_server.url}/admin/login/?next={queue}")
    moderator.fill("#id_username", editor.username)
    moderator.fill("#id_password", f"pw-{editor.username}")
    moderator.get_by_role("button", name=re.compile("Log in", re.I)).click()
    moderator.wait_for_load_state()
    row = moderator.locator(f"#queue-{held.pk}")
    assert "first comment from this author" in row.inner_text()
    row.locator("button.queue-approve").click()
    moderator.wait_for_load_state()
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED

    other.reload()
    assert "My first thought on this." in other.locator(f"#comment-{held.pk}").inner_text()
    assert "One thought on “Talk to us”" in other.locator(".comments-title").inner_text()

    writer.goto(url)
    writer.locator(f"#comment-{held.pk} .comment-reply-link").click()
    writer.wait_for_load_state()
    if javascript:  # the form moved under the comment, no reload
        assert writer.locator(f"#comment-{held.pk} > #respond").count() == 1
    else:
        assert f"replytocom={held.pk}" in writer.url
    assert writer.locator("input[name=parent]").input_value() == str(held.pk)
    fill_and_send(writer, "And a second thought, in reply.")
    reply = Comment.objects.latest("id")
    assert (reply.parent_id, reply.status) == (held.pk, Comment.Status.APPROVED)
    other.reload()
    nested = other.locator(f"#comment-{held.pk} ol.children #comment-{reply.pk}")
    assert "And a second thought, in reply." in nested.inner_text()
    other.screenshot(
        path=artifacts / f"comments-{'js' if javascript else 'no-js'}.png", full_page=True
    )
    for c in (guest, stranger, staff):
        c.close()


def test_starting_on_the_form_swaps_the_pages_stamp_for_the_readers_own(
    live_server, browser, make_post, discussion
):
    """The page may be a stored copy made for another reader: the form's script fetches a
    stamp of this reader's own when they start writing, and the comment goes through with it."""
    discussion(min_seconds=0, hold_first_comment=False)
    post = make_post("Stamped for you", body="Tell us.")
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    stamp = page.locator("#id_stamp")
    from_page = stamp.input_value()
    with page.expect_response(lambda r: "/comments/stamp/" in r.url) as renewed:
        page.locator("textarea[name=body]").focus()
    assert renewed.value.status == 200
    page.wait_for_function(
        "old => document.getElementById('id_stamp').value !== old", arg=from_page
    )
    fill_and_send(page, "With my own stamp.")
    assert Comment.objects.get().status == Comment.Status.APPROVED
    context.close()
