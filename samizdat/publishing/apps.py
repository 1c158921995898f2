from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Writing apps publish here: WordPress REST API, XML-RPC and Micropub."""

    name = "samizdat.publishing"
    label = "publishing"
    verbose_name = "Publishing API"

    def ready(self) -> None:
        from samizdat.core.discovery import DiscoveryLink, discovery_link_add

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
