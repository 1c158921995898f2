"""The API root (/wp-json/) and wp/v2's own index, which clients such as wpapi read to learn
the routes; and the JSON answer for any address under /wp-json/ that is not a route."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from samizdat.core.models import SiteSettings
from samizdat.publishing.wp.common import api_url, site_url, wp_response
from samizdat.publishing.wp.errors import WPError

_ID = r"(?P<id>[\d]+)"
_ITEM_ARGS = {"id": {"type": "integer", "required": False}}
_LIST_ARGS = {
    "context": {
        "type": "string",
        "enum": ["view", "embed", "edit"],
        "default": "view",
        "required": False,
    },
    "page": {"type": "integer", "default": 1, "required": False},
    "per_page": {"type": "integer", "default": 10, "required": False},
    "search": {"type": "string", "required": False},
}
_COLLECTIONS = {
    "posts": [
        "author",
        "categories",
        "tags",
        "status",
        "slug",
        "include",
        "exclude",
        "order",
        "orderby",
        "sticky",
    ],
    "pages": ["parent", "status", "slug"],
    "media": [],
    "categories": ["parent", "post", "slug", "hide_empty", "include"],
    "tags": ["post", "slug", "hide_empty", "include"],
    "comments": ["post", "parent", "status", "order"],
    "users": [],
}


def _route(methods: list[str], args: dict, path: str) -> dict:
    endpoints = [{"methods": ["GET"], "args": args}]
    writes = [m for m in methods if m != "GET"]
    if writes:
        edit = [m for m in writes if m in ("POST", "PUT", "PATCH")]
        if edit:
            endpoints.append({"methods": edit, "args": {}})
        if "DELETE" in writes:
            endpoints.append(
                {
                    "methods": ["DELETE"],
                    "args": {"force": {"type": "boolean", "default": False, "required": False}},
                }
            )
    return {
        "namespace": "wp/v2",
        "methods": methods,
        "endpoints": endpoints,
        "_links": {"self": [{"href": api_url(path)}]},
    }


def routes() -> dict:
    out = {}
    for name, extra in _COLLECTIONS.items():
        list_args = {**_LIST_ARGS, **{a: {"required": False} for a in extra}}
        writable = name != "users"
        out[f"/wp/v2/{name}"] = _route(
            ["GET", "POST"] if writable else ["GET"], list_args, f"wp/v2/{name}"
        )
        out[f"/wp/v2/{name}/{_ID}"] = _route(
            ["GET", "POST", "PUT", "PATCH", "DELETE"] if writable else ["GET"],
            _ITEM_ARGS,
            f"wp/v2/{name}",
        )
    out["/wp/v2/users/me"] = _route(["GET"], {}, "wp/v2/users/me")
    out["/wp/v2/settings"] = _route(["GET", "POST", "PUT", "PATCH"], {}, "wp/v2/settings")
    return out


@extend_schema(exclude=True)
class RootView(APIView):
    """What WordPress's /wp-json/ says about the site, with the routes samizdat answers."""

    def get(self, request):
        site = SiteSettings.load()
        return wp_response(
            {
                "name": site.title,
                "description": site.tagline,
                "url": site_url(),
                "home": site_url(),
                "gmt_offset": "0",
                "timezone_string": "",
                "namespaces": ["wp/v2"],
                "authentication": {
                    "application-passwords": {
                        "endpoints": {"authorization": site_url("/accounts/profile/#app-passwords")}
                    }
                },
                "routes": {
                    "/": {
                        "namespace": "",
                        "methods": ["GET"],
                        "endpoints": [{"methods": ["GET"], "args": {}}],
                        "_links": {"self": [{"href": api_url()}]},
                    },
                    "/wp/v2": {
                        "namespace": "wp/v2",
                        "methods": ["GET"],
                        "endpoints": [{"methods": ["GET"], "args": {}}],
                        "_links": {"self": [{"href": api_url("wp/v2")}]},
                    },
                    **routes(),
                },
                "site_logo": 0,
                "site_icon": 0,
                "site_icon_url": "",
                "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
            }
        )


@extend_schema(exclude=True)
class NamespaceView(APIView):
    def get(self, request):
        return wp_response(
            {"namespace": "wp/v2", "routes": routes(), "_links": {"up": [{"href": api_url()}]}}
        )


@extend_schema(exclude=True)
class NoRouteView(APIView):
    """Anything else under /wp-json/: WordPress's JSON 404, never the site's HTML one."""

    def _refuse(self, request, *args, **kwargs):
        raise WPError(
            "rest_no_route", "No route was found matching the URL and request method.", 404
        )

    get = post = put = patch = delete = head = _refuse
