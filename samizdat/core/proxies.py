"""The client's address behind a proxy: believed only from proxies the site trusts.

Behind `samizdat nginx-config`'s block every request comes from 127.0.0.1, so per-address rate
limits, log-in lockouts, block lists and the spam filter's network feature saw one client
(issue 19). nginx passes the address it saw in `X-Forwarded-For`; this middleware, first of
all, puts it in `REMOTE_ADDR` — but only when the connection comes from an address in
`SAMIZDAT_TRUSTED_PROXIES`, and it walks the header from the right, taking the first address
that is not a trusted proxy, so what a client writes into the header itself is never taken.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: list[str]) -> list[_Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_address(meta: dict, trusted: list[_Network]) -> str:
    """The client's address: REMOTE_ADDR, or from X-Forwarded-For when that is a trusted proxy."""
    remote = meta.get("REMOTE_ADDR", "")

    def is_trusted(text: str) -> bool:
        address = _address(text)
        return address is not None and any(address in network for network in trusted)

    if not is_trusted(remote):
        return remote
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:  # garbage: believe nothing further left
            break
        remote = str(address)
        if not is_trusted(remote):
            break
    return remote


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = trusted_networks(settings.SAMIZDAT_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META["REMOTE_ADDR"] = client_address(request.META, self.trusted)
        return self.get_response(request)
