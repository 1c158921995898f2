"""`samizdat worker`: runs queued background tasks (django-tasks' database worker), and every
hour the housekeeping that must happen without a request (erasing old commenter IPs)."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

HOUSEKEEPING_SECONDS = 3600


def _housekeeping(stop: threading.Event) -> None:
    from samizdat.comments.services import comments_erase_old_request_data

    while not stop.is_set():
        close_old_connections()
        comments_erase_old_request_data()
        close_old_connections()
        stop.wait(HOUSEKEEPING_SECONDS)


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
            from samizdat.comments.services import comments_erase_old_request_data

            comments_erase_old_request_data()
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
