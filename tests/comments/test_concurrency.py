"""Many readers commenting at once against a live server: nothing lost, nothing doubled."""

import re
import threading
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from samizdat.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)

THREADS, PER_THREAD = 8, 25


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send_comments(base: str, post_path: str, post_id: int, thread: int, accepted: list) -> None:
    opener = urllib.request.build_opener(NoRedirect)
    opener.addheaders = [("Origin", base)]  # as a browser sends with a form's POST
    for n in range(PER_THREAD):
        # each comment from its own page, as a reader writes it: a stamp is used once
        page = opener.open(base + post_path, timeout=30).read().decode()
        stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
        body = f"Comment {n} from reader {thread}."
        data = urllib.parse.urlencode(
            {
                "name": f"Reader {thread}",
                "email": f"reader{thread}@example.org",
                "body": body,
                "stamp": stamp,
                "parent": "",
            }
        ).encode()
        try:
            opener.open(base + f"/comments/post/{post_id}/", data, timeout=60)
        except urllib.error.HTTPError as answer:
            if answer.code == 302:
                comment_id = int(answer.headers["Location"].rsplit("#comment-", 1)[1])
                accepted.append((comment_id, body))


def test_two_hundred_comments_from_eight_threads_are_all_kept_exactly_once(
    live_server, make_post, settings
):
    settings.SAMIZDAT_COMMENTS_RATE_LIMIT = "off"
    post = make_post("Linked from everywhere")
    accepted: list[tuple[int, str]] = []
    threads = [
        threading.Thread(
            target=send_comments,
            args=(live_server.url, post.get_absolute_url(), post.pk, t, accepted),
        )
        for t in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert len(accepted) == THREADS * PER_THREAD
    stored = dict(Comment.objects.filter(post=post).values_list("pk", "body_source"))
    assert all(stored.get(pk) == body for pk, body in accepted)
    assert Counter(stored.values()).most_common(1)[0][1] == 1  # no body stored twice
    assert len(stored) == len(accepted)
