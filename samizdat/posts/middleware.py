from django.http import HttpRequest, HttpResponsePermanentRedirect

from samizdat.posts.models import Redirect


class RedirectFallbackMiddleware:
    """On a 404, answer 301 when the path is one a post, page or category used to live at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = (
            Redirect.objects.select_related("post", "page", "category")
            .filter(old_path=request.path)
            .first()
        )
        if redirect is None or not _still_visible(redirect, request.user):
            return response
        return HttpResponsePermanentRedirect(redirect.target.get_absolute_url())


def _still_visible(redirect: Redirect, user) -> bool:
    from samizdat.posts.services import page_visible_to, post_visible_to

    if redirect.post_id:
        return post_visible_to(redirect.post, user)
    if redirect.page_id:
        return page_visible_to(redirect.page, user)
    return True  # categories are always public
