"""Whatever is typed into the search box gives a normal page: never a 500, never a leak."""

import pytest

from tests.dates import at

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    '"',
    '""',
    '"unclosed phrase',
    "'",
    "*",
    "bread*",
    "-",
    "--bread",
    "-bread",
    "or",
    "bread or",
    "OR AND NOT",
    "bread AND NOT butter",
    "NEAR(bread butter, 2)",
    "title:bread",
    "^bread",
    "{bread}",
    "(bread",
    "bread)",
    "+bread",
    "bread & butter | !cheese",
    "bread:*",
    "a\\b",
    "%_%",
    "'; DROP TABLE posts_post; --",
    "\x00",
    "bread\x00butter",
    "\x01\x02\x03",
    "<script>alert(1)</script>",
    "🍞",
    "\u0301",
    "ǅ",
    "x" * 5000,
    "bread " * 1000,
    '"' * 999,
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_query_answers_a_normal_page(client, make_post, query):
    make_post("Bread", published_at=at(2024, 1, 1), body="bread and butter")
    for url in ["/", "/search/"]:
        response = client.get(url, {"s": query})
        assert response.status_code == 200, (url, query)
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("paged", ["abc", "0", "-1", "99999999999999999999", "2.5", ""])
def test_odd_page_numbers_answer_a_normal_page(client, make_post, paged):
    make_post("Bread", published_at=at(2024, 1, 1), body="bread")
    assert client.get("/search/", {"s": "bread", "paged": paged}).status_code == 200


def test_odd_words_in_the_pretty_address(client, db):
    for words in ["%22", "%2A", "NEAR(", "%E2%80%8B"]:
        assert client.get(f"/search/{words}/").status_code == 200


def test_operators_are_read_as_words(search, make_post):
    """FTS5 and tsquery syntax typed by a reader is plain text, not syntax."""
    make_post("Bread", published_at=at(2024, 1, 1), body="bread and butter")
    assert search("bread AND") == ["Bread"]  # "AND" is the word "and", which the post has
    assert search("bread NOT butter") == []  # "NOT" is the word "not", which it has not
    assert search("NEAR(bread butter)") == []  # nor has it the word "near"
    assert search("bread:butter") == []  # a phrase of two words, not a column filter
    assert search('"bread and"') == ["Bread"]
