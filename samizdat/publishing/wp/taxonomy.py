"""wp/v2/categories and wp/v2/tags, written through posts.services."""

from django.db.models import Count, Q
from rest_framework.views import APIView

from samizdat.posts.models import Category, Post, Tag
from samizdat.posts.services import (
    category_delete,
    category_save,
    default_category,
    tag_delete,
    tag_get_or_create,
    tag_save,
)
from samizdat.publishing.wp import schema
from samizdat.publishing.wp.common import (
    arguments,
    bool_arg,
    choice_arg,
    id_list,
    int_arg,
    paginate,
    text_arg,
    wp_response,
)
from samizdat.publishing.wp.errors import WPError, invalid_params, refusal_status
from samizdat.publishing.wp.representations import term_data

TAXONOMIES = {
    "categories": (Category, "category"),
    "tags": (Tag, "post_tag"),
}


def _with_counts(model):
    published = Post.objects.published().values("pk")
    return model.objects.annotate(
        post_count=Count("posts", filter=Q(posts__in=published), distinct=True)
    )


def _invalid_term() -> WPError:
    return WPError("rest_term_invalid", "Term does not exist.", 404)


def _may_manage(user, model) -> bool:
    if model is Tag:
        return user.has_perm("posts.add_tag")
    return user.has_perm("posts.add_category")


def _save(request, term, args, *, creating: bool):
    model = type(term)
    user = request.user
    if not user.is_authenticated or not (
        _may_manage(user, model)
        if creating
        else user.has_perm(f"posts.change_{model._meta.model_name}")
    ):
        code = "rest_cannot_create" if creating else "rest_cannot_update"
        message = (
            "Sorry, you are not allowed to create terms in this taxonomy."
            if creating
            else "Sorry, you are not allowed to edit this term."
        )
        raise WPError(code, message, refusal_status(request))
    name = text_arg(args, "name")
    if creating and not (name or "").strip():
        raise invalid_params({"name": "name is a required property of the request."})
    if model is Tag:
        if creating:
            tag, created = tag_get_or_create(name=name, slug=text_arg(args, "slug") or "")
            if not created:
                raise WPError(
                    "term_exists",
                    "A term with the name provided already exists in this taxonomy.",
                    400,
                    term_id=tag.pk,
                )
            return tag
        if name is not None:
            term.name = name
        if (slug := text_arg(args, "slug")) is not None:
            term.slug = slug
        return tag_save(tag=term)
    if name is not None:
        term.name = name.strip()
    if (slug := text_arg(args, "slug")) is not None:
        term.slug = slug
    if (description := text_arg(args, "description")) is not None:
        term.description = description
    if (parent := int_arg(args, "parent")) is not None:
        if parent and not Category.objects.filter(pk=parent).exists():
            raise invalid_params({"parent": "Parent term does not exist."})
        term.parent_id = parent or None
    if (
        creating
        and Category.objects.filter(name__iexact=term.name, parent_id=term.parent_id).exists()
    ):
        existing = Category.objects.filter(name__iexact=term.name, parent_id=term.parent_id).first()
        raise WPError(
            "term_exists",
            "A term with the name provided already exists with this parent.",
            400,
            term_id=existing.pk,
        )
    return category_save(category=term)


def _term_view(route: str):
    model, taxonomy = TAXONOMIES[route]

    class TermsView(APIView):
        @schema.terms_list(route)
        def get(self, request):
            args = arguments(request)
            terms = _with_counts(model)
            if (search := args.get("search")) not in (None, ""):
                terms = terms.filter(name__icontains=search)
            if (slug := args.get("slug")) not in (None, ""):
                terms = terms.filter(
                    slug__in=slug if isinstance(slug, list) else str(slug).split(",")
                )
            if include := id_list(args, "include"):
                terms = terms.filter(pk__in=include)
            if (post := int_arg(args, "post")) is not None:
                terms = terms.filter(posts=post)
            if model is Category and (parent := int_arg(args, "parent")) is not None:
                terms = terms.filter(parent_id=parent or None)
            if bool_arg(args, "hide_empty", False):
                terms = terms.filter(post_count__gt=0)
            orderby = choice_arg(
                args,
                "orderby",
                [
                    "id",
                    "include",
                    "name",
                    "slug",
                    "include_slugs",
                    "term_group",
                    "description",
                    "count",
                ],
                "name",
            )
            field = {"id": "id", "slug": "slug", "count": "post_count"}.get(orderby, "name")
            sign = "-" if choice_arg(args, "order", ["asc", "desc"], "asc") == "desc" else ""
            chosen, headers = paginate(
                request, terms.order_by(f"{sign}{field}", "id"), args, f"wp/v2/{route}"
            )
            return wp_response([term_data(t, taxonomy) for t in chosen], headers=headers)

        @schema.terms_create(route)
        def post(self, request):
            args = arguments(request)
            term = _save(request, model(), args, creating=True)
            term = _with_counts(model).get(pk=term.pk)
            return wp_response(term_data(term, taxonomy), status=201)

    class TermView(APIView):
        def _get(self, pk: int):
            term = _with_counts(model).filter(pk=pk).first()
            if term is None:
                raise _invalid_term()
            return term

        @schema.term_read(route)
        def get(self, request, pk: int):
            return wp_response(term_data(self._get(pk), taxonomy))

        @schema.term_update(route)
        def post(self, request, pk: int):
            term = _save(request, self._get(pk), arguments(request), creating=False)
            return wp_response(term_data(_with_counts(model).get(pk=term.pk), taxonomy))

        put = patch = post

        @schema.term_delete(route)
        def delete(self, request, pk: int):
            term = self._get(pk)
            user = request.user
            if not user.is_authenticated:
                raise WPError(
                    "rest_cannot_delete", "Sorry, you are not allowed to delete this term.", 401
                )
            if not bool_arg(arguments(request), "force", False):
                raise WPError(
                    "rest_trash_not_supported",
                    "Terms do not support trashing. Set 'force=true' to delete.",
                    501,
                )
            if not user.has_perm(f"posts.delete_{model._meta.model_name}"):
                raise WPError(
                    "rest_cannot_delete", "Sorry, you are not allowed to delete this term.", 403
                )
            previous = term_data(term, taxonomy)
            if model is Tag:
                tag_delete(tag=term)
            elif term.children.exists() or term.path == default_category().path:
                raise WPError(
                    "rest_cannot_delete",
                    "A category with categories under it, or the default one, stays.",
                    400,
                )
            else:
                category_delete(category=term)
            return wp_response({"deleted": True, "previous": previous})

    TermsView.__name__ = f"{route.title()}View"
    TermView.__name__ = f"{route.title()[:-1]}View"
    return TermsView, TermView


CategoriesView, CategoryView = _term_view("categories")
TagsView, TagView = _term_view("tags")
