"""Where apps plug their part into the site-wide operations, without those knowing any app.

Each app registers in its `AppConfig.ready()`; the operations (`samizdat worker`, backup, a
person's data export and erasure) run whatever is registered. So a new app — federation,
webmention — brings its own housekeeping, its own share of a person's data and its own counts,
and nothing below it changes.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    """Work the worker does every `every` seconds, with no request to start it."""

    name: str
    run: Callable[[], object]
    every: float


@dataclass(frozen=True)
class PersonalData:
    """One app's share of what is kept about a person, found by email address.

    `find(email)` returns what the app keeps (JSON-ready), `erase(email, delete=...)` erases it
    and returns counts of what changed; `delete` asks for deletion where the default would
    anonymise (comments).
    """

    name: str
    find: Callable[[str], object]
    erase: Callable[..., dict[str, int]]


HOUSEKEEPING: dict[str, Job] = {}
PERSONAL_DATA: dict[str, PersonalData] = {}
# What a backup's manifest counts ("posts": 12): name → a function returning the count.
COUNTS: dict[str, Callable[[], int]] = {}


def housekeeping(name: str, run: Callable[[], object], *, every: float) -> None:
    """Have `samizdat worker` run `run()` every `every` seconds (at least every tick)."""
    HOUSEKEEPING[name] = Job(name, run, every)


def personal_data(name: str, *, find: Callable, erase: Callable) -> None:
    PERSONAL_DATA[name] = PersonalData(name, find, erase)


def count(name: str, counter: Callable[[], int]) -> None:
    COUNTS[name] = counter
