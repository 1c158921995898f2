"""The post editor: one form with a button per action. Parse → gate → service → render.

Every save goes through posts.drafts (and so posts.services.post_save): a public post's
changes wait as a draft until "Update", an edit from an old version is a conflict showing both
texts, and "Scheduled" without a time to come is refused with nothing saved. The same view
answers the plain form (redirect after a save) and editor.js's Ctrl+S (JSON).
"""

from dataclasses import replace
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from samizdat.core.models import SiteSettings
from samizdat.posts.drafts import (
    EditConflict,
    PostText,
    autosave_offer,
    editing_text,
    pending_changes,
    post_autosave,
    post_changes_discard,
    post_changes_keep,
    post_text_save,
    post_version,
    preview_link_token,
)
from samizdat.posts.models import Category, Post, Status
from samizdat.posts.permalinks import post_path
from samizdat.posts.services import body_render, category_save
from samizdat.studio.access import editable_post, studio_view
from samizdat.studio.forms import PostEditorForm, form_errors
from samizdat.studio.words import reading_stats

UNTITLED = "Untitled draft"


def when_text(moment: datetime) -> str:
    """For example "Thursday 3 December 2026 at 09:00 (Europe/Berlin)": the site's time zone."""
    local, zone = timezone.localtime(moment), timezone.get_current_timezone_name()
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({zone})"


def status_text(post: Post) -> str:
    """Exactly where the post stands, in one line."""
    if post.pk is None:
        return "New draft — not saved yet"
    if post.status in (Status.PUBLISHED, Status.SCHEDULED) and post.published_at:
        if post.is_public:
            return f"Published on {when_text(post.published_at)}"
        return f"Scheduled: goes out on {when_text(post.published_at)}"
    if post.status == Status.PRIVATE:
        return "Private: only editors and its author can read it"
    if post.status == Status.PENDING:
        return "Pending review — not public"
    return "Draft — not public"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _urls(post: Post) -> dict[str, str]:
    if post.pk is None:
        return {
            "edit_url": reverse("studio:post-new"),
            "autosave_url": reverse("studio:post-new-autosave"),
            "preview_url": reverse("studio:post-new-preview"),
        }
    return {
        "edit_url": reverse("studio:post-edit", args=[post.pk]),
        "autosave_url": reverse("studio:post-autosave", args=[post.pk]),
        "preview_url": reverse("studio:post-preview", args=[post.pk]),
    }


def _permalink(post: Post) -> tuple[str, str]:
    """(the address now, or the pattern it will have with `{slug}` in it)."""
    structure = SiteSettings.load().permalink_structure
    if post.pk is not None and post.has_permalink:
        return settings.SAMIZDAT_SITE_URL + post.get_absolute_url(), ""
    probe = Post(slug="{slug}", published_at=post.published_at or timezone.now())
    return "", settings.SAMIZDAT_SITE_URL + post_path(probe, structure).replace(
        "%7Bslug%7D", "{slug}"
    )


@studio_view
def post_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, Post(author=request.user, status=Status.DRAFT))


@studio_view
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor(request, editable_post(request.user, pk))


def _editor(request: HttpRequest, post: Post) -> HttpResponse:
    if request.method == "POST":
        return _save(request, post)
    offer = autosave_offer(post=post, user=request.user)
    version = post_version(post)
    if offer is not None and request.GET.get("restore") == "autosave":
        # Saving the restored text from the version it was typed on: if the post changed
        # since, that save is a conflict showing both, not an overwrite.
        text, version, offer = PostText.of_draft(offer), offer.base_version, None
        messages.info(request, "The autosaved text is back in the editor; save it to keep it.")
    elif post.pk is not None:
        text = editing_text(post)
    else:
        text = PostText(comments_open=True)
    initial = PostEditorForm.initial_for(
        text,
        version=version,
        when="later" if post.status == Status.SCHEDULED and not post.is_public else "now",
        publish_at=timezone.localtime(post.published_at) if post.published_at else None,
    )
    return _render(request, post, PostEditorForm(initial=initial, user=request.user), offer=offer)


def _render(request: HttpRequest, post: Post, form: PostEditorForm, *, status: int = 200, **extra):
    permalink, pattern = _permalink(post)
    body = form["body_source"].value() or ""
    links = []
    if post.pk is not None:
        links = [
            {
                "link": link,
                "url": settings.SAMIZDAT_SITE_URL
                + reverse("shared-preview", args=[preview_link_token(link)]),
            }
            for link in post.preview_links.filter(revoked_at=None, expires_at__gt=timezone.now())
        ]
    context = {
        "post": post,
        "form": form,
        "status_text": status_text(post),
        "is_public": post.pk is not None and post.is_public,
        "pending": pending_changes(post),
        "permalink": permalink,
        "permalink_pattern": pattern,
        "stats": reading_stats(body),
        "preview_links": links,
        "zone": timezone.get_current_timezone_name(),
        "may_publish": request.user.has_perm("posts.publish_post"),
        "may_upload": request.user.has_perm("media.add_image"),
        "may_add_category": request.user.has_perm("posts.add_category"),
        "urls": _urls(post),
        **extra,
    }
    return render(request, "studio/editor.html", context, status=status)


