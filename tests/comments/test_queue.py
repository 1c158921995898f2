"""The moderation queue as a moderator uses it: real HTTP, real forms, no JavaScript."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samizdat.comments.models import Comment, DiscussionSettings
from samizdat.comments.services import comment_body_render
from samizdat.spamfilter.services import spam_stats

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/moderation/"


@pytest.fixture
def post(make_post):
    return make_post("Open thread")


@pytest.fixture
def make_comment(post):
    """A comment row as comment_submit would leave it; `minutes_ago` sets its time."""

    def make(body="A thoughtful remark.", *, status="pending", minutes_ago=0, **fields):
        fields.setdefault("post", post)
        fields.setdefault("author_name", "Guest Reader")
        fields.setdefault("author_email", "guest@example.org")
        if status == "pending":
            fields.setdefault("moderation_reasons", ["first comment from this author"])
        return Comment.objects.create(
            body_source=body,
            body_html=comment_body_render(body),
            status=status,
            created_at=timezone.now() - timedelta(minutes=minutes_ago),
            **fields,
        )

    return make


@pytest.fixture
def moderator_client(client, editor):
    client.force_login(editor)
    return client


def act(client, action, *ids, next=QUEUE, **extra):
    return client.post(
        QUEUE, {"action": action, "ids": [str(i) for i in ids], "next": next, **extra}
    )


def status_of(comment) -> str:
    comment.refresh_from_db()
    return comment.status


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ── what the queue shows ─────────────────────────────────────────────────────────────────


def test_editor_sees_pending_comments_first_oldest_first_with_counts_and_reasons(
    moderator_client, make_comment
):
    newer = make_comment("The newer question.", minutes_ago=5)
    older = make_comment("The older question.", minutes_ago=90)
    make_comment("Already fine.", status="approved")
    make_comment(
        "Cheap pills.",
        status="spam",
        moderation_reasons=["the spam filter scored it 0.97"],
        spam_score=0.97,
        spam_reasons=["link to pills.example (seen in 9 spam, 0 ham)"],
    )
    make_comment("Rubbish.", status="trash")

    page = moderator_client.get(reverse("admin:comments_moderation")).content.decode()

    for tab, count in [("Pending", 2), ("Approved", 1), ("Spam", 1), ("Trash", 1), ("All", 5)]:
        assert f'{tab} <span class="count">({count})</span>' in page
    assert '<a href="/admin/comments/comment/moderation/" aria-current="page">Pending' in page
    assert page.index("The older question.") < page.index("The newer question.")
    assert "Already fine." not in page and "Cheap pills." not in page
    assert "Held because: first comment from this author." in page
    assert f'id="queue-{older.pk}"' in page and f'id="queue-{newer.pk}"' in page
    assert "Spam filter: still learning" in page


def test_spam_tab_shows_the_filter_score_and_its_reasons(moderator_client, make_comment):
    make_comment(
        "Cheap pills.",
        status="spam",
        moderation_reasons=["the spam filter scored it 0.97"],
        spam_score=0.97,
        spam_reasons=["link to pills.example (seen in 9 spam, 0 ham)"],
    )

    page = moderator_client.get(QUEUE, {"status": "spam"}).content.decode()

    assert "Cheap pills." in page
    assert "Marked as spam because: the spam filter scored it 0.97." in page
    assert "Spam filter score <strong>0.97</strong>" in page
    assert "link to pills.example (seen in 9 spam, 0 ham)" in page
    assert '<button type="submit" name="action" value="notspam"' in page


def test_each_row_shows_author_details_post_and_parent(moderator_client, make_comment, post):
    parent = make_comment("First!", status="approved", author_name="Parent Person")
    reply = make_comment(
        "Second.",
        parent=parent,
        depth=1,
        author_url="https://reader.example/",
        ip_address="203.0.113.9",
    )

    page = moderator_client.get(QUEUE).content.decode()
    row = page[page.index(f'id="queue-{reply.pk}"') :]

    assert "guest@example.org" in row
    assert 'href="https://reader.example/" rel="nofollow noopener noreferrer"' in row
    assert "203.0.113.9" in row
    parent_link = f'<a href="{post.get_absolute_url()}#comment-{parent.pk}">Parent Person</a>'
    assert f"in reply to {parent_link}" in row
    assert f'<a href="{post.get_absolute_url()}">Open thread</a>' in row
    assert "<p>Second.</p>" in row  # the rendered body


def test_every_control_works_without_javascript(moderator_client, make_comment):
    comment = make_comment()

    page = moderator_client.get(QUEUE).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", page.split("</head>", 1)[1])
    assert not re.search(r"\son[a-z]+=", page)  # no inline handlers
    row = page[page.index(f'id="queue-{comment.pk}"') :]
    for action in ("approve", "spam", "trash"):
        assert f'<button type="submit" name="action" value="{action}"' in row
    assert "<summary>Edit</summary>" in row and "<summary>Approve and reply</summary>" in row
    assert f'name="ids" value="{comment.pk}" form="queue-bulk"' in row
    assert 'name="select_page"' in page


# ── acting on one row ────────────────────────────────────────────────────────────────────


def test_approve_returns_to_the_same_view_and_says_what_happened(moderator_client, make_comment):
    comment = make_comment()
    back = f"{QUEUE}?q=Guest&page=1"

    response = act(moderator_client, "approve", comment.pk, next=back)

    assert response.status_code == 302 and response["Location"] == back
    assert status_of(comment) == "approved"
    shown = moderator_client.get(back)
    assert messages_in(shown) == ["1 comment approved."]


def test_spam_trains_the_filter_and_not_spam_undoes_it(moderator_client, make_comment):
    comment = make_comment("Buy cheap pills at https://pills.example/")

    act(moderator_client, "spam", comment.pk)
    comment.refresh_from_db()
    assert (comment.status, comment.trained_as) == ("spam", "spam")
    assert spam_stats()["spam_documents"] == 1

    act(moderator_client, "notspam", comment.pk)
    comment.refresh_from_db()
    assert (comment.status, comment.trained_as) == ("approved", "ham")
    assert (spam_stats()["spam_documents"], spam_stats()["ham_documents"]) == (0, 1)


def test_trash_and_restore(moderator_client, make_comment):
    comment = make_comment()

    act(moderator_client, "trash", comment.pk)
    assert status_of(comment) == "trash"
    act(moderator_client, "restore", comment.pk)
    assert status_of(comment) == "pending"


def test_edit_in_place_rerenders_the_body(moderator_client, make_comment):
    comment = make_comment("Teh typo.")

    response = moderator_client.post(
        QUEUE,
        {
            "action": "edit",
            "comment": comment.pk,
            "next": QUEUE,
            "name": "Fixed Name",
            "email": "fixed@example.org",
            "url": "https://fixed.example/",
            "body": "*The* typo.",
        },
    )

    comment.refresh_from_db()
    assert response.status_code == 302
    assert (comment.author_name, comment.author_email, comment.author_url) == (
        "Fixed Name",
        "fixed@example.org",
        "https://fixed.example/",
    )
    assert comment.body_html.strip() == "<p><em>The</em> typo.</p>"
    assert comment.edited_at is not None
    assert comment.status == "pending"


def test_invalid_edit_comes_back_open_with_the_error_and_what_was_typed(
    moderator_client, make_comment
):
    """The queue is shown again with the filters it was sent from, so every form returns there."""
    comment = make_comment("Original.")

    response = moderator_client.post(
        QUEUE,
        {
            "action": "edit",
            "comment": comment.pk,
            "next": f"{QUEUE}?q=Guest",
            "name": "Typed Name",
            "email": "not-an-email",
            "url": "",
            "body": "Half-typed new text",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<details class="queue-edit" open>' in page
    assert 'value="Typed Name"' in page and ">Half-typed new text</textarea>" in page
    assert "Enter a valid email address." in page
    assert page.count('name="next" value="/admin/comments/comment/moderation/?q=Guest"') >= 3
    assert "The edit was not saved: please correct it below." in messages_in(response)
    comment.refresh_from_db()
    assert (comment.author_name, comment.body_source) == ("Guest Reader", "Original.")


def test_reply_in_place_approves_the_comment_and_publishes_the_reply(
    moderator_client, make_comment, editor, client
):
    comment = make_comment("Is this open source?")

    response = moderator_client.post(
        QUEUE,
        {
            "action": "reply",
            "comment": comment.pk,
            "next": QUEUE,
            "body": "Yes, *AGPL*.",
        },
    )

    reply = Comment.objects.get(parent=comment)
    assert response.status_code == 302
    assert status_of(comment) == "approved"
    assert (reply.status, reply.user, reply.depth) == ("approved", editor, 1)
    assert reply.body_html.strip() == "<p>Yes, <em>AGPL</em>.</p>"
    followed = moderator_client.get(QUEUE)
    assert f"#comment-{reply.pk}" in messages_in(followed)[0]


def test_empty_reply_is_refused_and_nothing_changes(moderator_client, make_comment):
    comment = make_comment()

    response = moderator_client.post(
        QUEUE,
        {
            "action": "reply",
            "comment": comment.pk,
            "next": QUEUE,
            "body": "  ",
        },
    )

    assert response.status_code == 200
    assert '<details class="queue-reply" open>' in response.content.decode()
    assert status_of(comment) == "pending"
    assert Comment.objects.count() == 1


# ── acting on many ───────────────────────────────────────────────────────────────────────


def test_bulk_action_changes_the_checked_comments_only(moderator_client, make_comment):
    first, second, untouched = make_comment("One."), make_comment("Two."), make_comment("Three.")

    response = act(moderator_client, "approve", first.pk, second.pk)

    assert [status_of(c) for c in (first, second, untouched)] == ["approved", "approved", "pending"]
    assert messages_in(moderator_client.get(response["Location"])) == ["2 comments approved."]


def test_bulk_spam_trains_the_filter_once_per_comment(moderator_client, make_comment):
    spams = [make_comment(f"Cheap pills number {n}.") for n in range(3)]

    act(moderator_client, "spam", *(c.pk for c in spams))

    assert spam_stats()["spam_documents"] == 3
    assert {c.trained_as for c in Comment.objects.all()} == {"spam"}


def test_select_all_on_this_page_acts_on_the_page_shown(moderator_client, make_comment):
    shown = [make_comment(f"Comment {n}.") for n in range(3)]
    arrived_later = make_comment("Not on the page the moderator saw.")

    moderator_client.post(
        QUEUE,
        {
            "action": "trash",
            "select_page": "1",
            "next": QUEUE,
            "page_ids": [str(c.pk) for c in shown],
        },
    )

    assert [status_of(c) for c in shown] == ["trash"] * 3
    assert status_of(arrived_later) == "pending"


def test_bulk_without_an_action_or_a_selection_changes_nothing(moderator_client, make_comment):
    comment = make_comment()

    no_action = act(moderator_client, "", comment.pk)
    no_selection = act(moderator_client, "approve")

    assert status_of(comment) == "pending"
    told = messages_in(moderator_client.get(no_action["Location"]))
    assert told == [
        "Choose an action and select comments first. No comments were changed.",
        "Select comments first. No comments were changed.",
    ]
    assert no_selection.status_code == 302


# ── filters, pages, queries ──────────────────────────────────────────────────────────────


def test_filter_by_post_and_search_by_text_and_ip(moderator_client, make_comment, make_post):
    other_post = make_post("Another thread")
    here = make_comment("About the first post.", ip_address="198.51.100.7")
    there = make_comment("About the second post.", post=other_post, author_name="Zed")

    by_post = moderator_client.get(QUEUE, {"post": other_post.pk}).content.decode()
    by_name = moderator_client.get(QUEUE, {"q": "zed"}).content.decode()
    by_ip = moderator_client.get(QUEUE, {"q": "198.51.100.7"}).content.decode()

    assert f'id="queue-{there.pk}"' in by_post and f'id="queue-{here.pk}"' not in by_post
    assert "Comments on <a" in by_post and "“Another thread”" in by_post
    assert f'id="queue-{there.pk}"' in by_name and f'id="queue-{here.pk}"' not in by_name
    assert f'id="queue-{here.pk}"' in by_ip and f'id="queue-{there.pk}"' not in by_ip


def test_all_tab_lists_pending_first_and_other_tabs_newest_first(moderator_client, make_comment):
    old_approved = make_comment("Old approved.", status="approved", minutes_ago=300)
    new_approved = make_comment("New approved.", status="approved", minutes_ago=1)
    pending = make_comment("Waiting.", minutes_ago=10)

    every = moderator_client.get(QUEUE, {"status": "all"}).content.decode()
    approved = moderator_client.get(QUEUE, {"status": "approved"}).content.decode()
    oldest = moderator_client.get(QUEUE, {"status": "approved", "order": "oldest"}).content.decode()

    def order(page, *comments):
        return sorted(comments, key=lambda c: page.index(f'id="queue-{c.pk}"'))

    assert order(every, old_approved, new_approved, pending)[0] == pending
    assert order(approved, old_approved, new_approved) == [new_approved, old_approved]
    assert order(oldest, old_approved, new_approved) == [old_approved, new_approved]


def test_filter_by_type(moderator_client, make_comment):
    comment = make_comment("A reader.")
    ping = make_comment("A pingback.", kind="pingback")
    note = make_comment("An editorial note.", kind="note")

    pings = moderator_client.get(QUEUE, {"kind": "pingback"}).content.decode()
    every = moderator_client.get(QUEUE).content.decode()

    assert f'id="queue-{ping.pk}"' in pings and f'id="queue-{comment.pk}"' not in pings
    assert f'id="queue-{note.pk}"' not in every  # notes are never public: not moderated here


def test_counts_follow_the_filters(moderator_client, make_comment, make_post):
    other_post = make_post("Another thread")
    make_comment("Here.")
    make_comment("There.", post=other_post)
    make_comment("There too.", post=other_post, status="approved")

    page = moderator_client.get(QUEUE, {"post": other_post.pk}).content.decode()

    assert 'Pending <span class="count">(1)</span>' in page
    assert 'All <span class="count">(2)</span>' in page


def test_pages_of_fifty_in_a_constant_number_of_queries(
    moderator_client, make_comment, make_post, django_assert_max_num_queries
):
    posts = [make_post(f"Thread {n}") for n in range(5)]
    parent = make_comment("Parent.", status="approved")
    for n in range(3):
        make_comment(f"Early {n}.", post=posts[n % 5], parent=parent, minutes_ago=200 - n)

    moderator_client.get(QUEUE)  # the session and the site settings' cache are warm from here

    def queries_for_first_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(QUEUE).status_code == 200
        return len(captured)

    few = queries_for_first_page()
    for n in range(60):
        make_comment(f"Later {n}.", post=posts[n % 5], parent=parent, ip_address="192.0.2.1")

    with django_assert_max_num_queries(few):
        first = moderator_client.get(QUEUE).content.decode()
    second = moderator_client.get(QUEUE, {"page": 2}).content.decode()
    assert first.count('class="queue-row ') == 50
    assert second.count('class="queue-row ') == 13
    assert "1–50 of 63" in first and "51–63 of 63" in second
    assert few <= 10, few


# ── who may ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("role", ["author", "contributor", "reader"])
def test_others_may_not_see_the_queue_or_moderate(role, request, client, make_comment):
    comment = make_comment()
    client.force_login(request.getfixturevalue(role))

    seen = client.get(QUEUE)
    acted = act(client, "approve", comment.pk)
    edited = client.post(
        QUEUE, {"action": "edit", "comment": comment.pk, "name": "X", "body": "Changed."}
    )

    if role == "reader":  # not staff: the admin sends them to its login page
        assert seen.status_code == acted.status_code == edited.status_code == 302
        assert "/admin/login/" in seen["Location"]
    else:
        assert seen.status_code == acted.status_code == edited.status_code == 403
    comment.refresh_from_db()
    assert (comment.status, comment.body_source) == ("pending", "A thoughtful remark.")


def test_administrator_may_moderate(client, administrator, make_comment):
    comment = make_comment()
    client.force_login(administrator)

    assert client.get(QUEUE).status_code == 200
    act(client, "approve", comment.pk)
    assert status_of(comment) == "approved"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/admin/comments/comment/moderation/",
        "https://evil.example/admin/comments/comment/moderation/?status=spam",
        "/admin/posts/post/",
        "javascript:alert(1)",
    ],
)
def test_next_cannot_send_the_moderator_elsewhere(target, moderator_client, make_comment):
    comment = make_comment()

    response = act(moderator_client, "approve", comment.pk, next=target)

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert status_of(comment) == "approved"


# ── around the queue: the raw list, the settings row ─────────────────────────────────────


def test_comment_list_links_to_the_queue_with_the_pending_count(moderator_client, make_comment):
    make_comment()
    make_comment(status="approved")

    page = moderator_client.get(reverse("admin:comments_comment_changelist")).content.decode()

    assert f'<a href="{QUEUE}">Moderation queue (1 pending)</a>' in page


def test_raw_list_actions_go_through_the_services(moderator_client, make_comment):
    comment = make_comment("Casino bonus.")

    moderator_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "spam", "_selected_action": [comment.pk]},
    )

    comment.refresh_from_db()
    assert (comment.status, comment.trained_as) == ("spam", "spam")


def test_raw_edit_rerenders_the_body(moderator_client, make_comment):
    comment = make_comment("Plain.")
    url = reverse("admin:comments_comment_change", args=[comment.pk])

    response = moderator_client.post(
        url,
        {
            "author_name": "Guest Reader",
            "author_email": "guest@example.org",
            "author_url": "",
            "body_source": "**Bold.**",
        },
    )

    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.body_html.strip() == "<p><strong>Bold.</strong></p>"


def test_discussion_settings_are_one_row_an_administrator_edits(client, administrator):
    client.force_login(administrator)

    opened = client.get(reverse("admin:comments_discussionsettings_changelist"))
    row = DiscussionSettings.objects.get()
    change = reverse("admin:comments_discussionsettings_change", args=[row.pk])
    form = {f.name: getattr(row, f.name) for f in DiscussionSettings._meta.fields if f.name != "id"}
    client.post(change, {**form, "max_links": 7})

    assert opened.status_code == 302 and opened["Location"] == change
    assert DiscussionSettings.load().max_links == 7  # the cached row was replaced
    assert client.get(reverse("admin:comments_discussionsettings_add")).status_code == 403
    delete = reverse("admin:comments_discussionsettings_delete", args=[row.pk])
    assert client.get(delete).status_code == 403


def test_editors_may_not_change_or_add_discussion_settings(client, editor):
    client.force_login(editor)

    added = client.post(reverse("admin:comments_discussionsettings_add"), {"max_links": 9})
    DiscussionSettings.load()
    changed = client.get(reverse("admin:comments_discussionsettings_changelist"))

    assert added.status_code == changed.status_code == 403
    assert DiscussionSettings.objects.get().max_links == 2
