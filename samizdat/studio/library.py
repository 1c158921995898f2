"""The media library as the editor uses it (upload, pick, describe), tag suggestions and
categories made inline. Uploads go through samizdat.media.services: checked, re-encoded from
their pixels alone (no EXIF, GPS or other metadata) and given their renditions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samizdat.media.models import Image
from samizdat.media.services import CONTENT_TYPES, image_update, image_upload
from samizdat.posts.models import Category, Tag
from samizdat.posts.services import category_save
from samizdat.studio.access import studio_view
from samizdat.studio.forms import ImageDetailsForm, ImageUploadForm, form_errors

PER_PAGE = 24


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def image_json(image: Image) -> dict:
    smallest = image.renditions[0]["name"] if image.renditions else image.file.name
    return {
        "id": image.pk,
        "url": image.file.url,
        "thumbnail": default_storage.url(smallest),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "markdown": f"![{_escape_alt(image.alt)}](media:{image.pk})",
    }


def _escape_alt(alt: str) -> str:
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


@studio_view
def media_library(request: HttpRequest) -> HttpResponse:
    """The library, newest first: a page with an upload form, or JSON for the picker."""
    images = Image.objects.order_by("-uploaded_at", "-id")
    listing = Paginator(images, PER_PAGE).get_page(request.GET.get("page"))
    if _wants_json(request) or request.GET.get("format") == "json":
        return JsonResponse(
            {
                "images": [image_json(i) for i in listing.object_list],
                "next": listing.next_page_number() if listing.has_next() else None,
            }
        )
    return render(
        request,
        "studio/media.html",
        {
            "listing": listing,
            "form": ImageUploadForm(),
            "accept": CONTENT_TYPES,
            "may_upload": request.user.has_perm("media.add_image"),
        },
    )


@studio_view
@require_POST
def media_upload(request: HttpRequest) -> HttpResponse:
    form = ImageUploadForm(request.POST, request.FILES)
    problem = ""
    image = None
    if not form.is_valid():
        problem = " ".join(m for errs in form.errors.values() for m in errs)
    else:
        try:
            image = image_upload(
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
                alt=form.cleaned_data["alt"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
            )
        except ValidationError as error:
            problem = " ".join(m for errs in form_errors(error).values() for m in errs)
        except PermissionDenied as denied:
            if _wants_json(request):
                return JsonResponse({"ok": False, "error": str(denied)}, status=403)
            raise
    if _wants_json(request):
        if image is None:
            return JsonResponse({"ok": False, "error": _refusal(form, problem)}, status=400)
        return JsonResponse({"ok": True, "image": image_json(image)}, status=201)
    if image is None:
        messages.error(request, _refusal(form, problem))
    else:
        messages.success(request, f"Uploaded image {image.pk}.")
    return redirect("studio:media")


def _refusal(form: ImageUploadForm, problem: str) -> str:
    name = getattr(form.cleaned_data.get("file") if form.is_bound else None, "name", "")
    name = name or getattr(form.files.get("file"), "name", "") or "The file"
    return f"{name} was not uploaded: {problem}"


@studio_view
@require_POST
def media_describe(request: HttpRequest, pk: int) -> HttpResponse:
    """Alt text, caption and credit of one image (bodies showing it are rendered again)."""
    image = get_object_or_404(Image, pk=pk)
    form = ImageDetailsForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=422)
    try:
        image_update(image=image, user=request.user, **form.cleaned_data)
    except PermissionDenied as denied:
        return JsonResponse({"ok": False, "error": str(denied)}, status=403)
    except ValidationError as error:
        return JsonResponse({"ok": False, "errors": form_errors(error)}, status=422)
    if _wants_json(request):
        return JsonResponse({"ok": True, "image": image_json(image)})
    messages.success(request, f"Saved the description of image {image.pk}.")
    return redirect("studio:media")


@studio_view
def tag_suggestions(request: HttpRequest) -> JsonResponse:
    """Up to ten tag names starting with (else containing) what was typed."""
    typed = request.GET.get("q", "").strip()[:100]
    if not typed:
        return JsonResponse({"tags": []})
    starting = list(Tag.objects.filter(name__istartswith=typed).values_list("name", flat=True)[:10])
    more = Tag.objects.filter(name__icontains=typed).exclude(name__in=starting)
    return JsonResponse(
        {"tags": starting + list(more.values_list("name", flat=True)[: 10 - len(starting)])}
    )


@studio_view
@require_POST
def category_create(request: HttpRequest) -> JsonResponse:
    if not request.user.has_perm("posts.add_category"):
        return JsonResponse({"ok": False, "error": "You may not add categories."}, status=403)
    name = request.POST.get("name", "").strip()[:200]
    parent = Category.objects.filter(pk=request.POST.get("parent") or 0).first()
    if not name:
        return JsonResponse({"ok": False, "error": "Give the category a name."}, status=422)
    existing = Category.objects.filter(name__iexact=name, parent=parent).first()
    try:
        category = existing or category_save(category=Category(name=name, parent=parent))
    except ValidationError as error:
        message = " ".join(m for errs in form_errors(error).values() for m in errs)
        return JsonResponse({"ok": False, "error": message}, status=422)
    return JsonResponse(
        {"ok": True, "id": category.pk, "name": category.name, "path": category.path},
        status=200 if existing else 201,
    )
