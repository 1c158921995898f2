"""`samizdat worker`: runs queued background tasks (django-tasks' database worker), and the
housekeeping that must happen without a request: every job an app registered with
`samizdat.core.registry.housekeeping` (dropping pages of scheduled posts that went public,
erasing old commenter IPs, …), each at its own interval."""

import logging
import math
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from samizdat.core.registry import HOUSEKEEPING

TICK_SECONDS = 5  # the shortest interval a job can have

log = logging.getLogger(__name__)


def run_due_jobs(last_run: dict[str, float]) -> None:
    """Run each registered job whose interval has passed since it last ran; a failing job is
    logged and the others still run."""
    for job in list(HOUSEKEEPING.values()):
        now = time.monotonic()
        if now - last_run.get(job.name, -math.inf) < job.every:
            continue
        last_run[job.name] = now
        close_old_connections()
        try:
            job.run()
        except Exception:
            log.exception("housekeeping job %s failed", job.name)
    close_old_connections()


def _housekeeping(stop: threading.Event) -> None:
    last_run: dict[str, float] = {}
    while not stop.is_set():
        run_due_jobs(last_run)
        stop.wait(TICK_SECONDS)


class Command(BaseCommand):
    help = "Run background tasks (notifications) and the apps' housekeeping until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every housekeeping job once and what is queued, then exit (tests, cron).",
        )

    def handle(self, *args, batch: bool, **options):
        stop = threading.Event()
        if batch:
            run_due_jobs({})
        else:
            threading.Thread(target=_housekeeping, args=(stop,), daemon=True).start()
        try:
            call_command(
                "db_worker",
                batch=batch,
                startup_delay=False,
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
