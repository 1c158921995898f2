from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from samizdat.accounts.models import User
from samizdat.accounts.roles import user_role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "public_name", "email", "role", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Public profile", {"fields": ("display_name", "bio")}),
    )

    @admin.display(description="Role")
    def role(self, obj: User) -> str:
        role = user_role(obj)
        return role.value if role else "—"
