"""image_upload: what ends up in storage is clean, upright, and comes with renditions."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from PIL import Image as Pillow

from samizdat.media.models import Image
from samizdat.media.services import image_delete, image_upload

from .pictures import GPS_IFD, camera_exif, encoded, picture, srgb_profile, stored_files, upload


def stored(media_root: Path, name: str) -> bytes:
    return (media_root / name).read_bytes()


def all_names(image: Image) -> list[str]:
    return [image.file.name, *(r["name"] for r in image.renditions)]


@pytest.fixture
def photo_with_location() -> bytes:
    data = encoded(
        picture(2000, 1500), "JPEG", exif=camera_exif(), comment=b"taken at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret place</x:xmpmeta>',
    )  # fmt: skip
    with Pillow.open(io.BytesIO(data)) as check:  # the fixture means it
        assert check.getexif().get_ifd(GPS_IFD)
    return data


def test_location_and_all_exif_are_removed_from_the_original_and_every_rendition(
    author, media_root, photo_with_location
):
    """A phone photo's GPS position never reaches the server's disk, nor any other EXIF,
    XMP or comment: not in the stored original, not in any rendition."""
    image = image_upload(uploaded_file=upload(photo_with_location), user=author)

    assert len(image.renditions) == 3
    for name in all_names(image):
        raw = stored(media_root, name)
        assert b"Exif" not in raw
        assert b"xmpmeta" not in raw
        assert b"taken at home" not in raw
        with Pillow.open(media_root / name) as reopened:
            assert reopened.format == "JPEG"
            assert not reopened.getexif()
            assert not reopened.getexif().get_ifd(GPS_IFD)
            assert not {"exif", "xmp", "comment"} & set(reopened.info)


def test_exif_orientation_is_applied_before_the_metadata_goes(author, media_root):
    """A portrait photo stored sideways with Orientation=6 comes out upright."""
    data = encoded(picture(1200, 800), "JPEG", exif=camera_exif(orientation=6))

    image = image_upload(uploaded_file=upload(data), user=author)

    assert (image.width, image.height) == (800, 1200)
    with Pillow.open(media_root / image.file.name) as reopened:
        assert reopened.size == (800, 1200)
        assert not reopened.getexif()
    assert [(r["width"], r["height"]) for r in image.renditions] == [(480, 720)]


def test_the_colour_profile_is_the_one_thing_kept(author, media_root):
    """Colours depend on the ICC profile, so it survives in the original and renditions."""
    profile = srgb_profile()
    data = encoded(picture(1000, 600), "JPEG", icc_profile=profile, exif=camera_exif())

    image = image_upload(uploaded_file=upload(data), user=author)

    for name in all_names(image):
        with Pillow.open(media_root / name) as reopened:
            assert reopened.info.get("icc_profile") == profile


def test_a_wide_image_gets_renditions_at_480_960_and_1600_pixels(author, media_root):
    """Each rendition sits next to the original, named for its width, at that width."""
    data = encoded(picture(2000, 1000), "JPEG")

    image = image_upload(uploaded_file=upload(data, "Harbour.jpg"), user=author)

    assert (image.width, image.height) == (2000, 1000)
    assert [(r["width"], r["height"]) for r in image.renditions] == [
        (480, 240), (960, 480), (1600, 800),
    ]  # fmt: skip
    stem = image.file.name.removesuffix(".jpg")
    for rendition in image.renditions:
        assert rendition["name"] == f"{stem}-{rendition['width']}w.jpg"
        with Pillow.open(media_root / rendition["name"]) as reopened:
            assert reopened.size == (rendition["width"], rendition["height"])
    assert len(stored_files(media_root)) == 4


def test_no_rendition_is_wider_than_the_original(author, media_root):
    """An 800-pixel image gets only the 480 rendition; a 400-pixel one gets none."""
    medium = image_upload(uploaded_file=upload(encoded(picture(800, 600))), user=author)
    small = image_upload(uploaded_file=upload(encoded(picture(400, 300))), user=author)

    assert [r["width"] for r in medium.renditions] == [480]
    assert small.renditions == []


def test_the_stored_name_is_a_safe_slug_with_the_real_formats_extension(author):
    """The name comes from the uploaded one, slugified and without any folder; a PNG
    called .jpg is stored as what it is."""
    data = encoded(picture(300, 200), "PNG")

    image = image_upload(uploaded_file=upload(data, "../../Holiday Photo (1).jpg"), user=author)

    assert re.fullmatch(r"\d{4}/\d{2}/holiday-photo-1(_\w+)?\.png", image.file.name)


def test_a_name_with_nothing_usable_becomes_image(author):
    image = image_upload(uploaded_file=upload(encoded(picture(300, 200)), "....jpg"), user=author)

    assert re.fullmatch(r"\d{4}/\d{2}/image(_\w+)?\.jpg", image.file.name)


def test_png_text_exif_and_xmp_are_removed_but_transparency_stays(author, media_root):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "shot in my kitchen")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    data = encoded(picture(1000, 500, "RGBA"), "PNG", pnginfo=text, exif=camera_exif())

    image = image_upload(uploaded_file=upload(data, "logo.png"), user=author)

    for name in all_names(image):
        raw = stored(media_root, name)
        assert b"kitchen" not in raw
        assert b"xmpmeta" not in raw
        assert b"eXIf" not in raw
        with Pillow.open(media_root / name) as reopened:
            assert reopened.format == "PNG"
            assert reopened.mode == "RGBA"
            assert not reopened.getexif()


def test_webp_and_gif_are_stored_in_their_own_format_without_metadata(author, media_root):
    webp = encoded(picture(1000, 500), "WEBP", exif=camera_exif(), xmp=b"<x:xmpmeta/>")
    gif = encoded(picture(1000, 500, "L").convert("P"), "GIF", comment=b"made at home")

    webp_image = image_upload(uploaded_file=upload(webp, "a.webp"), user=author)
    gif_image = image_upload(uploaded_file=upload(gif, "b.gif"), user=author)

    for image, image_format in ((webp_image, "WEBP"), (gif_image, "GIF")):
        assert [r["width"] for r in image.renditions] == [480, 960]
        for name in all_names(image):
            raw = stored(media_root, name)
            assert b"Exif" not in raw and b"EXIF" not in raw
            assert b"xmpmeta" not in raw and b"made at home" not in raw
            with Pillow.open(media_root / name) as reopened:
                assert reopened.format == image_format


def test_the_uploader_and_the_texts_are_recorded(author):
    image = image_upload(
        uploaded_file=upload(encoded(picture(300, 200))), user=author,
        alt="Boats at dawn", caption="The harbour", credit="Ann",
    )  # fmt: skip

    image.refresh_from_db()
    assert (image.alt, image.caption, image.credit) == ("Boats at dawn", "The harbour", "Ann")
    assert image.uploaded_by == author


def test_a_contributor_may_not_upload(contributor, media_root):
    with pytest.raises(PermissionDenied):
        image_upload(uploaded_file=upload(encoded(picture(300, 200))), user=contributor)

    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_deleting_an_image_removes_its_files_once_committed(
    author, editor, media_root, django_capture_on_commit_callbacks
):
    image = image_upload(uploaded_file=upload(encoded(picture(1000, 500))), user=author)
    assert len(stored_files(media_root)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image, user=editor)

    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_author_may_not_delete_images(author, media_root):
    """Deleting may break other people's posts, so it is for editors."""
    image = image_upload(uploaded_file=upload(encoded(picture(300, 200))), user=author)

    with pytest.raises(PermissionDenied):
        image_delete(image=image, user=author)

    assert Image.objects.filter(pk=image.pk).exists()
    assert len(stored_files(media_root)) == 1


def test_a_phone_mpo_is_stored_as_a_plain_jpeg_of_its_first_frame(author, media_root):
    """Many phones write JPEGs with extra frames (MPO); only the main picture is kept."""
    first, second = picture(1000, 500), picture(1000, 500).rotate(180)
    data = encoded(first, "MPO", save_all=True, append_images=[second], exif=camera_exif())

    image = image_upload(uploaded_file=upload(data), user=author)

    assert image.file.name.endswith(".jpg")
    with Pillow.open(media_root / image.file.name) as reopened:
        assert reopened.format == "JPEG"
        assert getattr(reopened, "n_frames", 1) == 1
        assert not reopened.getexif()


def test_an_animated_gif_keeps_its_first_frame(author, media_root):
    frames = [picture(600, 300, "L").convert("P"), picture(600, 300, "L").rotate(180)]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    image = image_upload(uploaded_file=upload(data, "loop.gif"), user=author)

    with Pillow.open(media_root / image.file.name) as reopened:
        assert reopened.format == "GIF"
        assert reopened.size == (600, 300)
        assert getattr(reopened, "n_frames", 1) == 1
