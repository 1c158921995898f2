from django import template

from samizdat.publishing.models import AppPassword
from samizdat.publishing.wp.common import site_url

register = template.Library()


@register.inclusion_tag("publishing/profile_section.html", takes_context=True)
def app_passwords_section(context, user) -> dict:
    """The profile page's section listing `user`'s app passwords, with create and revoke."""
    return {
        "app_passwords": AppPassword.objects.filter(user=user),
        "site_url": site_url("/"),
        "csrf_token": context.get("csrf_token"),
        "may_publish": user.has_perm("posts.add_post"),
    }
