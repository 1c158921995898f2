"""The studio's forms. The editor's form is a plain HTML form first: every field works without
JavaScript, and static/studio/editor.js only makes it nicer (CodeMirror, live preview,
autosave, drag-and-drop images)."""

from django import forms
from django.core.exceptions import ValidationError

from samizdat.media.models import Image
from samizdat.posts.drafts import PostText
from samizdat.posts.models import BodyFormat, Category, Page, Status

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class ImageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Image) -> str:
        return f"{obj.pk}: {obj.alt or obj.caption or obj.file.name}"


class PostEditorForm(forms.Form):
    title = forms.CharField(max_length=300, required=False)
    slug = forms.SlugField(
        max_length=200,
        allow_unicode=True,
        required=False,
        help_text="The last part of the address; made from the title when left empty.",
    )
    body_source = forms.CharField(
        label="Text", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 20})
    )
    body_format = forms.ChoiceField(
        label="Written in", choices=BodyFormat.choices, initial=BodyFormat.MARKDOWN
    )
    excerpt = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in archives and feeds; the first words of the text when empty.",
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_category = forms.CharField(label="New category", max_length=200, required=False)
    tags = forms.CharField(required=False, max_length=2000, help_text="Separate tags with commas.")
    featured_image = ImageChoice(queryset=Image.objects.all(), required=False, empty_label="(none)")
    sticky = forms.BooleanField(label="Stick to the top of the home page", required=False)
    comments_open = forms.BooleanField(label="Allow comments", required=False, initial=True)
    when = forms.ChoiceField(
        label="Publish",
        choices=[("now", "Now"), ("later", "At a set time")],
        widget=forms.RadioSelect,
        required=False,
        initial="now",
    )
    publish_at = forms.DateTimeField(
        label="Date and time",
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_perm("posts.add_category"):
            del self.fields["new_category"]
        if not user.has_perm("posts.publish_post"):
            del self.fields["when"], self.fields["publish_at"]

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        return list(dict.fromkeys(name[:200] for name in names if name))

    def require_title(self) -> bool:
        """A save needs a title (an autosave does not); False with the error on the form."""
        if not self.cleaned_data.get("title", "").strip():
            self.add_error("title", "Give the post a title.")
            return False
        return True

    def text(self) -> PostText:
        data = self.cleaned_data
        image = data.get("featured_image")
        return PostText(
            title=" ".join(data.get("title", "").replace("\x00", "").split()),
            body_source=data.get("body_source", ""),
            body_format=data.get("body_format") or BodyFormat.MARKDOWN,
            excerpt=data.get("excerpt", ""),
            slug=data.get("slug", ""),
            categories=tuple(sorted(c.pk for c in data.get("categories") or ())),
            tags=tuple(data.get("tags") or ()),
            featured_image=image.pk if image else None,
            sticky=bool(data.get("sticky")),
            comments_open=bool(data.get("comments_open")),
        )

    def schedule(self) -> tuple[str, object]:
        """(status, time) for "Publish": scheduled at the chosen time, or published now."""
        if self.cleaned_data.get("when") == "later":
            return Status.SCHEDULED, self.cleaned_data.get("publish_at")
        return Status.PUBLISHED, None

    @staticmethod
    def initial_for(text: PostText, **extra) -> dict:
        return {
            "title": text.title,
            "slug": text.slug,
            "body_source": text.body_source,
            "body_format": text.body_format,
            "excerpt": text.excerpt,
            "categories": list(text.categories),
            "tags": ", ".join(text.tags),
            "featured_image": text.featured_image,
            "sticky": text.sticky,
            "comments_open": text.comments_open,
            **extra,
        }


def form_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


class PageEditorForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title", "slug", "parent", "body_format", "body_source", "status", "menu_order",
            "show_in_menu",
        ]  # fmt: skip
        widgets = {"body_source": forms.Textarea(attrs={"rows": 20})}
        labels = {"body_source": "Text", "body_format": "Written in"}


class ImageUploadForm(forms.Form):
    # A FileField, not an ImageField: media.services checks the file and says exactly what is
    # wrong with it (a HEIC photo, too many pixels), where ImageField only says "invalid".
    file = forms.FileField(label="Image", required=True)
    alt = forms.CharField(label="Alt text", max_length=500, required=False)
    caption = forms.CharField(max_length=1000, required=False)
    credit = forms.CharField(max_length=300, required=False)


class ImageDetailsForm(forms.Form):
    alt = forms.CharField(label="Alt text", max_length=500, required=False)
    caption = forms.CharField(max_length=1000, required=False)
    credit = forms.CharField(max_length=300, required=False)
