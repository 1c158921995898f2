from django.conf import settings
from django.db import models


class Image(models.Model):
    """An uploaded image: the re-encoded original (metadata stripped) and its renditions."""

    file = models.ImageField(upload_to="%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="Describes the image for readers who cannot see it.",
    )
    caption = models.CharField(max_length=1000, blank=True)
    credit = models.CharField(max_length=300, blank=True, help_text='For example "via Reuters".')
    # [{"width": 480, "height": 320, "name": "2026/11/photo-480w.jpg"}, …], narrowest first.
    renditions = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.alt or self.file.name
