"""Uploads are hostile until proven pictures: SVG and markup are refused whatever they are
called, a picture carrying a script keeps only its pixels, and the media folder is served so that
no file in it can ever act as a page of the site."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from samizdat.media.services import image_upload
from tests.media.pictures import encoded, picture, upload

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.domain)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


@pytest.fixture
def media_root(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def refusal(author, data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as refused:
        image_upload(uploaded_file=upload(data, name), user=author)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [SVG, b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a drawing -->\n' + SVG],
    ids=["svg", "svg-with-prolog"],
)
@pytest.mark.parametrize("name", ["drawing.svg", "photo.png", "photo.jpg"])
def test_svg_is_refused_whatever_it_is_called(author, data, name):
    assert refusal(author, data, name) == (
        "This is a SVG file; samizdat accepts JPEG, PNG, GIF or WebP images."
    )


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body>" + SCRIPT,
        b"GIF89a" + SCRIPT,  # a GIF's signature and nothing else of a GIF
        b"\x89PNG\r\n\x1a\n" + SCRIPT,
        b"%!PS-Adobe-3.0\n" + SCRIPT,
    ],
    ids=["html", "gif-signature", "png-signature", "postscript"],
)
def test_markup_named_as_a_picture_is_not_an_image(author, data):
    assert refusal(author, data, "photo.gif").startswith("This file is not an image")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "GIF", "WEBP"])
def test_a_picture_carrying_a_script_keeps_only_its_pixels(author, media_root, image_format):
    """A polyglot — a real picture with markup in a comment and after its end — is stored
    re-encoded: none of the markup reaches the media folder."""
    extra = {"JPEG": {"comment": SCRIPT}, "GIF": {"comment": SCRIPT}}.get(image_format, {})
    data = encoded(picture(1000, 600), image_format, **extra) + SCRIPT
    image = image_upload(uploaded_file=upload(data, "polyglot.jpg"), user=author)
    stored = [image.file.name, *(r["name"] for r in image.renditions)]
    assert len(stored) == 3  # the original and two renditions
    for name in stored:
        content = (media_root / name).read_bytes()
        assert b"<script" not in content and b"alert" not in content, name


@pytest.fixture
def media_file(media_root):
    def write(name: str, content: bytes):
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return f"/media/{name}"

    return write


def test_pictures_are_served_as_pictures_never_sniffed_and_sandboxed(author):
    image = image_upload(
        uploaded_file=ContentFile(encoded(picture(40, 30), "PNG"), name="p.png"), user=author
    )
    response = Client().get(image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert not response.get("Content-Disposition", "").startswith("attachment")


@pytest.mark.parametrize(
    "name", ["2026/11/page.html", "drawing.svg", "notes.txt", "noextension", "x.js"]
)
def test_anything_else_in_the_media_folder_is_a_sandboxed_download(media_file, name):
    """Whatever reaches the folder by other means (an old import, a hand copy) cannot run."""
    address = media_file(name, b"<html><script>alert(1)</script>" + SVG)
    response = Client().get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "address", ["/media/../secret_key", "/media/%2e%2e/secret_key", "/media//etc/passwd"]
)
def test_nothing_outside_the_media_folder_is_served(address, media_file, media_root):
    media_file("inside.png", b"x")
    (media_root.parent / "secret_key").write_text("the key")
    response = Client().get(address)
    assert response.status_code in (400, 404)
    assert b"the key" not in response.content and b"root:" not in response.content
