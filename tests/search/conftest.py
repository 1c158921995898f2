"""Search tests read results the way a reader does: over HTTP, from the results page."""

import re

import pytest


@pytest.fixture
def search(client):
    """Search for `words` at `url`; the titles found, highlighting removed, best first."""

    def run(words: str, url: str = "/search/", **params) -> list[str]:
        response = client.get(url, {"s": words, **params})
        assert response.status_code == 200
        titles = re.findall(
            r'<h2 class="entry-title"><a [^>]+>(.*?)</a>', response.content.decode()
        )
        return [re.sub(r"</?mark>", "", t) for t in titles]

    return run
