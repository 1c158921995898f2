"""wp/v2/users (authors, and `me`) and wp/v2/settings (the blog's title and tagline)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.views import APIView

from samizdat.core.models import SiteSettings, site_settings_changed
from samizdat.posts.models import Post
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.common import (
    arguments,
    context_arg,
    paginate,
    site_url,
    text_arg,
    wp_response,
)
from samizdat.publishing.wp.errors import WPError, refusal_status
from samizdat.publishing.wp.representations import user_data


def _authors():
    """Who the public may see: people with a published post (as WordPress shows authors)."""
    return get_user_model().objects.filter(pk__in=Post.objects.published().values("author_id"))


class UsersView(APIView):
    @schema.users_list
    def get(self, request):
        args = arguments(request)
        context = context_arg(args)
        users = _authors()
        if request.user.is_authenticated and request.user.has_perm("posts.edit_others_posts"):
            users = get_user_model().objects.filter(is_staff=True) | users
        elif context == "edit":
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to list users.",
                refusal_status(request),
            )
        if (search := args.get("search")) not in (None, ""):
            users = users.filter(username__icontains=search)
        chosen, headers = paginate(
            request, users.distinct().order_by("username"), args, "wp/v2/users"
        )
        return wp_response([user_data(u, context=context) for u in chosen], headers=headers)


class UserView(APIView):
    @schema.user_read
    def get(self, request, pk: int):
        user = _authors().filter(pk=pk).first()
        if (
            user is None
            and request.user.is_authenticated
            and (request.user.pk == pk or request.user.has_perm("posts.edit_others_posts"))
        ):
            user = get_user_model().objects.filter(pk=pk).first()
        if user is None:
            raise WPError("rest_user_invalid_id", "Invalid user ID.", 404)
        context = context_arg(arguments(request))
        if context == "edit" and request.user.pk != user.pk and not request.user.is_superuser:
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit this user.",
                refusal_status(request),
            )
        return wp_response(user_data(user, context=context))


class MeView(APIView):
    @schema.me_read
    def get(self, request):
        if not request.user.is_authenticated:
            raise WPError("rest_not_logged_in", "You are not currently logged in.", 401)
        return wp_response(user_data(request.user, context=context_arg(arguments(request))))


def _settings_data() -> dict:
    site = SiteSettings.load()
    return {
        "title": site.title,
        "description": site.tagline,
        "url": site_url(),
        "posts_per_page": site.posts_per_page,
        "default_comment_status": "open",
    }


class SettingsView(APIView):
    def _check(self, request) -> None:
        if not request.user.is_authenticated or not request.user.has_perm(
            "core.change_sitesettings"
        ):
            raise WPError(
                "rest_forbidden", "Sorry, you are not allowed to do that.", refusal_status(request)
            )

    @schema.settings_read
    def get(self, request):
        self._check(request)
        return wp_response(_settings_data())

    @schema.settings_update
    def post(self, request):
        self._check(request)
        args = arguments(request)
        title, tagline = text_arg(args, "title"), text_arg(args, "description")
        # What the admin's Site settings form does: save the row and drop every stored page.
        with transaction.atomic():
            site = SiteSettings.objects.select_for_update().get_or_create(pk=1)[0]
            if title is not None:
                site.title = title.replace("\x00", "")[:200]
            if tagline is not None:
                site.tagline = tagline.replace("\x00", "")[:300]
            site.full_clean()
            site.save()
            site_settings_changed()
        return wp_response(_settings_data())

    put = patch = post
