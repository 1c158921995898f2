"""What an author does in the studio, in Chromium with the site's Content-Security-Policy, at
desktop width (1280 px) and on a phone (390 px): write with the toolbar and shortcuts, drop an
image and caption it, watch the live preview, get autosaved text back after a reload, be
warned before leaving unsaved text, schedule a post, preview a change to a published post,
share a preview link, and meet a conflict from a second tab. No script error and no policy
violation anywhere."""

import base64
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import ExifTags
from PIL import Image as Pillow

from samizdat.core.models import SiteSettings, site_settings_changed
from samizdat.media.models import Image
from samizdat.posts.models import Post, Status
from tests.media.pictures import camera_exif, encoded, picture

from .browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
widths = pytest.mark.parametrize("width", list(WIDTHS))

DROP = """([name, type, b64]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type }));
  const target = document.querySelector(".cm-content");
  const box = target.getBoundingClientRect();
  const at = { bubbles: true, cancelable: true, dataTransfer: data,
               clientX: box.left + 20, clientY: box.bottom - 10 };
  target.dispatchEvent(new DragEvent("dragover", at));
  target.dispatchEvent(new DragEvent("drop", at));
}"""


def editor_text(page) -> str:
    return page.evaluate("document.getElementById('id_body_source').value")


def type_in_editor(page, text: str) -> None:
    page.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def show_preview(page, width: str):
    """The live preview: beside the text on a desktop, behind its tab on a phone."""
    if width == "phone":
        page.get_by_role("tab", name="Preview").click()
    return page.locator("#live-preview")


def back_to_writing(page, width: str) -> None:
    if width == "phone":
        page.get_by_role("tab", name="Write").click()


def anonymous(path: str) -> str:
    """The page as a reader without an account gets it (Django's client, the same database)."""
    return Client().get(path).content.decode()


@widths
def test_author_writes_with_the_toolbar_and_shortcuts_and_sees_the_live_preview(
    studio, live_server, author, artifacts, width
):
    tab = studio(author, width=width)
    page = tab.open("/studio/posts/new/")
    page.fill("#id_title", "A day at the market")
    assert "/a-day-at-the-market/" in page.locator("#permalink").inner_text()

    type_in_editor(page, "Prices rose ")
    page.keyboard.press("Control+b")
    page.keyboard.type("again")
    page.keyboard.press("End")
    page.keyboard.type(" today.\n\nQuiet")
    page.keyboard.press("Shift+Home")
    page.get_by_role("button", name="Italic").click()
    page.keyboard.press("End")
    page.keyboard.type("\n\nStalls")
    page.get_by_role("button", name="Heading").click()
    page.keyboard.press("End")
    page.keyboard.type("\n\nthe report")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")
    page.keyboard.type("https://example.org/report")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nNothing lasts")
    page.get_by_role("button", name="Quote").click()
    page.keyboard.press("End")
    page.keyboard.type("\n\n- eggs\nmilk")

    assert editor_text(page) == (
        "Prices rose **again** today.\n\n*Quiet*\n\n## Stalls\n\n"
        "[the report](https://example.org/report)\n\n> Nothing lasts\n\n- eggs\n- milk"
    )
    assert page.locator("#word-count").inner_text() == "12"

    preview = show_preview(page, width)
    preview.locator("li", has_text="milk").wait_for()
    assert preview.locator("strong").inner_text() == "again"
    assert preview.locator("em").inner_text() == "Quiet"
    assert preview.locator("h2").inner_text() == "Stalls"
    assert preview.locator("a").get_attribute("href") == "https://example.org/report"
    assert preview.locator("blockquote").inner_text() == "Nothing lasts"
    page.screenshot(path=artifacts / f"studio-editor-{width}.png")
    back_to_writing(page, width)

    page.locator(".cm-content").click()
    page.keyboard.press("Control+s")
    page.locator("#save-state", has_text="Draft saved.").wait_for()
    post = Post.objects.get()
    assert (post.title, post.status) == ("A day at the market", Status.DRAFT)
    assert "<strong>again</strong>" in post.body_html
    assert tab.violations(page) == []


