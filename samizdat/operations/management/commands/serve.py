"""`samizdat serve`: everything a first run needs, then the development server."""

import contextlib
import ctypes
import os
import secrets
import signal
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samizdat.accounts.roles import Role, user_set_role

ADMIN_USERNAME = "admin"
THREADS_PER_WORKER = 1


class Command(BaseCommand):
    help = "Migrate, collect static files, add demo content to an empty site, and serve."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a background worker beside the server.",
        )
        parser.add_argument(
            "--production",
            action="store_true",
            help="Serve with granian (several processes) instead of the development server.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 2,
            help="Worker processes with --production (default: the number of cores).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=THREADS_PER_WORKER,
            help=f"Threads in each worker with --production (default: {THREADS_PER_WORKER}).",
        )

    def handle(
        self,
        *args,
        port: int,
        host: str,
        no_worker: bool,
        production: bool,
        workers: int,
        threads: int,
        **options,
    ):
        worker = None
        _site_url_from(host, port)
        # A SIGTERM (systemd, a test, `kill`) unwinds through `finally`, so children stop too.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        if os.environ.get("RUN_MAIN") != "true":  # the autoreloader's child skips the set-up
            self._prepare()
            self._announce(host, port)
            if not no_worker:
                # Notifications are sent by the worker; one runs beside the server.
                worker = subprocess.Popen(
                    [sys.executable, "-m", "samizdat", "worker", "-v0"],
                    preexec_fn=_die_with(os.getpid()),
                )
        try:
            if production:
                _granian(host, port, workers, threads)
            else:
                call_command("runserver", f"{host}:{port}", use_reloader=settings.DEBUG)
        finally:
            if worker is not None:
                _stop(worker)

    def _prepare(self) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        password = _ensure_admin()
        if settings.SAMIZDAT_DEMO:
            from samizdat.operations.demo import demo_install

            if demo_install(
                author=get_user_model().objects.get(username=ADMIN_USERNAME) if password else None
            ):
                self.stdout.write("Added demo content (SAMIZDAT_DEMO=0 skips it).")

    def _announce(self, host: str, port: int) -> None:
        address = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"samizdat is at {address}"))
        self.stdout.write(f"Admin: {address}admin/  user {ADMIN_USERNAME}  " + _password_hint())
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")


def _site_url_from(host: str, port: int) -> None:
    """On a first, local run with no SAMIZDAT_SITE_URL, the site is where this serves it; the
    server, the worker and the autoreloader's child inherit it through the environment."""
    if (
        "SAMIZDAT_SITE_URL" in os.environ
        or settings.SAMIZDAT_SITE_URL != settings.SITE_URL_FALLBACK
    ):
        return
    shown = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host  # noqa: S104 - a name to show
    shown = f"[{shown}]" if ":" in shown else shown
    os.environ["SAMIZDAT_SITE_URL"] = settings.SAMIZDAT_SITE_URL = f"http://{shown}:{port}"


def _password_file():
    return settings.DATA_DIR / "admin-password"


def _ensure_admin() -> str | None:
    """Create the first administrator on an empty site; its password is kept in the data folder
    (readable by the owner only) until it is changed."""
    users = get_user_model().objects
    if users.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    user = users.create_user(ADMIN_USERNAME, password=password, display_name="Site Admin")
    user_set_role(user=user, role=Role.ADMINISTRATOR)
    path = _password_file()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    return password


def _password_hint() -> str:
    path = _password_file()
    user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    if path.exists() and user and user.check_password(path.read_text().strip()):
        return f"password {path.read_text().strip()}  (change it in the admin)"
    return "(password as you set it; `samizdat changepassword admin` resets it)"


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _granian(host: str, port: int, workers: int, threads: int) -> None:
    """granian: HTTP parsed in Rust, Python only runs the application. Measured beside gunicorn's
    threaded workers (bench/http.sh) it served 25% more uncached pages and 45% more comment
    posts. One thread a worker by default: a second one measured 10-15% fewer comment posts
    (threads of one process contend for the GIL and for SQLite's write lock); `--threads`
    gives a site with slow requests (big uploads) more."""
    # ASGI with the body read on the event loop before a thread runs the WSGI site
    # (samizdat/asgi.py): a slowly sent body then holds no thread. Headers get 10 s.
    command = [
        sys.executable, "-m", "granian", "samizdat.asgi:application",
        "--interface", "asgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--http1-header-read-timeout", "10000",
        "--no-ws", "--respawn-failed-workers", "--workers-kill-timeout", "20",
        "--log-level", "info" if settings.DEBUG else "warning",
        *(["--access-log"] if settings.DEBUG else []),
    ]  # fmt: skip
    # A process group of its own: a signal to ours (Ctrl-C, a service manager, `kill -- -PID`)
    # must reach granian's main process only. Reaching its workers too, it raced their exit
    # against --respawn-failed-workers and could leave a new worker holding the port.
    server = subprocess.Popen(
        command,
        env={**os.environ, "SAMIZDAT_SERVE_THREADS": str(threads)},
        process_group=0,
        preexec_fn=_die_with(os.getpid()),
    )
    try:
        server.wait()
    finally:
        _stop(server)
        with contextlib.suppress(ProcessLookupError):  # workers that outlived a killed main
            os.killpg(server.pid, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


def _die_with(parent: int):
    """Run in the child before exec: a SIGTERM when `samizdat serve` dies, even by SIGKILL, so
    neither granian (in a process group of its own) nor the task worker outlives it (Linux)."""

    def arrange() -> None:
        if sys.platform == "linux":
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before that took effect
            os._exit(1)

    return arrange
