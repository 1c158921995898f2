"""One person's data, found by email address: exported, or erased.

WordPress's *Export Personal Data* and *Erase Personal Data*, for an administrator answering a
request: from the admin (`privacy_admin`) or `samizdat privacy export|erase EMAIL`.

The address finds a person (`accounts.privacy.person_for_email`: the address and the accounts
whose address it is, main or proved); every app's share of what is kept about them is
registered with `samizdat.core.registry.personal_data` and run here, in the parts' order —
comments and follow-up subscriptions (comments), then the accounts themselves (accounts). What
each part does when erasing is said in its module: `comments/privacy.py` anonymises comments
(or deletes them) and makes the spam filter forget the person; `accounts/privacy.py` deletes
commenter accounts and leaves staff accounts for an administrator. A commenter deleting their
own account goes through the same parts (`accounts.privacy.account_erase`).
"""

from django.utils import timezone

from samizdat.accounts.privacy import person_for_email
from samizdat.core.registry import person_erase, person_find

FORMAT = "samizdat-personal-data"


def personal_data_export(*, email: str) -> dict:
    """Everything samizdat keeps about the person behind `email`, as JSON-ready data."""
    person = person_for_email(email)
    return {
        "format": FORMAT,
        "version": 1,
        "email": next(iter(person.emails)),
        "exported_at": timezone.now().isoformat(),
        **person_find(person),
    }


def personal_data_summary(*, email: str) -> dict[str, int]:
    """How much an export or erasure of `email` would cover: records per part, and how many of
    the accounts are staff (kept)."""
    found = person_find(person_for_email(email))
    counts = {name: len(records) for name, records in found.items()}
    counts["staff_accounts"] = sum(1 for a in found.get("accounts", []) if a.get("staff"))
    return counts


def personal_data_erase(*, email: str, delete_comments: bool = False) -> dict[str, int]:
    """Erase the person behind `email` from every part; returns what was done."""
    return person_erase(person_for_email(email), delete=delete_comments)
