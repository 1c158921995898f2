"""`samizdat backup` and `samizdat restore`, as an owner runs them: a site written to one file
comes back whole on another machine, on SQLite and on PostgreSQL; a restore never replaces a
site with content unless forced, and refuses a damaged or foreign archive without touching
anything."""

import io
import json
import tarfile
import textwrap

import pytest

from tests.durability.conftest import Site

VENDORS = pytest.mark.parametrize("make_site", ["sqlite", "postgresql"], indirect=True)

FILL = textwrap.dedent(
    """
    from samizdat.accounts.models import User
    from samizdat.comments.models import Comment
    from samizdat.comments.services import comment_approve, subscription_add
    from samizdat.operations.demo import demo_install
    from samizdat.posts.models import Post

    owner = User.objects.create_superuser("owner", password="owner-password")
    demo_install(author=owner)
    post = Post.objects.order_by("pk").first()
    comment = Comment.objects.create(
        post=post, author_name="Guest", author_email="guest@example.org",
        body_source="Kept through a restore", body_html="<p>Kept through a restore</p>",
        ip_address="203.0.113.9",
    )
    comment_approve(comment=comment, moderator=owner)
    subscription_add(post=post, email="guest@example.org")
    print("filled")
    """
)

FINGERPRINT = textwrap.dedent(
    """
    import hashlib, json
    from django.conf import settings
    from samizdat.accounts.avatars import avatar_url
    from samizdat.accounts.models import User
    from samizdat.comments.models import Comment, Subscription
    from samizdat.core.models import SiteSettings
    from samizdat.media.models import Image
    from samizdat.posts.models import Page, Post
    from samizdat.search.services import search_posts

    def digest(name):
        return hashlib.sha256((settings.MEDIA_ROOT / name).read_bytes()).hexdigest()

    print(json.dumps({
        "posts": sorted(Post.objects.values_list("title", "slug", "status", "body_html")),
        "pages": sorted(Page.objects.values_list("title", "path", "body_html")),
        "comments": sorted(
            (c.body_source, c.author_email, c.ip_address, c.status) for c in Comment.objects.all()
        ),
        "subscriptions": list(Subscription.objects.values_list("email", flat=True)),
        "images": sorted(
            (i.file.name, digest(i.file.name), [digest(r["name"]) for r in i.renditions])
            for i in Image.objects.all()
        ),
        "site": SiteSettings.load().title,
        "found": search_posts("budget").total,
        "owner_password": User.objects.get(username="owner").check_password("owner-password"),
        "picture": avatar_url(email="guest@example.org"),
        "theme": (settings.THEME_DIR / "templates" / "note.html").read_text(),
    }, default=str))
    """
)


def filled(site: Site) -> Site:
    site.run("migrate", "-v0")
    assert site.shell(FILL) == "filled"
    (site.data / "theme" / "templates").mkdir(parents=True)
    (site.data / "theme" / "templates" / "note.html").write_text("<p>our own template</p>")
    return site


def fingerprint(site: Site) -> dict:
    return json.loads(site.shell(FINGERPRINT))


@VENDORS
def test_a_backup_restores_whole_on_an_empty_site(make_site, tmp_path):
    original = filled(make_site("original"))
    before = fingerprint(original)
    assert before["comments"] and before["images"] and before["found"] >= 1

    archive = tmp_path / "site.tar.gz"
    written = original.run("backup", str(archive)).stdout
    assert "keep it as safe as the data folder" in written
    assert archive.stat().st_mode & 0o077 == 0  # it holds emails, IPs and the key

    copy = make_site("copy")  # a fresh machine: nothing migrated yet
    restored = copy.run("restore", str(archive)).stdout
    assert "Restart samizdat" in restored
    assert fingerprint(copy) == before
    assert (copy.data / "secret_key").read_text() == (original.data / "secret_key").read_text()
    assert (copy.data / "secret_key").stat().st_mode & 0o077 == 0
    # The restored site carries on: new rows get new ids (PostgreSQL's sequences came along).
    assert (
        copy.shell(
            "from samizdat.comments.models import Comment; c = Comment.objects.first(); "
            "c.pk = None; c.body_source = 'After the restore'; c.save(); print('saved')"
        )
        == "saved"
    )


@VENDORS
def test_a_site_with_content_is_replaced_only_with_force(make_site, tmp_path):
    original = filled(make_site("original"))
    archive = tmp_path / "site.tar"
    original.run("backup", str(archive))
    original.shell(
        "from samizdat.posts.models import Post; Post.objects.filter(slug='welcome-to-samizdat')"
        ".update(title='Changed after the backup'); print('changed')"
    )
    refused = original.run("restore", str(archive), check=False)
    assert refused.returncode == 1
    assert "This site is not empty" in refused.stderr and "--force" in refused.stderr
    assert "Changed after the backup" in json.dumps(fingerprint(original)["posts"])

    original.run("restore", str(archive), "--force")
    titles = json.dumps(fingerprint(original)["posts"])
    assert "Changed after the backup" not in titles and "Welcome to samizdat" in titles


