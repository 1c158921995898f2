"""What the publishing API keeps about a person: their app passwords (with the address each
was last used from) and the tokens their apps hold. Erasing revokes them all."""

from samizdat.core.registry import Person
from samizdat.publishing.models import AccessToken, AppPassword, AuthorizationCode


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def credentials_find(person: Person) -> list[dict]:
    passwords = [
        {
            "kind": "app password",
            "name": item.name,
            "created_at": _iso(item.created_at),
            "last_used_at": _iso(item.last_used_at),
            "last_ip": item.last_ip,
        }
        for item in AppPassword.objects.filter(user_id__in=person.user_ids).order_by("pk")
    ]
    tokens = [
        {
            "kind": "app token",
            "client_id": item.client_id,
            "scope": item.scope,
            "created_at": _iso(item.created_at),
            "last_used_at": _iso(item.last_used_at),
        }
        for item in AccessToken.objects.filter(user_id__in=person.user_ids).order_by("pk")
    ]
    return passwords + tokens


def credentials_erase(person: Person, *, delete: bool = False) -> dict[str, int]:
    passwords, _ = AppPassword.objects.filter(user_id__in=person.user_ids).delete()
    tokens, _ = AccessToken.objects.filter(user_id__in=person.user_ids).delete()
    AuthorizationCode.objects.filter(user_id__in=person.user_ids).delete()
    counts = {"app_passwords": passwords, "app_tokens": tokens}
    return {name: n for name, n in counts.items() if n}  # only what there was
