"""The one way samizdat fetches a URL it was given by someone else.

Avatars, federation, Webmention, the importer's media and embeds all fetch through `fetch()`,
so one set of rules keeps them from being turned against the machine or its network (SSRF):

- **One parser.** A URL is read by urllib3, the library that then speaks HTTP, and read again
  by `urllib.parse`; when the two disagree about scheme, host or port, or the URL has userinfo,
  a backslash, a percent sign or a control character in it, it is refused. (A backslash is where
  they disagreed in the attack that prompted this module: `http://127.0.0.1:80\\@8.8.8.8/`.)
- **One spelling of an address.** A host that ends in a number must be a dotted-quad IPv4
  address in its canonical form: `2130706433`, `0x7f000001`, `127.1` and `0177.0.0.1`, which
  some resolvers read as 127.0.0.1, are refused. IPv6 literals may not carry a zone.
- **Resolved once.** The host name is resolved once, every address is checked, and the
  connection is opened to the checked address itself (the `Host` header and TLS name are the
  URL's), so DNS cannot answer differently between the check and the connection.
- **Public addresses only.** Loopback only when `settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS` is
  on (tests, two local instances); private, shared (CGNAT), link-local, unique-local, multicast,
  reserved and IPv4-in-IPv6 addresses never.
- **Every redirect is a new fetch** and is checked the same way; past `max_redirects` the
  redirect itself is returned (0 follows none).
- **Caps**: `max_bytes` of body (decoded), `timeout` seconds for the whole fetch, redirects
  included; a server that drips bytes is cut off when the time is up.

The resolver is `settings.SAMIZDAT_OUTBOUND_RESOLVER` (a callable or its dotted path taking a
host and a port and returning addresses); unset, the system's `getaddrinfo`. Tests set it to
make a host name answer as a test needs, e.g. differently on a second look-up.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import idna
from django.conf import settings
from django.utils.module_loading import import_string
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.util.url import parse_url

__all__ = ["FetchFailed", "FetchRefused", "Response", "fetch"]

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Forbidden anywhere in a URL: parsers differ on backslashes, percent-decoded hosts and
# whitespace, and a URL with them is never one a remote server legitimately hands out for
# fetching by host name.
_FORBIDDEN = re.compile(r"[\\\x00-\x20\x7f]")
_HOST_LABELS = re.compile(
    r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*"
)
# A last label that some resolver would read as a number (decimal, octal, hex).
_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECTS = {301, 302, 303, 307, 308}
# Credentials are not carried to another origin by a redirect.
_PRIVATE_HEADERS = {"authorization", "cookie", "proxy-authorization"}
# Networks that Python's `is_global` lets pass (in some versions) but nobody may reach through
# samizdat: IPv4 inside IPv6 (NAT64, 6to4, Teredo), multicast, the IETF's protocol block and
# the newer documentation prefix.
_NEVER = [
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.0/24",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2002::/16",
        "2001::/32",
        "3fff::/20",
        "ff00::/8",
    )
]


class FetchRefused(Exception):
    """The URL's form or its address is not one samizdat fetches."""


