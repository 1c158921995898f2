"""XML-RPC as writing apps speak it: python-wordpress-xmlrpc 2.3, and the standard library's
xmlrpc.client replaying what MarsEdit and the WordPress app send, against the live server."""

import collections
import collections.abc
import xmlrpc.client

import pytest
import requests

from samizdat.posts.models import Post, Status
from tests.media.pictures import camera_exif, encoded, picture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wordpress_xmlrpc():
    """python-wordpress-xmlrpc was written before Python 3.10 moved these to collections.abc."""
    collections.Iterable = collections.abc.Iterable  # the test's alias, never samizdat's
    import wordpress_xmlrpc
    from wordpress_xmlrpc.methods import media, posts, taxonomies, users

    return wordpress_xmlrpc, posts, taxonomies, media, users


def test_python_wordpress_xmlrpc_creates_edits_lists_uploads_and_deletes(
    site, author, app_password, wordpress_xmlrpc
):
    library, posts, taxonomies, media, users = wordpress_xmlrpc
    client = library.Client(f"{site}/xmlrpc.php", author.username, app_password(author))
    assert client.call(users.GetUserInfo()).username == author.username

    post = library.WordPressPost()
    post.title = "From python-wordpress-xmlrpc"
    post.content = "<p>Through <strong>XML-RPC</strong>.</p>"
    post.terms_names = {"post_tag": ["xmlrpc"]}
    post.post_status = "publish"
    post_id = client.call(posts.NewPost(post))

    post.title = "From python-wordpress-xmlrpc, edited"
    assert client.call(posts.EditPost(post_id, post)) is True
    fetched = client.call(posts.GetPost(post_id))
    assert fetched.title == "From python-wordpress-xmlrpc, edited"
    assert [t.name for t in fetched.terms] == ["Uncategorized", "xmlrpc"]
    assert [p.id for p in client.call(posts.GetPosts())] == [post_id]
    assert "Uncategorized" in [t.name for t in client.call(taxonomies.GetTerms("category"))]

    uploaded = client.call(
        media.UploadFile(
            {
                "name": "quay.jpg",
                "type": "image/jpeg",
                "bits": xmlrpc.client.Binary(encoded(picture(800, 600), exif=camera_exif())),
            }
        )
    )
    assert requests.get(uploaded["url"], timeout=10).status_code == 200

    page = requests.get(fetched.link, timeout=10)
    assert "Through <strong>XML-RPC</strong>." in page.text
    assert "From python-wordpress-xmlrpc, edited" in requests.get(f"{site}/feed/", timeout=10).text
    assert client.call(posts.DeletePost(post_id)) is True
    assert requests.get(fetched.link, timeout=10).status_code == 404


def test_marsedit_session_replayed_with_xmlrpc_client(site, editor, app_password, make_category):
    """What MarsEdit sends: blogs, categories, recent posts, a new post with categories and
    tags, an edit, the post read back, then deletion through the Blogger API."""
    make_category("Harbour")
    user, password = editor.username, app_password(editor, "MarsEdit")
    server = xmlrpc.client.ServerProxy(f"{site}/xmlrpc.php")
    blog = server.blogger.getUsersBlogs("0123456789ABCDEF", user, password)[0]
    assert blog["xmlrpc"] == f"{site}/xmlrpc.php" and blog["blogid"] == "1"
    assert "Harbour" in [
        c["categoryName"] for c in server.mt.getCategoryList(blog["blogid"], user, password)
    ]
    assert server.metaWeblog.getRecentPosts(blog["blogid"], user, password, 25) == []
    post_id = server.metaWeblog.newPost(
        blog["blogid"],
        user,
        password,
        {
            "title": "Written in MarsEdit",
            "description": "<p>Native app.</p>",
            "mt_keywords": "apps, mac",
            "categories": ["Harbour"],
            "mt_allow_comments": 1,
        },
        True,
    )
    assert server.metaWeblog.editPost(
        post_id,
        user,
        password,
        {"title": "Written in MarsEdit", "description": "<p>Native app, edited.</p>"},
        True,
    )
    got = server.metaWeblog.getPost(post_id, user, password)
    assert got["categories"] == ["Harbour"] and got["mt_keywords"] == "apps, mac"
    assert got["post_status"] == "publish"
    assert "Native app, edited." in requests.get(got["permaLink"], timeout=10).text
    assert server.blogger.deletePost("0123456789ABCDEF", post_id, user, password, True) is True
    assert not Post.objects.exists()


def test_wordpress_app_session_replayed_with_xmlrpc_client(site, contributor, app_password):
    """What the WordPress app sends on adding a site: options, profile, formats, statuses,
    then posts with wp.newPost — a contributor's draft is kept, publishing is refused."""
    user, password = contributor.username, app_password(contributor, "WordPress app")
    server = xmlrpc.client.ServerProxy(f"{site}/xmlrpc.php")
    methods = server.system.listMethods()
    assert "wp.newPost" in methods and not any(m.startswith("pingback.") for m in methods)
    options = server.wp.getOptions(1, user, password, ["software_version", "blog_title"])
    assert set(options) == {"software_version", "blog_title"}
    assert server.wp.getProfile(1, user, password)["roles"] == ["contributor"]
    assert "standard" in server.wp.getPostFormats(1, user, password, {"show-supported": "1"})
    draft_id = server.wp.newPost(
        1,
        user,
        password,
        {"post_title": "App draft", "post_content": "<p>Hi</p>", "post_status": "draft"},
    )
    with pytest.raises(xmlrpc.client.Fault) as refused:
        server.wp.newPost(1, user, password, {"post_title": "App post", "post_status": "publish"})
    assert refused.value.faultCode == 401
    assert (
        refused.value.faultString
        == "Sorry, you are not allowed to publish posts in this post type."
    )
    assert list(Post.objects.values_list("pk", "status")) == [(int(draft_id), Status.DRAFT)]


def test_wrong_password_unknown_method_and_get_are_answered_as_wordpress_does(site, author):
    server = xmlrpc.client.ServerProxy(f"{site}/xmlrpc.php")
    with pytest.raises(xmlrpc.client.Fault) as wrong:
        server.wp.getUsersBlogs(author.username, "not-an-app-password")
    assert (wrong.value.faultCode, wrong.value.faultString) == (
        403,
        "Incorrect username or password.",
    )
    with pytest.raises(xmlrpc.client.Fault) as unknown:
        server.pingback.ping("http://example.org/", f"{site}/")
    assert unknown.value.faultCode == -32601
    get = requests.get(f"{site}/xmlrpc.php", timeout=10)
    assert (get.status_code, get.text) == (405, "XML-RPC server accepts POST requests only.")
    rsd = requests.get(f"{site}/xmlrpc.php?rsd", timeout=10)
    assert f'apiLink="{site}/xmlrpc.php"' in rsd.text


def test_entity_expansion_is_refused(site, author, app_password):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<methodCall><methodName>wp.getUsersBlogs</methodName><params>"
        f"<param><value>{author.username}</value></param><param><value>&b;</value></param>"
        "</params></methodCall>"
    )
    response = requests.post(
        f"{site}/xmlrpc.php", data=bomb, headers={"Content-Type": "text/xml"}, timeout=10
    )
    fault = xmlrpc.client.loads(response.content) if b"<fault>" not in response.content else None
    assert fault is None
    assert b"<name>faultCode</name>" in response.content and b"-32700" in response.content
