"""Every URL the site fetches goes through core.outbound: one parser, one resolution, the
connection made to the checked address, every redirect checked again, body and time capped.

The servers here are real HTTP servers on loopback; the only stand-in is the host-name
resolver (DNS is outside the machine), set through `settings.SAMIZDAT_OUTBOUND_RESOLVER`."""

import contextlib
import ipaddress
import json
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.core.outbound import FetchFailed, FetchRefused, fetch

SLOW = 0.05  # seconds between the bytes a dripping server sends


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):
        self.server.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("Host"),
                "headers": dict(self.headers.items()),
                "server": self.server.server_address[0],
            }
        )
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        getattr(self, "answer_" + parts.path.strip("/").replace("-", "_"), self.answer_echo)(
            query, body
        )

    do_POST = do_GET
    do_PUT = do_GET

    def send(self, status, body=b"", **headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_echo(self, query, body):
        seen = {**self.server.seen[-1], "body": body.decode()}
        self.send(200, json.dumps(seen).encode(), Content_Type="application/json")

    def answer_status(self, query, body):
        self.send(int(query["code"]), b"nope", Retry_After="7")

    def answer_redirect(self, query, body):
        self.send(int(query.get("code", "302")), Location=query["to"])

    def answer_loop(self, query, body):
        self.send(302, Location="/loop")

    def answer_big(self, query, body):
        self.send(200, b"x" * 3000, Retry_After="30")

    def answer_big_unannounced(self, query, body):
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"x" * 3000)
        self.close_connection = True

    def answer_drip_body(self, query, body):
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.drip()

    def answer_drip_headers(self, query, body):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        self.drip()

    def drip(self):
        try:
            for _ in range(100000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(SLOW)
        except OSError:  # the client hung up: what a drip should end in
            self.server.hung_up.set()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, port=0):
        super().__init__((address, port), Handler)
        self.seen = []
        self.hung_up = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def url(self, path="/echo"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.shutdown()
        self.server_close()


@pytest.fixture(scope="module")
def server():
    running = Server("127.0.0.1")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def other_server(server):
    """A second server on another loopback address, the same port where it is free."""
    try:
        running = Server("127.0.0.2", server.port)
    except OSError:
        running = Server("127.0.0.2")
    yield running
    running.stop()


class Resolver:
    """DNS for the test: names answer from a table, each answer in turn; counted."""

    def __init__(self, **names):
        self.names = {name.replace("_", "-") + ".test": answers for name, answers in names.items()}
        self.calls = []

    def __call__(self, host, port):
        self.calls.append(host)
        answers = self.names.get(host)
        if answers is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        # a list of lists answers differently on each look-up; the last one then sticks
        if answers and isinstance(answers[0], list):
            return answers[min(len(self.calls_for(host)), len(answers)) - 1]
        return answers

    def calls_for(self, host):
        return [call for call in self.calls if call == host]


def loopback_allowed(resolver=None):
    return override_settings(
        SAMIZDAT_ALLOW_PRIVATE_NETWORKS=True, SAMIZDAT_OUTBOUND_RESOLVER=resolver
    )


# ── what a fetch gives back ───────────────────────────────────────────────────────────────


def test_a_fetch_sends_the_urls_host_and_the_headers_given_and_returns_the_answer(server):
    """Host carries the port when it is not the scheme's; headers go out as given."""
    with loopback_allowed():
        answer = fetch(
            server.url("/echo?x=1"),
            method="POST",
            headers={"Signature": 'keyId="k",headers="host date"', "Date": "today"},
            body=b'{"a": 1}',
        )
    assert answer.status == 200 and answer.url == server.url("/echo?x=1")
    assert answer.headers["content-type"] == answer.headers["Content-Type"] == "application/json"
    seen = answer.json()
    assert seen["method"] == "POST" and seen["path"] == "/echo?x=1"
    assert seen["host"] == f"127.0.0.1:{server.port}"
    assert seen["headers"]["Signature"] == 'keyId="k",headers="host date"'
    assert seen["body"] == '{"a": 1}'
    assert answer.text().startswith("{")


def test_any_http_status_is_returned_not_raised(server):
    with loopback_allowed():
        answer = fetch(server.url("/status?code=429"))
    assert (answer.status, answer.body, answer.headers["retry-after"]) == (429, b"nope", "7")


def test_loopback_is_refused_unless_private_networks_are_allowed(server):
    before = len(server.seen)
    with override_settings(SAMIZDAT_ALLOW_PRIVATE_NETWORKS=False), pytest.raises(FetchRefused):
        fetch(server.url())
    assert len(server.seen) == before


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/",
        "gopher://127.0.0.1:70/",
        "http:///path-only",
        "//example.org/no-scheme",
        "not a url",
    ],
)
def test_only_web_addresses_are_fetched(url):
    with loopback_allowed(), pytest.raises(FetchRefused):
        fetch(url)


