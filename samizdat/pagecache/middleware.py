"""Serve stored pages to anonymous readers before anything else runs; store what views mark.

A reader with a session (signed in), a held comment or remembered comment details gets a
freshly rendered page: those pages differ per reader. So does any request with a query string.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from samizdat.core.siteurl import is_site_host
from samizdat.pagecache import services

BYPASS_COOKIES = ("samizdat_held", "samizdat_commenter", "messages")
EXPIRY_CHECK_SECONDS = 1.0
MAX_AGE_SECONDS = 12 * 3600  # younger than a comment form stamp's one-day limit


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(
        name in cookies for name in BYPASS_COOKIES
    )


def _encoding(request: HttpRequest) -> tuple[str, str]:
    accepted = request.headers.get("Accept-Encoding", "")
    if "br" in accepted and services.brotli is not None:
        return ".br", "br"
    if "gzip" in accepted:
        return ".gz", "gzip"
    return "", ""


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._next_expiry_check = 0.0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not services.enabled() or not _cacheable_request(request):
            return self.get_response(request)
        self._expire_due()
        if (hit := self._hit(request)) is not None:
            return hit
        started = time.time()
        request._pagecache = set()
        response = self.get_response(request)
        if self._storable(request, response):
            stored = services.page_store(
                path=request.path,
                content=response.content,
                content_type=response["Content-Type"],
                tags=request._pagecache,
                started=started,
            )
            response["X-Page-Cache"] = "miss, stored" if stored else "miss"
        return response

    def _expire_due(self) -> None:
        now = time.monotonic()
        if now >= self._next_expiry_check:
            self._next_expiry_check = now + EXPIRY_CHECK_SECONDS
            services.expire_due()

    def _hit(self, request: HttpRequest) -> HttpResponse | None:
        for extension, content_type in services.CONTENT_TYPES.items():
            relative = services.relative_file(request.path, extension)
            if relative is None:
                return None
            target = services.root() / relative
            try:
                stat = target.stat()
            except FileNotFoundError:
                continue
            if time.time() - stat.st_mtime > MAX_AGE_SECONDS:
                return None
            return self._serve(request, target, stat, content_type)
        return None

    def _serve(self, request, target, stat, content_type) -> HttpResponse:
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        headers = {
            "ETag": etag,
            "Last-Modified": http_date(stat.st_mtime),
            "Cache-Control": "public, max-age=0, must-revalidate",
            "Vary": "Accept-Encoding, Cookie",  # a shared cache must not mix readers
            "X-Page-Cache": "hit",
        }
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304, headers=headers)
        suffix, encoding = _encoding(request)
        try:
            body = target.with_name(target.name + suffix).read_bytes()
        except FileNotFoundError:
            body, encoding = target.read_bytes(), ""
        if encoding:
            headers["Content-Encoding"] = encoding
        response = HttpResponse(
            b"" if request.method == "HEAD" else body, content_type=content_type, headers=headers
        )
        response["Content-Length"] = str(len(body))
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request._pagecache is not None
            and len(request._pagecache) > 0
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Encoding")
            and request.method == "GET"
            # a page asked for under another name or port is never kept for everyone
            and is_site_host(request.get_host())
        )
