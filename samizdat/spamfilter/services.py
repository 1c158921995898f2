"""The spam filter's interface: classify a message, learn from a moderator's decision, undo one.

Callers (comments now; webmentions and fediverse replies later) build a `Message`, ask
`spam_classify` for a `Verdict`, and apply it by their own rules. Until the filter has seen
MIN_DOCUMENTS of both spam and ham its verdict is "not trained" and the callers' rules decide.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from samizdat.spamfilter.classifier import (
    NEUTRAL,
    Clue,
    combined_spamminess,
    feature_spamminess,
    strongest_clues,
)
from samizdat.spamfilter.features import Message, feature_description, message_features
from samizdat.spamfilter.models import Corpus, Token

__all__ = [
    "MIN_DOCUMENTS",
    "Message",
    "Verdict",
    "spam_classify",
    "spam_reset",
    "spam_stats",
    "spam_train",
    "spam_untrain",
]

MIN_DOCUMENTS = 5  # of spam and of ham each, before any score is given
REASONS_SHOWN = 5
OTHER_SIDE_SHOWN = 2
_CHUNK = 500  # features per query: well under every database's limit on parameters


@dataclass(frozen=True)
class Verdict:
    score: float | None  # probability of spam, 0..1; None while not trained enough
    reasons: tuple[str, ...]  # e.g. "link to cheap-pills.example (seen in 14 spam, 0 ham)"
    trained: bool


UNTRAINED = Verdict(score=None, reasons=(), trained=False)


# ── reading ─────────────────────────────────────────────────────────────────────────────


def spam_classify(message: Message) -> Verdict:
    """The probability that `message` is spam, and the features that decided it."""
    corpus = _corpus()
    if not _is_trained(corpus):
        return UNTRAINED
    clues = strongest_clues([_clue(token, corpus) for token in _tokens(message_features(message))])
    score = combined_spamminess([c.spamminess for c in clues])
    return Verdict(score=score, reasons=_reasons(clues, score), trained=True)


def spam_stats() -> dict:
    """What the filter has learned so far, for the moderation queue's header."""
    corpus = _corpus()
    return {
        "spam_documents": corpus.spam_documents,
        "ham_documents": corpus.ham_documents,
        "tokens": Token.objects.exclude(spam_count=0, ham_count=0).count(),
        "trained": _is_trained(corpus),
        "min_documents": MIN_DOCUMENTS,
    }


def _corpus() -> Corpus:
    return Corpus.objects.filter(pk=1).first() or Corpus()


def _is_trained(corpus: Corpus) -> bool:
    return min(corpus.spam_documents, corpus.ham_documents) >= MIN_DOCUMENTS


def _tokens(features: set[str]) -> Iterator[Token]:
    for chunk in _chunks(features):
        yield from Token.objects.filter(feature__in=chunk)


def _clue(token: Token, corpus: Corpus) -> Clue:
    spamminess = feature_spamminess(
        spam=token.spam_count,
        ham=token.ham_count,
        spam_total=corpus.spam_documents,
        ham_total=corpus.ham_documents,
    )
    return Clue(token.feature, spamminess, token.spam_count, token.ham_count)


def _reasons(clues: list[Clue], score: float) -> tuple[str, ...]:
    """The clues on the side the score leans to, then the strongest few against it."""
    spammy = [c for c in clues if c.spamminess > NEUTRAL]
    hammy = [c for c in clues if c.spamminess < NEUTRAL]
    leaning, other = (spammy, hammy) if score >= NEUTRAL else (hammy, spammy)
    shown = leaning[:REASONS_SHOWN] + other[:OTHER_SIDE_SHOWN]
    return tuple(
        f"{feature_description(c.feature)} (seen in {c.spam_count} spam, {c.ham_count} ham)"
        for c in shown
    )


# ── learning ────────────────────────────────────────────────────────────────────────────


def spam_train(*, message: Message, is_spam: bool) -> None:
    """Learn from a moderator's decision: `message` is one more spam (or ham) document."""
    _count(message_features(message), is_spam=is_spam, step=1)


def spam_untrain(*, message: Message, is_spam: bool) -> None:
    """Undo an earlier `spam_train` with the same arguments (the moderator changed their mind)."""
    _count(message_features(message), is_spam=is_spam, step=-1)


def spam_reset() -> None:
    """Forget everything learned; the filter is untrained again."""
    with transaction.atomic():
        Corpus.objects.all().delete()
        Token.objects.all().delete()


def _count(features: set[str], *, is_spam: bool, step: int) -> None:
    documents, field = (
        ("spam_documents", "spam_count") if is_spam else ("ham_documents", "ham_count")
    )
    with transaction.atomic():
        # Every trainer updates the one Corpus row first, so trainers queue on its lock and
        # never deadlock over token rows taken in different orders.
        Corpus.objects.bulk_create([Corpus(pk=1)], ignore_conflicts=True)
        _add(Corpus.objects.filter(pk=1), field=documents, step=step)
        if step > 0:
            new = [Token(feature=f) for f in sorted(features)]
            Token.objects.bulk_create(new, ignore_conflicts=True)
        for chunk in _chunks(features):
            _add(Token.objects.filter(feature__in=chunk), field=field, step=step)
            if step < 0:  # safe while we hold the Corpus lock: no trainer is between steps
                Token.objects.filter(feature__in=chunk, spam_count=0, ham_count=0).delete()


def _add(rows, *, field: str, step: int) -> None:
    """UPDATE … SET n = MAX(n + step, 0): counted in the database, so no concurrent count is
    lost, and undoing what was never learned stops at zero (and still locks the row)."""
    rows.update(**{field: Greatest(F(field) + step, Value(0))})


def _chunks(features: set[str]) -> Iterator[list[str]]:
    ordered = sorted(features)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
