from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.admin import SocialAppAdmin as AllauthSocialAppAdmin
from allauth.socialaccount.models import SocialApp
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from samizdat.accounts.models import User
from samizdat.accounts.providers import PRESETS, PRESETS_BY_ID
from samizdat.accounts.roles import user_role
from samizdat.accounts.services import user_delete, user_save


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "public_name", "email", "role", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Public profile", {"fields": ("display_name", "bio")}),
    )

    def save_model(self, request, obj, form, change) -> None:
        user_save(user=obj, changed=form.changed_data if change else ())

    def delete_model(self, request, obj) -> None:
        user_delete(user=obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            user_delete(user=user)

    @admin.display(description="Role")
    def role(self, obj: User) -> str:
        role = user_role(obj)
        return role.value if role else "—"


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own log-in form, held to allauth's rules: failed attempts are rate-limited
    per account and per IP, and an account with two-factor authentication must use allauth's
    log-in, which asks for the code."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            adapter = get_account_adapter(self.request)
            self.user_cache = adapter.authenticate(
                self.request, username=username, password=password
            )  # raises "too many failed attempts" past the limit
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if is_mfa_enabled(user):
            login = reverse("account_login") + "?next=" + reverse("admin:index")
            raise forms.ValidationError(
                format_html(
                    'This account uses two-factor authentication: please <a href="{}">log in '
                    "here</a>, where the code is asked for.",
                    login,
                ),
                code="mfa",
            )


admin.site.login_form = AdminLoginForm


class SocialAppForm(forms.ModelForm):
    class Meta:
        model = SocialApp
        fields = ["provider", "provider_id", "name", "client_id", "secret", "key", "settings"]
        help_texts = {
            "provider_id": "OpenID Connect only: a short name for this provider, used in "
            "addresses (e.g. “university”).",
            "name": "Shown to readers: “You are commenting using your <name> account.”",
            "settings": 'OpenID Connect: {"server_url": "https://id.example.org"}.',
        }
        widgets = {
            "client_id": forms.TextInput(attrs={"size": 80}),
            "secret": forms.PasswordInput(render_value=True, attrs={"size": 80}),
            "key": forms.TextInput(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from allauth.socialaccount.providers import registry

        self.fields["provider"] = forms.ChoiceField(choices=list(registry.as_choices()))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("provider") == "openid_connect":
            if not cleaned.get("provider_id"):
                self.add_error("provider_id", "OpenID Connect needs a provider ID.")
            settings = cleaned.get("settings") or {}
            server = settings.get("server_url", "") if isinstance(settings, dict) else ""
            if not str(server).startswith(("https://", "http://")):
                self.add_error("settings", 'Give the provider\'s address as "server_url".')
        return cleaned


admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SocialAppAdmin(AllauthSocialAppAdmin):
    """allauth's "Social applications", with samizdat's presets: where to register, and the
    callback address to give the provider."""

    form = SocialAppForm
    list_display = ("name", "provider", "provider_id", "callback")
    readonly_fields = ("callback",)
    change_list_template = "admin/socialaccount/socialapp/presets_change_list.html"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        preset = PRESETS_BY_ID.get(request.GET.get("provider", ""))
        if preset:
            initial.setdefault("name", preset.name)
            if preset.provider == "openid_connect":
                initial.setdefault("settings", {"server_url": "https://"})
        return initial

    @admin.display(description="Callback address to give the provider")
    def callback(self, obj: SocialApp) -> str:
        if not obj or not obj.provider:
            return "—"
        return _callback_url(obj.provider, obj.provider_id)

    def get_fieldsets(self, request, obj=None):
        fields = ["provider", "provider_id", "name", "client_id", "secret", "key", "settings"]
        if obj is not None:
            fields.append("callback")
        return [(None, {"fields": fields})]

    def changelist_view(self, request, extra_context=None):
        presets = [
            {
                "preset": preset,
                "add_url": reverse("admin:socialaccount_socialapp_add")
                + f"?provider={preset.provider}",
                "callback": _callback_url(preset.provider, "<provider ID>"),
            }
            for preset in PRESETS
        ]
        return super().changelist_view(request, {**(extra_context or {}), "presets": presets})


def _callback_url(provider: str, provider_id: str) -> str:
    """Where the provider sends readers back: SAMIZDAT_SITE_URL, the site's public address."""
    if provider == "openid_connect":
        path = reverse("openid_connect_callback", kwargs={"provider_id": "PROVIDER"})
        path = path.replace("PROVIDER", provider_id or "<provider ID>")
    else:
        try:
            path = reverse(f"{provider}_callback")
        except NoReverseMatch:
            return "—"
    return settings.SAMIZDAT_SITE_URL + path
