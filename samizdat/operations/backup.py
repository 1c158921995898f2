"""The whole site in one file, and back: `samizdat backup FILE` and `samizdat restore FILE`.

The archive is a tar file (gzip-compressed when its name ends in .gz or .tgz), readable with
any tar, holding:

    manifest.json       what this is: format, version, when, which database, its checksum,
                        the migrations it had, how many posts, comments, files…
    database.sqlite3    SQLite: a consistent copy taken with SQLite's online backup API, so
                        the site keeps serving and writing while it is made
    database.pgdump     PostgreSQL: `pg_dump --format=custom`, equally consistent
    media/…             uploads and pictures
    theme/…             the site's own templates and static files, when it has them
    secret_key          the generated key, when there is one: it signs unsubscribe links,
                        comment-form stamps and the pictures drawn for commenters

The archive holds commenters' addresses and IP addresses and the site's key: it is written
readable by its owner only, and should be kept as carefully as the data folder.

Restoring refuses a site that has content (posts, pages, comments, media or accounts) unless
forced, checks the archive before touching anything, replaces the database in one step (SQLite's
backup API again, or one PostgreSQL transaction), then the media and theme folders, runs any
newer migrations, and drops every stored page. Running processes should be restarted after.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from samizdat.core.registry import COUNTS

FORMAT = "samizdat-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FOLDERS = ("media", "theme")
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the person running it."""


# ── what the site holds ──────────────────────────────────────────────────────────────────


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"samizdat backs up SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "theme": Path(settings.THEME_DIR)}


def site_counts() -> dict[str, int]:
    """What the site holds, as the apps count it (`core.registry.count`); all zero for a
    database not migrated yet."""
    try:
        return {name: counter() for name, counter in sorted(COUNTS.items())}
    except DatabaseError:  # no tables yet: a fresh data folder
        return dict.fromkeys(COUNTS, 0)


def _applied_migrations() -> list[list[str]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            return [list(row) for row in cursor.fetchall()]
    except DatabaseError:
        return []


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _samizdat_version() -> str:
    try:
        return version("samizdat")
    except PackageNotFoundError:
        return "unknown"


# ── the database ─────────────────────────────────────────────────────────────────────────


def _postgres_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: PostgreSQL's client programs are needed to back up "
            "and restore a PostgreSQL site (Debian: apt-get install postgresql-client; its "
            "version must be at least the server's)."
        )
    return found


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=_postgres_env(), capture_output=True, **options)
    if result.returncode:
        error = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(command[0]).name} failed: {error}")
    return result


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # a consistent snapshot; writers carry on meanwhile
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The copy of the database failed SQLite's integrity check.")
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
    else:
        pg_dump = _tool("pg_dump")
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _load_database(vendor: str, source: Path) -> None:
    connections.close_all()
    if vendor == "sqlite":
        copy = sqlite3.connect(source)
        live = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
        try:
            copy.backup(live)  # replaces the live database's pages in one locked step
        finally:
            live.close()
            copy.close()
    else:
        pg_restore, psql = _tool("pg_restore"), _tool("psql")
        script = _run([pg_restore, "--no-owner", "--no-privileges", "--file=-", str(source)])
        # One transaction: the old schema goes and the archive's comes, or nothing changes.
        _run(
            [psql, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"],
            input=b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n" + script.stdout,
        )
    connections.close_all()


# ── backup ───────────────────────────────────────────────────────────────────────────────


@contextmanager
def _open_for_writing(path: Path, *, compressed: bool) -> Iterator[tarfile.TarFile]:
    mode = "w:gz" if compressed else "w"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # A TarFile never closes a file object it was given: close (and so flush) it here, or the
    # archive's last blocks wait for the garbage collector and may never reach the disk.
    with os.fdopen(fd, "wb") as file, tarfile.open(fileobj=file, mode=mode) as archive:
        yield archive


def backup_create(*, path: Path) -> dict:
    """Write the site to `path` (see the module's docstring); returns the manifest."""
    vendor = _vendor()
    if vendor == "postgresql":
        _tool("pg_dump")
    path = Path(path).resolve()
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".samizdat-backup-") as work:
        database = Path(work) / DATABASE_FILES[vendor]
        _dump_database(vendor, database)
        secret = settings.DATA_DIR / SECRET_KEY_FILE
        folders = {name: _files(folder) for name, folder in _folders().items()}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "samizdat": _samizdat_version(),
            "database": {
                "vendor": vendor,
                "file": database.name,
                "sha256": _sha256(database),
                "migrations": _applied_migrations(),
            },
            "counts": site_counts(),
            "files": {name: len(files) for name, files in folders.items()},
            "secret_key": secret.is_file(),
        }
        try:
            compressed = path.name.endswith((".gz", ".tgz"))
            with _open_for_writing(partial, compressed=compressed) as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(database, arcname=database.name, filter=_owner_only)
                if secret.is_file():
                    archive.add(secret, arcname=SECRET_KEY_FILE, filter=_owner_only)
                for name, folder in _folders().items():
                    for file in folders[name]:
                        relative = file.relative_to(folder).as_posix()
                        archive.add(file, arcname=f"{name}/{relative}", recursive=False)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _owner_only(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """The database and the key unpack readable by their owner only, whatever the copy was."""
    member.mode = 0o600
    return member


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, fileobj=io.BytesIO(data))


