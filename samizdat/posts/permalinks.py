"""Post permalinks in WordPress's structures (/%year%/%monthnum%/%day%/%postname%/ and kin).

Any structure resolves any post: the views find a post by its slug and answer 301 to its
canonical path, so changing the structure, a slug or a date never breaks an old link.
"""

from urllib.parse import quote

from django.utils import timezone

RESERVED_FIRST_SEGMENTS = frozenset(
    {"admin", "author", "category", "tag", "page", "feed", "media", "static", "search",
     "comments", "accounts", "wp-admin", "wp-content", "wp-login.php", "studio", "preview"}
)  # fmt: skip


def post_path(post, structure: str) -> str:
    """The post's canonical path under `structure`, percent-encoded like reverse() does."""
    day = timezone.localtime(post.published_at)
    path = (
        structure.replace("%year%", f"{day.year:04d}")
        .replace("%monthnum%", f"{day.month:02d}")
        .replace("%day%", f"{day.day:02d}")
        .replace("%postname%", post.slug)
    )
    return quote(path, safe="/-_.~")