class FetchFailed(Exception):
    """The fetch was allowed but did not succeed: network error, timeout, too large."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]  # case-insensitive (urllib3's HTTPHeaderDict)
    body: bytes

    def text(self) -> str:
        charset = "utf-8"
        if match := re.search(r"charset=([\w.-]+)", self.headers.get("content-type", ""), re.I):
            charset = match.group(1)
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # a host name (IDNA, lower case) or an IP address without brackets
    port: int
    request_uri: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    max_bytes: int = 2_000_000,
    timeout: float = 10.0,
    max_redirects: int = 3,
) -> Response:
    """Fetch `url` under the rules above. Any HTTP status is returned; `FetchRefused` when the
    URL or an address it leads to is not allowed, `FetchFailed` when the fetch fails."""
    deadline = time.monotonic() + timeout
    sent = dict(headers or {})
    if isinstance(body, str):
        body = body.encode()
    target = _target(url)
    for hop in range(max_redirects + 1):
        response = _fetch_once(target, method, sent, body, max_bytes, deadline)
        location = response.headers.get("location")
        if response.status not in _REDIRECTS or not location or hop == max_redirects:
            return response  # past the limit, the redirect itself is the answer
        following = _target(urljoin(target.url, location))
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, body = ("HEAD" if method == "HEAD" else "GET"), None
            sent = {k: v for k, v in sent.items() if not k.lower().startswith("content-")}
        if following.origin != target.origin:
            sent = {k: v for k, v in sent.items() if k.lower() not in _PRIVATE_HEADERS}
        target = following
    raise AssertionError("unreachable: the last hop returns")


# ── reading a URL ─────────────────────────────────────────────────────────────────────────


def _target(url: str) -> _Target:
    if not isinstance(url, str) or len(url) > 8000:
        raise FetchRefused("not a URL")
    shown = url[:200]
    if _FORBIDDEN.search(url):
        raise FetchRefused(f"a backslash, space or control character in {shown!r}")
    try:
        ours = parse_url(url)
        theirs = urlsplit(url)
        their_port = theirs.port
    except (ValueError, Urllib3Error) as error:
        raise FetchRefused(f"not a URL: {shown!r} ({error})") from error
    scheme = (ours.scheme or "").lower()
    if scheme not in _DEFAULT_PORTS or theirs.scheme.lower() != scheme:
        raise FetchRefused(f"only http and https are fetched: {shown!r}")
    authority = theirs.netloc
    if "@" in authority or ours.auth is not None:
        raise FetchRefused(f"a URL with a user name or password is not fetched: {shown!r}")
    if "%" in authority:
        raise FetchRefused(f"a percent-encoded host is not fetched: {shown!r}")
    if not ours.host or not theirs.hostname:
        raise FetchRefused(f"no host in {shown!r}")
    host = ours.host
    host = _ipv6_literal(host[1:-1], shown) if host.startswith("[") else _host_name(host, shown)
    if _same_host(theirs.hostname) != host or their_port != ours.port:
        raise FetchRefused(f"the URL reads differently to different parsers: {shown!r}")
    return _Target(
        url=url,
        scheme=scheme,
        host=host,
        port=ours.port or _DEFAULT_PORTS[scheme],
        request_uri=ours.request_uri,
    )


def _ipv6_literal(text: str, shown: str) -> str:
    if "%" in text:
        raise FetchRefused(f"an IPv6 zone is not fetched: {shown!r}")
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError as error:
        raise FetchRefused(f"not an IPv6 address: {shown!r}") from error


def _host_name(host: str, shown: str) -> str:
    """urllib3 has lower-cased and IDNA-encoded the name; check what is left is plain."""
    dotted = host.endswith(".")
    if dotted:
        host = host[:-1]  # "example.org." is example.org; a second dot is refused below
    if not _HOST_LABELS.fullmatch(host) or len(host) > 253:
        raise FetchRefused(f"not a host name: {shown!r}")
    if _NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]):
        try:
            address = ipaddress.IPv4Address(host)  # strict: four decimal parts, no zeros in front
        except ValueError:
            address = None
        if address is None or dotted:
            raise FetchRefused(f"an IPv4 address in an unusual spelling: {shown!r}")
        return str(address)
    return host


def _same_host(hostname: str) -> str:
    """urllib.parse's reading of the host, normalised as urllib3 normalises its own."""
    if ":" in hostname:
        try:
            return str(ipaddress.IPv6Address(hostname))
        except ValueError:
            return hostname
    name = hostname
    if not name.isascii():
        try:  # the same IDNA 2008 rules urllib3 applies
            name = idna.encode(name.lower(), strict=True, std3_rules=True).decode("ascii")
        except idna.IDNAError:
            return hostname
    name = name.lower().removesuffix(".")
    try:
        return str(ipaddress.IPv4Address(name))
    except ValueError:
        return name


# ── checking addresses ────────────────────────────────────────────────────────────────────