def test_the_reported_backslash_url_is_refused_and_reaches_nothing(server):
    """`http://127.0.0.1:PORT\\@8.8.8.8/../path`: urllib.parse reads the host as 8.8.8.8, an
    HTTP library reads 127.0.0.1; the attack saved an internal-only picture this way."""
    before = len(server.seen)
    with override_settings(SAMIZDAT_ALLOW_PRIVATE_NETWORKS=False), pytest.raises(FetchRefused):
        fetch(f"http://127.0.0.1:{server.port}\\@8.8.8.8/../echo")
    assert len(server.seen) == before


# ── addresses ─────────────────────────────────────────────────────────────────────────────

ALWAYS_REFUSED = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "0.0.0.0/8",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "198.18.0.0/15",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
    "::ffff:0:0/96",  # IPv4-mapped, ::ffff:127.0.0.1 among them
    "64:ff9b::/96",
    "2002::/16",
    "2001:db8::/32",
    "3fff::/20",
]


@given(
    address=st.one_of(
        *[st.ip_addresses(network=network) for network in ALWAYS_REFUSED],
        st.just(ipaddress.ip_address("::")),
        st.just(ipaddress.ip_address("255.255.255.255")),
    ),
    literal=st.booleans(),
)
@settings(max_examples=150)
def test_private_and_reserved_addresses_are_refused_even_with_loopback_allowed(address, literal):
    """Whether written in the URL or answered by DNS, switch or no switch."""
    host = (f"[{address}]" if address.version == 6 else str(address)) if literal else "x.test"
    resolver = Resolver(x=[str(address)])
    with loopback_allowed(resolver), pytest.raises(FetchRefused):
        fetch(f"http://{host}:8080/", timeout=2)


def test_a_name_with_one_private_answer_among_public_ones_is_refused():
    resolver = Resolver(mixed=["93.184.215.14", "10.1.2.3"])
    with loopback_allowed(resolver), pytest.raises(FetchRefused, match=r"10\.1\.2\.3"):
        fetch("http://mixed.test/")


def test_dns_is_asked_once_and_the_connection_goes_to_the_checked_address(server):
    """DNS rebinding: the name answers loopback (allowed here) first and a private address
    afterwards. The fetch must connect where the first answer said (the system's DNS does not
    know the name, so any second look-up by the HTTP library would fail), and the next fetch,
    seeing the private answer, must be refused without connecting."""
    resolver = Resolver(rebind=[["127.0.0.1"], ["169.254.169.254"]])
    url = f"http://rebind.test:{server.port}/echo"
    with loopback_allowed(resolver):
        answer = fetch(url)
        assert answer.status == 200 and answer.json()["host"] == f"rebind.test:{server.port}"
        assert resolver.calls == ["rebind.test"]
        before = len(server.seen)
        with pytest.raises(FetchRefused, match=r"169\.254\.169\.254"):
            fetch(url)
    assert len(server.seen) == before
    assert resolver.calls == ["rebind.test", "rebind.test"]


def test_a_name_the_resolver_does_not_know_fails_cleanly():
    with loopback_allowed(Resolver()), pytest.raises(FetchFailed, match="cannot resolve"):
        fetch("http://nowhere.test/")


def test_a_closed_port_fails_cleanly():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        with loopback_allowed(), pytest.raises(FetchFailed):
            fetch(f"http://127.0.0.1:{port}/")


# ── odd URL forms ─────────────────────────────────────────────────────────────────────────


def spellings_of_loopback(port):
    """Hosts that some parser or resolver reads as this machine."""
    forms = [
        "2130706433",
        "0x7f000001",
        "0X7F000001",
        "017700000001",
        "127.1",
        "127.0.1",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "0x7f.0x0.0x0.0x1",
        "127.000.000.001",
        "127.0.0.1.",
        "localhost",
        "LOCALHOST",
        "localhost.",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",
        "[::1%25lo]",
        "[fe80::1%25lo]",
        "%31%32%37.0.0.1",
        "127.0.0.%31",
        "lo%63alhost",
        "１２７.０.０.１",
        "ⓛocalhost",
        "ｌｏｃａｌｈｏｓｔ",
        "127.0.0.1",
    ]
    return st.sampled_from(forms).map(lambda host: f"{host}:{port}")


