"""Reader-facing views: home, archives, posts and pages. Parse → gate → render.

Unknown paths end in Http404; posts.middleware then answers 301 for paths in Redirect.
"""

import datetime
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from samizdat.core.models import SiteSettings
from samizdat.pagecache.services import depends
from samizdat.posts.legacy import legacy_content, legacy_query_target
from samizdat.posts.models import Category, Page, Post, Status, Tag
from samizdat.posts.queries import HOME_QUERIES
from samizdat.posts.services import page_visible_to, post_visible_to


def _archive(
    request: HttpRequest,
    posts: QuerySet,
    page: int | None,
    *,
    heading: str = "",
    kind: str = "",
    allow_empty: bool = True,
) -> HttpResponse:
    """One page of an archive; `/page/1/` answers 301 to the archive's own address. Archives
    that exist only through their posts (dates, authors) are 404 without one: any date or
    account name would otherwise be a page, and a stored one (issue 19)."""
    base = request.path.rsplit("page/", 1)[0] if page is not None else request.path
    if page == 1:
        return HttpResponsePermanentRedirect(base)
    paginator = Paginator(
        posts, SiteSettings.load().posts_per_page, allow_empty_first_page=allow_empty
    )
    try:
        listing = paginator.page(page or 1)
    except EmptyPage:
        raise Http404(_("There is no page %(page)s here.") % {"page": page}) from None
    depends(request, "posts")
    return render(
        request,
        "posts/archive.html",
        {
            "heading": heading,
            "kind": kind,
            "listing": listing,
            "posts": listing.object_list,
            "base_path": base,
            "newer_url": _page_url(base, listing.previous_page_number())
            if listing.has_previous()
            else "",
            "older_url": _page_url(base, listing.next_page_number()) if listing.has_next() else "",
        },
    )


def _page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _listed(request: HttpRequest) -> QuerySet:
    return Post.objects.listed_for(request.user).for_listing()


def home(request: HttpRequest, page: int | None = None) -> HttpResponse:
    for parameter, view in HOME_QUERIES.items():  # /?s=words, /?feed=rss2, … (other apps)
        if parameter in request.GET and (answer := view(request, page)) is not None:
            return answer
    if page is None and (post_id := request.GET.get("p")):
        return _by_id(request, Post, post_id)
    if page is None and (page_id := request.GET.get("page_id")):
        return _by_id(request, Page, page_id)
    if page is None and (url := legacy_query_target(request.GET, visible=_visible(request))):
        return HttpResponsePermanentRedirect(url)  # ?cat=, ?tag=, ?attachment_id=, ?author=
    return _archive(request, _listed(request).order_by("-sticky", "-published_at", "-id"), page)


def _by_id(request: HttpRequest, model: type[Post] | type[Page], raw_id: str) -> HttpResponse:
    """WordPress's `?p=ID` and `?page_id=ID`: 301 to the permalink, or a preview of a draft."""
    if not raw_id.isdigit() or len(raw_id) > 18:
        raise Http404(_("No such post."))
    obj = _find_by_id(request, model, int(raw_id))
    if obj is None or not _visible(request)(obj):
        raise Http404(_("No such post."))
    url = obj.get_absolute_url()
    if url.startswith("/?"):  # no permalink yet: show the preview in place
        return render_post(request, obj) if isinstance(obj, Post) else _render_page(request, obj)
    return HttpResponsePermanentRedirect(url)


def _find_by_id(request: HttpRequest, model: type[Post] | type[Page], ident: int):
    """samizdat's own preview link first (a post without a permalink yet, for whoever may see
    it), then the number the site's earlier home gave (posts.legacy), then our id."""
    own = model.objects.filter(pk=ident).first()
    if own is not None and own.get_absolute_url().startswith("/?") and _visible(request)(own):
        return own
    return legacy_content(ident, pages_only=model is Page) or own


def _visible(request: HttpRequest):
    return lambda obj: (post_visible_to if isinstance(obj, Post) else page_visible_to)(
        obj, request.user
    )


def category(request: HttpRequest, path: str, page: int | None = None) -> HttpResponse:
    cat = get_object_or_404(Category, path=path)
    posts = _listed(request).in_category(cat)
    return _archive(request, posts, page, heading=cat.name, kind=_("Category"))


def tag(request: HttpRequest, slug: str, page: int | None = None) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _archive(
        request, _listed(request).filter(tags=tag), page, heading=tag.name, kind=_("Tag")
    )


def author(request: HttpRequest, name: str, page: int | None = None) -> HttpResponse:
    user = get_object_or_404(get_user_model(), username=name)
    posts = _listed(request).filter(author=user)
    return _archive(
        request, posts, page, heading=user.public_name, kind=_("Author"), allow_empty=False
    )


def date_archive(
    request: HttpRequest,
    year: int,
    month: int | None = None,
    day: int | None = None,
    page: int | None = None,
) -> HttpResponse:
    try:
        start = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise Http404(_("No such date.")) from None
    filters = {"published_at__year": year}
    heading = f"{start:%Y}"
    if month:
        filters["published_at__month"] = month
        heading = f"{start:%B %Y}"
    if day:
        filters["published_at__day"] = day
        heading = f"{start:%B} {start.day}, {start:%Y}"
    return _archive(
        request,
        _listed(request).filter(**filters),
        page,
        heading=heading,
        kind=_("Archive"),
        allow_empty=False,
    )


def post_detail(request: HttpRequest, slug: str, **date_parts) -> HttpResponse:
    """A post by slug under any permalink shape; a non-canonical address answers 301."""
    try:  # slugs are unique; get() leaves out the ordering first() would compile
        post = Post.objects.select_related("author", "featured_image").get(slug=slug)
    except Post.DoesNotExist:
        post = None
    if post is None or not post_visible_to(post, request.user):
        raise Http404(_("No such post."))
    canonical = post.get_absolute_url()
    if post.has_permalink and unquote(canonical) != request.path:
        return HttpResponsePermanentRedirect(canonical)
    return render_post(request, post)


def path_view(request: HttpRequest, path: str) -> HttpResponse:
    """Everything else: a page at its nested path, or a post under the /%postname%/ shape."""
    page = Page.objects.filter(path=path).first()
    if page is not None and page_visible_to(page, request.user):
        return _render_page(request, page)
    if "/" not in path:
        return post_detail(request, slug=path)
    raise Http404(_("Nothing lives at this address."))


def _adjacent(post: Post) -> tuple[Post | None, Post | None]:
    if not post.is_public:
        return None, None
    return Post.objects.neighbours(post)


def render_post(
    request: HttpRequest, post: Post, extra_context: dict | None = None, status: int = 200
) -> HttpResponse:
    """The post page; other apps (the comment form) re-render it with their own context."""
    previous, following = _adjacent(post)
    if post.is_public:  # neighbours' titles show too, hence "posts"; the thread adds its own
        depends(request, f"post:{post.pk}", "posts")
    context = {
        "post": post,
        "categories": list(post.categories.all()),
        "tags": list(post.tags.all()),
        "previous_post": previous,
        "next_post": following,
        **(extra_context or {}),
    }
    return render(request, "posts/post_detail.html", context, status=status)


def _render_page(request: HttpRequest, page: Page) -> HttpResponse:
    if page.status == Status.PUBLISHED:
        depends(request, f"page:{page.pk}")
    return render(request, "posts/page_detail.html", {"page": page})
