"""The moderation policy: given a new comment, decide approved, pending or spam — and say why.

WordPress's rules are the defaults (hold a first comment, hold at too many links, hold-list and
block-list), with samizdat's local spam signals (honeypot, form timing, the learning filter).
Every rule adds a reason in words, shown to moderators in the queue.
"""

import ipaddress
import re
from dataclasses import dataclass, field

from samizdat.comments.models import Comment, DiscussionSettings

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A comment as submitted, before it exists."""

    post: object
    name: str
    email: str
    url: str
    body: str
    ip: str = ""
    user_agent: str = ""
    user: object | None = None
    seconds_on_form: float | None = None
    form_time_proved: bool = True
    honeypot_filled: bool = False
    remote_author: str = ""  # a reply from elsewhere: its author's actor id or h-card URL
    email_proved: bool = False


@dataclass
class Decision:
    status: str
    reasons: list[str] = field(default_factory=list)
    spam_score: float | None = None
    spam_reasons: list[str] = field(default_factory=list)


def _list_keys(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def list_match(keys_text: str, candidate: Candidate) -> str | None:
    """The first key of a hold- or block-list that matches the comment, as WordPress matches:
    a substring of the name, email, website, text or user agent, or an IP inside a CIDR range."""
    haystack = "\n".join(
        [candidate.name, candidate.email, candidate.url, candidate.body, candidate.user_agent]
    ).casefold()
    ip = _ip(candidate.ip)
    for key in _list_keys(keys_text):
        network = _network(key)
        if network is not None:
            if ip is not None and ip.version == network.version and ip in network:
                return key
        elif key.casefold() in haystack:
            return key
    return None


def _ip(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _network(key: str):
    if "/" not in key and not _ip(key):
        return None
    try:
        return ipaddress.ip_network(key, strict=False)
    except ValueError:
        return None


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


def _trusted(candidate: Candidate) -> bool:
    user = candidate.user
    if user is None or not user.is_authenticated:
        return False
    return user.has_perm("comments.moderate_comments") or user.pk == candidate.post.author_id


def _previously_approved(candidate: Candidate) -> bool:
    """Approved before under this email, this account, or any address the account proved —
    whichever way (guest, password, any outside identity) that comment was written."""
    from samizdat.accounts.services import verified_emails

    approved = Comment.objects.approved()
    if candidate.remote_author:  # a remote author is known by their id there, nothing else
        return approved.filter(remote_author=candidate.remote_author).exists()
    # A typed address is anyone's to type (issue 19: a guest using an approved commenter's
    # address was published at once under any name): it counts only when proved.
    email = candidate.email if candidate.email_proved else ""
    return approved.by_identity(
        email=email, user=candidate.user, emails=verified_emails(candidate.user)
    ).exists()


def moderation_decide(candidate: Candidate, *, settings: DiscussionSettings) -> Decision:
    if candidate.honeypot_filled:
        return Decision(Comment.Status.SPAM, ["a form field hidden from people was filled in"])
    if key := list_match(settings.block_list, candidate):
        return Decision(settings.block_action, [f"matches the block list: “{key}”"])
    if _trusted(candidate):
        return Decision(Comment.Status.APPROVED)

    verdict = _classify(candidate)
    if verdict.score is not None and verdict.score >= settings.spam_threshold:
        return Decision(
            Comment.Status.SPAM,
            [f"the spam filter scored it {verdict.score:.2f}"],
            verdict.score,
            list(verdict.reasons),
        )

    reasons = []
    if candidate.seconds_on_form is not None and candidate.seconds_on_form < settings.min_seconds:
        reasons.append(f"sent {candidate.seconds_on_form:.1f} s after the form loaded")
    if not candidate.form_time_proved:
        reasons.append("sent with a form stamped for another reader, so its time is unknown")
    if (links := count_links(candidate.body)) > settings.max_links:
        reasons.append(f"{links} links (more than {settings.max_links})")
    if key := list_match(settings.hold_list, candidate):
        reasons.append(f"matches the hold list: “{key}”")
    if settings.hold_first_comment and not reasons and not _previously_approved(candidate):
        reasons.append("first comment from this author")
    status = Comment.Status.PENDING if reasons else Comment.Status.APPROVED
    return Decision(status, reasons, verdict.score, list(verdict.reasons))


def spam_message(*, name: str, email: str, url: str, body: str, ip: str):
    from samizdat.spamfilter.services import Message

    return Message(
        text=body,
        author_name=name,
        author_email=email,
        author_url=url,
        urls=tuple(re.findall(r"https?://[^\s)>\]]+", body)),
        ip=ip,
    )


def _classify(candidate: Candidate):
    from samizdat.spamfilter.services import spam_classify

    return spam_classify(
        spam_message(
            name=candidate.name,
            email=candidate.email,
            url=candidate.url,
            body=candidate.body,
            ip=candidate.ip,
        )
    )
