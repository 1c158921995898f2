"""Authors, categories and tags of an export, before any post needs them.

Authors become users without a password (an administrator sends a reset link, or gives a role,
when one of them should sign in); a login that is already a user here is that user. Categories
are created parents first, whatever their order in the file; a category or tag used by posts
but never declared is created too, with a warning. Tags keep their old slugs where free, so
`/tag/<slug>/` keeps working.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from samizdat.importers.wordpress import fields
from samizdat.importers.wordpress.records import Author, Item, Term
from samizdat.posts.models import Category, Tag
from samizdat.posts.services import category_save, tag_get_or_create

_BAD_USERNAME = re.compile(r"[^\w.@+-]+")


class TaxonomyImport:
    """The part of an ImportRun that brings authors, categories and tags."""

    # ── authors ──────────────────────────────────────────────────────────────────────────

    def _import_authors(self) -> None:
        declared = {a.login: a for a in self.index.authors if a.login}
        if not declared:  # WXR 1.0 names authors only in each item's dc:creator
            declared = {c: Author(login=c, source_id=None) for c in self.index.creators if c}
        for author in declared.values():
            user = self._import_author(author)
            self.authors[author.login] = user
            if author.source_id is not None:
                self.author_ids[author.source_id] = user

    def _import_author(self, author: Author):
        users = get_user_model().objects
        username = _BAD_USERNAME.sub("-", author.login)[:150].strip("-") or "author"
        mapping = self.mapped("author", author.source_id, author.login)
        user = self.target(mapping, get_user_model()) or users.filter(username=username).first()
        digest = fields.checksum(author.__dict__ | {"line": 0})
        if user is None:
            user = users.create_user(
                username,
                email=fields.email(author.email),
                password=None,  # no password: an administrator sends a reset link when needed
                display_name=author.display_name[:150],
                first_name=author.first_name[:150],
                last_name=author.last_name[:150],
            )
            self.report.count("author", "imported")
        else:
            if mapping is None:
                self.report.warn(
                    "author",
                    f"author {author.login!r} is the existing user {user.get_username()!r}",
                    line=author.line,
                )
            self.report.count("author", "unchanged")
        self.remember(
            mapping, kind="author", source_id=author.source_id, guid=author.login, obj=user,
            digest=digest, old_path=f"/author/{username}/",
        )  # fmt: skip
        return user

    def author_for(self, creator: str, item: Item):
        """The user for an item's dc:creator; stray characters forgiven, else the importer."""
        creator = creator.strip()
        if creator in self.authors:
            return self.authors[creator]
        loose = {login.casefold(): user for login, user in self.authors.items()}
        cleaned = creator.strip("<> \t").casefold()
        wp_id = item.get("wp:post_id")
        kind = "page" if item.get("wp:post_type").strip() == "page" else "post"
        if cleaned in loose:
            self.report.warn(
                kind,
                f"dc:creator {creator!r} matches no author exactly; read as {cleaned!r}",
                source_id=wp_id, line=item.line,
            )  # fmt: skip
            return loose[cleaned]
        self.report.warn(
            kind,
            f"dc:creator {creator!r} is not a declared author; the post is given to "
            f"{self.user.get_username()}",
            source_id=wp_id, line=item.line,
        )  # fmt: skip
        return self.user

    # ── categories and tags ──────────────────────────────────────────────────────────────

    def _import_terms(self) -> None:
        declared: dict[tuple[str, str], Term] = {}
        for term in self.index.terms:
            if term.taxonomy not in ("category", "post_tag"):
                self.report.not_imported[f"taxonomy {term.taxonomy or '(none)'}"] += 1
                continue
            key = (term.taxonomy, fields.slug(term.slug, fallback=term.name))
            if key[1] and key not in declared:
                declared[key] = term
        for (taxonomy, slug), name in self.index.used_terms.items():
            if (taxonomy, slug) not in declared:
                declared[(taxonomy, slug)] = Term(taxonomy=taxonomy, slug=slug, name=name)
                kind = "category" if taxonomy == "category" else "tag"
                self.report.warn(kind, f"{kind} {slug!r} is used by posts but never declared")
        categories = {slug: t for (tax, slug), t in declared.items() if tax == "category"}
        for slug in sorted(categories, key=lambda s: len(self._category_chain(s, categories))):
            self._import_category(slug, categories[slug], categories)
        for (taxonomy, slug), term in declared.items():
            if taxonomy == "post_tag":
                self._import_tag(slug, term)

    @staticmethod
    def _category_chain(slug: str, categories: dict[str, Term]) -> list[str]:
        chain, parent = [slug], fields.slug(categories[slug].parent)
        while parent and parent in categories and parent not in chain:
            chain.insert(0, parent)
            parent = fields.slug(categories[parent].parent)
        return chain

    def _import_category(self, slug: str, term: Term, categories: dict[str, Term]) -> None:
        parent_slug = fields.slug(term.parent)
        parent = self.categories.get(parent_slug) if parent_slug else None
        if parent_slug and parent is None:
            self.report.warn(
                "category",
                f"category {slug!r}: its parent {parent_slug!r} is not in the export "
                "(or sits inside it); placed at the top level",
                line=term.line,
            )
        name = (term.name or slug)[:200]
        digest = fields.checksum(name, slug, parent_slug, term.description)
        mapping = self.mapped("category", term.source_id, slug)
        category = self.target(mapping, Category)
        path = f"{parent.path}/{slug}" if parent else slug
        try:
            if category is None and (category := Category.objects.filter(path=path).first()):
                self.report.count("category", "unchanged")  # the site's own, kept as it is
            elif category is None:
                category = category_save(
                    category=Category(
                        name=name, slug=slug, parent=parent, description=term.description
                    )
                )
                self.report.count("category", "imported")
            elif mapping.checksum == digest:
                self.report.count("category", "unchanged")
            else:
                category.name, category.slug, category.parent = name, slug, parent
                category.description = term.description
                category_save(category=category)
                self.report.count("category", "updated")
        except ValidationError as exc:
            self.report.warn("category", f"category {slug!r} not imported: {fields.message(exc)}")
            self.report.count("category", "skipped")
            return
        self.categories[slug] = category
        if term.source_id is not None:
            self.category_ids[term.source_id] = category
        old = "/category/" + "/".join(self._category_chain(slug, categories)) + "/"
        self.remember(
            mapping, kind="category", source_id=term.source_id, guid=slug, obj=category,
            digest=digest, old_path=old,
        )  # fmt: skip
        if self.redirect(old, category):  # moved: its old feed address follows it too
            self.redirect(old + "feed/", category)

    def _import_tag(self, slug: str, term: Term) -> None:
        name = (term.name or slug)[:200]
        mapping = self.mapped("tag", term.source_id, slug)
        tag = self.target(mapping, Tag)
        if tag is None:
            tag, created = tag_get_or_create(name=name, slug=slug)
            self.report.count("tag", "imported" if created else "unchanged")
        else:
            self.report.count("tag", "unchanged")
        if tag.slug != slug:
            self.report.warn(
                "tag",
                f"tag {name!r} lives at /tag/{tag.slug}/ here; its old address /tag/{slug}/ "
                "does not redirect (a tag of that name already existed)",
            )
        self.tags[slug] = tag
        self.remember(
            mapping, kind="tag", source_id=term.source_id, guid=slug, obj=tag,
            digest=fields.checksum(name, slug), old_path=f"/tag/{slug}/",
        )  # fmt: skip