DECOYS = ["8.8.8.8", "example.org", "user:pass", "user", ""]


def decorated(hosts):
    """A host with userinfo or a backslash around it, as attackers write them."""
    return st.one_of(
        hosts,
        st.tuples(st.sampled_from(DECOYS), hosts).map(lambda t: f"{t[0]}@{t[1]}"),
        st.tuples(hosts, st.sampled_from(DECOYS)).map(lambda t: f"{t[0]}\\@{t[1]}"),
        st.tuples(st.sampled_from(DECOYS), hosts).map(lambda t: f"{t[0]}\\@{t[1]}"),
        st.tuples(hosts, st.sampled_from(DECOYS)).map(lambda t: f"{t[0]}#@{t[1]}"),
        st.tuples(hosts, st.sampled_from(DECOYS)).map(lambda t: f"{t[0]}?@{t[1]}"),
    )


@given(data=st.data(), path=st.sampled_from(["/echo", "/../echo", "\\echo", "/%2e%2e/echo"]))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_spelling_of_this_machine_is_fetched_with_private_networks_off(server, data, path):
    """With the switch off (every public site), every way of writing loopback is refused
    before any connection: the server never sees a request."""
    authority = data.draw(decorated(spellings_of_loopback(server.port)))
    before = len(server.seen)
    with override_settings(SAMIZDAT_ALLOW_PRIVATE_NETWORKS=False), pytest.raises(FetchRefused):
        fetch(f"http://{authority}{path}", timeout=2)
    assert len(server.seen) == before


# Pieces parsers read differently, joined a few at a time.
TRICKY = st.lists(
    st.sampled_from(["\\", "@", ":", "/", "#", "?", "%40", "%5c", "[", "]", ".", "1", "x", ";"]),
    max_size=4,
).map("".join)


@given(before=TRICKY, between=TRICKY, after=TRICKY)
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_what_is_fetched_is_the_host_urllib_parse_reads(
    server, other_server, before, between, after
):
    """Two servers, `one.test` and `two.test`, and URLs mixing both names with the characters
    parsers disagree on. Whatever the URL, a request reaches only the server that Python's
    own reading of the URL names, at the port it names, with that host in `Host`; anything
    the parsers read differently is refused."""
    resolver = Resolver(one=["127.0.0.1"], two=["127.0.0.2"])
    servers = {"one.test": server, "two.test": other_server}
    url = f"http://{before}one.test:{server.port}{between}two.test:{other_server.port}{after}/echo"
    counts = {name: len(s.seen) for name, s in servers.items()}
    with loopback_allowed(resolver), contextlib.suppress(FetchRefused, FetchFailed):
        fetch(url, timeout=2, max_redirects=0)
    reached = {name: s.seen[counts[name] :] for name, s in servers.items()}
    reached = {name: seen for name, seen in reached.items() if seen}
    if reached:
        read = urlsplit(url)
        assert list(reached) == [read.hostname]
        [[request]] = reached.values()
        assert request["host"] == read.netloc.lower()
        assert servers[read.hostname].port == read.port


@given(
    name=st.sampled_from(["bücher", "ĳssel", "παράδειγμα", "例え", "straße", "BÜCHER"]),
)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_international_name_is_resolved_and_sent_in_its_ascii_form(server, name):
    import idna

    ascii_name = idna.encode(f"{name.lower()}.test", uts46=True).decode()
    resolver = Resolver()
    resolver.names[ascii_name] = ["127.0.0.1"]
    with loopback_allowed(resolver):
        try:
            answer = fetch(f"http://{name}.test:{server.port}/echo")
        except FetchRefused:
            return  # a name the strict IDNA rules refuse is refused, never mangled
    assert answer.json()["host"] == f"{ascii_name}:{server.port}"
    assert resolver.calls == [ascii_name]


def test_a_trailing_dot_names_the_same_host(server):
    resolver = Resolver(dotted=["127.0.0.1"])
    with loopback_allowed(resolver):
        answer = fetch(f"http://dotted.test.:{server.port}/echo")
    assert answer.json()["host"] == f"dotted.test:{server.port}"


