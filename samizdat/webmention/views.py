"""The endpoint other sites send webmentions to, and the status page it answers with."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from samizdat.core.siteurl import absolute
from samizdat.webmention.models import Mention
from samizdat.webmention.services import MentionRefused, mention_receive


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@csrf_exempt  # other sites post here by design; nothing here acts for a signed-in reader
def endpoint(request: HttpRequest) -> HttpResponse:
    """POST source=…&target=…: 202 and the status page's address, or 400 with the reason."""
    if request.method != "POST":
        response = HttpResponse(
            "This is a Webmention endpoint (https://www.w3.org/TR/webmention/): "
            "POST source and target here.\n",
            content_type="text/plain; charset=utf-8",
            status=405,
        )
        response["Allow"] = "POST"
        return response
    try:
        mention = mention_receive(
            source=request.POST.get("source", ""),
            target=request.POST.get("target", ""),
            ip=_client_ip(request),
        )
    except MentionRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"error": str(refusal)}, status=refusal.status)
        return HttpResponse(
            f"{refusal}\n", content_type="text/plain; charset=utf-8", status=refusal.status
        )
    status_url = absolute(mention.get_absolute_url())
    # 202 without a Location header, as the spec has it for a status page not yet made; the
    # body gives the address where the sender can read what became of it.
    if _wants_json(request):
        return JsonResponse({"status": mention.state, "status_url": status_url}, status=202)
    return HttpResponse(
        f"Accepted for verification. What became of it: {status_url}\n",
        content_type="text/plain; charset=utf-8",
        status=202,
    )


@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """What became of one webmention: queued, accepted (as what), refused or removed, and why."""
    mention = get_object_or_404(Mention.objects.select_related("post"), token=token)
    if _wants_json(request):
        return JsonResponse(
            {
                "source": mention.source,
                "target": mention.target,
                "status": mention.state,
                "kind": mention.kind,
                "summary": mention.reason,
                "received": mention.received_at.isoformat(),
                "verified": mention.verified_at.isoformat() if mention.verified_at else None,
            }
        )
    return render(request, "webmention/status.html", {"mention": mention})
