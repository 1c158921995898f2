"""/xmlrpc.php: XML-RPC over POST, and the RSD document (`?rsd`) apps discover it by."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

from samizdat.core.models import SiteSettings
from samizdat.publishing.wp.auth import client_ip
from samizdat.publishing.wp.common import site_url
from samizdat.publishing.xmlrpc.methods import Session, methods
from samizdat.publishing.xmlrpc.protocol import (
    Fault,
    call_parse,
    dispatch,
    fault_dump,
    response_dump,
)

logger = logging.getLogger(__name__)


def _body_limit() -> int:
    # An image travels as base64 (4 bytes for every 3), inside a little XML.
    return settings.SAMIZDAT_MAX_UPLOAD_BYTES * 4 // 3 + 1024 * 1024


def _xml(data: bytes) -> HttpResponse:
    return HttpResponse(data, content_type="text/xml; charset=UTF-8")


@csrf_exempt
def endpoint(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and "rsd" in request.GET:
        return rsd(request)
    if request.method != "POST":
        response = HttpResponse(
            "XML-RPC server accepts POST requests only.", status=405, content_type="text/plain"
        )
        response["Allow"] = "POST"
        return response
    if int(request.META.get("CONTENT_LENGTH") or 0) > _body_limit():
        return _xml(fault_dump(Fault(-32700, "parse error. request too large")))
    # Read the stream: Django's `body` refuses what an image upload needs.
    data = request.read(_body_limit() + 1)
    try:
        call = call_parse(data)
        session = Session(ip=client_ip(request), secure=request.is_secure())
        result = dispatch(methods(session), call)
    except Fault as fault:
        return _xml(fault_dump(fault))
    except (ValueError, KeyError, AttributeError, TypeError):
        logger.info("XML-RPC call with malformed arguments", exc_info=True)
        return _xml(fault_dump(Fault(400, "Malformed arguments for this XML-RPC method.")))
    return _xml(response_dump(result))


def rsd(request: HttpRequest) -> HttpResponse:
    body = render_to_string(
        "publishing/rsd.xml",
        {
            "home": site_url(),
            "xmlrpc": site_url("/xmlrpc.php"),
            "api": site_url("/wp-json/"),
            "site": SiteSettings.load(),
        },
    )
    return HttpResponse(body, content_type="application/rsd+xml; charset=UTF-8")
