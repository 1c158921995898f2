"""The REST API keeps the site's rules: roles as in the admin, WordPress's refusals (nothing
written), public reads that hide what the site hides, and API answers never stored as pages."""

import pytest
import requests

from samizdat.posts.models import Post, Status
from samizdat.publishing.models import AppPassword

pytestmark = pytest.mark.django_db(transaction=True)


def api(site, path, auth=None, **kwargs):
    method = kwargs.pop("method", "get")
    return requests.request(method, f"{site}/wp-json/wp/v2/{path}", auth=auth, timeout=10, **kwargs)


def test_a_contributors_app_creates_a_draft_but_cannot_publish(site, contributor, app_password):
    auth = (contributor.username, app_password(contributor))
    draft = api(site, "posts", auth, method="post", json={"title": "Mine", "status": "draft"})
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    pending = api(
        site, f"posts/{draft.json()['id']}", auth, method="post", json={"status": "pending"}
    )
    assert pending.json()["status"] == "pending"

    refused = api(site, "posts", auth, method="post", json={"title": "Loud", "status": "publish"})
    assert refused.status_code == 403
    assert refused.json() == {
        "code": "rest_cannot_publish",
        "message": "Sorry, you are not allowed to publish posts in this post type.",
        "data": {"status": 403},
    }
    sneaky = api(
        site, f"posts/{draft.json()['id']}", auth, method="put", json={"status": "publish"}
    )
    assert sneaky.status_code == 403
    assert list(Post.objects.values_list("title", "status")) == [("Mine", Status.PENDING)]


def test_a_wrong_or_revoked_app_password_gets_401_and_writes_nothing(site, author, app_password):
    password = app_password(author, "Phone")
    wrong = api(site, "posts", (author.username, "x" * 24), method="post", json={"title": "No"})
    assert wrong.status_code == 401
    assert wrong.json() == {
        "code": "incorrect_password",
        "message": "The provided password is an invalid application password.",
        "data": {"status": 401},
    }
    assert api(site, "users/me", (author.username, password)).status_code == 200
    AppPassword.objects.get(name="Phone").delete()
    revoked = api(site, "posts", (author.username, password), method="post", json={"title": "No"})
    assert revoked.status_code == 401 and revoked.json()["code"] == "incorrect_password"
    stranger = api(site, "users/me", ("nobody", password))
    assert stranger.status_code == 401 and stranger.json()["code"] == "invalid_username"
    assert not Post.objects.exists()


def test_failed_log_ins_are_rate_limited(site, author, app_password, settings):
    settings.SAMIZDAT_API_FAILURE_LIMIT = "3/300"
    password = app_password(author)
    for _ in range(3):
        assert api(site, "users/me", (author.username, "wrong")).status_code == 401
    limited = api(site, "users/me", (author.username, password))
    assert limited.status_code == 429 and limited.json()["code"] == "too_many_attempts"


