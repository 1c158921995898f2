"""The shapes of the REST API's answers and request bodies, for the OpenAPI description only:
the views build WordPress's objects in representations.py, and schemathesis holds the two
together in the tests."""

from rest_framework import serializers as s

# ── shapes ───────────────────────────────────────────────────────────────────────────────


class Error(s.Serializer):
    code = s.CharField()
    message = s.CharField()
    data = s.DictField(allow_null=True)


class Rendered(s.Serializer):
    raw = s.CharField(required=False)
    rendered = s.CharField(allow_blank=True)


class RenderedContent(Rendered):
    protected = s.BooleanField()
    block_version = s.IntegerField(required=False)


def _links():
    return s.DictField(child=s.ListField(child=s.DictField()))


class _Item(s.Serializer):
    id = s.IntegerField()
    date = s.CharField(allow_null=True)
    date_gmt = s.CharField(allow_null=True)
    guid = Rendered()
    modified = s.CharField(allow_null=True)
    modified_gmt = s.CharField(allow_null=True)
    slug = s.CharField(allow_blank=True)
    status = s.CharField()
    type = s.CharField()
    link = s.CharField()
    title = Rendered()
    author = s.IntegerField()
    comment_status = s.ChoiceField(["open", "closed"])
    ping_status = s.ChoiceField(["open", "closed"])
    template = s.CharField(allow_blank=True)
    meta = s.ListField()
    _links = _links()


class Post(_Item):
    content = RenderedContent()
    excerpt = RenderedContent()
    featured_media = s.IntegerField()
    sticky = s.BooleanField()
    format = s.CharField()
    categories = s.ListField(child=s.IntegerField())
    tags = s.ListField(child=s.IntegerField())
    password = s.CharField(required=False, allow_blank=True)
    permalink_template = s.CharField(required=False)
    generated_slug = s.CharField(required=False, allow_blank=True)
    _embedded = s.DictField(required=False)


class Page(_Item):
    content = RenderedContent()
    excerpt = RenderedContent()
    featured_media = s.IntegerField()
    parent = s.IntegerField()
    menu_order = s.IntegerField()
    password = s.CharField(required=False, allow_blank=True)
    permalink_template = s.CharField(required=False)
    generated_slug = s.CharField(required=False, allow_blank=True)


class Media(_Item):
    description = Rendered()
    caption = Rendered()
    alt_text = s.CharField(allow_blank=True)
    media_type = s.CharField()
    mime_type = s.CharField()
    media_details = s.DictField()
    post = s.IntegerField(allow_null=True)
    source_url = s.CharField()


class Term(s.Serializer):
    id = s.IntegerField()
    count = s.IntegerField()
    description = s.CharField(allow_blank=True)
    link = s.CharField()
    name = s.CharField()
    slug = s.CharField()
    taxonomy = s.CharField()
    parent = s.IntegerField(required=False)
    meta = s.ListField()
    _links = _links()


class Comment(s.Serializer):
    id = s.IntegerField()
    post = s.IntegerField()
    parent = s.IntegerField()
    author = s.IntegerField()
    author_name = s.CharField(allow_blank=True)
    author_url = s.CharField(allow_blank=True)
    author_email = s.CharField(required=False, allow_blank=True)
    author_ip = s.CharField(required=False, allow_blank=True)
    author_user_agent = s.CharField(required=False, allow_blank=True)
    date = s.CharField()
    date_gmt = s.CharField()
    content = Rendered()
    link = s.CharField()
    status = s.CharField()
    type = s.CharField()
    author_avatar_urls = s.DictField(child=s.CharField())
    meta = s.ListField()
    _links = _links()


class User(s.Serializer):
    id = s.IntegerField()
    name = s.CharField(allow_blank=True)
    url = s.CharField(allow_blank=True)
    description = s.CharField(allow_blank=True)
    link = s.CharField()
    slug = s.CharField()
    avatar_urls = s.DictField(child=s.CharField())
    meta = s.ListField()
    username = s.CharField(required=False)
    email = s.CharField(required=False, allow_blank=True)
    roles = s.ListField(child=s.CharField(), required=False)
    _links = _links()


class Settings(s.Serializer):
    title = s.CharField(allow_blank=True)
    description = s.CharField(allow_blank=True)
    url = s.CharField()
    posts_per_page = s.IntegerField()
    default_comment_status = s.CharField()


_DELETED: dict[str, type] = {}


def deleted(item, name: str = ""):
    name = name or item.__name__
    if name not in _DELETED:
        _DELETED[name] = type(
            f"Deleted{name}", (s.Serializer,), {"deleted": s.BooleanField(), "previous": item()}
        )
    return _DELETED[name]


# ── requests ─────────────────────────────────────────────────────────────────────────────

STATUS = ["publish", "future", "draft", "pending", "private"]


class PostWrite(s.Serializer):
    title = s.CharField(required=False, allow_blank=True)
    content = s.CharField(required=False, allow_blank=True)
    excerpt = s.CharField(required=False, allow_blank=True)
    slug = s.CharField(required=False, allow_blank=True)
    status = s.ChoiceField(STATUS, required=False)
    date = s.DateTimeField(required=False, allow_null=True)
    date_gmt = s.DateTimeField(required=False, allow_null=True)
    author = s.IntegerField(required=False, min_value=1)
    categories = s.ListField(child=s.IntegerField(min_value=1), required=False)
    tags = s.ListField(child=s.IntegerField(min_value=1), required=False)
    sticky = s.BooleanField(required=False)
    comment_status = s.ChoiceField(["open", "closed"], required=False)
    featured_media = s.IntegerField(required=False, min_value=0)


class PageWrite(s.Serializer):
    title = s.CharField(required=False, allow_blank=True)
    content = s.CharField(required=False, allow_blank=True)
    slug = s.CharField(required=False, allow_blank=True)
    status = s.ChoiceField(["publish", "draft", "private"], required=False)
    parent = s.IntegerField(required=False, min_value=0)
    menu_order = s.IntegerField(required=False)


class MediaWrite(s.Serializer):
    alt_text = s.CharField(required=False, allow_blank=True)
    caption = s.CharField(required=False, allow_blank=True)


class MediaUpload(s.Serializer):
    file = s.FileField()
    alt_text = s.CharField(required=False, allow_blank=True)
    caption = s.CharField(required=False, allow_blank=True)


class TermWrite(s.Serializer):
    name = s.CharField(required=False)
    slug = s.CharField(required=False)
    description = s.CharField(required=False, allow_blank=True)
    parent = s.IntegerField(required=False, min_value=0)


class CommentWrite(s.Serializer):
    post = s.IntegerField(required=False, min_value=1)
    parent = s.IntegerField(required=False, min_value=0)
    content = s.CharField(required=False)
    status = s.ChoiceField(["approved", "approve", "hold", "spam", "trash"], required=False)


class SettingsWrite(s.Serializer):
    title = s.CharField(required=False, allow_blank=True)
    description = s.CharField(required=False, allow_blank=True)
