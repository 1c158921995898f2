"""An administrator can look inside the filter and make it start over, but not edit counts."""

import pytest
from django.urls import reverse

from samizdat.spamfilter.models import Corpus, Token
from samizdat.spamfilter.services import spam_stats, spam_train

from .generated import labelled_comments

TOKENS = "admin:spamfilter_token_changelist"
TRAINING = "admin:spamfilter_corpus_changelist"


@pytest.fixture
def trained(db) -> None:
    for message, is_spam in labelled_comments(seed=1, ham=10, spam=10):
        spam_train(message=message, is_spam=is_spam)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_tokens_are_listed_with_their_meaning_and_can_be_searched(admin_client, trained):
    page = admin_client.get(reverse(TOKENS), {"q": "cheap-pills"}).content.decode()

    assert "url:cheap-pills.example" in page
    assert "link to cheap-pills.example" in page
    assert "Spam probability" in page
    assert "name:" not in page


def test_tokens_cannot_be_added_or_edited(admin_client, trained):
    token = Token.objects.get(feature="casino")

    assert admin_client.get(reverse("admin:spamfilter_token_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:spamfilter_token_change", args=[token.pk]), {"spam_count": 999}
    )
    token.refresh_from_db()
    assert change.status_code == 403
    assert token.spam_count != 999


def test_forgetting_the_training_makes_the_filter_start_over(admin_client, trained):
    response = admin_client.post(
        reverse(TRAINING),
        {"action": "forget_training", "_selected_action": [Corpus.objects.get().pk]},
        follow=True,
    )

    assert "The spam filter forgot its training." in response.content.decode()
    assert spam_stats()["spam_documents"] == 0
    assert not Token.objects.exists()
