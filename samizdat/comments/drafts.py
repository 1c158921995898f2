"""The comment being written while its writer logs in, logs out or changes identity.

The reply form's identity buttons send the whole form; what was typed is kept in the session
(and, for a provider sign-in, in allauth's server-side OAuth state too, which survives the
session being flushed when one account replaces another). The post page puts it back into the
form with a one-time notice — "You cancelled logging in…" — until the comment is posted.
"""

import time

from django.http import HttpRequest

SESSION_KEY = "samizdat_comment_draft"
STATE_KEY = "samizdat_draft"
MAX_AGE = 3600  # an hour: long enough for any sign-in, short enough not to surprise later
_FIELDS = {"body": 10_000, "parent": 20, "name": 100, "email": 254, "url": 200}


def draft_from_form(request: HttpRequest, post) -> dict:
    draft = {field: request.POST.get(field, "")[:limit] for field, limit in _FIELDS.items()}
    draft.update(post=post.pk, notify=bool(request.POST.get("notify")), at=time.time())
    return draft


def _valid(draft, post_id: int | None = None) -> bool:
    return (
        isinstance(draft, dict)
        and isinstance(draft.get("post"), int)
        and (post_id is None or draft["post"] == post_id)
        and time.time() - float(draft.get("at", 0)) < MAX_AGE
    )


def draft_keep(request: HttpRequest, draft: dict, *, notice: str = "", choosing=False) -> None:
    request.session[SESSION_KEY] = {**draft, "notice": notice, "choosing": choosing}


def draft_for(request: HttpRequest, post) -> dict | None:
    """The kept draft for this post, if any (reading never creates a session)."""
    draft = request.session.get(SESSION_KEY)
    return draft if _valid(draft, post.pk) else None


def draft_take_flags(request: HttpRequest, draft: dict) -> tuple[str, bool]:
    """The draft's one-time notice and "choosing an identity" flag, cleared once shown."""
    notice, choosing = draft.get("notice", ""), bool(draft.get("choosing"))
    if notice or choosing:
        request.session[SESSION_KEY] = {**draft, "notice": "", "choosing": False}
    return notice, choosing


def draft_clear(request: HttpRequest) -> None:
    """The comment was posted. A guest whose session held nothing else loses the session (and
    its cookie) too, so their pages come from the page cache again."""
    if request.session.pop(SESSION_KEY, None) is None:
        return  # untouched: no session is created or changed
    if not request.user.is_authenticated and not any(request.session.values()):
        request.session.flush()


def draft_current(request: HttpRequest) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    return draft if _valid(draft) else None


def draft_from_state(state: dict | None) -> dict | None:
    """The draft carried through a provider sign-in in allauth's state, if any."""
    draft = ((state or {}).get("data") or {}).get(STATE_KEY)
    return draft if _valid(draft) else None


def draft_return_url(draft: dict) -> str:
    from samizdat.posts.models import Post

    post = Post.objects.filter(pk=draft["post"]).first()
    return f"{post.get_absolute_url()}#respond" if post else "/"
