from django.http import HttpRequest

from samizdat.core.models import SiteSettings


class SiteInTemplatesMiddleware:
    """allauth's pages put Django's RequestSite in their context as `site`, the name under
    which the theme expects the blog's SiteSettings (title, tagline): give the theme its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response):
        data = response.context_data
        if data is not None and not isinstance(data.get("site", None), SiteSettings | None):
            data["site"] = SiteSettings.load()
        return response
