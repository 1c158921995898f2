"""`samizdat worker`: runs queued background tasks (django-tasks' database worker), and the
housekeeping that must happen without a request: every few seconds, dropping cached pages
whose scheduled posts went public; every hour, erasing old commenter IPs, old pages and expired
sessions."""

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

HOUSEKEEPING_SECONDS = 3600
TICK_SECONDS = 5  # scheduled posts go public within this of their time, page cache included


def _hourly() -> None:
    from samizdat.comments.services import comments_erase_old_request_data
    from samizdat.pagecache.middleware import MAX_AGE_SECONDS
    from samizdat.pagecache.services import purge_older_than

    comments_erase_old_request_data()
    purge_older_than(MAX_AGE_SECONDS)
    call_command("clearsessions")  # expired sessions' rows would otherwise stay for ever


def _housekeeping(stop: threading.Event) -> None:
    from samizdat.pagecache.services import expire_due

    last_hourly = 0.0
    while not stop.is_set():
        close_old_connections()
        expire_due()
        if time.monotonic() - last_hourly >= HOUSEKEEPING_SECONDS:
            _hourly()
            last_hourly = time.monotonic()
        close_old_connections()
        stop.wait(TICK_SECONDS)


class Command(BaseCommand):
    help = "Run background tasks (notifications) and hourly housekeeping until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is queued, then exit (for tests and cron).",
        )

    def handle(self, *args, batch: bool, **options):
        stop = threading.Event()
        if batch:
            _hourly()
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
