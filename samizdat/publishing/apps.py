from functools import partial

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Writing apps publish here: WordPress REST API, XML-RPC and Micropub."""

    name = "samizdat.publishing"
    label = "publishing"
    verbose_name = "Publishing API"

    def ready(self) -> None:
        from samizdat.accounts.privacy import ACCOUNTS_ORDER
        from samizdat.accounts.profile import profile_section
        from samizdat.core.registry import personal_data, site_link
        from samizdat.core.siteurl import absolute
        from samizdat.publishing import privacy
        from samizdat.publishing.profile import app_passwords_context

        personal_data(
            "app-passwords",
            find=privacy.credentials_find,
            erase=privacy.credentials_erase,
            order=ACCOUNTS_ORDER - 10,  # found through the person's accounts
        )

        profile_section(
            "app-passwords",
            template="publishing/profile_section.html",
            context=app_passwords_context,
            order=40,
        )

        # How apps find the APIs: the Link header of every response names the REST root (wpapi
        # and the WordPress app read it there) and the IndieWeb's endpoints; RSD, which MarsEdit
        # and older apps look for in the page, is the one <link> tag: a post page counts bytes.
        site_link("https://api.w.org/", lambda: absolute("/wp-json/"), in_page=False)
        site_link(
            "EditURI",
            lambda: absolute("/xmlrpc.php?rsd"),
            in_header=False,
            media_type="application/rsd+xml",
        )
        for rel, path in (
            ("micropub", "/micropub"),
            ("indieauth-metadata", "/indieauth/metadata"),
            ("authorization_endpoint", "/indieauth/auth"),
            ("token_endpoint", "/indieauth/token"),
        ):
            site_link(rel, partial(absolute, path), in_page=False)