def _save(request: HttpRequest, post: Post) -> HttpResponse:
    form = PostEditorForm(request.POST, user=request.user)
    action = request.POST.get("action", "save")
    if not form.is_valid() or (action != "discard" and not form.require_title()):
        return _refused(request, post, form)
    try:
        with transaction.atomic():
            text = _with_new_category(form)
            message, saved = _act(action, post=post, user=request.user, form=form, text=text)
    except EditConflict as conflict:
        return _conflict(request, post, form, conflict)
    except ValidationError as error:
        for name, problems in form_errors(error).items():
            field = {"published_at": "publish_at"}.get(name, name)
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _refused(request, post, form)
    except PermissionDenied as denied:
        form.add_error(None, str(denied) or "You may not do that.")
        return _refused(request, post, form, status=403)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "message": message,
                "id": saved.pk,
                "version": post_version(saved),
                "status": saved.status,
                "status_text": status_text(saved),
                **_urls(saved),
            }
        )
    messages.success(request, message)
    return redirect("studio:post-edit", pk=saved.pk)


def _refused(request, post, form, *, status: int | None = None) -> HttpResponse:
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=status or 422)
    return _render(request, post, form, status=status or 200)


def _conflict(request, post: Post, form: PostEditorForm, conflict: EditConflict) -> HttpResponse:
    """Both versions, side by side; the form now carries the current version, so saving
    again keeps this text over theirs, on purpose. This text is autosaved meanwhile."""
    mine = form.text()
    post_autosave(post=post, user=request.user, text=mine, base_version=conflict.version)
    if _wants_json(request):
        return JsonResponse({"ok": False, "conflict": True}, status=409)
    data = request.POST.copy()
    data["version"] = conflict.version
    again = PostEditorForm(data, user=request.user)
    again.is_valid()
    return _render(request, post, again, status=409, conflict=conflict, mine=mine)


def _with_new_category(form: PostEditorForm) -> PostText:
    text = form.text()
    name = (form.cleaned_data.get("new_category") or "").strip()
    if not name:
        return text
    existing = Category.objects.filter(name__iexact=name, parent=None).first()
    category = existing or category_save(category=Category(name=name))
    return replace(text, categories=tuple(sorted({*text.categories, category.pk})))


def _act(action: str, *, post: Post, user, form: PostEditorForm, text: PostText):
    version = form.cleaned_data.get("version", "")
    save = dict(post=post, user=user, text=text, base_version=version)
    if action == "discard" and post.pk is not None:
        post_changes_discard(post=post, user=user)
        return "Changes discarded: the editor shows the published post again.", post
    if action == "save" and post.pk is not None and post.is_public:
        post_changes_keep(**save)
        return "Changes saved. Readers see the published post until you press Update.", post
    if action == "save":
        saved = post_text_save(**save, status=post.status if post.pk else Status.DRAFT)
        return ("Draft saved." if saved.status == Status.DRAFT else "Saved."), saved
    if action == "submit":
        saved = post_text_save(**save, status=Status.PENDING)
        return "Submitted for review: an editor will publish it.", saved
    if action == "publish":
        status, moment = form.schedule()
        saved = post_text_save(**save, status=status, published_at=moment, keep_time=False)
        return _published_message(saved), saved
    if action == "update":
        if post.pk is None or not post.has_permalink:
            raise PermissionDenied("Only a published post can be updated: save or publish it.")
        moment = form.cleaned_data.get("publish_at")
        if moment and post.published_at and moment == _to_minute(post.published_at):
            moment = None  # the field shows minutes: an untouched time keeps its seconds
        saved = post_text_save(**save, status=post.status, published_at=moment)
        return _published_message(saved, updated=True), saved
    if action == "unpublish" and post.pk is not None:
        saved = post_text_save(**save, status=Status.DRAFT)
        return "Switched to draft: the post is no longer public.", saved
    raise PermissionDenied("Unknown action.")


def _to_minute(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _published_message(post: Post, *, updated: bool = False) -> str:
    if post.status == Status.SCHEDULED and not post.is_public:
        return f"Scheduled: the post goes out on {when_text(post.published_at)}."
    return "Updated: readers see the new text." if updated else "Published."


@studio_view
@require_POST
def autosave(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Keep what is in the editor as the user's autosave (never the live post). The first
    autosave of a new post creates it as a draft, so there is a row to keep text on."""
    form = PostEditorForm(request.POST, user=request.user)
    form.is_valid()  # a field that does not validate yet (a half-typed slug) is left out
    text = form.text()
    if pk is None:
        if not (text.title.strip() or text.body_source.strip()):
            return HttpResponse(status=204)
        post = post_text_save(
            post=Post(author=request.user, status=Status.DRAFT),
            user=request.user,
            text=replace(text, title=text.title.strip() or UNTITLED, slug=""),
            status=Status.DRAFT,
        )
        version = post_version(post)
    else:
        post = editable_post(request.user, pk)
        version = form.cleaned_data.get("version", "")
    draft = post_autosave(post=post, user=request.user, text=text, base_version=version)
    current = post_version(post)
    return JsonResponse(
        {
            "id": post.pk,
            "version": current,
            "saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M:%S"),
            "stale": bool(version) and version != current,
            "status_text": status_text(post),
            **_urls(post),
        }
    )


@studio_view
@require_POST
def render_body(request: HttpRequest) -> HttpResponse:
    """The live preview: the body rendered by the code that renders the public page."""
    html = body_render(
        source=request.POST.get("body_source", ""),
        body_format=request.POST.get("body_format", "markdown"),
        preview=True,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
