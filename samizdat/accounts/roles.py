"""The four WordPress roles as Django groups, and the capability checks built on them.

Administrator: everything. Editor: all posts, pages, taxonomy, media and comments.
Author: writes, publishes and uploads for their own posts. Contributor: writes their own
posts and submits them for review, but cannot publish or upload.
"""

from enum import StrEnum

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    EDITOR = "Editor"
    AUTHOR = "Author"
    CONTRIBUTOR = "Contributor"


_CONTRIBUTOR = {
    "posts.add_post", "posts.change_post", "posts.delete_post", "posts.view_post",
    "posts.view_category", "posts.view_tag", "posts.view_revision",
}  # fmt: skip
_AUTHOR = _CONTRIBUTOR | {
    "posts.publish_post", "posts.add_tag",
    "media.add_image", "media.change_image", "media.view_image",
}  # fmt: skip
_EDITOR = _AUTHOR | {
    "posts.edit_others_posts", "posts.read_private_posts",
    "posts.add_page", "posts.change_page", "posts.delete_page", "posts.view_page",
    "posts.add_category", "posts.change_category", "posts.delete_category",
    "posts.change_tag", "posts.delete_tag", "posts.view_redirect", "posts.add_redirect",
    "posts.change_redirect", "posts.delete_redirect", "media.delete_image",
    "comments.moderate_comments", "comments.view_comment", "comments.change_comment",
    "comments.delete_comment",
}  # fmt: skip

ROLE_PERMISSIONS: dict[Role, set[str] | None] = {
    Role.ADMINISTRATOR: None,  # every permission there is
    Role.EDITOR: _EDITOR,
    Role.AUTHOR: _AUTHOR,
    Role.CONTRIBUTOR: _CONTRIBUTOR,
}


class MissingPermissions(LookupError):
    pass


def _permissions(codes: set[str] | None) -> list[Permission]:
    everything = Permission.objects.select_related("content_type")
    if codes is None:
        return list(everything)
    found = [p for p in everything if f"{p.content_type.app_label}.{p.codename}" in codes]
    missing = codes - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise MissingPermissions(f"role permissions not defined by any model: {sorted(missing)}")
    return found


@transaction.atomic
def roles_sync(sender=None, **kwargs) -> None:
    """Create or refresh the four role groups. Runs after each app's migrate signal; until the
    last app's permissions exist some are missing, which is an error only at the very end."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    last = sender is None or sender is with_models[-1]
    try:
        grants = {role: _permissions(codes) for role, codes in ROLE_PERMISSIONS.items()}
    except MissingPermissions:
        if last:
            raise
        return
    for role, permissions in grants.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions)


def user_set_role(*, user, role: Role) -> None:
    """Give `user` exactly one role; every role may use the admin."""
    with transaction.atomic():
        user.groups.set([Group.objects.get(name=Role(role).value)])
        user.is_staff = True
        user.is_superuser = role is Role.ADMINISTRATOR
        user.save(update_fields=["is_staff", "is_superuser"])


def user_role(user) -> Role | None:
    if user.is_superuser:
        return Role.ADMINISTRATOR
    names = {g.name for g in user.groups.all()}
    return next((role for role in Role if role.value in names), None)
