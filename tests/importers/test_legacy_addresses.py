"""A site that moved here keeps its old query addresses (`/?p=`, `/?page_id=`, `/?cat=`,
`/?author=`, `/?attachment_id=`), answered from rows posts keeps; where the old numbers overlap
samizdat's own ids, the old links win and samizdat publishes no `?p=<id>` of its own."""

import pytest

from samizdat.posts.models import LegacyAddress, Post

from .wxr import SITE, I, export

pytestmark = pytest.mark.django_db


def test_old_numbers_that_overlap_our_own_ids_lead_to_the_imported_posts(
    client, make_post, import_wxr
):
    ours = [make_post(f"Our own {n}") for n in range(3)]
    overlapping = ours[1].pk
    import_wxr(
        export(
            I(overlapping, title="Imported over our id", slug="imported-over"),
            I(overlapping + 100, title="An old page", slug="old-page", type="page"),
        )
    )
    imported = Post.objects.get(slug="imported-over")
    assert imported.pk != overlapping

    # The old site's link lands on what it meant there …
    answer = client.get(f"/?p={overlapping}")
    assert answer.status_code == 301 and answer["Location"] == imported.get_absolute_url()
    assert client.get(f"/?page_id={overlapping + 100}")["Location"] == "/old-page/"
    # … and samizdat itself never hands out /?p=<id> for a public post.
    for feed in ("/feed/", "/feed/atom/", "/feed/json/"):
        body = client.get(feed).content.decode()
        assert "?p=" not in body, feed
        assert f":post-{ours[1].pk}" in body and f":post-{imported.pk}" in body
    assert client.get(ours[1].get_absolute_url()).status_code == 200


def test_a_draft_preview_by_our_own_id_still_wins_for_its_editor(
    client, make_post, editor, import_wxr
):
    draft = make_post("Half written", status="draft")
    import_wxr(export(I(draft.pk, title="Old post", slug="old-post")))
    client.force_login(editor)
    answer = client.get(f"/?p={draft.pk}")
    assert answer.status_code == 200 and "Half written" in answer.content.decode()


def test_categories_authors_and_attachments_keep_their_old_numbers(client, import_wxr):
    import_wxr(
        export(
            I(7, title="With a picture", slug="with-picture", categories=[("news", "News")]),
            I(8, type="attachment", parent=7, attachment_url=f"{SITE}/uploads/a.jpg"),
            I(9, type="attachment", attachment_url=f"{SITE}/uploads/alone.jpg"),
            categories=[("news", "News", "")],
        )
    )
    assert client.get("/?cat=100")["Location"] == "/category/news/"
    assert client.get("/?author=1")["Location"] == "/author/alice/"
    assert (
        client.get("/?attachment_id=8")["Location"]
        == Post.objects.get(slug="with-picture").get_absolute_url()
    )
    assert client.get("/?attachment_id=9")["Location"] == f"{SITE}/uploads/alone.jpg"
    assert client.get("/?p=8")["Location"].endswith("/with-picture/")
    assert set(LegacyAddress.objects.values_list("kind", "number")) >= {
        ("post", 7), ("attachment", 8), ("attachment", 9), ("category", 100), ("author", 1),
    }  # fmt: skip


def test_a_second_import_records_the_same_rows_again(import_wxr):
    document = export(I(7, slug="seven"), I(8, slug="eight", type="page"))
    import_wxr(document)
    before = set(LegacyAddress.objects.values_list("kind", "number", "post_id", "page_id"))
    import_wxr(document)
    assert set(LegacyAddress.objects.values_list("kind", "number", "post_id", "page_id")) == before
