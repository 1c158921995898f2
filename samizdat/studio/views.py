"""The studio's dashboard and its lists of posts and pages. Authors see their own posts;
editors and administrators see everyone's."""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.posts.models import Category, Page, Status
from samizdat.studio.access import (
    may_edit_pages,
    may_moderate,
    posts_for,
    sees_everyones_posts,
    studio_view,
)

PER_PAGE = 25
STATUS_FILTERS = [
    ("", "Any status"),
    ("draft", "Drafts"),
    ("pending", "Pending review"),
    ("scheduled", "Scheduled"),
    ("published", "Published"),
    ("private", "Private"),
]


def _with_comment_counts(posts):
    return posts.annotate(
        comment_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
    )


def _by_status(posts, status: str):
    """Scheduled means "not out yet"; a scheduled post whose time came counts as published."""
    now = timezone.now()
    if status == "scheduled":
        return posts.filter(status=Status.SCHEDULED, published_at__gt=now)
    if status == "published":
        return posts.filter(status__in=[Status.PUBLISHED, Status.SCHEDULED], published_at__lte=now)
    if status in (Status.DRAFT, Status.PENDING, Status.PRIVATE):
        return posts.filter(status=status)
    return posts


@studio_view
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = posts_for(user)
    context = {
        "drafts": mine.filter(status=Status.DRAFT, author=user).order_by("-modified_at")[:8],
        "scheduled": _by_status(mine, "scheduled").order_by("published_at")[:8],
        "pending": mine.filter(status=Status.PENDING).order_by("modified_at")[:8],
        "recent": _with_comment_counts(_by_status(mine, "published")).order_by("-published_at")[:8],
        "sees_everyone": sees_everyones_posts(user),
    }
    if may_moderate(user):
        waiting = Comment.objects.filter(status=Comment.Status.PENDING).exclude(
            kind=Comment.Kind.NOTE
        )
        context["comments_waiting"] = waiting.count()
        context["comments"] = waiting.select_related("post").order_by("created_at")[:5]
    return render(request, "studio/dashboard.html", context)


@studio_view
def post_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    author = request.GET.get("author", "")
    category = request.GET.get("category", "")
    posts = _by_status(posts_for(user), status)
    if query:
        posts = posts.filter(Q(title__icontains=query) | Q(body_source__icontains=query))
    if author.isdigit() and sees_everyones_posts(user):
        posts = posts.filter(author_id=int(author))
    if category.isdigit():
        posts = posts.filter(categories__pk=int(category))
    posts = _with_comment_counts(posts).prefetch_related("categories")
    posts = posts.order_by("-modified_at", "-id")
    listing = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    authors = []
    if sees_everyones_posts(user):
        authors = get_user_model().objects.filter(posts__isnull=False).distinct()
    return render(
        request,
        "studio/post_list.html",
        {
            "listing": listing,
            "query": query,
            "status": status,
            "author": author,
            "category": category,
            "statuses": STATUS_FILTERS,
            "authors": authors.order_by("username") if authors else [],
            "categories": Category.objects.all(),
            "filtered": bool(query or status or author or category),
            "querystring": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@studio_view
def page_list(request: HttpRequest) -> HttpResponse:
    if not may_edit_pages(request.user):
        return render(request, "studio/denied.html", {"what": "pages"}, status=403)
    query = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    pages = Page.objects.select_related("author", "parent")
    if query:
        pages = pages.filter(Q(title__icontains=query) | Q(body_source__icontains=query))
    if status in (Status.DRAFT, Status.PUBLISHED, Status.PRIVATE):
        pages = pages.filter(status=status)
    listing = Paginator(pages.order_by("path"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "studio/page_list.html",
        {
            "listing": listing,
            "query": query,
            "status": status,
            "statuses": [("", "Any status"), *Page.STATUSES],
            "querystring": _without_page(request),
        },
    )
