"""Record how a real WordPress answers the requests writing apps make, for
tests/publishing/test_wordpress_parity.py (which compares samizdat against this file and
never needs WordPress running).

    python tests/publishing/data/record_wordpress.py URL ADMIN:APP_PASSWORD CONTRIBUTOR:APP_PASSWORD

WordPress from ../shared/bench-anchors/setup-wordpress.sh, with WP_ENVIRONMENT_TYPE=local
so that app passwords work over plain HTTP on loopback (as samizdat allows there too).
"""

import io
import json
import sys
import xmlrpc.client
from pathlib import Path

import requests
from PIL import Image

OUT = Path(__file__).with_name("wordpress-6.1.json")


def shape(value):
    """Keys (and the keys of nested objects) without the values, which differ by site."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items()) if k not in ("_links", "_embedded")}
    if isinstance(value, list):
        return [shape(value[0])] if value and isinstance(value[0], dict) else "list"
    return type(value).__name__


def main(site: str, admin: str, contributor: str) -> None:
    admin_auth, contributor_auth = tuple(admin.split(":", 1)), tuple(contributor.split(":", 1))
    api = f"{site}/wp-json/wp/v2"
    get = lambda url, **kw: requests.get(url, timeout=30, **kw)  # noqa: E731
    post = lambda url, **kw: requests.post(url, timeout=30, **kw)  # noqa: E731
    record: dict = {"wordpress": get(f"{site}/wp-json/").json().get("namespaces")}

    listing = get(f"{api}/posts?per_page=1")
    record["home_link_header"] = get(site + "/").headers.get("Link", "").replace(site, "SITE")
    record["list_headers"] = sorted(h for h in listing.headers if h.lower().startswith("x-wp-"))
    record["root_keys"] = sorted(get(f"{site}/wp-json/").json())
    record["post_view"] = shape(listing.json()[0])
    created = post(
        f"{api}/posts",
        auth=admin_auth,
        json={"title": "Parity", "content": "<p>x</p>", "status": "draft"},
    )
    record["post_edit"] = shape(created.json())
    record["post_embed_keys"] = sorted(get(f"{api}/posts?per_page=1&_embed").json()[0]["_embedded"])
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    media = post(
        f"{api}/media",
        auth=admin_auth,
        data=buffer.getvalue(),
        headers={
            "Content-Type": "image/jpeg",
            "Content-Disposition": "attachment; filename=parity.jpg",
        },
    )
    record["media_edit"] = shape(media.json())
    record["category"] = shape(get(f"{api}/categories").json()[0])
    record["tag"] = shape(get(f"{api}/tags").json()[0])
    record["comment"] = shape(get(f"{api}/comments?per_page=1").json()[0])
    record["user_me_view"] = shape(get(f"{api}/users/me", auth=admin_auth).json())
    record["errors"] = {
        "no_route": get(f"{api}/nothing").json(),
        "invalid_post_id": get(f"{api}/posts/999999").json(),
        "anonymous_create": post(f"{api}/posts", json={"title": "x"}).json(),
        "contributor_publish": post(
            f"{api}/posts", auth=contributor_auth, json={"title": "x", "status": "publish"}
        ).json(),
        "bad_status": post(
            f"{api}/posts", auth=admin_auth, json={"title": "x", "status": "bogus"}
        ).json(),
        "bad_json": post(
            f"{api}/posts",
            auth=admin_auth,
            data='{"title":',
            headers={"Content-Type": "application/json"},
        ).json(),
        "me_anonymous": get(f"{api}/users/me").json(),
    }
    record["status"] = {
        "wp_json_without_slash": get(f"{site}/wp-json", allow_redirects=False).status_code,
        "xmlrpc_get": [get(f"{site}/xmlrpc.php").status_code, get(f"{site}/xmlrpc.php").text],
        "micropub": get(f"{site}/micropub", allow_redirects=False).status_code,
    }
    server = xmlrpc.client.ServerProxy(f"{site}/xmlrpc.php")
    user, password = admin_auth
    record["xmlrpc_methods"] = server.system.listMethods()
    record["xmlrpc_users_blogs"] = sorted(server.wp.getUsersBlogs(user, password)[0])
    post_id = created.json()["id"]
    record["xmlrpc_get_post"] = sorted(server.wp.getPost(1, user, password, post_id))
    record["xmlrpc_metaweblog_post"] = sorted(server.metaWeblog.getPost(post_id, user, password))
    record["xmlrpc_term"] = sorted(server.wp.getTerms(1, user, password, "category")[0])
    faults = {}
    for name, call in {
        "bad_login": lambda: server.wp.getUsersBlogs(user, "wrong"),
        "invalid_post": lambda: server.wp.getPost(1, user, password, 999999),
        "contributor_publish": lambda: server.wp.newPost(
            1, *contributor_auth, {"post_title": "x", "post_status": "publish"}
        ),
        "unknown_method": lambda: server.nosuch.method(),
    }.items():
        try:
            call()
        except xmlrpc.client.Fault as fault:
            faults[name] = [fault.faultCode, fault.faultString]
    record["xmlrpc_faults"] = faults
    requests.delete(f"{api}/posts/{post_id}?force=true", auth=admin_auth, timeout=30)
    requests.delete(f"{api}/media/{media.json()['id']}?force=true", auth=admin_auth, timeout=30)
    OUT.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
