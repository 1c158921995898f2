"""`{% embeds_script html %}`: the click-to-load script, on pages whose body has a card with a
player (a page without one loads no script for it)."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def embeds_script(html: str) -> str:
    if 'class="embed-load"' not in (html or ""):
        return ""
    return format_html('<script src="{}" defer></script>', static("embeds/embed.js"))
