"""The page editor (About, Contact…): the same editor as posts, with a page's fields. Pages
are for editors and administrators, as in WordPress; saves go through posts.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save
from samizdat.studio.access import may_edit_pages, studio_view
from samizdat.studio.forms import PageEditorForm, form_errors
from samizdat.studio.words import reading_stats


@studio_view
def page_new(request: HttpRequest) -> HttpResponse:
    return _page_editor(request, Page(author=request.user, status=Status.DRAFT))


@studio_view
def page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_editor(request, get_object_or_404(Page, pk=pk))


def _page_editor(request: HttpRequest, page: Page) -> HttpResponse:
    if not may_edit_pages(request.user):
        return render(request, "studio/denied.html", {"what": "pages"}, status=403)
    form = PageEditorForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            saved = page_save(page=form.instance, user=request.user)
        except ValidationError as error:
            for name, problems in form_errors(error).items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, "Page saved.")
            return redirect("studio:page-edit", pk=saved.pk)
    body = form["body_source"].value() or ""
    return render(
        request,
        "studio/page_editor.html",
        {"page": page, "form": form, "stats": reading_stats(body)},
    )
