"""What every WordPress REST endpoint shares: addresses, dates, arguments and pagination."""

import math
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.response import Response

from samizdat.publishing.wp.errors import WPError, invalid_params

API_PATH = "/wp-json/"
MAX_ID = 2**63 - 1  # the databases' largest integer


def site_url(path: str = "") -> str:
    return settings.SAMIZDAT_SITE_URL + path


def api_url(route: str = "") -> str:
    """An absolute address under /wp-json/, e.g. api_url("wp/v2/posts/3")."""
    return site_url(API_PATH + route.lstrip("/"))


def links(**relations) -> dict:
    """`_links` as WordPress writes it: each relation a list of {"href", …}."""
    out = {}
    for rel, value in relations.items():
        items = value if isinstance(value, list) else [value]
        out[rel.replace("__", ":")] = [
            item if isinstance(item, dict) else {"href": item} for item in items if item
        ]
    return {rel: items for rel, items in out.items() if items}


def local_date(value: datetime | None) -> str | None:
    """WordPress's `date`: the site's local time without an offset."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0).isoformat()


def gmt_date(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat()


def parse_date(value, name: str, *, gmt: bool) -> datetime | None:
    """A client's date: local time without an offset (`date`) or UTC (`date_gmt`)."""
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        parsed = None
    if parsed is None or not 1 < parsed.year < 9999:
        raise invalid_params({name: f"Invalid date: {name} must be an ISO 8601 date and time."})
    if timezone.is_naive(parsed):
        zone = UTC if gmt else timezone.get_current_timezone()
        parsed = timezone.make_aware(parsed, zone)
    return parsed


def arguments(request) -> dict:
    """The request's arguments, as WordPress merges them: query string, then the body."""
    merged = {key: _one_or_list(request.query_params, key) for key in request.query_params}
    data = request.data
    if hasattr(data, "getlist"):
        merged.update({key: _one_or_list(data, key) for key in data})
    elif isinstance(data, dict):
        merged.update(data)
    return {key.removesuffix("[]"): _without_nul(value) for key, value in merged.items()}


def _without_nul(value):
    """NUL never comes from a person, and PostgreSQL refuses it even in a search."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


def _one_or_list(params, key):
    values = params.getlist(key)
    return values if key.endswith("[]") or len(values) > 1 else values[0]


def int_arg(args: dict, name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
    value = args.get(name, default)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not str(value).lstrip("-").isdigit():
        raise invalid_params({name: f"{name} is not of type integer."}, "rest_invalid_type")
    number = int(value)
    if number > MAX_ID:
        raise invalid_params({name: f"{name} must be less than or equal to {MAX_ID}"})
    if number < minimum:
        raise invalid_params({name: f"{name} must be greater than or equal to {minimum}"})
    return number


def bool_arg(args: dict, name: str, default: bool | None = None) -> bool | None:
    value = args.get(name, default)
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise invalid_params({name: f"{name} is not of type boolean."})


def id_list(args: dict, name: str) -> list[int] | None:
    """WordPress takes a list as `a[]=1&a[]=2`, `a=1,2` or a JSON array."""
    value = args.get(name)
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(",") if value != "" else []
    try:
        ids = [int(str(item).strip()) for item in items if str(item).strip() != ""]
    except ValueError:
        raise invalid_params({name: f"{name}[0] is not of type integer."}) from None
    if any(i < 0 or i > MAX_ID for i in ids):
        raise invalid_params({name: f"{name} must hold positive ids."})
    return ids


def text_arg(args: dict, name: str) -> str | None:
    """A text field, given as a string or as WordPress's {"raw": …} object."""
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("raw", "")
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise invalid_params({name: f"{name} is not of type string."})
    return value


def choice_arg(args: dict, name: str, choices: list[str], default: str | None = None) -> str | None:
    value = args.get(name, default)
    if value is None:
        return None
    if value not in choices:
        listed = (
            ", ".join(choices[:-1]) + f", and {choices[-1]}" if len(choices) > 1 else choices[0]
        )
        raise invalid_params({name: f"{name} is not one of {listed}."}, "rest_not_in_enum")
    return value


def context_arg(args: dict) -> str:
    return choice_arg(args, "context", ["view", "embed", "edit"], "view")


def paginate(request, items: QuerySet | list, args: dict, route: str) -> tuple[list, dict]:
    """One page of a collection, and WordPress's X-WP-Total, X-WP-TotalPages and Link headers."""
    per_page = int_arg(args, "per_page", 10, minimum=1)
    if per_page > 100:
        raise invalid_params(
            {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"}
        )
    page = int_arg(args, "page", 1, minimum=1)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(total / per_page) if total else 0
    if page > max(pages, 1):
        raise WPError(
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
            400,
        )
    chosen = list(items[(page - 1) * per_page : page * per_page])
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    link = []
    if page > 1:
        link.append(f'<{api_url(route)}?{urlencode({**query, "page": page - 1})}>; rel="prev"')
    if page < pages:
        link.append(f'<{api_url(route)}?{urlencode({**query, "page": page + 1})}>; rel="next"')
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    if link:
        headers["Link"] = ", ".join(link)
    return chosen, headers


def wp_response(data, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON answer with the headers WordPress sends on every REST response."""
    headers = dict(headers or {})
    # The API root's own Link (rel="https://api.w.org/") is added with the other site links
    # by core.security's middleware, after any pagination links set here.
    headers.setdefault("X-Robots-Tag", "noindex")
    headers.setdefault("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
    headers.setdefault(
        "Access-Control-Allow-Headers",
        "Authorization, Content-Disposition, Content-MD5, Content-Type",
    )
    headers.setdefault("Cache-Control", "no-cache, must-revalidate, max-age=0, private")
    return Response(data, status=status, headers=headers)
