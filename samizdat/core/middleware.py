"""Every request runs in the site's time zone (the Site setting, else SAMIZDAT_TIME_ZONE):
dates on pages, permalinks, date archives and the studio's date-time picker all agree."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from samizdat.core.models import SiteSettings


class SiteTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(SiteSettings.load().zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
