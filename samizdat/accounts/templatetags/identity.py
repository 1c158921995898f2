"""`{% identity_mark comment %}` for comment lists (the thread draws avatars itself)."""

from django import template
from django.utils.html import format_html

from samizdat.accounts.providers import provider_choice

register = template.Library()


@register.simple_tag
def identity_mark(comment) -> str:
    """A small mark of the outside identity that wrote the comment; nothing for guests."""
    choice = provider_choice(getattr(comment, "identity_provider", ""))
    if choice is None:
        return ""
    return format_html(
        '<span class="identity-mark" title="Commented using a {} account">'
        '<img src="{}" alt="" width="14" height="14"><span class="screen-reader-text"> via {}'
        "</span></span>",
        choice.name,
        choice.icon,
        choice.name,
    )
