"""wp/v2/pages, written through posts.services (page_save, page_delete)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework.views import APIView

from samizdat.posts.models import BodyFormat, Page
from samizdat.posts.services import page_delete, page_save, page_visible_to
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.common import (
    arguments,
    bool_arg,
    choice_arg,
    context_arg,
    id_list,
    int_arg,
    paginate,
    text_arg,
    wp_response,
)
from samizdat.publishing.wp.errors import WPError, invalid_params, refusal_status
from samizdat.publishing.wp.posts import invalid_post_id, statuses_wanted
from samizdat.publishing.wp.representations import WP_TO_POST_STATUS, page_data

PAGE_STATUSES = ["publish", "draft", "private"]


def _items_for(request, args, items, data, route):
    context = context_arg(args)
    if context == "edit" and not request.user.is_authenticated:
        raise WPError(
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit posts in this post type.",
            401,
        )
    chosen, headers = paginate(request, items, args, route)
    return [data(item, context=context) for item in chosen], headers


def _page_refused(request, creating: bool) -> WPError:
    status = refusal_status(request)
    if creating:
        return WPError(
            "rest_cannot_create", "Sorry, you are not allowed to create posts as this user.", status
        )
    return WPError("rest_cannot_edit", "Sorry, you are not allowed to edit this post.", status)


def _save_page(request, page: Page, args: dict, *, creating: bool) -> Page:
    user = request.user
    if not user.is_authenticated or not user.has_perm(
        "posts.add_page" if creating else "posts.change_page"
    ):
        raise _page_refused(request, creating)
    errors = {}
    if (title := text_arg(args, "title")) is not None:
        page.title = title
    if (content := text_arg(args, "content")) is not None and content != page.body_source:
        page.body_source, page.body_format = content, BodyFormat.HTML
    if (slug := text_arg(args, "slug")) is not None:
        page.slug = slug
    if (status := choice_arg(args, "status", PAGE_STATUSES)) is not None:
        page.status = WP_TO_POST_STATUS[status]
    if (order := int_arg(args, "menu_order")) is not None:
        page.menu_order = order
    if (parent := int_arg(args, "parent")) is not None:
        if parent and not Page.objects.filter(pk=parent).exists():
            errors["parent"] = "Invalid post parent ID."
        page.parent_id = parent or None
    if errors:
        raise invalid_params(errors)
    if creating and not page.title and not page.body_source:
        raise WPError("empty_content", "Content, title, and excerpt are empty.", 400)
    try:
        return page_save(page=page, user=user)
    except PermissionDenied:
        raise _page_refused(request, creating) from None


class PagesView(APIView):
    @schema.pages_list
    def get(self, request):
        args = arguments(request)
        statuses = statuses_wanted(args, PAGE_STATUSES)
        if statuses != ["publish"] and not (
            request.user.is_authenticated and request.user.has_perm("posts.change_page")
        ):
            raise WPError(
                "rest_invalid_param",
                "Invalid parameter(s): status",
                refusal_status(request),
                params={"status": "Status is forbidden."},
            )
        pages = Page.objects.filter(status__in=[WP_TO_POST_STATUS[s] for s in statuses])
        if (search := args.get("search")) not in (None, ""):
            pages = pages.filter(Q(title__icontains=search) | Q(body_source__icontains=search))
        if (parents := id_list(args, "parent")) is not None:
            pages = pages.filter(
                Q(parent_id__in=[p for p in parents if p])
                | (Q(parent__isnull=True) if 0 in parents else Q(pk__in=[]))
            )
        if (slug := args.get("slug")) not in (None, ""):
            pages = pages.filter(slug__in=slug if isinstance(slug, list) else str(slug).split(","))
        items, headers = _items_for(
            request, args, pages.order_by("menu_order", "path"), page_data, "wp/v2/pages"
        )
        return wp_response(items, headers=headers)

    @schema.pages_create
    def post(self, request):
        args = arguments(request)
        page = _save_page(request, Page(title=""), args, creating=True)
        return wp_response(page_data(page, context="edit"), status=201)


class PageView(APIView):
    def _get(self, request, pk: int) -> Page:
        page = Page.objects.filter(pk=pk).first()
        if page is None or not page_visible_to(page, request.user):
            raise invalid_post_id()
        return page

    @schema.page_read
    def get(self, request, pk: int):
        args = arguments(request)
        page = self._get(request, pk)
        context = context_arg(args)
        if context == "edit" and not (
            request.user.is_authenticated and request.user.has_perm("posts.change_page")
        ):
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit this post.",
                refusal_status(request),
            )
        return wp_response(page_data(page, context=context))

    @schema.page_update
    def post(self, request, pk: int):
        page = self._get(request, pk)
        return wp_response(
            page_data(_save_page(request, page, arguments(request), creating=False), context="edit")
        )

    put = patch = post

    @schema.page_delete
    def delete(self, request, pk: int):
        args = arguments(request)
        page = self._get(request, pk)
        if not request.user.is_authenticated:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 401
            )
        if page.children.exists():  # the row is protected: say so instead of failing
            raise WPError(
                "rest_cannot_delete",
                "This page has pages under it; move or delete them first.",
                400,
            )
        previous = page_data(page, context="edit")
        try:
            page_delete(page=page, user=request.user)
        except PermissionDenied:
            raise WPError(
                "rest_cannot_delete", "Sorry, you are not allowed to delete this post.", 403
            ) from None
        if bool_arg(args, "force", False):
            return wp_response({"deleted": True, "previous": previous})
        return wp_response({**previous, "status": "trash"})
