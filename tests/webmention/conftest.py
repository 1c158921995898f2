"""Other people's sites for the webmention tests: real HTTP servers on loopback, which the
site may fetch only with the private-network switch on (as for two local instances)."""

import pytest

from tests.webmention.web import Web


@pytest.fixture
def web():
    site = Web()
    yield site
    site.close()


@pytest.fixture
def loopback(settings):
    """The switch `SAMIZDAT_FEDERATION_ALLOW_PRIVATE_NETWORKS=1` sets: loopback may be fetched."""
    settings.SAMIZDAT_ALLOW_PRIVATE_NETWORKS = True
