"""Comment threads under imported posts, through comments.services.comments_import.

Comments: 1 → approved, 0 → pending, spam → spam, trash / post-trashed → trash; pingbacks and
trackbacks keep their kind; WordPress 6.9 `note` comments become editorial notes, which samizdat
never shows to readers. A reply may come before its parent in the file: each post's comments
are saved parents first, in bulk. A comment keeps its old id as its id here when that is free,
so old `#comment-N` links land on it; otherwise it carries the old number as `legacy_id` and the
page renders an extra `comment-N` anchor for it.
"""

from datetime import UTC, datetime

from samizdat.comments.models import Comment
from samizdat.comments.services import ImportedComment, comments_import
from samizdat.core.sanitize import NestingTooDeep
from samizdat.importers.models import ImportedItem
from samizdat.importers.wordpress import fields
from samizdat.importers.wordpress.content import CONVERTER_VERSION, convert_comment_body
from samizdat.importers.wordpress.records import CommentRecord, Item, WXRError
from samizdat.posts.models import Post


def _comment_body(content: str, run, wp_id: int) -> str:
    try:
        return convert_comment_body(content, rewrite=run.rewriter({}))
    except NestingTooDeep as error:  # the whole import stops: nothing is half imported
        raise WXRError(f"Comment {wp_id}: {error}") from None


def skip_comments(run, item: Item, why: str) -> None:
    if item.comments:
        run.report.count("comment", "skipped", len(item.comments))
        run.report.warn(
            "comment",
            f"{len(item.comments)} comment(s) not imported: {why}",
            source_id=item.get("wp:post_id"),
            line=item.line,
        )
        run.progress.advance("comments", len(item.comments))


def import_comments(run, item: Item, post: Post, mapping: ImportedItem) -> None:
    """The item's comments under `post`; `mapping` is the post's row, which lists them."""
    if not item.comments:
        return
    records: dict[int, CommentRecord] = {}
    for record in item.comments:
        wp_id = fields.integer(record.get("wp:comment_id"))
        if wp_id is None or wp_id in records or wp_id in run.comments_seen:
            run.report.warn(
                "comment",
                f"comment {record.get('wp:comment_id')!r}: no valid id, or a second comment "
                "with this id in the export; not imported",
                source_id=item.get("wp:post_id"),
            )
            run.report.count("comment", "skipped")
            continue
        records[wp_id] = record
    run.comments_seen.update(records)
    known = {int(k): v for k, v in (mapping.comments or {}).items()}  # old id → [pk, digest]
    existing = Comment.objects.filter(post=post).in_bulk([pk for pk, _ in known.values()])
    saved = {wp_id: existing[pk] for wp_id, (pk, _) in known.items() if pk in existing}
    digests = {wp_id: _digest(record) for wp_id, record in records.items()}
    changed = [
        wp_id for wp_id in records if wp_id not in saved or known[wp_id][1] != digests[wp_id]
    ]
    run.report.count("comment", "unchanged", len(records) - len(changed))
    run.progress.advance("comments", len(item.comments))
    if not changed:
        return
    batch = [_comment(run, item, post, wp_id, records, saved) for wp_id in changed]
    done = comments_import(post=post, comments=batch, saved=saved)
    for wp_id in changed:
        run.report.count("comment", "updated" if wp_id in saved else "imported")
        known[wp_id] = [done[wp_id].pk, digests[wp_id]]
    mapping.comments = {str(k): v for k, v in known.items()}
    if mapping.pk is not None:  # else it waits in the run's batch of new rows, and goes with it
        mapping.save(update_fields=["comments", "updated_at"])


def _digest(record: CommentRecord) -> str:
    return fields.checksum(CONVERTER_VERSION, record.fields)[:16]


def _comment(
    run,
    item: Item,
    post: Post,
    wp_id: int,
    records: dict[int, CommentRecord],
    saved: dict[int, Comment],
) -> ImportedComment:
    record = records[wp_id]
    post_id = item.get("wp:post_id")
    parent_id = fields.integer(record.get("wp:comment_parent")) or None
    if parent_id and parent_id not in records and parent_id not in saved:
        run.report.warn(
            "comment",
            f"comment {wp_id}: its parent {parent_id} is not among the post's comments; "
            "shown at the top level",
            source_id=post_id,
        )
    raw_status = record.get("wp:comment_approved").strip()
    status = fields.COMMENT_STATUSES.get(raw_status)
    if status is None:
        run.report.warn("comment", f"comment {wp_id}: unknown status {raw_status!r}; held")
        status = Comment.Status.PENDING
    raw_kind = record.get("wp:comment_type").strip()
    kind = fields.COMMENT_KINDS.get(raw_kind)
    if kind is None:
        run.report.warn("comment", f"comment {wp_id}: unknown type {raw_kind!r}; a comment")
        kind = Comment.Kind.COMMENT
    created = (
        fields.wp_date(record.get("wp:comment_date_gmt"), utc=True)
        or fields.wp_date(record.get("wp:comment_date"), utc=False)
        or post.published_at
        or datetime.now(UTC)
    )
    content = record.get("wp:comment_content")
    author_name = " ".join(record.get("wp:comment_author").split())
    return ImportedComment(
        legacy_id=wp_id,
        parent_legacy_id=parent_id,
        kind=kind,
        status=status,
        author_name=author_name or ("Anonymous" if kind == Comment.Kind.COMMENT else post.title),
        author_email=fields.email(record.get("wp:comment_author_email")),
        author_url=fields.web_address(record.get("wp:comment_author_url")),
        user=run.author_ids.get(fields.integer(record.get("wp:comment_user_id")) or 0),
        body_html=_comment_body(content, run, wp_id),
        body_source=content,
        created_at=created,
    )