def _refusal(address: _Address) -> str | None:
    """Why samizdat will not connect to `address`, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return "an IPv4 address inside an IPv6 one"
    if any(address in network for network in _NEVER):
        return "a special-purpose network"
    if address.is_loopback:
        if settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS:
            return None
        return "loopback (SAMIZDAT_FEDERATION_ALLOW_PRIVATE_NETWORKS is off)"
    if address.is_multicast:
        return "multicast"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified or address.is_reserved:
        return "reserved"
    if address.is_private or not address.is_global:
        return "a private network"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The machine's own resolver (getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [info[4][0] for info in infos]


def _resolver() -> Callable[[str, int], list[str]]:
    chosen = getattr(settings, "SAMIZDAT_OUTBOUND_RESOLVER", None) or system_resolver
    return import_string(chosen) if isinstance(chosen, str) else chosen


def _addresses(target: _Target) -> list[_Address]:
    try:
        return [ipaddress.ip_address(target.host)]
    except ValueError:
        pass
    try:
        found = _resolver()(target.host, target.port)
    except OSError as error:
        raise FetchFailed(f"cannot resolve {target.host}: {error}") from error
    addresses = []
    for text in found:
        try:
            addresses.append(ipaddress.ip_address(str(text).split("%")[0]))
        except ValueError as error:
            raise FetchRefused(f"{target.host} resolved to {text!r}") from error
    if not addresses:
        raise FetchFailed(f"{target.host} has no address")
    return addresses


def _checked_addresses(target: _Target) -> list[_Address]:
    addresses = _addresses(target)
    for address in addresses:
        if reason := _refusal(address):
            # One refused address refuses the name: a name that mixes public and private
            # answers is not one samizdat has any business with.
            raise FetchRefused(f"{target.host} is {address}: {reason}")
    return addresses


# ── one request ───────────────────────────────────────────────────────────────────────────


class _Watchdog:
    """Shuts the socket at the deadline, however slowly the server drips its answer."""

    def __init__(self, connection: HTTPConnection, seconds: float):
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed("timed out")
    return left


def _connection(target: _Target, address: _Address, seconds: float) -> HTTPConnection:
    timeout = seconds  # per socket operation; the watchdog bounds the whole exchange
    if target.scheme == "http":
        return HTTPConnection(str(address), target.port, timeout=timeout)
    return HTTPSConnection(
        str(address),
        target.port,
        timeout=timeout,
        server_hostname=target.host,  # SNI and certificate check against the URL's name
        assert_hostname=target.host,
        ssl_context=ssl.create_default_context(),
    )


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _fetch_once(
    target: _Target,
    method: str,
    headers: dict[str, str],
    body: bytes | None,
    max_bytes: int,
    deadline: float,
) -> Response:
    addresses = _checked_addresses(target)
    sent = {k: v for k, v in headers.items() if k.lower() != "host"}
    sent = {"Host": target.host_header, **sent}
    if not any(k.lower() == "accept-encoding" for k in sent):
        sent["Accept-Encoding"] = "identity"
    error: Exception | None = None
    for address in addresses:
        connection = _connection(target, address, _remaining(deadline))
        try:
            with _Watchdog(connection, _remaining(deadline)) as watchdog:
                try:
                    response = _exchange(connection, target, method, sent, body, max_bytes)
                except (OSError, Urllib3Error, ValueError) as failure:
                    if watchdog.fired:
                        raise FetchFailed(f"{target.host} timed out") from failure
                    error = failure
                    continue
            if watchdog.fired:  # cut off by the deadline: what was read is not the whole answer
                raise FetchFailed(f"{target.host} timed out")
            return response
        finally:
            connection.close()
    raise FetchFailed(f"{target.host}: {error}") from error


def _exchange(
    connection: HTTPConnection,
    target: _Target,
    method: str,
    headers: dict[str, str],
    body: bytes | None,
    max_bytes: int,
) -> Response:
    connection.request(
        method, target.request_uri, body=body, headers=headers, preload_content=False
    )
    answer = connection.getresponse()
    length = answer.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchFailed(
            f"{target.host} answered {length} bytes, more than {max_bytes}",
            retry_after=_retry_after(answer.headers),
        )
    chunks, size = [], 0
    if method != "HEAD":
        while chunk := answer.read(65536, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise FetchFailed(
                    f"{target.host} sent more than {max_bytes} bytes",
                    retry_after=_retry_after(answer.headers),
                )
            chunks.append(chunk)
    return Response(
        url=target.url, status=answer.status, headers=answer.headers, body=b"".join(chunks)
    )
