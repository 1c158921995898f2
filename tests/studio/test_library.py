"""The studio's media library, pages and side endpoints through HTTP: uploads go through
media.services (re-encoded, refused files told why), the picker's JSON, tag suggestions,
categories made inline, and the page editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samizdat.media.models import Image
from samizdat.posts.models import Category, Page
from samizdat.posts.services import tags_from_names
from tests.media.pictures import camera_exif, encoded, picture, upload

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def test_an_upload_is_re_encoded_and_offered_to_the_editor(client, author):
    client.force_login(author)
    photo = encoded(picture(1200, 800), "JPEG", exif=camera_exif())
    response = client.post(
        "/studio/media/upload/", {"file": upload(photo), "alt": "A field"}, headers=JSON
    )
    assert response.status_code == 201
    data = response.json()["image"]
    image = Image.objects.get()
    assert data["markdown"] == f"![A field](media:{image.pk})"
    assert data["thumbnail"].endswith("-480w.jpg")
    assert b"Samizdat Phone" not in image.file.read()  # the camera's EXIF is gone

    listed = client.get("/studio/media/?format=json").json()
    assert [i["id"] for i in listed["images"]] == [image.pk] and listed["next"] is None


def test_a_refused_file_is_told_why_with_and_without_javascript(client, author):
    client.force_login(author)
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    response = client.post("/studio/media/upload/", {"file": pdf}, headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "notes.pdf was not uploaded: This is a PDF file; samizdat accepts JPEG, PNG, GIF or "
        "WebP images."
    )
    pdf.seek(0)
    page = client.post("/studio/media/upload/", {"file": pdf}, follow=True).content.decode()
    assert "notes.pdf was not uploaded: This is a PDF file" in page
    assert not Image.objects.exists()


def test_describing_an_image_renders_the_posts_showing_it_again(client, editor, make_post):
    client.force_login(editor)
    client.post("/studio/media/upload/", {"file": upload(encoded(picture(300, 200)))}, headers=JSON)
    image = Image.objects.get()
    post = make_post("Pictured", body=f"![](media:{image.pk})")
    response = client.post(
        f"/studio/media/{image.pk}/", {"alt": "Dusk", "caption": "The river"}, headers=JSON
    )
    assert response.json()["image"]["caption"] == "The river"
    post.refresh_from_db()
    assert "<figcaption>The river</figcaption>" in post.body_html


def test_tag_suggestions_start_with_what_was_typed(client, author):
    tags_from_names(["economy", "ecology", "prices", "socio-economics"])
    client.force_login(author)
    assert client.get("/studio/tags/?q=eco").json()["tags"] == [
        "ecology",
        "economy",
        "socio-economics",
    ]
    assert client.get("/studio/tags/?q=").json()["tags"] == []


def test_categories_are_made_inline_by_those_who_may(client, author, editor):
    client.force_login(author)
    refused = client.post("/studio/categories/", {"name": "Opinion"})
    assert refused.status_code == 403
    client.force_login(editor)
    made = client.post("/studio/categories/", {"name": "Opinion"})
    again = client.post("/studio/categories/", {"name": "opinion"})
    assert (made.status_code, again.status_code) == (201, 200)
    assert made.json()["id"] == again.json()["id"]
    assert Category.objects.filter(name="Opinion").count() == 1


def test_an_editor_writes_a_page_and_a_reserved_address_is_a_form_error(client, editor):
    client.force_login(editor)
    data = {
        "title": "About us",
        "slug": "",
        "body_format": "markdown",
        "body_source": "Who we *are*.",
        "status": "published",
        "menu_order": "0",
        "show_in_menu": "on",
    }
    response = client.post("/studio/pages/new/", data)
    page = Page.objects.get()
    assert response["Location"] == f"/studio/pages/{page.pk}/"
    assert "<em>are</em>" in client.get("/about-us/").content.decode()

    refused = client.post("/studio/pages/new/", {**data, "title": "Studio", "slug": "studio"})
    assert "is reserved for the site" in refused.content.decode()
    assert Page.objects.count() == 1
