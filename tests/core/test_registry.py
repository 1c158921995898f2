"""Apps plug their housekeeping into `samizdat worker` through the registry; the worker knows
no app, runs each job at its interval, and one failing job does not stop the others."""

import pytest
from django.core.management import call_command

from samizdat.core import registry
from samizdat.operations.management.commands.worker import run_due_jobs


@pytest.fixture
def jobs():
    saved = dict(registry.HOUSEKEEPING)
    yield registry
    registry.HOUSEKEEPING.clear()
    registry.HOUSEKEEPING.update(saved)


def test_the_apps_register_their_housekeeping():
    assert {"pagecache.expire-due", "pagecache.purge-old", "comments.erase-old-ips"} <= set(
        registry.HOUSEKEEPING
    )


def test_a_job_runs_at_its_interval_and_a_failing_one_does_not_stop_the_rest(jobs):
    ran = []
    jobs.HOUSEKEEPING.clear()
    jobs.housekeeping("boom", lambda: 1 / 0, every=3600)
    jobs.housekeeping("hourly", lambda: ran.append("hourly"), every=3600)
    last_run: dict[str, float] = {}

    run_due_jobs(last_run)
    run_due_jobs(last_run)  # an hour has not passed: neither runs again

    assert ran == ["hourly"]
    last_run["hourly"] -= 3600
    run_due_jobs(last_run)
    assert ran == ["hourly", "hourly"]


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_every_registered_job_once(jobs):
    ran = []
    jobs.housekeeping("test.job", lambda: ran.append(1), every=3600)
    call_command("worker", batch=True, verbosity=0)
    assert ran == [1]