def test_a_percent_encoded_or_userinfo_host_is_refused_even_with_loopback_allowed(server):
    resolver = Resolver(a=["127.0.0.1"])
    before = len(server.seen)
    with loopback_allowed(resolver):
        for url in [
            f"http://%61.test:{server.port}/",
            f"http://user@a.test:{server.port}/",
            f"http://a.test:{server.port}@a.test/",
            f"http://0x7f000001:{server.port}/",
            f"http://[::ffff:127.0.0.1]:{server.port}/",
        ]:
            with pytest.raises(FetchRefused):
                fetch(url)
    assert len(server.seen) == before


# ── redirects ─────────────────────────────────────────────────────────────────────────────


def redirect(server, to, code=302):
    return server.url(f"/redirect?code={code}&to={quote(to, safe='')}")


@pytest.mark.parametrize(
    "to",
    [
        "http://inside.test/",
        "http://10.0.0.1/",
        "http://[::ffff:127.0.0.1]/echo",
        "http://0x7f000001/echo",
        "http://127.0.0.1:1\\@8.8.8.8/",
        "file:///etc/passwd",
    ],
)
def test_every_redirect_is_checked_again(server, to):
    resolver = Resolver(inside=["192.168.1.10"])
    with loopback_allowed(resolver), pytest.raises(FetchRefused):
        fetch(redirect(server, to))


def test_redirects_are_followed_to_a_limit_and_the_last_one_returned(server):
    with loopback_allowed():
        assert fetch(redirect(server, server.url("/echo?landed=1"))).json()["path"] == (
            "/echo?landed=1"
        )
        before = len(server.seen)
        assert fetch(server.url("/loop"), max_redirects=3).status == 302
        assert len(server.seen) == before + 4  # the first request and three redirects
        assert fetch(server.url("/loop"), max_redirects=0).status == 302


def test_a_redirect_to_another_host_drops_credentials_and_names_the_new_host(server):
    resolver = Resolver(elsewhere=["127.0.0.1"])
    target = f"http://elsewhere.test:{server.port}/echo"
    with loopback_allowed(resolver):
        answer = fetch(redirect(server, target), headers={"Authorization": "Bearer s3cret"})
    seen = answer.json()
    assert answer.url == target and seen["host"] == f"elsewhere.test:{server.port}"
    assert "Authorization" not in seen["headers"]


def test_see_other_turns_a_post_into_a_get_and_307_keeps_it(server):
    with loopback_allowed():
        other = fetch(redirect(server, server.url(), 303), method="POST", body=b"data")
        kept = fetch(redirect(server, server.url(), 307), method="POST", body=b"data")
    assert (other.json()["method"], other.json()["body"]) == ("GET", "")
    assert (kept.json()["method"], kept.json()["body"]) == ("POST", "data")


# ── caps ──────────────────────────────────────────────────────────────────────────────────


def test_a_body_larger_than_allowed_fails_and_says_when_to_retry(server):
    with loopback_allowed():
        with pytest.raises(FetchFailed, match="more than 1000") as failure:
            fetch(server.url("/big"), max_bytes=1000)
        assert failure.value.retry_after == 30
        with pytest.raises(FetchFailed, match="more than 1000"):
            fetch(server.url("/big-unannounced"), max_bytes=1000)
        assert len(fetch(server.url("/big"), max_bytes=3000).body) == 3000


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_server_that_drips_its_answer_is_cut_off_at_the_timeout(server, path):
    """Each byte comes well within any read timeout, so only a deadline for the whole fetch
    ends it; the server sees the connection closed."""
    server.hung_up.clear()
    with loopback_allowed(), pytest.raises(FetchFailed, match="timed out"):
        fetch(server.url(path), timeout=20 * SLOW)
    assert server.hung_up.wait(10)


# ── TLS ───────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS server with a self-signed certificate for secure.test, noting the SNI names."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=secure.test", "-addext", "subjectAltName=DNS:secure.test"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    running = Server("127.0.0.1")
    running.socket = context.wrap_socket(running.socket, server_side=True)
    running.names = names
    yield running
    running.stop()


def test_https_sends_the_urls_name_and_checks_the_certificate(tls_server):
    """The connection goes to the checked address, but TLS still names (SNI) and verifies
    the URL's host: a certificate no authority signed is refused."""
    resolver = Resolver(secure=["127.0.0.1"])
    with loopback_allowed(resolver), pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY"):
        fetch(f"https://secure.test:{tls_server.port}/echo")
    assert tls_server.names == ["secure.test"]
