"""The media library in the admin: uploads and deletions go through media.services."""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html

from samizdat.media.forms import ImageForm
from samizdat.media.models import Image
from samizdat.media.services import image_delete, image_editable_by, image_update, image_upload

THUMBNAIL_WIDTH = 96


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ("thumbnail", "alt", "caption", "credit", "size", "uploaded_at")
    list_display_links = ("thumbnail", "alt")
    search_fields = ("alt", "caption", "credit")
    date_hierarchy = "uploaded_at"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "alt", "caption", "credit"]
        return [
            "preview", "reference", "alt", "caption", "credit",
            "file", "size", "uploaded_by", "uploaded_at",
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The file is never replaced: posts link to its renditions. Upload a new image instead.
        return ["preview", "reference", "file", "size", "uploaded_by", "uploaded_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or image_editable_by(obj, request.user))

    def save_model(self, request, obj, form, change) -> None:
        if change:
            image_update(
                image=obj, user=request.user, alt=obj.alt, caption=obj.caption, credit=obj.credit
            )
            return
        image = image_upload(
            uploaded_file=form.cleaned_data["file"], user=request.user,
            alt=obj.alt, caption=obj.caption, credit=obj.credit,
        )  # fmt: skip
        # The admin goes on with `obj` (history entry, redirect): make it the stored image.
        obj.pk = image.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj) -> None:
        image_delete(image=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for image in queryset:
            image_delete(image=image, user=request.user)

    @admin.display(description="Image")
    def thumbnail(self, obj: Image) -> str:
        source = obj.renditions[0] if obj.renditions else None
        url = default_storage.url(source["name"]) if source else obj.file.url
        width, height = (source["width"], source["height"]) if source else (obj.width, obj.height)
        shown = round(height * THUMBNAIL_WIDTH / width) if width else THUMBNAIL_WIDTH
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" loading="lazy">',
            url, THUMBNAIL_WIDTH, shown,
        )  # fmt: skip

    @admin.display(description="Image")
    def preview(self, obj: Image) -> str:
        wide = (r["name"] for r in obj.renditions if r["width"] >= 960)
        source = next(wide, obj.file.name)
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 100%; max-height: 24rem">',
            default_storage.url(source), obj.alt,
        )  # fmt: skip

    @admin.display(description="Use in Markdown")
    def reference(self, obj: Image) -> str:
        return format_html("<code>![](media:{})</code>", obj.pk)

    @admin.display(description="Size")
    def size(self, obj: Image) -> str:
        return f"{obj.width} \N{MULTIPLICATION SIGN} {obj.height}"
