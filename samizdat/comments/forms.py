"""The reply form: what a reader types, a signed timestamp, and a honeypot."""

import hashlib
import secrets
import time
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.cache import cache

MAX_BODY = 10_000
_SIGNER = signing.Signer(salt="samizdat.comments.form")
FORM_MAX_AGE = 24 * 3600  # a form older than a day is sent back to be resubmitted


def _client_mark(client: str) -> str:
    return hashlib.sha256(f"stamp|{client}".encode()).hexdigest()[:10]


def form_stamp(post_id: int, *, client: str) -> str:
    """A signed "post:time:nonce:client" stamp: proves the form came from this site, for this
    post, when, and for which client address; the nonce makes each one different, so that each
    can be used once."""
    nonce = secrets.token_urlsafe(6)
    return _SIGNER.sign(f"{post_id}:{time.time():.3f}:{nonce}:{_client_mark(client)}")


@dataclass(frozen=True)
class StampReading:
    age: float  # seconds since the stamp was made
    mine: bool  # made for the client now sending it, so `age` is the time it had the form


def stamp_read(stamp: str, post_id: int, *, client: str) -> StampReading | None:
    """What a stamp says, or None when it is forged, foreign or malformed.

    A page kept in the page cache carries the stamp made for the reader it was rendered for;
    for everyone else its age says nothing about how long they had the form (issue 19: a
    script read a day-old cached page and posted at once, never "too fast"). The form's script
    swaps it for one of their own (`stamp_renew`) when they start on the form."""
    try:
        stamped_post, when, _nonce, *mark = _SIGNER.unsign(stamp).split(":")
        age = time.time() - float(when)
    except (signing.BadSignature, ValueError):
        return None
    if stamped_post != str(post_id) or age < 0:
        return None
    return StampReading(age=age, mine=mark == [_client_mark(client)])


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

    def __init__(self, *args, post, client: str, user=None, require_name_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.client = client  # the address sending (or shown) this form
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
        reading = stamp_read(cleaned.get("stamp", ""), self.post.pk, client=self.client)
        if reading is None:
            raise forms.ValidationError(
                "This form was altered or did not come from this page. Please send it again."
            )
        if reading.age > FORM_MAX_AGE:
            raise forms.ValidationError(
                "This form was open for more than a day. Please send it again."
            )
        cleaned["seconds_on_form"] = reading.age if reading.mine else None
        cleaned["form_time_proved"] = reading.mine
        return cleaned

    def fresh_stamp(self) -> None:
        """Give a re-shown form a new stamp, so that sending it again works."""
        data = self.data.copy()
        data["stamp"] = form_stamp(self.post.pk, client=self.client)
        self.data = data
