"""`media:<id>` in Markdown stands for the stored image, its renditions and its texts."""

from samizdat.core.markdown import render_markdown
from samizdat.media.references import SIZES, resolve_media_reference
from samizdat.media.services import image_upload

from .pictures import encoded, picture, upload


def test_a_reference_resolves_to_the_renditions_and_the_caption(author):
    image = image_upload(
        uploaded_file=upload(encoded(picture(2000, 1000)), "harbour.jpg"), user=author,
        alt="Boats at dawn", caption="The harbour", credit="Ann",
    )  # fmt: skip
    stem = image.file.name.removesuffix(".jpg")

    resolved = resolve_media_reference(f"media:{image.pk}")

    assert resolved is not None
    assert f"{stem}-480w.jpg 480w" in resolved.srcset
    assert f"{stem}-960w.jpg 960w" in resolved.srcset
    assert f"{stem}-1600w.jpg 1600w" in resolved.srcset
    assert resolved.srcset.endswith(f"{image.file.name} 2000w")
    assert resolved.src.endswith(image.file.name)
    assert (resolved.width, resolved.height, resolved.sizes) == (2000, 1000, SIZES)
    assert (resolved.alt, resolved.caption, resolved.credit) == (
        "Boats at dawn", "The harbour", "Ann",
    )  # fmt: skip


def test_a_referenced_image_renders_as_a_figure_with_srcset(author):
    image = image_upload(
        uploaded_file=upload(encoded(picture(1000, 500))), user=author,
        alt="Boats", caption="The harbour", credit="Ann",
    )  # fmt: skip

    html = render_markdown(f"![](media:{image.pk})", resolve_image=resolve_media_reference)

    assert "<figure>" in html
    assert "480w" in html
    assert 'alt="Boats"' in html
    assert "The harbour" in html and "Ann" in html


def test_an_unknown_or_malformed_reference_resolves_to_nothing(db):
    assert resolve_media_reference("media:999") is None
    assert resolve_media_reference("media:abc") is None
