"""image_validate: every refusal says plainly what is wrong, before any pixel is decoded."""

import pytest
from django.core.exceptions import ValidationError

from samizdat.media.services import image_upload, image_validate

from .pictures import camera_exif, encoded, picture, png_bomb, upload


def refusal(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        image_validate(upload(data, name))
    [message] = caught.value.messages
    return message


def test_a_valid_image_is_described_as_it_will_be_stored():
    facts = image_validate(upload(encoded(picture(1200, 800), exif=camera_exif(orientation=6))))

    assert (facts.format, facts.width, facts.height) == ("JPEG", 800, 1200)


def test_text_named_like_a_photo_is_not_an_image():
    assert refusal(b"Dear diary, today I uploaded a text file.") == (
        "This file is not an image samizdat can read (JPEG, PNG, GIF or WebP)."
    )


def test_a_truncated_jpeg_is_not_an_image():
    """The header alone is fine; decoding finds the damage."""
    whole = encoded(picture(800, 600))

    assert refusal(whole[: len(whole) // 2]).startswith("This file is not an image")


def test_a_png_with_a_broken_checksum_is_not_an_image():
    data = bytearray(encoded(picture(200, 100), "PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk

    assert refusal(bytes(data), "photo.png").startswith("This file is not an image")


@pytest.mark.parametrize(
    ("image_format", "name"), [("TIFF", "TIFF"), ("BMP", "BMP")], ids=["tiff", "bmp"]
)
def test_a_format_samizdat_does_not_take_is_named(image_format, name):
    data = encoded(picture(200, 100), image_format)

    assert refusal(data, "scan.tif") == (
        f"This is a {name} file; samizdat accepts JPEG, PNG, GIF or WebP images."
    )


def test_a_file_over_the_byte_limit_is_refused_with_both_sizes(settings):
    settings.SAMIZDAT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

    message = refusal(b"\xff\xd8" + b"\x00" * (31 * 1024 * 1024 + 220 * 1024))

    assert message == "The file is 31.2 MB; the limit is 20 MB."


def test_pixel_count_is_checked_against_the_setting_from_the_header(settings):
    """A small PNG that declares 100 megapixels is refused without being decoded."""
    settings.SAMIZDAT_MAX_IMAGE_PIXELS = 25_000_000
    bomb = png_bomb(10_000, 10_000)
    assert len(bomb) < 100_000

    assert refusal(bomb, "bomb.png") == (
        "The image is 10,000 \N{MULTIPLICATION SIGN} 10,000 pixels (100 megapixels); "
        "the limit is 25 megapixels."
    )


def test_pillows_own_decompression_bomb_error_becomes_the_same_refusal():
    """Past twice Pillow's own limit, Pillow refuses to open the file at all."""
    message = refusal(png_bomb(20_000, 20_000), "bomb.png")

    assert message.startswith("The image is over ")
    assert message.endswith("; the limit is 50 megapixels.")


def test_image_upload_checks_too(author, settings, media_root):
    """The service does not trust its callers to have validated."""
    settings.SAMIZDAT_MAX_IMAGE_PIXELS = 10_000

    with pytest.raises(ValidationError, match="the limit is 10,000 pixels"):
        image_upload(uploaded_file=upload(encoded(picture(200, 100))), user=author)

    assert not media_root.exists() or not any(media_root.rglob("*.*"))
