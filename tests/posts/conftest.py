from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from samizdat.posts.models import Category, Post, Status
from samizdat.posts.services import category_save, post_save, tags_from_names


@pytest.fixture
def make_post(editor):
    """Save a post through posts.services, as `by` (default: the editor)."""

    def make(
        title="A post",
        *,
        by=None,
        status=Status.PUBLISHED,
        published_at=None,
        categories=(),
        tags=(),
        **fields,
    ) -> Post:
        post = Post(
            title=title,
            status=status,
            body_source=fields.pop("body", "Some *text*."),
            published_at=published_at,
            **fields,
        )
        return post_save(
            post=post,
            user=by or editor,
            categories=list(categories) or None,
            tags=tags_from_names(tags),
        )

    return make


@pytest.fixture
def make_category(db):
    def make(name: str, parent: Category | None = None) -> Category:
        return category_save(category=Category(name=name, parent=parent))

    return make


def at(year, month, day, hour=12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n)
