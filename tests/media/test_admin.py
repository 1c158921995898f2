"""The media library through the real admin, signed in as people with roles."""

from django.test import Client
from django.urls import reverse

from samizdat.media.models import Image
from samizdat.media.services import image_upload

from .pictures import camera_exif, encoded, picture, png_bomb, stored_files, upload

ADD_URL = "admin:media_image_add"


def post_upload(client: Client, data: bytes, name: str = "photo.jpg", **texts):
    fields = {"alt": "", "caption": "", "credit": "", **texts}
    return client.post(reverse(ADD_URL), {"file": upload(data, name), **fields, "_save": "Save"})


def assert_refused(response, message: str, media_root) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_text_named_photo_jpg_is_refused_on_the_form_with_the_texts_kept(author_client, media_root):
    """Nothing is stored, the reason is on the page, and the caption need not be retyped."""
    response = post_upload(
        author_client, b"not a picture at all", caption="Harbour at dawn", credit="Ann"
    )

    assert_refused(
        response,
        "This file is not an image samizdat can read (JPEG, PNG, GIF or WebP).",
        media_root,
    )
    page = response.content.decode()
    assert 'value="Harbour at dawn"' in page
    assert 'value="Ann"' in page


def test_an_oversized_upload_is_refused_on_the_form(author_client, media_root, settings):
    settings.SAMIZDAT_MAX_UPLOAD_BYTES = 10 * 1024
    data = encoded(picture(1600, 1200), quality=100)
    assert len(data) > 10 * 1024

    response = post_upload(author_client, data, caption="Too big")

    assert_refused(response, "; the limit is 10 KB.", media_root)
    assert 'value="Too big"' in response.content.decode()


def test_a_pixel_bomb_is_refused_on_the_form(author_client, media_root, settings):
    """A 100-megapixel PNG of a few kilobytes is refused from its header."""
    settings.SAMIZDAT_MAX_IMAGE_PIXELS = 25_000_000

    response = post_upload(author_client, png_bomb(10_000, 10_000), "bomb.png")

    assert_refused(
        response,
        "The image is 10,000 \N{MULTIPLICATION SIGN} 10,000 pixels (100 megapixels); "
        "the limit is 25 megapixels.",
        media_root,
    )


def test_a_valid_upload_is_stored_with_renditions_and_without_location(
    author, author_client, media_root
):
    data = encoded(picture(2000, 1000), exif=camera_exif())

    response = post_upload(
        author_client, data, "Harbour.jpg", alt="Boats", caption="The harbour", credit="Ann"
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.alt, image.caption, image.credit) == ("Boats", "The harbour", "Ann")
    assert image.uploaded_by == author
    assert (image.width, image.height) == (2000, 1000)
    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    assert len(stored_files(media_root)) == 4
    assert all(b"Exif" not in path.read_bytes() for path in stored_files(media_root))


def test_a_contributor_cannot_reach_the_upload_form(contributor_client, media_root):
    assert contributor_client.get(reverse(ADD_URL)).status_code == 403
    assert post_upload(contributor_client, encoded(picture(300, 200))).status_code == 403
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_the_list_shows_the_480_rendition_as_thumbnail(author, author_client):
    image = image_upload(
        uploaded_file=upload(encoded(picture(1000, 500))), user=author, alt="Boats"
    )

    response = author_client.get(reverse("admin:media_image_changelist"), {"q": "boats"})

    assert response.status_code == 200
    page = response.content.decode()
    assert image.renditions[0]["name"] in page
    assert "1000 \N{MULTIPLICATION SIGN} 500" in page


def test_editing_changes_the_texts_but_never_the_file(author, author_client, media_root):
    """On an existing image the file is shown, not offered for replacement."""
    image = image_upload(uploaded_file=upload(encoded(picture(300, 200))), user=author)
    url = reverse("admin:media_image_change", args=[image.pk])

    page = author_client.get(url).content.decode()
    assert 'type="file"' not in page
    assert f"media:{image.pk}" in page

    response = author_client.post(
        url,
        {"file": upload(encoded(picture(50, 50)), "other.jpg"), "alt": "New alt",
         "caption": "New caption", "credit": "", "_save": "Save"},
    )  # fmt: skip

    assert response.status_code == 302
    edited = Image.objects.get()
    assert (edited.alt, edited.caption, edited.file.name) == (
        "New alt", "New caption", image.file.name,
    )  # fmt: skip
    assert len(stored_files(media_root)) == 1


