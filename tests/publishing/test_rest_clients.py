"""Real WordPress REST clients — wpapi (npm) and wordpress-api (PyPI) — drive samizdat over
HTTP; what they wrote is then read back through the public site: page, feed and search."""

import feedparser
import pytest
import requests
from PIL import Image as Pillow
from wordpress import API

from samizdat.media.models import Image
from samizdat.posts.models import Post, Revision
from tests.media.pictures import camera_exif, encoded, picture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo(tmp_path):
    """A JPEG as a phone writes it, camera make and GPS position included."""
    path = tmp_path / "harbour.jpg"
    path.write_bytes(encoded(picture(1200, 800), exif=camera_exif()))
    return path


def test_wpapi_discovers_lists_creates_uploads_updates_and_deletes(
    site, author, app_password, node_client, photo, make_post
):
    make_post("Already here", by=author)
    result = node_client(
        "wpapi-session.js",
        site=site,
        username=author.username,
        password=app_password(author),
        image=str(photo),
    )
    assert result["endpoint"] == f"{site}/wp-json/"
    assert result["listed"] == ["Already here"] and result["total"] == 1
    assert result["created"]["status"] == "draft"
    assert result["updated"]["status"] == "publish"
    assert result["updated"]["title"] == "Written in wpapi, edited"
    assert result["media"]["mime_type"] == "image/jpeg"
    assert result["embeddedAuthor"] == author.public_name
    assert result["embeddedMedia"] == result["media"]["id"]
    assert result["deleted"] is True and result["afterDelete"] == "rest_post_invalid_id"

    post = Post.objects.get(pk=result["created"]["id"])
    assert post.tags.get().name == "Dispatches"
    assert post.revisions.count() == 2  # one per save, as in the admin
    # The upload went through media.services: re-encoded, the camera's metadata gone.
    image = Image.objects.get(pk=result["media"]["id"])
    with Pillow.open(image.file.path) as stored:
        assert not stored.getexif()
    assert image.alt == "The harbour at dawn"

    page = requests.get(result["updated"]["link"], timeout=10)
    assert page.status_code == 200
    assert "First words from <em>wpapi</em>." in page.text
    assert "alert(1)" not in page.text  # sanitised by the one sanitiser
    feed = feedparser.parse(requests.get(f"{site}/feed/", timeout=10).content)
    assert "Written in wpapi, edited" in [entry.title for entry in feed.entries]
    found = requests.get(f"{site}/?s=wpapi", timeout=10).text
    assert f'href="{post.get_absolute_url()}"' in found
    assert requests.get(result["doomedLink"], timeout=10).status_code == 404


def test_wordpress_api_client_lists_creates_updates_uploads_and_deletes(
    site, editor, app_password, photo
):
    wp = API(
        url=site,
        consumer_key="",
        consumer_secret="",
        api="wp-json",
        version="wp/v2",
        basic_auth=True,
        user_auth=True,
        wp_user=editor.username,
        wp_pass=app_password(editor),
        query_string_auth=False,
    )
    created = wp.post(
        "posts",
        {
            "title": "From wordpress-api",
            "content": "<p>Python.</p>",
            "status": "publish",
            "tags": [],
        },
    ).json()
    assert created["status"] == "publish"
    listing = wp.get("posts?per_page=1")
    assert listing.headers["X-WP-Total"] == "1"
    assert [p["id"] for p in listing.json()] == [created["id"]]

    wp.put(f"posts/{created['id']}", {"title": "From wordpress-api, again"})
    uploaded = wp.post(
        "media",
        photo.read_bytes(),
        headers={
            "Content-Type": "image/jpeg",
            "Content-Disposition": "attachment; filename=harbour.jpg",
        },
    ).json()
    assert uploaded["media_type"] == "image" and uploaded["source_url"].startswith(site)
    assert requests.get(uploaded["source_url"], timeout=10).status_code == 200

    post = Post.objects.get(pk=created["id"])
    assert post.title == "From wordpress-api, again"
    assert Revision.objects.filter(post=post).count() == 2
    page = requests.get(created["link"], timeout=10)
    assert "From wordpress-api, again" in page.text

    assert wp.delete(f"posts/{created['id']}?force=true").json()["deleted"] is True
    assert not Post.objects.filter(pk=created["id"]).exists()
    assert requests.get(created["link"], timeout=10).status_code == 404
