"""Files that cannot be imported: a clear message with line and column, exit status 1, and
nothing half-imported — an import is one transaction, all or nothing."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samizdat.comments.models import Comment
from samizdat.importers.models import ImportedItem
from samizdat.posts.models import Category, Post, Redirect, Tag
from tests.importers.wxr import C, I, export

pytestmark = pytest.mark.django_db

GOOD = export(I(1, slug="one", comments=[C(3)]), I(2, slug="two"), categories=[("c", "C", "")])


def _nothing_written() -> bool:
    return not any(
        m.objects.exists() for m in (Post, Comment, Category, Tag, Redirect, ImportedItem)
    )


def _import(tmp_path, content: bytes | str, administrator, **options):
    path = tmp_path / "export.xml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    call_command("import-wordpress", str(path), "--as", administrator.username, **options)


def test_a_truncated_file_names_the_line_and_column_and_writes_nothing(tmp_path, administrator):
    cut = GOOD[: GOOD.index("<title>A post</title>", GOOD.index("<item>") + 10) + 20]
    with pytest.raises(CommandError) as error:
        _import(tmp_path, cut, administrator)
    message = str(error.value)
    assert "malformed XML" in message and "line " in message and "column " in message
    assert "Nothing was imported" in message
    assert _nothing_written()


def test_the_wrong_encoding_is_named(tmp_path, administrator):
    latin = GOOD.replace("Some text.", "Café crème.").encode("latin-1")
    with pytest.raises(CommandError, match=r"line \d+, column \d+: .*encoding"):
        _import(tmp_path, latin, administrator)
    assert _nothing_written()


def test_a_declared_encoding_other_than_utf8_is_fine(import_wxr, tmp_path):
    text = GOOD.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(
        "Some text.", "Café crème."
    )
    path = tmp_path / "latin.xml"
    path.write_bytes(text.encode("latin-1"))
    import_wxr(path)
    assert "Café crème." in Post.objects.get(slug="one").body_html


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title>'
            "<item><title>x</title></item></channel></rss>",
            "no <wp:wxr_version>",
        ),
        ("<!DOCTYPE html><html><body><p>Not found</p></body></html>", "DOCTYPE"),
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "<feed>, not <rss>"),
        ("", "empty"),
        ("just some text", "malformed XML"),
    ],
)
def test_files_that_are_not_wordpress_exports_are_refused(
    tmp_path, administrator, content, expected
):
    with pytest.raises(CommandError, match=expected):
        _import(tmp_path, content, administrator)
    assert _nothing_written()


def test_entity_bombs_and_external_entities_are_refused_at_once(tmp_path, administrator):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">'
        + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
        + "]><rss><channel><title>&lol9;</title></channel></rss>"
    )
    started = time.monotonic()
    with pytest.raises(CommandError, match="DOCTYPE"):
        _import(tmp_path, bomb, administrator)
    assert time.monotonic() - started < 2
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><title>&x;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="DOCTYPE"):
        _import(tmp_path, xxe, administrator)


def test_an_undefined_entity_is_located(tmp_path, administrator):
    broken = GOOD.replace("<title>Old blog</title>", "<title>Old&nbsp;blog</title>")
    line = broken[: broken.index("&nbsp;")].count("\n") + 1
    with pytest.raises(CommandError, match=rf"line {line}, column \d+: .*nbsp"):
        _import(tmp_path, broken, administrator)


def test_a_missing_file_or_media_folder_is_a_clear_error(tmp_path, administrator):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import-wordpress", str(tmp_path / "nope.xml"))
    (tmp_path / "e.xml").write_text(GOOD)
    with pytest.raises(CommandError, match="no such folder"):
        call_command("import-wordpress", str(tmp_path / "e.xml"), media_dir=tmp_path / "none")


def test_a_failure_halfway_leaves_nothing_behind(import_wxr, monkeypatch):
    """All or nothing: the second post's save fails, the first post and every row go too."""
    from samizdat.importers.wordpress import items

    real, calls = items.post_save, []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(items, "post_save", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        import_wxr(GOOD)
    assert len(calls) == 2 and _nothing_written()


def test_only_editors_and_administrators_may_import(tmp_path, author):
    (tmp_path / "e.xml").write_text(GOOD)
    with pytest.raises(CommandError, match="may not import"):
        call_command("import-wordpress", str(tmp_path / "e.xml"), "--as", author.username)


@pytest.mark.parametrize("where", ["post", "comment"])
def test_content_nested_too_deep_is_refused_with_a_clear_message(tmp_path, administrator, where):
    """Issue 19: a 551 KB export with 50,000 levels of <div> took 63 s to import."""
    deep = "<div>" * 50_000 + "x" + "</div>" * 50_000
    if where == "post":
        content = export(I(1, slug="deep", content=deep))
    else:
        content = export(I(1, slug="deep", comments=[C(3, content=deep)]))
    with pytest.raises(CommandError) as error:
        _import(tmp_path, content, administrator)
    message = str(error.value)
    assert "more than 100 levels deep" in message and "Nothing was imported" in message
    assert ("Item 1" if where == "post" else "Comment 3") in message
    assert _nothing_written()
