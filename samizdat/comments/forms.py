"""The reply form: what a reader types, a signed timestamp, and a honeypot."""

import hashlib
import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache

MAX_BODY = 10_000
_SIGNER = signing.Signer(salt="samizdat.comments.form")
FORM_MAX_AGE = 24 * 3600  # a form older than a day is sent back to be resubmitted


def form_stamp(post_id: int) -> str:
    """A signed "post:time:nonce" stamp: proves the form came from this site, for this post,
    and when; the nonce makes each one different, so that each can be used once."""
    return _SIGNER.sign(f"{post_id}:{time.time():.3f}:{secrets.token_urlsafe(6)}")


def stamp_age(stamp: str, post_id: int) -> float | None:
    """Seconds since the stamp was made, or None when it is forged, foreign or malformed."""
    try:
        stamped_post, when, *_ = _SIGNER.unsign(stamp).split(":")
        age = time.time() - float(when)
    except (signing.BadSignature, ValueError):
        return None
    return age if stamped_post == str(post_id) and age >= 0 else None


def stamp_first_use(stamp: str, client: str) -> bool:
    """Whether this client sends this stamp for the first time (then it is used up). A page
    kept in the page cache hands one stamp to all its readers, so the stamp is used up per
    client address rather than for everyone (issue 19: one stamp served for a day of posts)."""
    digest = hashlib.sha256(f"{stamp}|{client}".encode()).hexdigest()[:32]
    return cache.add(f"samizdat:stamp-used:{digest}", 1, timeout=FORM_MAX_AGE)


class CommentForm(forms.Form):
    name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(
        max_length=254, required=False, help_text="Your email address will not be published."
    )
    url = forms.URLField(label="Website", max_length=200, required=False, assume_scheme="https")
    body = forms.CharField(
        label="Comment",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45, "maxlength": MAX_BODY}),
        error_messages={
            "required": "Please type your comment.",
            "max_length": "A comment can be at most %(limit_value)s characters "
            "(this one has %(show_value)s).",
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    stamp = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people by CSS and aria-hidden; bots that fill every field fill this one.
    homepage = forms.CharField(required=False, label="Leave this field empty")
    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )
    notify = forms.BooleanField(required=False, label="Notify me of follow-up comments by email.")

    def __init__(self, *args, post, user=None, require_name_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user
        self.signed_in = user is not None and user.is_authenticated
        if self.signed_in:
            for name in ("name", "email", "url", "remember"):
                del self.fields[name]
        elif require_name_email:
            self.fields["name"].required = True
            self.fields["email"].required = True
            self.fields["name"].error_messages["required"] = "Please give your name."
            self.fields["email"].error_messages["required"] = (
                "Please give your email address (it is never shown)."
            )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("A website address must start with http:// or https://.")
        return url

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\x00", "").strip()
        if not body:
            raise forms.ValidationError("Please type your comment.")
        return body

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("stamp"):
            return cleaned
        age = stamp_age(cleaned.get("stamp", ""), self.post.pk)
        if age is None:
            raise forms.ValidationError(
                "This form was altered or did not come from this page. Please send it again."
            )
        if age > FORM_MAX_AGE:
            raise forms.ValidationError(
                "This form was open for more than a day. Please send it again."
            )
        cleaned["seconds_on_form"] = age
        return cleaned

    def fresh_stamp(self) -> None:
        """Give a re-shown form a new stamp, so that sending it again works."""
        data = self.data.copy()
        data["stamp"] = form_stamp(self.post.pk)
        self.data = data
