"""The admin for posts, pages and taxonomy: every save goes through posts.services."""

import difflib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from samizdat.posts.forms import PostForm
from samizdat.posts.models import Category, Page, Post, Redirect, Revision, Tag
from samizdat.posts.services import (
    category_delete,
    category_prepare,
    category_save,
    page_delete,
    page_prepare,
    page_save,
    post_delete,
    post_editable_by,
    post_save,
    revision_restore,
    tag_delete,
    tag_save,
    tags_from_names,
)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostForm
    list_display = ("title", "author", "status", "published_at", "sticky", "view_link")
    list_filter = ("status", "categories", "sticky")
    search_fields = ("title", "body_source")
    date_hierarchy = "published_at"
    filter_horizontal = ("categories",)
    raw_id_fields = ("featured_image",)
    change_form_template = "admin/posts/post/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class BoundToUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return BoundToUser

    def get_fields(self, request, obj=None):
        fields = [*super().get_fields(request, obj)]
        if "tag_names" not in fields:
            fields.insert(fields.index("categories") + 1, "tag_names")
        if not request.user.has_perm("posts.edit_others_posts") and "author" in fields:
            fields.remove("author")
        return fields

    def get_queryset(self, request):
        posts = super().get_queryset(request).select_related("author")
        if request.user.has_perm("posts.edit_others_posts"):
            return posts
        return posts.filter(author=request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or post_editable_by(obj, request.user))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or post_editable_by(obj, request.user))

    def save_model(self, request, obj, form, change) -> None:
        post_save(
            post=obj,
            user=request.user,
            categories=form.cleaned_data.get("categories"),
            tags=tags_from_names(form.tag_list()),
        )

    def save_related(self, request, form, formsets, change) -> None:
        pass  # post_save already set categories and tags

    def delete_model(self, request, obj) -> None:
        post_delete(post=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for post in queryset:
            post_delete(post=post, user=request.user)

    @admin.display(description="")
    def view_link(self, obj: Post) -> str:
        return format_html('<a href="{}">View</a>', obj.get_absolute_url())

    # Revisions: a list with diffs, and a restore action (POST only).

    def get_urls(self):
        own = [
            path(
                "<int:post_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="posts_post_revisions",
            ),
            path(
                "<int:post_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="posts_post_restore",
            ),
        ]
        return own + super().get_urls()

    def _editable_post(self, request, post_id: int) -> Post:
        post = get_object_or_404(Post, pk=post_id)
        if not post_editable_by(post, request.user):
            raise PermissionDenied
        return post

    def revisions_view(self, request, post_id: int):
        post = self._editable_post(request, post_id)
        revisions = list(post.revisions.select_related("saved_by"))
        entries = [
            {"revision": rev, "diff": _diff(older, rev) if older else []}
            for rev, older in zip(revisions, [*revisions[1:], None], strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "post": post,
            "entries": entries,
            "title": f"Revisions of “{post.title}”",
        }
        return TemplateResponse(request, "admin/posts/post/revisions.html", context)

    def restore_view(self, request, post_id: int, revision_id: int):
        post = self._editable_post(request, post_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:posts_post_revisions", args=[post.pk]))
        revision = get_object_or_404(Revision, pk=revision_id, post=post)
        revision_restore(revision=revision, user=request.user)
        messages.success(request, f"Restored the revision of {revision.saved_at:%Y-%m-%d %H:%M}.")
        return HttpResponseRedirect(reverse("admin:posts_post_change", args=[post.pk]))


def _diff(older: Revision, newer: Revision) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff of title and body; kind: add, del, ctx or hunk."""

    def text(rev: Revision) -> list[str]:
        return [f"# {rev.title}", "", *rev.body_source.splitlines()]

    lines = difflib.unified_diff(text(older), text(newer), lineterm="", n=2)
    kinds = {"+": "add", "-": "del", "@": "hunk", " ": "ctx"}
    return [
        (kinds.get(line[:1], "ctx"), line) for line in lines if not line.startswith(("+++", "---"))
    ]


class _PreparedForm(forms.ModelForm):
    """Runs the service's preparation during validation, so its errors land on the form."""

    prepare = None

    def _post_clean(self):
        super()._post_clean()
        try:
            type(self).prepare(self.instance)
            self.instance.validate_unique()
        except ValidationError as error:
            self._update_errors(error)


class PageForm(_PreparedForm):
    prepare = staticmethod(page_prepare)


class CategoryForm(_PreparedForm):
    prepare = staticmethod(category_prepare)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ("title", "path", "status", "menu_order")
    fields = (
        "title",
        "slug",
        "parent",
        "body_format",
        "body_source",
        "status",
        "menu_order",
        "show_in_menu",
    )
    search_fields = ("title",)

    def save_model(self, request, obj, form, change) -> None:
        page_save(page=obj, user=request.user)

    def delete_model(self, request, obj) -> None:
        page_delete(page=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for page in queryset:
            page_delete(page=page, user=request.user)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ("name", "path")
    fields = ("name", "slug", "parent", "description")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change) -> None:
        category_save(category=obj)

    def delete_model(self, request, obj) -> None:
        category_delete(category=obj)

    def delete_queryset(self, request, queryset) -> None:
        for category in queryset:
            category_delete(category=category)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change) -> None:
        tag_save(tag=obj)

    def delete_model(self, request, obj) -> None:
        tag_delete(tag=obj)

    def delete_queryset(self, request, queryset) -> None:
        for tag in queryset:
            tag_delete(tag=tag)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "post", "page", "created_at")
    search_fields = ("old_path",)
    raw_id_fields = ("post", "page")
