"""The admin's *Personal data* page: find what is kept about an email address, download it as
JSON, or erase it (samizdat.operations.privacy). Administrators only."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from samizdat.operations.privacy import (
    personal_data_erase,
    personal_data_export,
    personal_data_summary,
)


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label="Email address")
    delete_comments = forms.BooleanField(
        required=False,
        label="Delete the comments instead of anonymising them",
    )
    confirm = forms.BooleanField(
        required=False, label="Yes, erase this person's data: it cannot be undone"
    )


def _export(email: str) -> HttpResponse:
    data = personal_data_export(email=email)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    name = slugify(email.replace("@", "-at-")) or "personal-data"
    response["Content-Disposition"] = f'attachment; filename="personal-data-{name}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def personal_data(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied("Only administrators handle personal-data requests.")
    form = PersonalDataForm(request.POST or request.GET or None)
    summary = None
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action") if request.method == "POST" else None
        if action == "export":
            return _export(email)
        if action == "erase":
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", "Tick the box to confirm the erasure.")
            else:
                done = personal_data_erase(
                    email=email, delete_comments=form.cleaned_data["delete_comments"]
                )
                messages.success(request, _done_message(email, done))
                return HttpResponseRedirect(reverse("privacy-admin"))
        summary = personal_data_summary(email=email)
    context = {
        **admin.site.each_context(request),
        "title": "Personal data",
        "form": form,
        "summary": summary,
    }
    return TemplateResponse(request, "admin/operations/personal_data.html", context)


def _done_message(email: str, done: dict[str, int]) -> str:
    message = (
        f"Erased {email}: {done['comments_anonymised']} comment(s) anonymised, "
        f"{done['comments_deleted']} deleted, {done['subscriptions']} subscription(s) and "
        f"{done['accounts']} account(s) deleted."
    )
    if done["staff_accounts_kept"]:
        message += " Staff accounts with this address were kept: remove them under Users."
    return message


personal_data_view = admin.site.admin_view(personal_data)
