from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Writing apps publish here: WordPress REST API, XML-RPC and Micropub."""

    name = "samizdat.publishing"
    label = "publishing"
    verbose_name = "Publishing API"

    def ready(self) -> None:
        from samizdat.accounts.profile import profile_section
        from samizdat.core.discovery import DiscoveryLink, discovery_link_add
        from samizdat.publishing.profile import app_passwords_context

        profile_section(
            "app-passwords",
            template="publishing/profile_section.html",
            context=app_passwords_context,
            order=40,
        )

        for link in (
            DiscoveryLink(rel="https://api.w.org/", path="/wp-json/", tag=True),
            DiscoveryLink(
                rel="EditURI",
                path="/xmlrpc.php?rsd",
                media_type="application/rsd+xml",
                header=False,
                tag=True,
            ),
            DiscoveryLink(rel="micropub", path="/micropub"),
            DiscoveryLink(rel="indieauth-metadata", path="/indieauth/metadata"),
            DiscoveryLink(rel="authorization_endpoint", path="/indieauth/auth"),
            DiscoveryLink(rel="token_endpoint", path="/indieauth/token"),
        ):
            discovery_link_add(link)
