"""Previews: the post as readers would get it, with text that is not public yet.

An editor's preview (the form's text, or the saved pending changes) and a shareable preview
link for someone without an account both render the post page's own template with an unsaved
copy of the post. Nothing here is stored by the page cache (no `depends()`), and every answer
says `no-store` and `noindex`, so a preview never outlives its link in a cache or an index.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samizdat.posts.drafts import (
    Preview,
    post_preview,
    preview_link_create,
    preview_link_post,
    preview_link_revoke,
)
from samizdat.posts.models import Post, PreviewLink, Status
from samizdat.studio.access import editable_post, studio_view
from samizdat.studio.editor import when_text
from samizdat.studio.forms import PostEditorForm


def render_preview(request: HttpRequest, preview: Preview, *, notice: str, status: int = 200):
    response = render(
        request,
        "studio/preview.html",
        {
            "post": preview.post,
            "categories": preview.categories,
            "tags": preview.tags,
            "preview_notice": notice,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@studio_view
def post_preview_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """GET: the saved text (pending changes included); POST: what is in the editor now."""
    if pk is None:
        post = Post(author=request.user, status=Status.DRAFT)
    else:
        post = editable_post(request.user, pk)
    text = None
    if request.method == "POST":
        form = PostEditorForm(request.POST, user=request.user)
        form.is_valid()
        text = form.text()
    notice = "Preview — readers do not see these changes until you press Update."
    if not post.pk or not post.is_public:
        notice = "Preview — this post is not public."
    return render_preview(request, post_preview(post, text), notice=notice)


def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A preview link, for anyone who has it (no account needed)."""
    post = preview_link_post(token)
    if post is None:
        raise Http404("This preview link has expired, was revoked, or never existed.")
    return render_preview(
        request, post_preview(post), notice="Preview — shared with you before publication."
    )


@studio_view
@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    post = editable_post(request.user, pk)
    link = preview_link_create(post=post, user=request.user)
    messages.success(
        request,
        f"Preview link made: whoever has it can read this post until "
        f"{when_text(link.expires_at)}, or until you revoke it.",
    )
    return redirect(reverse("studio:post-edit", args=[post.pk]) + "#share")


@studio_view
@require_POST
def share_revoke(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    post = editable_post(request.user, pk)
    link = get_object_or_404(PreviewLink, pk=link_id, post=post)
    preview_link_revoke(link=link, user=request.user)
    messages.success(request, "Preview link revoked: it no longer opens the post.")
    return redirect(reverse("studio:post-edit", args=[post.pk]) + "#share")
