"""A memo that lives for one request: the site's settings rows are read once per request, not
once per template tag. Outside a request (the worker, the shell) nothing is remembered."""

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("samizdat_request_memo", default=None)


def per_request(key: str, load: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def forget(key: str) -> None:
    """Drop a remembered value (after the request itself changed it)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def _start(**kwargs) -> None:
    _memo.set({})


def _finish(**kwargs) -> None:
    _memo.set(None)


request_started.connect(_start, dispatch_uid="samizdat.core.memo.start")
request_finished.connect(_finish, dispatch_uid="samizdat.core.memo.finish")