# ── restore ──────────────────────────────────────────────────────────────────────────────


def _safe_member(member: tarfile.TarInfo, vendor: str) -> bool:
    parts = PurePosixPath(member.name).parts
    if not parts or member.name.startswith("/") or ".." in parts:
        return False
    if member.isdir():
        return parts[0] in FOLDERS
    if not member.isfile():
        return False
    return member.name in (MANIFEST, SECRET_KEY_FILE, DATABASE_FILES[vendor]) or (
        parts[0] in FOLDERS and len(parts) > 1
    )


def backup_read(*, path: Path) -> dict:
    """The manifest of the archive at `path`, after checking it is one samizdat can restore."""
    try:
        with tarfile.open(path) as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a samizdat backup ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a samizdat backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{path} is not a samizdat backup of a version this samizdat reads.")
    _check_manifest(manifest, path)
    return manifest


def _check_manifest(manifest: dict, path: Path) -> None:
    """Every name the manifest gives is one of the archive's fixed members, every count a
    number: restore reads only what is inside the archive (issue 19: a manifest naming
    `../` or an absolute database path restored a file from outside it)."""
    database, files = manifest.get("database"), manifest.get("files")
    damaged = f"The manifest of {path} is damaged"
    if not isinstance(database, dict) or database.get("vendor") not in DATABASE_FILES:
        raise BackupError(f"{damaged}: it names no database samizdat knows.")
    if database.get("file") != DATABASE_FILES[database["vendor"]]:
        raise BackupError(
            f"{damaged}: its database is not the archive's {DATABASE_FILES[database['vendor']]}."
        )
    if not isinstance(database.get("sha256"), str) or not isinstance(
        database.get("migrations"), list
    ):
        raise BackupError(f"{damaged}: the database's checksum or migrations are missing.")
    if not isinstance(files, dict) or set(files) != set(FOLDERS):
        raise BackupError(f"{damaged}: it must count the files of {' and '.join(FOLDERS)}.")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in files.values()):
        raise BackupError(f"{damaged}: its file counts are not numbers.")


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [tuple(m) for m in manifest["database"]["migrations"] if tuple(m) not in known]
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"This backup was made by a newer samizdat (it has migrations this one does not "
            f"know: {names}). Upgrade samizdat, then restore."
        )


@contextmanager
def _extracted(path: Path, manifest: dict) -> Iterator[Path]:
    vendor = manifest["database"]["vendor"]
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as work:
        with tarfile.open(path) as archive:
            members = archive.getmembers()
            unsafe = [m.name for m in members if not _safe_member(m, vendor)]
            if unsafe:
                raise BackupError(f"The archive holds unexpected entries: {unsafe[:5]}")
            archive.extractall(work, members=members, filter="data")
        database = Path(work) / manifest["database"]["file"]
        if not database.is_file() or _sha256(database) != manifest["database"]["sha256"]:
            raise BackupError("The database in this backup is missing or damaged.")
        for name, count in manifest["files"].items():
            if len(_files(Path(work) / name)) != count:
                raise BackupError(f"The {name} folder in this backup is incomplete.")
        yield Path(work)


def _swap_folder(new: Path, live: Path) -> None:
    """Put `new` where `live` is (or nothing, when the backup had no such folder)."""
    old = live.with_name(f".{live.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    if new.is_dir():
        new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def _forget_stored_pages() -> None:
    from samizdat.pagecache.models import CachedPage
    from samizdat.pagecache.services import SITE, page_cache_invalidate

    shutil.rmtree(settings.DATA_DIR / "page-cache", ignore_errors=True)
    page_cache_invalidate(SITE)
    CachedPage.objects.all().delete()
    cache.clear()


def backup_restore(*, path: Path, force: bool = False) -> dict:
    """Replace this site with the archive at `path`; returns its manifest.

    Raises BackupError, with nothing changed, for an archive that is not a samizdat backup, is
    damaged, is for another kind of database or a newer samizdat, or for a site with content
    when `force` is not set.
    """
    manifest = backup_read(path=path)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"This backup holds a {manifest['database']['vendor']} database and this site "
            f"uses {vendor}: restore it on a site set up like the one it came from."
        )
    if vendor == "postgresql":
        _tool("pg_restore")
        _tool("psql")
    _check_migrations(manifest)
    held = {name: n for name, n in site_counts().items() if n}
    if held and not force:
        what = ", ".join(f"{n} {name}" for name, n in held.items())
        raise BackupError(
            f"This site is not empty ({what}). Restoring replaces all of it: "
            "run again with --force to do so."
        )
    with _extracted(path, manifest) as work:
        _load_database(vendor, work / manifest["database"]["file"])
        for name, live in _folders().items():
            _swap_folder(work / name, live)
        if (work / SECRET_KEY_FILE).is_file():
            target = settings.DATA_DIR / SECRET_KEY_FILE
            target.unlink(missing_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write((work / SECRET_KEY_FILE).read_bytes())
    call_command("migrate", verbosity=0, interactive=False)
    _forget_stored_pages()
    return manifest
