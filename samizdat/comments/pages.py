"""Which stored pages show a thread, as page-cache tags (samizdat.pagecache)."""


def thread_tag(post_id: int) -> str:
    """The tag of a post's thread, which its page depends on."""
    return f"comments:{post_id}"


def thread_tags(post_id: int) -> tuple[str, str]:
    """What shows a post's thread: its page, and the comment feeds."""
    return thread_tag(post_id), "comments"