def test_deleting_in_the_admin_removes_the_files(
    author, editor_client, media_root, django_capture_on_commit_callbacks
):
    image = image_upload(uploaded_file=upload(encoded(picture(1000, 500))), user=author)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_the_bulk_delete_action_removes_the_files(
    author, editor_client, media_root, django_capture_on_commit_callbacks
):
    images = [
        image_upload(uploaded_file=upload(encoded(picture(600, 300))), user=author)
        for _ in range(2)
    ]
    assert len(stored_files(media_root)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:media_image_changelist"),
            {"action": "delete_selected", "_selected_action": [i.pk for i in images],
             "post": "yes"},
        )  # fmt: skip

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_author_is_not_offered_deletion(author, author_client):
    image = image_upload(uploaded_file=upload(encoded(picture(300, 200))), user=author)

    response = author_client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_upload_form_says_what_it_takes(author_client):
    page = author_client.get(reverse(ADD_URL)).content.decode()

    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in page
    assert "Location and camera details are removed on upload." in page


def test_a_new_caption_reaches_the_posts_and_pages_that_show_the_image(
    author, editor, author_client, make_post, client
):
    from samizdat.posts.models import Page, Status
    from samizdat.posts.services import page_save

    image = image_upload(
        uploaded_file=upload(encoded(picture(300, 200))), user=author,
        alt="Old alt", caption="Old caption", credit="Reuters",
    )  # fmt: skip
    post = make_post("Pictured", body=f"Before.\n\n![](media:{image.pk})\n\nAfter.")
    page = page_save(
        page=Page(title="About", body_source=f"![](media:{image.pk})", status=Status.PUBLISHED),
        user=editor,
    )
    other = make_post("Another image", body=f"![](media:{image.pk}0)")
    other_html = other.body_html
    assert "Old caption" in client.get(post.get_absolute_url()).content.decode()

    response = author_client.post(
        reverse("admin:media_image_change", args=[image.pk]),
        {"alt": "New alt", "caption": "New caption", "credit": "AP", "_save": "Save"},
    )

    assert response.status_code == 302
    for url in (post.get_absolute_url(), page.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "New caption" in html and 'alt="New alt"' in html and "AP" in html
        assert "Old caption" not in html
    other.refresh_from_db()
    assert other.body_html == other_html  # media:{id}0 is another image


def test_deleting_an_image_takes_it_out_of_the_bodies_that_showed_it(
    author, editor, client, make_post
):
    """The deleted file no longer appears in the stored body of any post that showed it."""
    image = image_upload(
        uploaded_file=upload(encoded(picture(300, 200))), user=author, caption="Harbour"
    )
    post = make_post("Pictured", body=f"Before.\n\n![](media:{image.pk})\n\nAfter.")
    assert image.file.name in post.body_html
    editor_client = Client()
    editor_client.force_login(editor)

    response = editor_client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 302 and not Image.objects.exists()
    post.refresh_from_db()
    assert image.file.name not in post.body_html and "Harbour" not in post.body_html
    html = client.get(post.get_absolute_url()).content.decode()
    assert image.file.name not in html and "Before." in html and "After." in html


def test_an_author_cannot_rewrite_what_is_said_about_someone_elses_image(
    author, editor, author_client, editor_client
):
    """Issue 19: an Author could change the alt, caption and credit of anyone's image."""
    import pytest
    from django.core.exceptions import PermissionDenied

    from samizdat.media.services import image_update

    theirs = image_upload(
        uploaded_file=upload(encoded(picture(300, 200))), user=editor, caption="The editor's"
    )
    url = reverse("admin:media_image_change", args=[theirs.pk])
    answer = author_client.post(
        url, {"alt": "Defaced", "caption": "Defaced", "credit": "", "_save": "Save"}
    )
    assert answer.status_code in (302, 403)
    assert Image.objects.get(pk=theirs.pk).caption == "The editor's"
    with pytest.raises(PermissionDenied):
        image_update(image=theirs, user=author, alt="x", caption="Defaced", credit="")
    assert Image.objects.get(pk=theirs.pk).caption == "The editor's"

    own = image_upload(uploaded_file=upload(encoded(picture(300, 200))), user=author)
    image_update(image=own, user=author, alt="Mine", caption="Mine", credit="")
    image_update(image=theirs, user=editor, alt="Fixed", caption="Fixed", credit="")
    assert Image.objects.get(pk=theirs.pk).caption == "Fixed"