@widths
def test_author_drops_an_image_and_gives_it_alt_text_and_a_caption(
    studio, live_server, author, width
):
    tab = studio(author, width=width)
    page = tab.open("/studio/posts/new/")
    page.fill("#id_title", "Apples")
    type_in_editor(page, "At the stall:")

    photo = encoded(picture(1200, 800), "JPEG", exif=camera_exif())
    page.evaluate(DROP, ["apples.jpg", "image/jpeg", base64.b64encode(photo).decode()])
    dialog = page.locator("#image-dialog")
    dialog.wait_for()
    assert page.locator("#upload-bar").evaluate("bar => bar.value") == 100
    page.fill("#image-alt", "Red apples piled on a stall")
    page.fill("#image-caption", "Market day")
    dialog.get_by_role("button", name="Insert").click()
    page.locator("#save-state", has_text="inserted with its caption").wait_for()

    image = Image.objects.get()
    assert f"![Red apples piled on a stall](media:{image.pk})" in editor_text(page)
    assert (image.alt, image.caption) == ("Red apples piled on a stall", "Market day")
    with Pillow.open(image.file.path) as stored:
        assert ExifTags.IFD.GPSInfo not in stored.getexif()  # where it was taken: gone
    preview = show_preview(page, width)
    preview.locator("figcaption", has_text="Market day").wait_for()
    assert preview.locator("figure img").get_attribute("alt") == "Red apples piled on a stall"
    back_to_writing(page, width)

    # A file the library refuses: a clear reason, nothing inserted.
    page.evaluate(DROP, ["notes.pdf", "application/pdf", base64.b64encode(b"%PDF-1.7\n").decode()])
    error = page.locator("#upload-error")
    error.wait_for()
    assert error.inner_text() == (
        "notes.pdf was not uploaded: This is a PDF file; samizdat accepts JPEG, PNG, GIF or "
        "WebP images."
    )
    assert Image.objects.count() == 1
    assert "notes.pdf" not in editor_text(page)
    assert tab.violations(page) == []


@widths
def test_a_reload_mid_edit_offers_the_autosaved_text_back(
    studio, live_server, author, make_post, width
):
    post = make_post("Half written", by=author, status=Status.DRAFT, body="First lines.")
    tab = studio(author, width=width)
    page = tab.open(f"/studio/posts/{post.pk}/")
    type_in_editor(page, " Then the rest, typed and not saved.")
    page.locator("#id_title").click()  # leaving the text autosaves it
    page.locator("#save-state", has_text="Autosaved at").wait_for()
    post.refresh_from_db()
    assert post.body_source == "First lines."  # the live post is untouched

    page.once("dialog", lambda dialog: dialog.accept())  # "leave the page?" — yes
    page.reload()
    offer = page.locator("#autosave-offer")
    offer.wait_for()
    assert "was never saved" in offer.inner_text()
    assert editor_text(page) == "First lines."
    page.get_by_role("link", name="Restore it").click()
    page.locator(".cm-content").wait_for()
    assert editor_text(page) == "First lines. Then the rest, typed and not saved."
    assert "The autosaved text is back in the editor" in page.locator(".messages").inner_text()
    assert tab.violations(page) == []


@widths
def test_leaving_with_unsaved_changes_asks_first(studio, live_server, author, width):
    tab = studio(author, width=width)
    page = tab.open("/studio/posts/new/")
    page.fill("#id_title", "Unfinished")
    type_in_editor(page, "Words I would hate to lose.")
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert "/studio/posts/" in page.url
    assert "Words I would hate to lose." in editor_text(page)

    page.locator(".cm-content").click()
    page.keyboard.press("Control+s")
    page.locator("#save-state", has_text="Draft saved.").wait_for()
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_url(live_server.url + "/studio/")
    assert asked == ["beforeunload"]  # saved: left without asking
    assert "Unfinished" in page.locator("main").inner_text()
    assert tab.violations(page) == []


