"""The two signed cookies of commenting: a writer's own held comments, and remembered details.

Both are set only by posting a comment (an anonymous reader gets no cookie), HttpOnly, Lax,
and Secure when the site is served over TLS.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HELD = "samizdat_held"
COMMENTER = "samizdat_commenter"
_HELD_SALT = "samizdat.comments.held"
_COMMENTER_SALT = "samizdat.comments.commenter"
_MAX_HELD = 20
_YEAR = 365 * 24 * 3600


def held_ids(request: HttpRequest) -> set[int]:
    raw = request.get_signed_cookie(HELD, default="", salt=_HELD_SALT)
    return {int(i) for i in raw.split(",") if i.isdigit()}


def remember_held(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = sorted(held_ids(request) | {comment_id})[-_MAX_HELD:]
    response.set_signed_cookie(
        HELD,
        ",".join(map(str, ids)),
        salt=_HELD_SALT,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def commenter_details(request: HttpRequest) -> dict:
    raw = request.get_signed_cookie(COMMENTER, default="", salt=_COMMENTER_SALT)
    try:
        details = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {k: str(details.get(k, ""))[:254] for k in ("name", "email", "url")}


def remember_commenter(response: HttpResponse, *, name: str, email: str, url: str) -> None:
    value = json.dumps({"name": name, "email": email, "url": url})
    response.set_signed_cookie(
        COMMENTER,
        value,
        salt=_COMMENTER_SALT,
        max_age=_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_commenter(response: HttpResponse) -> None:
    response.delete_cookie(COMMENTER, samesite="Lax")
