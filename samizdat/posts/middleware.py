from django.http import HttpRequest, HttpResponsePermanentRedirect

from samizdat.posts.models import Redirect


class RedirectFallbackMiddleware:
    """On a 404, answer 301 when the path is one a post or page used to live at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = (
            Redirect.objects.select_related("post", "page").filter(old_path=request.path).first()
        )
        if redirect is None:
            return response
        from samizdat.posts.services import page_visible_to, post_visible_to

        target = redirect.target
        visible = post_visible_to if redirect.post_id else page_visible_to
        if not visible(target, request.user):
            return response
        return HttpResponsePermanentRedirect(target.get_absolute_url())
