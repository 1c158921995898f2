"""Who may use the studio, and what each role sees there.

Anyone with a writing role (Contributor and up) may enter; a signed-in reader without one is
turned away with a page that says so. Authors and contributors see their own posts; editors
and administrators see everyone's. Whether a post may be changed is always decided by
posts.services (`post_editable_by`, `post_check_may_save`), never here.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import render

from samizdat.posts.models import Post
from samizdat.posts.services import post_editable_by


def may_write(user) -> bool:
    return user.is_authenticated and user.has_perm("posts.change_post")


def may_edit_pages(user) -> bool:
    return user.has_perm("posts.change_page")


def may_moderate(user) -> bool:
    return user.has_perm("comments.moderate_comments")


def sees_everyones_posts(user) -> bool:
    return user.has_perm("posts.edit_others_posts")


SIGNED_OUT = "You are signed out: log in again in another tab, then save here; your text stays."


def studio_view(view):
    """Signed in (else to the log-in page, or a 401 for the editor's scripts, which must not
    follow a redirect to a log-in form) with a writing role (else a 403 that says why)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"ok": False, "error": SIGNED_OUT}, status=401)
            return redirect_to_login(request.get_full_path())
        if not may_write(request.user):
            return render(request, "studio/denied.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def posts_for(user) -> QuerySet[Post]:
    """The posts `user` sees in the studio."""
    posts = Post.objects.select_related("author")
    return posts if sees_everyones_posts(user) else posts.filter(author=user)


def editable_post(user, pk: int) -> Post:
    """The post with `pk` when `user` may edit it; 404 otherwise (a draft's existence is not
    told to someone who may not see it)."""
    post = Post.objects.select_related("author", "featured_image").filter(pk=pk).first()
    if post is None or not post_editable_by(post, user):
        raise Http404("No post of yours has this number.")
    return post
