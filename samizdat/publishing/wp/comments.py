"""wp/v2/comments: public reads of approved comments; moderation through comments.services."""

from django.core.exceptions import PermissionDenied
from rest_framework.views import APIView

from samizdat.comments.models import Comment
from samizdat.comments.services import (
    CommentInput,
    CommentRefused,
    SubmitContext,
    can_moderate,
    comment_edit,
    comment_set_status,
    comment_submit,
)
from samizdat.posts.models import Post
from samizdat.posts.services import post_visible_to
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.auth import client_ip
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
from samizdat.publishing.wp.errors import WPError, refusal_status
from samizdat.publishing.wp.representations import comment_data

WP_TO_COMMENT_STATUS = {
    "approved": "approved",
    "approve": "approved",
    "hold": "pending",
    "spam": "spam",
    "trash": "trash",
}


def _invalid_comment() -> WPError:
    return WPError("rest_comment_invalid_id", "Invalid comment ID.", 404)


class CommentsView(APIView):
    @schema.comments_list
    def get(self, request):
        args = arguments(request)
        moderator = can_moderate(request.user)
        status = choice_arg(args, "status", [*WP_TO_COMMENT_STATUS, "all"], "approve")
        context = context_arg(args)
        if (status != "approve" or context == "edit") and not moderator:
            raise WPError(
                "rest_forbidden_param",
                "Query parameter not permitted: status",
                refusal_status(request),
            )
        comments = Comment.objects.exclude(kind=Comment.Kind.NOTE).select_related("post")
        if status != "all":
            comments = comments.filter(status=WP_TO_COMMENT_STATUS[status])
        if not moderator:
            comments = comments.filter(post__in=Post.objects.published())
        if (posts := id_list(args, "post")) is not None:
            comments = comments.filter(post_id__in=posts)
        if (parents := id_list(args, "parent")) is not None:
            comments = (
                comments.filter(parent_id__in=[p for p in parents if p])
                if 0 not in parents
                else comments.filter(parent__isnull=True)
            )
        if (search := args.get("search")) not in (None, ""):
            comments = comments.filter(body_source__icontains=search)
        sign = "" if choice_arg(args, "order", ["asc", "desc"], "desc") == "asc" else "-"
        chosen, headers = paginate(
            request, comments.order_by(f"{sign}created_at", f"{sign}id"), args, "wp/v2/comments"
        )
        return wp_response([comment_data(c, context=context) for c in chosen], headers=headers)

    @schema.comments_create
    def post(self, request):
        args = arguments(request)
        if not request.user.is_authenticated:
            raise WPError(
                "rest_comment_login_required", "Sorry, you must be logged in to comment.", 401
            )
        post_id = int_arg(args, "post", minimum=1)
        post = Post.objects.filter(pk=post_id).first() if post_id else None
        if post is None or not post_visible_to(post, request.user):
            raise WPError(
                "rest_comment_invalid_post_id",
                "Sorry, you are not allowed to create this comment without a post.",
                403,
            )
        content = text_arg(args, "content") or ""
        if not content.strip():
            raise WPError("rest_comment_content_invalid", "Invalid comment content.", 400)
        try:
            comment = comment_submit(
                post=post,
                data=CommentInput(
                    body=content, parent_id=int_arg(args, "parent") or None, identity="app-password"
                ),
                context=SubmitContext(
                    ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
                ),
                user=request.user,
            )
        except CommentRefused as refused:
            raise WPError("rest_comment_failed_create", str(refused), 400) from None
        return wp_response(
            comment_data(comment, context="edit" if can_moderate(request.user) else "view"),
            status=201,
        )


class CommentView(APIView):
    def _get(self, request, pk: int) -> Comment:
        comment = (
            Comment.objects.select_related("post")
            .filter(pk=pk)
            .exclude(kind=Comment.Kind.NOTE)
            .first()
        )
        if comment is None:
            raise _invalid_comment()
        if not can_moderate(request.user) and (
            comment.status != Comment.Status.APPROVED or not comment.post.is_public
        ):
            raise _invalid_comment()
        return comment

    @schema.comment_read
    def get(self, request, pk: int):
        args = arguments(request)
        context = context_arg(args)
        if context == "edit" and not can_moderate(request.user):
            raise WPError(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit comments.",
                refusal_status(request),
            )
        return wp_response(comment_data(self._get(request, pk), context=context))

    @schema.comment_update
    def post(self, request, pk: int):
        comment = self._get(request, pk)
        args = arguments(request)
        if not can_moderate(request.user):
            raise WPError(
                "rest_cannot_edit",
                "Sorry, you are not allowed to edit this comment.",
                refusal_status(request),
            )
        status = choice_arg(args, "status", list(WP_TO_COMMENT_STATUS))
        try:
            if (content := text_arg(args, "content")) is not None or any(
                k in args for k in ("author_name", "author_email", "author_url")
            ):
                comment = comment_edit(
                    comment=comment,
                    moderator=request.user,
                    body=content if content is not None else comment.body_source,
                    name=text_arg(args, "author_name"),
                    email=text_arg(args, "author_email"),
                    url=text_arg(args, "author_url"),
                )
            if status is not None:
                comment = comment_set_status(
                    comment=comment, status=WP_TO_COMMENT_STATUS[status], moderator=request.user
                )
        except PermissionDenied:
            raise WPError(
                "rest_cannot_edit", "Sorry, you are not allowed to edit this comment.", 403
            ) from None
        return wp_response(comment_data(comment, context="edit"))

    put = patch = post

    @schema.comment_delete
    def delete(self, request, pk: int):
        comment = self._get(request, pk)
        if not can_moderate(request.user):
            raise WPError(
                "rest_cannot_delete",
                "Sorry, you are not allowed to delete this comment.",
                refusal_status(request),
            )
        if bool_arg(arguments(request), "force", False):
            # No service deletes a comment outright; trashing is the moderators' delete.
            comment = comment_set_status(
                comment=comment, status=Comment.Status.TRASH, moderator=request.user
            )
            return wp_response({"deleted": True, "previous": comment_data(comment, context="edit")})
        comment = comment_set_status(
            comment=comment, status=Comment.Status.TRASH, moderator=request.user
        )
        return wp_response(comment_data(comment, context="edit"))
