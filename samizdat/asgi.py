"""What `samizdat serve --production` gives granian: the WSGI site behind a body buffer.

granian hands a request to a WSGI thread as soon as its headers are in, and the thread then
waits on the body: a few clients sending a body a byte every two seconds held every thread and
the whole site stopped answering (issue 19). Here granian speaks ASGI instead, and the body is
read on the event loop — where a waiting connection costs no thread — into memory, against a
deadline that grows with what has arrived (`SAMIZDAT_REQUEST_BODY_SECONDS` plus a second per
64 KiB, so an honest upload over a slow line gets through and a drip does not), and capped in
size. Only a complete request reaches Django, through a2wsgi's WSGI bridge, on `threads`
threads, so the application is the same WSGI one the development server and tests run.
"""

import asyncio
import os

from a2wsgi import WSGIMiddleware
from django.conf import settings

from samizdat.wsgi import application as wsgi_application

BYTES_PER_SECOND = 64 * 1024


def _threads() -> int:
    return int(os.environ.get("SAMIZDAT_SERVE_THREADS", "1"))  # set by `samizdat serve`


class BufferedBody:
    """An ASGI middleware: read the whole body first, within time and size, then call `app`."""

    def __init__(self, app, *, seconds: float, max_bytes: int):
        self.app = app
        self.seconds = seconds
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        loop = asyncio.get_running_loop()
        start, chunks, size, more = loop.time(), [], 0, True
        while more:
            deadline = start + self.seconds + size / BYTES_PER_SECOND
            try:
                message = await asyncio.wait_for(receive(), timeout=deadline - loop.time())
            except TimeoutError:
                return await _refuse(send, 408, b"The request body came too slowly.\n")
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await _refuse(send, 413, b"The request body is too large.\n")
            chunks.append(chunk)
            more = message.get("more_body", False)
        whole = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay():
            return whole.pop() if whole else await receive()

        return await self.app(scope, replay, send)


async def _refuse(send, status: int, text: bytes) -> None:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(text)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text})


application = BufferedBody(
    WSGIMiddleware(wsgi_application, workers=_threads()),
    seconds=settings.SAMIZDAT_REQUEST_BODY_SECONDS,
    # an upload at its largest, plus the form around it
    max_bytes=settings.SAMIZDAT_MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
)