def test_app_passwords_are_refused_over_plain_http_off_loopback(
    site, author, app_password, settings
):
    password = app_password(author)
    settings.SAMIZDAT_SITE_URL = "http://blog.example.org"
    refused = requests.get(
        f"{site}/wp-json/wp/v2/users/me", auth=(author.username, password), timeout=10
    )
    assert refused.status_code == 401
    assert refused.json()["code"] == "application_passwords_disabled"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x", "status": "bogus"}, "status"),
        ({"title": "x", "categories": ["one"]}, "categories"),
        ({"title": "x", "date": "yesterday"}, "date"),
        ({"title": "x", "featured_media": 999}, "featured_media"),
        ({"title": "x", "author": 999}, "author"),
    ],
)
def test_a_malformed_body_gets_400_naming_the_field(site, editor, app_password, body, field):
    response = api(site, "posts", (editor.username, app_password(editor)), method="post", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_param"
    assert field in response.json()["data"]["params"]
    assert not Post.objects.exists()


def test_broken_json_is_refused_as_wordpress_does(site, editor, app_password):
    response = api(
        site,
        "posts",
        (editor.username, app_password(editor)),
        method="post",
        data='{"title":',
        headers={"Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "rest_invalid_json")


def test_public_reads_need_no_log_in_and_hide_what_the_site_hides(site, make_post, author):
    public = make_post("Out there")
    draft = make_post("Not yet", status=Status.DRAFT, by=author)
    private = make_post("Ours", status=Status.PRIVATE)
    listing = api(site, "posts")
    assert [p["title"]["rendered"] for p in listing.json()] == ["Out there"]
    assert listing.headers["X-WP-Total"] == "1" and listing.headers["X-WP-TotalPages"] == "1"
    assert "raw" not in listing.json()[0]["content"]
    for hidden in (draft, private):
        assert api(site, f"posts/{hidden.pk}").status_code == 404
    assert api(site, "posts?status=draft").status_code == 401
    assert api(site, f"posts/{public.pk}?context=edit").status_code == 401
    assert api(site, "nothing/here").json()["code"] == "rest_no_route"


def test_pagination_headers_and_links(site, make_post):
    for n in range(3):
        make_post(f"Post {n}")
    first = api(site, "posts?per_page=2")
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("3", "2")
    assert (
        'rel="next"' in first.headers["Link"]
        and 'rel="https://api.w.org/"' in first.headers["Link"]
    )
    assert len(api(site, "posts?per_page=2&page=2").json()) == 1
    assert api(site, "posts?per_page=2&page=3").json()["code"] == "rest_post_invalid_page_number"


def test_api_answers_are_never_stored_as_pages(site, make_post, settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    make_post("Cached elsewhere")
    for path in ("/wp-json/", "/wp-json/wp/v2/posts", "/wp-json/openapi.json"):
        for _ in range(2):
            response = requests.get(site + path, timeout=30)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response.headers, path
    assert not (tmp_path / "page-cache").exists() or not any(
        (tmp_path / "page-cache").rglob("index.*")
    )


def test_an_api_write_drops_the_stored_pages_it_changes(
    site, make_post, editor, app_password, settings, tmp_path
):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    post = make_post("Before")
    url = site + post.get_absolute_url()
    requests.get(url, timeout=10)
    assert requests.get(url, timeout=10).headers["X-Page-Cache"] == "hit"
    api(
        site,
        f"posts/{post.pk}",
        (editor.username, app_password(editor)),
        method="post",
        json={"title": "After"},
    )
    fresh = requests.get(url, timeout=10)
    assert fresh.headers["X-Page-Cache"] != "hit" and "After" in fresh.text


def test_pages_announce_the_api_in_a_link_header_and_tag(site, make_post):
    response = requests.head(site + "/", timeout=10)
    assert f'<{site}/wp-json/>; rel="https://api.w.org/"' in response.headers["Link"]
    html = requests.get(site + "/", timeout=10).text
    assert f'<link rel="EditURI" href="{site}/xmlrpc.php?rsd" type="application/rsd+xml">' in html
    assert 'rel="micropub"' not in html  # the Link header is enough for IndieWeb clients


def test_terms_are_written_through_the_services(
    site, editor, author, app_password, make_post, make_category
):
    harbour = make_category("Harbour")
    post = make_post("Filed", categories=[harbour])
    editor_auth = (editor.username, app_password(editor))
    author_auth = (author.username, app_password(author))
    mine = api(site, "categories", author_auth, method="post", json={"name": "Mine"})
    assert mine.status_code == 403
    tag = api(site, "tags", author_auth, method="post", json={"name": "Quay"}).json()
    renamed = api(site, f"tags/{tag['id']}", editor_auth, method="post", json={"name": "Quayside"})
    assert renamed.json()["name"] == "Quayside"
    assert api(site, f"categories/{harbour.pk}", editor_auth, method="delete").status_code == 501
    gone = api(site, f"categories/{harbour.pk}?force=true", editor_auth, method="delete")
    assert gone.json()["deleted"] is True
    assert not post.categories.filter(pk=harbour.pk).exists()
    default = api(site, "categories?slug=uncategorized", editor_auth).json()[0]["id"]
    kept = api(site, f"categories/{default}?force=true", editor_auth, method="delete")
    assert kept.status_code == 400
