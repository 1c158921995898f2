"""The profile page's app-password section: create one (shown once) and revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samizdat.publishing.models import AppPassword
from samizdat.publishing.services import app_password_create, app_password_delete, password_chunked
from samizdat.publishing.wp.common import site_url

SECTION = "#app-passwords"


@login_required
@require_POST
def app_password_create_view(request: HttpRequest) -> HttpResponse:
    try:
        item, password = app_password_create(user=request.user, name=request.POST.get("name", ""))
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
        return HttpResponseRedirect(reverse("accounts:profile") + SECTION)
    # Shown on this answer only: nothing keeps the password, so no redirect can show it again.
    response = render(
        request,
        "publishing/app_password_created.html",
        {"item": item, "password": password_chunked(password), "site_url": site_url("/")},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def app_password_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AppPassword, pk=pk, user=request.user)
    app_password_delete(app_password=item)
    messages.success(request, f"App password “{item.name}” revoked: apps using it are signed out.")
    return HttpResponseRedirect(reverse("accounts:profile") + SECTION)
