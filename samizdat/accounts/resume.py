"""A sign-in that starts elsewhere — the reply form's identity buttons — ends back there.

The app that starts one (comments, with the comment being written) registers how to carry and
restore it in its `AppConfig.ready()`; accounts calls it when the sign-in succeeds, fails or is
cancelled, and knows nothing of what is carried.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Resumer:
    from_state: Callable[[dict | None], dict | None]  # what allauth's sign-in state carries
    from_session: Callable[[HttpRequest], dict | None]  # what this browser's session kept
    keep: Callable[..., None]  # keep(request, carried, notice=""): kept for the page it returns to
    return_url: Callable[[dict], str]  # where the sign-in goes back to


_resumer: Resumer | None = None


def resumer_register(resumer: Resumer) -> None:
    global _resumer
    _resumer = resumer


def carried_in(state: dict | None) -> dict | None:
    return _resumer.from_state(state) if _resumer else None


def carried_by(request: HttpRequest) -> dict | None:
    return _resumer.from_session(request) if _resumer else None


def keep(request: HttpRequest, carried: dict, *, notice: str = "") -> None:
    if _resumer:
        _resumer.keep(request, carried, notice=notice)


def return_url(carried: dict) -> str:
    return _resumer.return_url(carried) if _resumer else "/"
