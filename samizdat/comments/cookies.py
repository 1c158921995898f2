"""The signed cookies of commenting: a writer's own held comments, remembered details, and the
proof that this browser wrote an earlier comment under an address.

Both are set only by posting a comment (an anonymous reader gets no cookie), HttpOnly, Lax,
and Secure when the site is served over TLS.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HELD = "samizdat_held"
COMMENTER = "samizdat_commenter"
PROOF = "samizdat_proof"
_HELD_SALT = "samizdat.comments.held"
_COMMENTER_SALT = "samizdat.comments.commenter"
_PROOF_SALT = "samizdat.comments.proof"
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


def proof_ids(request: HttpRequest, email: str) -> tuple[int, ...]:
    """This browser's earlier guest comments under `email`, from its signed proof cookie."""
    raw = request.get_signed_cookie(PROOF, default="", salt=_PROOF_SALT)
    address, _, ids = raw.rpartition("|")
    if not email or address != email.strip().lower():
        return ()
    return tuple(int(i) for i in ids.split(",") if i.isdigit())[-_MAX_HELD:]


def remember_proof(request: HttpRequest, response: HttpResponse, *, email: str, comment_id: int):
    """Set after a guest's comment: a later comment from this browser under the same address
    counts as this writer's once one of these is approved (issue 19: anyone typing an
    approved commenter's address was published at once). Only the address and comment ids,
    signed, in the writer's own browser; it does not change what pages the site sends."""
    ids = (*proof_ids(request, email), comment_id)[-_MAX_HELD:]
    response.set_signed_cookie(
        PROOF,
        f"{email.strip().lower()}|{','.join(map(str, ids))}",
        salt=_PROOF_SALT,
        max_age=_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
