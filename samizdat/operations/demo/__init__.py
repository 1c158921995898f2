"""Demo content for a first run: a few posts in our own words, an image, an About page.

Everything goes through the same services an author's work does.
"""

from datetime import timedelta
from importlib.resources import files

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from samizdat.accounts.roles import Role, user_set_role
from samizdat.operations.demo.picture import embankment_jpeg
from samizdat.posts.models import Category, Page, Post, Status
from samizdat.posts.services import category_save, page_save, post_save, tags_from_names

# (file, title, days ago, categories, tags, sticky)
POSTS = [
    ("welcome.md", "Welcome to samizdat", 6, ["Site News"], ["samizdat", "getting started"], True),
    (
        "budget.md",
        "Reading the Budget Line by Line",
        4,
        ["Politics"],
        ["budget", "transparency"],
        False,
    ),
    ("notes.md", "A Note on Footnotes and Tables", 2, ["Notes"], [], False),
    (
        "kitchen-table.md",
        "Sanctions, Seen From a Kitchen Table",
        1,
        ["In the News", "Politics", "Politics/Russia"],
        ["sanctions", "economy", "prices"],
        False,
    ),
]


def _text(name: str) -> str:
    return files("samizdat.operations.demo").joinpath("content", name).read_text(encoding="utf-8")


def _category(path: str) -> Category:
    parent = None
    for name in path.split("/"):
        found = Category.objects.filter(name=name, parent=parent).first()
        parent = found or category_save(category=Category(name=name, parent=parent))
    return parent


def _writer():
    users = get_user_model().objects
    writer = users.filter(username="marta").first()
    if writer is None:
        writer = users.create_user("marta", display_name="Marta Kowalska", email="", password=None)
        user_set_role(user=writer, role=Role.EDITOR)
    return writer


@transaction.atomic
def demo_install(*, author=None) -> bool:
    """Fill an empty site with demo content; returns False (and does nothing) otherwise."""
    if Post.objects.exists() or Page.objects.exists():
        return False
    from samizdat.media.services import image_upload

    writer = _writer()
    owner = author or writer
    image = image_upload(
        uploaded_file=SimpleUploadedFile("embankment.jpg", embankment_jpeg(), "image/jpeg"),
        user=writer,
        alt="A river embankment at dusk: a low skyline, street lamps and a pale sun.",
        caption="The embankment at dusk, an hour before the shops close.",
        credit="illustration for samizdat's demo",
    )
    now = timezone.now()
    for name, title, days_ago, categories, tags, sticky in POSTS:
        post = Post(
            title=title,
            body_source=_text(name).replace("{image}", f"media:{image.pk}"),
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=days_ago, hours=3),
            sticky=sticky,
            author=writer,
        )
        post_save(
            post=post,
            user=writer,
            categories=[_category(c) for c in categories],
            tags=tags_from_names(tags),
        )
    about = page_save(
        page=Page(title="About", body_source=_text("about.md"), status=Status.PUBLISHED), user=owner
    )
    page_save(
        page=Page(
            title="Colophon",
            parent=about,
            body_source=_text("colophon.md"),
            status=Status.PUBLISHED,
            show_in_menu=False,
        ),
        user=owner,
    )
    return True


__all__ = ["demo_install"]
