"""Training is exact: an undone decision leaves no trace, and concurrent trainers lose nothing."""

import threading
from collections import Counter

import pytest
from django.db import connection

from samizdat.spamfilter.features import message_features
from samizdat.spamfilter.models import Token
from samizdat.spamfilter.services import (
    Message,
    spam_classify,
    spam_stats,
    spam_train,
    spam_untrain,
)

from .generated import labelled_comments

THREADS = 6


def train(comments) -> None:
    for message, is_spam in comments:
        spam_train(message=message, is_spam=is_spam)


def learned() -> tuple[dict, dict[str, tuple[int, int]]]:
    """Everything the filter knows: its totals and every token's counts."""
    tokens = {t.feature: (t.spam_count, t.ham_count) for t in Token.objects.all()}
    return spam_stats(), tokens


DOUBTFUL = Message(
    text="Is the casino tax in the budget a good idea? http://news.example/casino-tax",
    author_name="Ines Tanaka",
    author_email="ines@mail.example",
)


@pytest.mark.django_db
def test_untraining_a_decision_restores_every_count_exactly():
    train(labelled_comments(seed=1, ham=20, spam=20))
    before = learned()

    spam_train(message=DOUBTFUL, is_spam=True)
    assert learned() != before
    spam_untrain(message=DOUBTFUL, is_spam=True)

    assert learned() == before


@pytest.mark.django_db
def test_a_moderator_changing_their_mind_is_the_same_as_deciding_right_first():
    comments = labelled_comments(seed=1, ham=20, spam=20)
    train(comments)
    spam_train(message=DOUBTFUL, is_spam=False)
    decided_right = (learned(), spam_classify(DOUBTFUL))
    spam_untrain(message=DOUBTFUL, is_spam=False)

    spam_train(message=DOUBTFUL, is_spam=True)
    spam_untrain(message=DOUBTFUL, is_spam=True)
    spam_train(message=DOUBTFUL, is_spam=False)

    assert (learned(), spam_classify(DOUBTFUL)) == decided_right


@pytest.mark.django_db
def test_untraining_more_than_was_trained_stops_at_zero():
    """The filter cannot tell a wrong undo from a right one; it only never counts below zero."""
    spam_untrain(message=DOUBTFUL, is_spam=True)

    stats, tokens = learned()
    assert (stats["spam_documents"], stats["ham_documents"], tokens) == (0, 0, {})


@pytest.mark.django_db(transaction=True)
def test_concurrent_training_from_several_threads_loses_no_count():
    """Six trainers, each on its own database connection, start together on overlapping
    comments, each also training and undoing one shared comment again and again: every
    document and every feature occurrence is counted, and the undone comment leaves no trace."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's shared-cache memory database fails writers instead of queuing them")
    comments = labelled_comments(seed=3, ham=30, spam=30)
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def trainer(share) -> None:
        try:
            start.wait()
            for message, is_spam in share:
                spam_train(message=message, is_spam=is_spam)
                spam_train(message=DOUBTFUL, is_spam=True)  # and undone at once, while others
                spam_untrain(message=DOUBTFUL, is_spam=True)  # add to the same features
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=trainer, args=(comments[i::THREADS],)) for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    expected_spam, expected_ham = Counter(), Counter()
    for message, is_spam in comments:
        (expected_spam if is_spam else expected_ham).update(message_features(message))
    stats, tokens = learned()
    assert (stats["spam_documents"], stats["ham_documents"]) == (30, 30)
    assert tokens == {f: (expected_spam[f], expected_ham[f]) for f in expected_spam | expected_ham}
