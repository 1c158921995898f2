"""Posts announce their changes to the apps above them (federation, webmention), inside the
write's transaction, saying where the write came from."""

import pytest

from samizdat.posts.models import Status
from samizdat.posts.services import post_delete, post_save
from samizdat.posts.signals import post_changed, post_deleted


@pytest.fixture
def heard():
    calls = []

    def listen(signal, sender, **kwargs):
        calls.append((signal, {**kwargs, "pk": kwargs["post"].pk}))  # the id while it has one

    post_changed.connect(listen, dispatch_uid="test-heard")
    post_deleted.connect(listen, dispatch_uid="test-heard")
    yield calls
    post_changed.disconnect(dispatch_uid="test-heard")
    post_deleted.disconnect(dispatch_uid="test-heard")


def test_publishing_a_draft_is_announced_as_becoming_public(make_post, editor, heard):
    post = make_post(status=Status.DRAFT)
    post.status = Status.PUBLISHED
    post_save(post=post, user=editor)

    draft, published = [kwargs for _, kwargs in heard]
    assert (draft["was_public"], draft["is_public"], draft["origin"]) == (False, False, "")
    assert (published["was_public"], published["is_public"]) == (False, True)
    assert published["pk"] == post.pk


def test_an_import_says_so_and_a_deletion_is_announced(make_post, editor, heard):
    post = make_post()
    pk = post.pk
    post.title = "Changed by an import"
    post_save(post=post, user=editor, origin="import")
    post_delete(post=post, user=editor)

    (_, _created), (_, imported), (signal, deleted) = heard
    assert imported["origin"] == "import" and imported["was_public"] and imported["is_public"]
    assert signal is post_deleted and deleted["was_public"] and deleted["pk"] == pk