@widths
def test_scheduling_for_tomorrow_keeps_the_post_off_the_home_page_and_feed(
    studio, live_server, author, width
):
    SiteSettings.objects.update_or_create(pk=1, defaults={"time_zone": "Europe/Berlin"})
    site_settings_changed()
    tab = studio(author, width=width)
    page = tab.open("/studio/posts/new/")
    page.fill("#id_title", "Tomorrow's budget")
    type_in_editor(page, "Embargoed until the minister speaks.")
    page.get_by_label("At a set time").check()
    assert page.locator("#publish-button").inner_text() == "Schedule"
    assert "(Europe/Berlin)" in page.locator("#publish-at-field").inner_text()

    # No time yet: refused, nothing published or scheduled (an autosave may have made the
    # draft), the text kept.
    page.locator("#publish-button").click()
    page.locator("#publish-at-error").wait_for()
    assert (
        page.locator("#publish-at-error").inner_text() == "Choose when a scheduled post goes out."
    )
    assert not Post.objects.exclude(status=Status.DRAFT).exists()
    assert "Embargoed until the minister speaks." in editor_text(page)

    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1), SiteSettings.load().zone())
    page.get_by_label("At a set time").check()
    page.fill("#id_publish_at", f"{tomorrow:%Y-%m-%dT09:30}")
    said = f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B %Y} at 09:30 (Europe/Berlin)"
    assert page.locator("#goes-out").inner_text() == f"Goes out on {said}."
    page.locator("#publish-button").click()
    page.locator(".messages", has_text="Scheduled").wait_for()
    assert page.locator(".messages").inner_text() == f"Scheduled: the post goes out on {said}."
    assert page.locator("#status-text").inner_text() == f"Scheduled: goes out on {said}"

    post = Post.objects.get()
    assert post.status == Status.SCHEDULED
    assert "Tomorrow" not in anonymous("/")
    assert "Tomorrow" not in anonymous("/feed/")
    assert Client().get(f"/?p={post.pk}").status_code == 404
    assert tab.violations(page) == []


@widths
def test_a_change_to_a_published_post_is_previewed_while_readers_get_the_old_text(
    studio, live_server, author, make_post, width
):
    post = make_post("Live report", by=author, body="The old text.")
    tab = studio(author, width=width)
    page = tab.open(f"/studio/posts/{post.pk}/")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("The new text.")
    page.get_by_role("button", name="Save changes").click()
    page.locator(".messages", has_text="Readers see the published post").wait_for()
    assert "changes that readers do not see yet" in page.locator("main").inner_text()

    with page.expect_popup() as opened:
        page.get_by_role("button", name="Preview changes").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "The new text." in preview.locator(".entry-content").inner_text()
    assert "until you press Update" in preview.locator(".preview-notice").inner_text()

    reader = anonymous(post.get_absolute_url())
    assert "The old text." in reader and "The new text." not in reader
    assert "The new text." not in anonymous("/feed/")

    page.get_by_role("button", name="Update", exact=True).click()
    page.locator(".messages", has_text="Updated").wait_for()
    assert "The new text." in anonymous(post.get_absolute_url())
    assert tab.violations(page) == [] and tab.violations(preview) == []


@widths
def test_a_shared_preview_link_opens_for_someone_signed_out(
    studio, live_server, author, make_post, width
):
    post = make_post("Draft for review", by=author, status=Status.DRAFT, body="Read *this* first.")
    tab = studio(author, width=width)
    page = tab.open(f"/studio/posts/{post.pk}/")
    page.locator("#share summary").click()
    page.get_by_role("button", name="Make a preview link").click()
    page.locator(".messages", has_text="Preview link made").wait_for()
    url = page.locator(".share-url").input_value()
    assert url.startswith(settings.SAMIZDAT_SITE_URL + "/preview/")
    path = url.removeprefix(settings.SAMIZDAT_SITE_URL)

    outsider = studio(None, width=width)
    shared = outsider.open(path)
    assert shared.locator("h1.entry-title").inner_text() == "Draft for review"
    assert shared.locator(".entry-content em").inner_text() == "this"
    assert "shared with you" in shared.locator(".preview-notice").inner_text()

    page.get_by_role("button", name="Revoke preview link 1").click()
    page.locator(".messages", has_text="revoked").wait_for()
    assert outsider.open(path).locator("h1").inner_text() == "Nothing here"
    assert Client().get(path).status_code == 404
    assert tab.violations(page) == [] and outsider.violations(shared) == []


@widths
def test_saving_over_a_second_tab_shows_a_conflict_with_both_versions(
    studio, live_server, author, make_post, width
):
    post = make_post("Two tabs", by=author, status=Status.DRAFT, body="Start.")
    tab = studio(author, width=width)
    first = tab.open(f"/studio/posts/{post.pk}/")
    second = tab.open(f"/studio/posts/{post.pk}/")

    type_in_editor(first, " From the first tab.")
    first.keyboard.press("Control+s")
    first.locator("#save-state", has_text="Draft saved.").wait_for()

    type_in_editor(second, " From the second tab.")
    second.keyboard.press("Control+s")
    conflict = second.locator("#conflict")
    conflict.wait_for()
    assert (
        "Start. From the first tab."
        in conflict.locator("section", has_text="Their version").inner_text()
    )
    assert (
        "Start. From the second tab."
        in conflict.locator("section", has_text="Your version").inner_text()
    )
    post.refresh_from_db()
    assert post.body_source == "Start. From the first tab."  # nothing overwritten

    second.get_by_role("button", name="Keep my version").click()
    second.locator(".messages", has_text="Draft saved.").wait_for()
    post.refresh_from_db()
    assert post.body_source == "Start. From the second tab."
    assert tab.violations(first) == [] and tab.violations(second) == []


