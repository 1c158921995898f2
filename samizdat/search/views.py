"""The search page, answering `/search/?s=…`, `/search/<words>/` and WordPress's `/?s=…`."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samizdat.search.services import SearchResults, search_posts

MAX_PAGE_DIGITS = 6


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS else 1


def _page_url(results: SearchResults, number: int) -> str:
    params = {"s": results.query, **({"paged": number} if number > 1 else {})}
    return "/search/?" + urlencode(params)


def search(request: HttpRequest, page: int | None = None, words: str | None = None) -> HttpResponse:
    """One page of results; any query at all gives a normal page (empty, or with hits)."""
    query = words if words is not None else request.GET.get("s", "")
    results = search_posts(query, page=page or _page_number(request.GET.get("paged")))
    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "newer_url": _page_url(results, results.number - 1) if results.has_previous else "",
            "older_url": _page_url(results, results.number + 1) if results.has_next else "",
        },
    )