def archive_with(tmp_path, manifest: dict, extra: dict[str, bytes] | None = None):
    path = tmp_path / "forged.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **(extra or {})}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def manifest(files=None, **database) -> dict:
    vendor = database.get("vendor", "sqlite")
    return {
        "format": "samizdat-backup",
        "version": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "database": {
            "vendor": vendor,
            "file": {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[vendor],
            "sha256": "0" * 64,
            "migrations": [],
            **database,
        },
        "counts": {"posts": 0, "pages": 0, "comments": 0},
        "files": {"media": 0, "theme": 0} if files is None else files,
    }


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        (lambda tmp: tmp / "nothing.tar", "no such file"),
        (
            lambda tmp: (tmp / "junk.tar").write_bytes(b"junk") and tmp / "junk.tar",
            "not a samizdat backup",
        ),
        (lambda tmp: archive_with(tmp, {"format": "other"}), "not a samizdat backup"),
        (
            lambda tmp: archive_with(tmp, manifest(vendor="postgresql")),
            "holds a postgresql database",
        ),
        (
            lambda tmp: archive_with(tmp, manifest(migrations=[["posts", "0999_future"]])),
            "made by a newer samizdat",
        ),
        (
            lambda tmp: archive_with(tmp, manifest(), {"../outside.txt": b"x"}),
            "unexpected entries",
        ),
        (lambda tmp: archive_with(tmp, manifest(), {"database.sqlite3": b"x"}), "damaged"),
    ],
    ids=["missing", "junk", "foreign", "other-database", "newer", "traversal", "damaged"],
)
def test_a_bad_archive_is_refused_and_nothing_changes(tmp_path, forged, message):
    site = Site(tmp_path / "site")  # empty: only the archive can be the reason to refuse
    result = site.run("restore", str(forged(tmp_path)), check=False)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "outside.txt").exists()
    assert not list(site.data.glob(".restore-*"))


def test_without_pg_dump_a_postgresql_backup_says_what_to_install(tmp_path):
    site = Site(tmp_path / "site", "postgres://samizdat@127.0.0.1:1/none")
    site.env["PATH"] = str(tmp_path / "no-tools")
    result = site.run("backup", str(tmp_path / "site.tar"), check=False)
    assert result.returncode == 1
    assert "pg_dump is not installed" in result.stderr and "postgresql-client" in result.stderr
    assert not (tmp_path / "site.tar").exists()


def test_the_database_and_key_in_a_backup_unpack_for_their_owner_only(make_site, tmp_path):
    """Issue 19: the database entry inside an archive was 0644."""
    site = make_site("private")
    site.run("migrate", "-v0")
    archive = tmp_path / "site.tar"
    site.run("backup", str(archive))
    with tarfile.open(archive) as tar:
        modes = {m.name: m.mode & 0o777 for m in tar.getmembers() if m.isfile()}
    assert modes["database.sqlite3"] == 0o600 and modes["secret_key"] == 0o600
    assert modes["manifest.json"] == 0o600


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        # the manifest names a database outside the archive, with that file's true checksum
        ("absolute", "is damaged: its database is not the archive's database.sqlite3"),
        ("relative", "is damaged: its database is not the archive's database.sqlite3"),
        ("no-media-count", "must count the files of media and theme"),
        ("folder-outside", "must count the files of media and theme"),
        ("count-not-a-number", "file counts are not numbers"),
    ],
)
def test_restore_reads_only_the_archives_own_members(tmp_path, forged, message):
    """Issue 19: an absolute or `../` database path in the manifest restored a file from
    outside the archive; a manifest without files.media crashed with KeyError."""
    import sqlite3

    outside = tmp_path / "outside.sqlite3"
    sqlite3.connect(outside).execute("CREATE TABLE planted (x)").connection.commit()
    checksum = _sha256(outside.read_bytes())
    site = Site(tmp_path / "site")
    site.run("migrate", "-v0")
    relative = "../" * 12 + str(outside).lstrip("/")
    forgeries = {
        "absolute": manifest(file=str(outside), sha256=checksum),
        "relative": manifest(file=relative, sha256=checksum),
        "no-media-count": manifest(files={"theme": 0}),
        "folder-outside": manifest(files={"media": 0, "theme": 0, "../../etc": 1}),
        "count-not-a-number": manifest(files={"media": "0", "theme": 0}),
    }
    archive = archive_with(tmp_path, forgeries[forged], {"database.sqlite3": b"x"})
    result = site.run("restore", str(archive), "--force", check=False)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    tables = site.shell(
        "from django.db import connection; print(connection.introspection.table_names())"
    )
    assert "planted" not in tables and "posts_post" in tables
