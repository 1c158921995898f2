"""samizdat's own IndieAuth server: the site is its authors' identity ("me"), and Micropub
clients get their bearer tokens here. Authorization code flow with PKCE (S256) only."""

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from samizdat.publishing.services import (
    access_token_find,
    access_token_issue,
    access_token_revoke,
    authorization_code_issue,
    authorization_code_redeem,
)
from samizdat.publishing.wp.common import site_url

SCOPES = {
    "create": "create posts",
    "update": "change posts",
    "delete": "delete posts",
    "media": "upload images",
    "draft": "create drafts only",
    "profile": "see your name",
}


def me_url() -> str:
    return site_url("/")


def _error(error: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


@require_GET
def metadata(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "issuer": site_url("/"),
            "authorization_endpoint": site_url("/indieauth/auth"),
            "token_endpoint": site_url("/indieauth/token"),
            "revocation_endpoint": site_url("/indieauth/token"),
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
        }
    )


def _same_origin(a: str, b: str) -> bool:
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme, x.hostname, x.port) == (y.scheme, y.hostname, y.port)


def _request_problem(params) -> str:
    client_id, redirect_uri = params.get("client_id", ""), params.get("redirect_uri", "")
    if params.get("response_type", "code") not in ("code", "id"):
        return "response_type must be code."
    if urlsplit(client_id).scheme not in ("http", "https") or not urlsplit(client_id).hostname:
        return "client_id must be the client's URL."
    if urlsplit(redirect_uri).scheme not in ("http", "https") or not _same_origin(
        client_id, redirect_uri
    ):
        return "redirect_uri must be on the client's own host."
    if not params.get("code_challenge") or params.get("code_challenge_method", "S256") != "S256":
        return "A PKCE code_challenge with code_challenge_method S256 is required."
    return ""


@csrf_exempt
def authorize(request: HttpRequest) -> HttpResponse:
    # A client redeeming a profile-only code at the authorization endpoint (no session).
    if request.method == "POST" and "code" in request.POST and "grant_type" in request.POST:
        return _redeem(request, with_token=False)
    return _consent(request)


@login_required
def _consent(request: HttpRequest) -> HttpResponse:
    from django.middleware.csrf import CsrfViewMiddleware

    params = request.POST if request.method == "POST" else request.GET
    if problem := _request_problem(params):
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
    scopes = [s for s in params.get("scope", "").split() if s in SCOPES]
    if request.method == "POST":
        # csrf_exempt above is for the code-redeeming clients; the consent form is checked.
        if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
            return HttpResponse("The form has expired; go back and try again.", status=403)
        redirect_uri = params["redirect_uri"]
        if params.get("decision") != "allow":
            query = {"error": "access_denied", "state": params.get("state", "")}
        else:
            granted = [s for s in request.POST.getlist("scopes") if s in scopes]
            code = authorization_code_issue(
                user=request.user,
                client_id=params["client_id"],
                redirect_uri=redirect_uri,
                scope=" ".join(granted),
                code_challenge=params["code_challenge"],
                code_challenge_method=params.get("code_challenge_method", "S256"),
            )
            query = {"code": code, "state": params.get("state", ""), "iss": site_url("/")}
        joiner = "&" if urlsplit(redirect_uri).query else "?"
        return HttpResponseRedirect(redirect_uri + joiner + urlencode(query))
    return render(
        request,
        "publishing/indieauth_authorize.html",
        {
            "params": params,
            "client": urlsplit(params["client_id"]).hostname,
            "scopes": [(s, SCOPES[s]) for s in scopes],
        },
    )


def _redeem(request: HttpRequest, *, with_token: bool) -> JsonResponse:
    data = request.POST
    if data.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type", "grant_type must be authorization_code.")
    try:
        grant = authorization_code_redeem(
            code=data.get("code", ""),
            client_id=data.get("client_id", ""),
            redirect_uri=data.get("redirect_uri", ""),
            code_verifier=data.get("code_verifier", ""),
        )
    except ValidationError as invalid:
        return _error("invalid_grant", " ".join(invalid.messages))
    answer = {"me": me_url(), "profile": {"name": grant.user.public_name, "url": me_url()}}
    if with_token:
        if not grant.scope:
            return _error("invalid_grant", "No scope was granted, so there is no token to give.")
        _, token = access_token_issue(user=grant.user, client_id=grant.client_id, scope=grant.scope)
        answer |= {"access_token": token, "token_type": "Bearer", "scope": grant.scope}
    response = JsonResponse(answer)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # the older token-verification request
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        item = access_token_find(bearer)
        if item is None:
            return _error("invalid_token", "The token is not valid.", 401)
        return JsonResponse({"me": me_url(), "client_id": item.client_id, "scope": item.scope})
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if request.POST.get("action") == "revoke":
        access_token_revoke(token=request.POST.get("token", ""))
        return HttpResponse(status=200)
    return _redeem(request, with_token=True)
