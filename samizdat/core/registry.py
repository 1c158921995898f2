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
class Person:
    """Whom a personal-data request is about: their addresses (lower-cased) and accounts."""

    emails: frozenset[str]
    user_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PersonalData:
    """One app's share of what is kept about a person.

    `find(person)` returns the records the app keeps (a JSON-ready list); `erase(person,
    delete=...)` erases them and returns counts of what it did; `delete` asks for deletion
    where the default anonymises (comments). Parts run by `order`, lowest first: a part that
    finds rows through the person's accounts runs before the part that deletes the accounts.
    """

    name: str
    find: Callable[[Person], list]
    erase: Callable[..., dict[str, int]]
    order: int


@dataclass(frozen=True)
class SiteLink:
    """A link every page carries: `rel` and a function giving the absolute address."""

    rel: str
    href: Callable[[], str]


HOUSEKEEPING: dict[str, Job] = {}
PERSONAL_DATA: dict[str, PersonalData] = {}
# What a backup's manifest counts ("posts": 12): name → a function returning the count.
COUNTS: dict[str, Callable[[], int]] = {}
SITE_LINKS: dict[str, SiteLink] = {}


def housekeeping(name: str, run: Callable[[], object], *, every: float) -> None:
    """Have `samizdat worker` run `run()` every `every` seconds (at least every tick)."""
    HOUSEKEEPING[name] = Job(name, run, every)


def personal_data(name: str, *, find: Callable, erase: Callable, order: int = 50) -> None:
    PERSONAL_DATA[name] = PersonalData(name, find, erase, order)


def _parts() -> list[PersonalData]:
    return sorted(PERSONAL_DATA.values(), key=lambda part: (part.order, part.name))


def person_find(person: Person) -> dict[str, list]:
    """Everything the apps keep about `person`, by part."""
    return {part.name: part.find(person) for part in _parts()}


def person_erase(person: Person, *, delete: bool = False) -> dict[str, int]:
    """Erase `person` from every part, in one transaction; the parts' counts, merged."""
    from django.db import transaction

    counts: dict[str, int] = {}
    with transaction.atomic():
        for part in _parts():
            for key, value in part.erase(person, delete=delete).items():
                counts[key] = counts.get(key, 0) + value
    return counts


def count(name: str, counter: Callable[[], int]) -> None:
    COUNTS[name] = counter


def site_link(rel: str, href: Callable[[], str]) -> None:
    """Have every page name `href()` as its `rel` link (a webmention endpoint, say): a `Link`
    header on every response, stored pages and the ones nginx sends included
    (`core.security.page_headers`), and a `<link>` in the head of every themed page. `href` is
    called each time, so it may read settings."""
    SITE_LINKS[rel] = SiteLink(rel, href)


def site_link_header() -> str:
    """The `Link` header value of the registered site links, "" when there are none."""
    return ", ".join(f'<{link.href()}>; rel="{link.rel}"' for link in SITE_LINKS.values())
