from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from samizdat.media.models import Image
from samizdat.media.services import CONTENT_TYPES, image_validate


class ImageForm(forms.ModelForm):
    """The admin's upload form: the file gets the same checks as image_upload, so a refused
    upload comes back as an error on the form, with everything else typed still in place."""

    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit"]
        # A plain file field: image_validate gives clearer reasons than Django's ImageField.
        field_classes = {"file": forms.FileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if upload := self.fields.get("file"):
            upload.max_length = None  # the stored name is made from it, and shortened
            upload.widget.attrs["accept"] = CONTENT_TYPES
            limit = filesizeformat(settings.SAMIZDAT_MAX_UPLOAD_BYTES)
            upload.help_text = (
                f"JPEG, PNG, GIF or WebP, up to {limit}. "
                "Location and camera details are removed on upload."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            image_validate(upload)
        return upload
