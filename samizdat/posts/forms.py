from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from samizdat.posts.models import PUBLIC_STATUSES, Post, Status
from samizdat.posts.scheduling import schedule_check
from samizdat.posts.services import body_check, post_check_may_save


class PostForm(forms.ModelForm):
    """The admin's post editor. Tags are typed as a comma-separated list, as in WordPress."""

    tag_names = forms.CharField(
        label="Tags",
        required=False,
        help_text="Separate tags with commas.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = Post
        fields = [
            "title", "slug", "body_format", "body_source", "excerpt", "status", "published_at",
            "author", "categories", "featured_image", "sticky", "comments_open",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())
        if not user.has_perm("posts.publish_post"):
            # A contributor writes and submits; a forged "published" fails as an invalid choice.
            self.fields["status"].choices = [
                (s.value, s.label) for s in (Status.DRAFT, Status.PENDING)
            ]
        if not user.has_perm("posts.edit_others_posts"):
            self.fields.pop("author", None)

    def clean(self):
        cleaned = super().clean()
        try:
            body_check(source=cleaned.get("body_source", ""))
        except ValidationError as error:
            self.add_error(None, error)
        candidate = Post(
            pk=self.instance.pk,
            author_id=getattr(cleaned.get("author"), "pk", None)
            or self.instance.author_id
            or self.user.pk,
            status=cleaned.get("status", Status.DRAFT),
        )
        before = Post.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        try:
            post_check_may_save(post=candidate, before=before, user=self.user)
        except PermissionDenied as denied:
            raise forms.ValidationError(str(denied)) from None
        if "published_at" not in self.errors:
            try:
                schedule_check(
                    status=candidate.status,
                    published_at=cleaned.get("published_at"),
                    before=before,
                )
            except forms.ValidationError as refused:
                self.add_error(None, refused)
        return cleaned

    def tag_list(self) -> list[str]:
        return [name for name in self.cleaned_data.get("tag_names", "").split(",") if name.strip()]

    @property
    def publishing(self) -> bool:
        return self.cleaned_data.get("status") in PUBLIC_STATUSES
