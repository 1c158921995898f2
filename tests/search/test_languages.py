"""Search in several languages and scripts, on whichever database the suite runs on."""

import pytest

from tests.dates import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def multilingual(make_post):
    make_post(
        "Москва и санкции", published_at=at(2024, 1, 1), body="Цены на хлеб в Москве выросли."
    )
    make_post(
        "서울 소식", published_at=at(2024, 1, 2), body="오늘 서울 날씨는 맑음. 정치 뉴스 없음."
    )
    make_post(
        "Café society", published_at=at(2024, 1, 3), body="A naïve crème brûlée in Zoë's café."
    )
    make_post("Plain English", published_at=at(2024, 1, 4), body="Bread prices in London.")


def test_russian_words_are_found_in_any_case(search, multilingual):
    assert search("санкции") == ["Москва и санкции"]
    assert search("МОСКВА") == ["Москва и санкции"]
    assert search("хлеб") == ["Москва и санкции"]


def test_russian_needs_the_word_form_that_was_written(search, multilingual):
    """No stemming (a blog may be in any language): "Москве" is not "Москва"."""
    assert search("Москве") == ["Москва и санкции"]
    assert search("Москву") == []


def test_korean_words_separated_by_spaces_are_found(search, multilingual):
    assert search("서울") == ["서울 소식"]
    assert search("정치") == ["서울 소식"]
    assert search("날씨는") == ["서울 소식"]


def test_korean_word_with_a_particle_is_a_different_word(search, multilingual):
    """A known limit: "날씨" (weather) does not find "날씨는" (weather + topic particle)."""
    assert search("날씨") == []


@pytest.mark.parametrize("words", ["cafe", "café", "CAFÉ", "creme brulee", "naive", "zoe"])
def test_accents_do_not_matter(search, multilingual, words):
    assert search(words) == ["Café society"]


def test_mixed_scripts_in_one_query(search, make_post):
    make_post("Mixed", published_at=at(2024, 1, 1), body="Москва, 서울 and café.")
    make_post("Only one", published_at=at(2024, 1, 2), body="Москва alone.")
    assert search("москва 서울 cafe") == ["Mixed"]
