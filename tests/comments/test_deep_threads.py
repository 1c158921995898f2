"""However deep a thread, its post page renders; an import nests no deeper than the form
lets readers (issue 19: 3,000 chained replies made the post page fail with RecursionError)."""

from datetime import UTC, datetime

import pytest

from samizdat.comments.models import Comment
from samizdat.comments.services import ImportedComment, comments_import

pytestmark = pytest.mark.django_db


def test_a_chain_of_three_thousand_replies_renders(client, make_post, discussion):
    discussion(thread_depth=5000)  # as an administrator may set it
    post = make_post("Deep")
    parent = None
    for depth in range(3000):
        parent = Comment.objects.create(
            post=post, parent=parent, depth=depth, author_name=f"R{depth}",
            body_source="x", body_html="<p>x</p>", status=Comment.Status.APPROVED,
        )  # fmt: skip
    answer = client.get(post.get_absolute_url())
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.count('class="comment depth-') == 3000
    assert html.count('<ol class="children">') == html.count("</ol></li>") == 2999
    assert 'class="comment depth-3000"' in html


def imported(number: int, parent: int | None) -> ImportedComment:
    return ImportedComment(
        legacy_id=number, parent_legacy_id=parent, kind="comment", status="approved",
        author_name=f"Writer {number}", author_email="", author_url="", user=None,
        body_html=f"<p>{number}</p>", body_source=str(number),
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
    )  # fmt: skip


@pytest.mark.parametrize(("setting", "deepest"), [(5, 9), (20, 19)])
def test_an_imported_chain_nests_no_deeper_than_the_form_allows(
    make_post, discussion, setting, deepest
):
    """As deep as the thread-depth setting, or as WordPress's deepest (10 levels), whichever
    is more: every real WordPress thread comes as it was, a crafted one is flattened."""
    discussion(thread_depth=setting)
    post = make_post("Imported")
    chain = [imported(n, n - 1 if n > 1 else None) for n in range(1, 51)]
    # given deepest first, as an export in any order may
    saved = comments_import(post=post, comments=list(reversed(chain)))
    assert len(saved) == 50
    depths = {number: comment.depth for number, comment in saved.items()}
    assert [depths[n] for n in range(1, deepest + 2)] == list(range(deepest + 1))
    assert max(depths.values()) == deepest == depths[50]
    assert saved[50].parent_id == saved[deepest].pk  # attached at the deepest allowed level
    stored = dict(Comment.objects.filter(post=post).values_list("pk", "depth"))
    assert max(stored.values()) == deepest


def test_a_second_import_continues_a_saved_thread_within_the_depth(make_post, discussion):
    post = make_post("Twice")
    chain = [imported(n, n - 1 if n > 1 else None) for n in range(1, 13)]
    first = comments_import(post=post, comments=chain[:10])
    more = comments_import(post=post, comments=chain[10:], saved=first)
    assert (first[10].depth, more[11].depth, more[12].depth) == (9, 9, 9)
    assert more[12].parent_id == first[9].pk
