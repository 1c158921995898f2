import zoneinfo

from django import forms
from django.contrib import admin

from samizdat.core.models import SiteSettings, site_settings_changed


def _time_zones() -> list[tuple[str, str]]:
    return [("", "The machine's (SAMIZDAT_TIME_ZONE)")] + [
        (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
    ]


class SiteSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=_time_zones, required=False)

    class Meta:
        model = SiteSettings
        fields = [
            "title", "tagline", "permalink_structure", "posts_per_page", "feed_full_text",
            "feed_items", "time_zone",
        ]  # fmt: skip


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    form = SiteSettingsForm

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        site_settings_changed()