@widths
def test_without_javascript_the_editor_is_a_plain_form_that_works(
    studio, live_server, author, width
):
    tab = studio(author, width=width, javascript=False)
    page = tab.open("/studio/posts/new/")
    assert page.locator("textarea#id_body_source").is_visible()
    assert page.locator(".toolbar").is_hidden()
    page.fill("#id_title", "Plain and simple")
    page.fill("#id_body_source", "Typed in a *textarea*.")
    page.fill("#id_tags", "plain, simple")
    page.get_by_role("button", name="Save draft").click()
    page.locator(".messages", has_text="Draft saved.").wait_for()
    post = Post.objects.get()
    assert post.status == Status.DRAFT
    assert sorted(t.name for t in post.tags.all()) == ["plain", "simple"]

    page.get_by_role("button", name="Publish").click()
    page.locator(".messages", has_text="Published.").wait_for()
    post.refresh_from_db()
    assert post.is_public
    assert "<em>textarea</em>" in anonymous(post.get_absolute_url())


@widths
def test_an_editor_moderates_waiting_comments_from_the_dashboard(
    studio, live_server, editor, make_post, width
):
    from samizdat.comments.models import Comment

    post = make_post("Open thread")
    waiting = Comment.objects.create(
        post=post, author_name="Rita Reader", body_source="First!", body_html="<p>First!</p>"
    )
    tab = studio(editor, width=width)
    page = tab.open("/studio/")
    card = page.locator("section", has_text="Comments waiting")
    assert "Rita Reader" in card.inner_text()
    card.get_by_role("button", name="Approve the comment by Rita Reader").click()
    page.locator(".messages", has_text="Approved the comment by Rita Reader.").wait_for()
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert "First!" in anonymous(post.get_absolute_url())
    assert tab.violations(page) == []


@widths
def test_slash_commands_tag_suggestions_inline_categories_and_the_featured_image(
    studio, live_server, editor, make_post, width
):
    from samizdat.media.services import image_upload
    from samizdat.posts.services import tags_from_names
    from tests.media.pictures import upload

    tags_from_names(["economy", "ecology"])
    cover = image_upload(uploaded_file=upload(encoded(picture(800, 500))), user=editor, alt="Cover")
    tab = studio(editor, width=width)
    page = tab.open("/studio/posts/new/")
    page.fill("#id_title", "Commands")

    type_in_editor(page, "A claim.")
    page.keyboard.type("\n\n/quo")
    page.locator(".cm-tooltip-autocomplete li", has_text="/quote").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nSee the note")
    page.keyboard.press("End")
    page.keyboard.type("\n\n/footnote")
    page.locator(".cm-tooltip-autocomplete li", has_text="/footnote").click()
    page.keyboard.type("The source.")
    assert editor_text(page) == (
        "A claim.\n\n> The words quoted.\n>\n> — Who said them\n\nSee the note\n\n[^1]\n\n"
        "[^1]: The source."
    )

    page.locator("summary", has_text="Tags").scroll_into_view_if_needed()
    page.fill("#id_tags", "eco")
    page.get_by_role("option", name="ecology").click()
    assert page.locator("#id_tags").input_value() == "ecology, "

    page.fill("#id_new_category", "Field notes")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Field notes").wait_for()
    assert page.get_by_label("Field notes").is_checked()

    page.locator("summary", has_text="Featured image").click()
    page.get_by_role("button", name="Choose from the library").click()
    page.get_by_role("button", name=f"Image {cover.pk}: Cover").click()
    assert page.locator("#id_featured_image").input_value() == str(cover.pk)

    page.locator("#save-button").click()
    page.locator(".messages", has_text="Draft saved.").wait_for()
    post = Post.objects.get()
    assert [t.name for t in post.tags.all()] == ["ecology"]
    assert [c.name for c in post.categories.all()] == ["Field notes"]
    assert post.featured_image == cover
    assert '<footer class="quote-source">' in post.body_html and "footnotes" in post.body_html
    assert tab.violations(page) == []
