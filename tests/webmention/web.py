"""A real HTTP server on loopback standing in for other people's sites: pages answered from a
table the test fills (status, headers, body, an optional pause), and every request it got."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Page:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    pause: float = 0.0  # seconds before answering: a slow site


@dataclass
class Request:
    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


class Web:
    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.requests: list[Request] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def page(self, path: str, body: bytes | str = b"", **fields) -> str:
        """Serve `body` at `path` (its query string included); returns the absolute URL."""
        self.pages[path] = Page(body=body, **fields)
        return self.url + path

    def received(self, method: str = "POST") -> list[Request]:
        return [r for r in self.requests if r.method == method]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self, with_body: bool) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                web.requests.append(Request(self.command, self.path, dict(self.headers), body))
                page = web.pages.get(self.path) or web.pages.get(self.path.split("?")[0])
                if page is None:
                    page = Page(status=404, body=b"not here", content_type="text/plain")
                if page.pause:
                    time.sleep(page.pause)
                data = page.body.encode() if isinstance(page.body, str) else page.body
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for name, value in page.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if with_body:  # a client that gave up (a size cap, a timeout) is as intended
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(data)

            def do_GET(self):
                self._answer(True)

            def do_POST(self):
                self._answer(True)

            def do_HEAD(self):
                self._answer(False)

            def log_message(self, *args):
                pass

        return Handler
