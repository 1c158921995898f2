"""Sending: a post that goes public tells every page it links to, through the worker, each on
a row with its outcome; an edit sends again (to links it removed as well), a deletion sends
again, an import sends nothing; a receiver that fails is tried again later, one that refuses
is not."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from samizdat.posts.models import Post, Status
from samizdat.posts.services import post_delete, post_save
from samizdat.webmention.models import Sending

pytestmark = pytest.mark.django_db(transaction=True)

SITE = settings.SAMIZDAT_SITE_URL  # the test settings: http://testserver


def run_worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def receiver(web, name: str, *, status: int = 202) -> str:
    """A page on another site that advertises its endpoint; returns the page's address."""
    web.page(f"/{name}/webmention", "Accepted", status=status, content_type="text/plain")
    return web.page(
        f"/{name}", "<p>A page.</p>", headers=[("Link", f"</{name}/webmention>; rel=webmention")]
    )


def posted(web) -> list[tuple[str, str, str]]:
    return [(r.path, r.form["source"], r.form["target"]) for r in web.received("POST")]


def edit(post: Post, editor, **fields) -> Post:
    for name, value in fields.items():
        setattr(post, name, value)
    return post_save(post=post, user=editor)


def test_a_published_post_notifies_each_page_it_links_to_once(web, loopback, make_post):
    one, two = receiver(web, "one"), receiver(web, "two")
    body = f"See [one]({one}), [two]({two}) and [one again]({one}#part). [Home](/about/)."
    post = make_post("Linking out", body=body)

    run_worker()

    source = SITE + post.get_absolute_url()
    assert sorted(posted(web)) == [
        ("/one/webmention", source, one),
        ("/two/webmention", source, two),
    ]
    rows = Sending.objects.order_by("target")
    assert [(r.state, r.response_status, r.announced) for r in rows] == [("sent", 202, True)] * 2


def test_drafts_and_imports_send_nothing(web, loopback, make_post, editor):
    page = receiver(web, "quiet")
    make_post("Draft", body=f"[x]({page})", status=Status.DRAFT)
    imported = Post(title="Old", body_source=f"[x]({page})", status=Status.PUBLISHED)
    post_save(post=imported, user=editor, origin="import")

    run_worker()

    assert not Sending.objects.exists() and not web.requests


def test_an_edit_sends_again_and_tells_a_page_whose_link_it_removed(
    web, loopback, make_post, editor
):
    kept, dropped = receiver(web, "kept"), receiver(web, "dropped")
    post = make_post("Edited", body=f"[a]({kept}) [b]({dropped})")
    run_worker()
    web.requests.clear()

    edit(post, editor, body_source=f"Only [a]({kept}) now.")
    run_worker()

    assert sorted(p for p, _, _ in posted(web)) == ["/dropped/webmention", "/kept/webmention"]
    assert not Sending.objects.get(target=dropped).linked
    web.requests.clear()
    edit(post, editor, title="Edited again")
    run_worker()
    assert [p for p, _, _ in posted(web)] == ["/kept/webmention"]  # told once is enough


def test_a_deleted_or_unpublished_post_sends_again_so_receivers_can_drop_it(
    web, loopback, make_post, editor
):
    page = receiver(web, "gone")
    post = make_post("Short-lived", body=f"[x]({page})")
    source = SITE + post.get_absolute_url()
    run_worker()
    edit(post, editor, status=Status.DRAFT)
    run_worker()
    edit(post, editor, status=Status.PUBLISHED)
    run_worker()
    web.requests.clear()

    post_delete(post=post, user=editor)
    run_worker()

    assert posted(web) == [("/gone/webmention", source, page)]
    row = Sending.objects.get()
    assert (row.post_id, row.linked, row.state) == (None, False, "sent")


def test_a_scheduled_post_is_announced_when_its_time_comes(web, loopback, make_post):
    page = receiver(web, "later")
    publish_at = timezone.now() + timedelta(days=1)
    post = make_post("Tomorrow", body=f"[x]({page})", published_at=publish_at)
    assert post.status == Status.SCHEDULED
    run_worker()
    assert not web.requests
    assert Sending.objects.get().due_at == publish_at

    # The day passes (moved, not waited for): the worker's housekeeping sends it.
    yesterday = timezone.now() - timedelta(minutes=1)
    Post.objects.filter(pk=post.pk).update(published_at=yesterday)
    Sending.objects.update(due_at=yesterday)
    run_worker()

    assert [p for p, _, _ in posted(web)] == ["/later/webmention"]


def test_a_failing_receiver_is_tried_again_later_and_a_refusing_one_is_not(
    web, loopback, make_post
):
    busy, refusing = receiver(web, "busy", status=503), receiver(web, "refusing", status=400)
    make_post("Unlucky", body=f"[a]({busy}) [b]({refusing})")

    run_worker()

    retry = Sending.objects.get(target=busy)
    assert (retry.state, retry.attempts) == ("queued", 1)
    assert retry.due_at > timezone.now() + timedelta(seconds=50)
    assert "503" in retry.result
    refused = Sending.objects.get(target=refusing)
    assert (refused.state, refused.attempts) == ("failed", 1) and "400" in refused.result

    web.page("/busy/webmention", "Accepted", status=202)
    Sending.objects.filter(pk=retry.pk).update(due_at=timezone.now())  # its pause is over
    run_worker()

    retry.refresh_from_db()
    assert (retry.state, retry.attempts) == ("sent", 2)
    assert len([p for p, _, _ in posted(web) if p == "/refusing/webmention"]) == 1


def test_a_page_without_an_endpoint_is_recorded_as_such(web, loopback, make_post):
    plain = web.page("/plain", "<p>No endpoint here.</p>")
    image = web.page("/picture.png", b"\x89PNG", content_type="image/png")
    make_post("Links", body=f"[a]({plain}) [b]({image})")

    run_worker()

    assert set(Sending.objects.values_list("state", flat=True)) == {"no-endpoint"}
    assert [r.method for r in web.requests if r.path == "/picture.png"] == ["HEAD"]


def test_an_edit_while_a_sending_is_under_way_is_sent_too(web, loopback, make_post, editor):
    from samizdat.webmention.services import sending_attempt

    page = receiver(web, "twice")
    post = make_post("Quick fix", body=f"[x]({page}) with a typo")
    in_flight = Sending.objects.get()  # a worker took it, then the author saved again
    edit(post, editor, body_source=f"[x]({page}), fixed")

    sending_attempt(sending=in_flight)  # its outcome must not mark the newer round done
    assert Sending.objects.get().state == "queued"
    run_worker()

    assert len(web.received("POST")) == 2
    assert Sending.objects.get().state == "sent"


def test_a_body_rendered_again_for_an_image_announces_nothing_new(web, loopback, make_post):
    from samizdat.webmention.services import sendings_for_post_change

    post = make_post("With a picture", body=f"[x]({receiver(web, 'rerender')})")
    run_worker()
    queued = sendings_for_post_change(post=post, was_public=True, is_public=True, origin="rerender")
    assert queued == 0 and Sending.objects.get().state == "sent"
