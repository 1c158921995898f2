"""Response headers that make a browser hold the line when something else fails.

`SecurityHeadersMiddleware` is django-csp's middleware plus `Permissions-Policy`. It sits
outside the page cache, so a stored page gets the same headers as a fresh one; the policy has no
nonces for the same reason (a stored page cannot carry a per-request nonce): the only scripts
are files of this site, and JSON-LD data blocks, which browsers never run.

`media_serve` sends uploads in one-machine mode: raster images, audio and video inline,
anything else as a download, and all of it under a sandboxing policy of its own, so that a file
that is not what it claims can never run as a page of this site.
"""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

from samizdat.core.registry import site_link_header

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
)  # fmt: skip

# The admin (Django's templates and ours) and allauth's account pages use a few inline styles,
# and the studio's editor (CodeMirror) writes its own <style> element; no reader-supplied markup
# renders there with a style (the sanitiser drops every style).
INLINE_STYLE_PREFIXES = ("/admin/", "/accounts/", "/studio/")

# What may be shown inline from the media folder; everything else is sent as a download.
INLINE_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
MEDIA_POLICY = "default-src 'none'; sandbox"


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) and Permissions-Policy."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if links := site_link_header():  # the apps' site links (core.registry.site_link)
            own = response.headers.get("Link")
            response.headers["Link"] = f"{own}, {links}" if own else links
        return response


def page_headers() -> dict[str, str]:
    """The headers every page carries, for a front server that sends stored pages itself
    (`samizdat nginx-config`); the same values the middleware stack adds."""
    headers = {
        HEADER: build_policy(default_config(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])),
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    }
    if settings.SECURE_HSTS_SECONDS:
        headers["Strict-Transport-Security"] = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if links := site_link_header():
        headers["Link"] = links
    return headers


def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded file, with a content type from its name, never sniffed, never a page."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if response.status_code == 200 and content_type not in INLINE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response[HEADER] = MEDIA_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
