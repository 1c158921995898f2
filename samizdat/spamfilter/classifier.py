"""The arithmetic of the filter, apart from the database: Robinson's smoothed per-feature
probabilities, combined with Fisher's chi-square method as SpamBayes does.

Only the most telling features vote, so a long message cannot drown its few spammy links in
ordinary words, and the features that voted are exactly the reasons a moderator is shown.
"""

import math
from dataclasses import dataclass

# Robinson's f(w): a feature seen in few documents stays near NEUTRAL until evidence builds up.
STRENGTH = 1.0
NEUTRAL = 0.5
# Features this close to NEUTRAL are noise, not clues; at most MAX_CLUES of the rest vote.
MIN_DEVIATION = 0.1
MAX_CLUES = 15


@dataclass(frozen=True)
class Clue:
    feature: str
    spamminess: float  # 0 = only ever in ham, 1 = only ever in spam
    spam_count: int
    ham_count: int


def feature_spamminess(*, spam: int, ham: int, spam_total: int, ham_total: int) -> float:
    """How likely a document holding the feature is spam, with the corpus sizes evened out."""
    seen = spam + ham
    if seen == 0 or spam_total == 0 or ham_total == 0:
        return NEUTRAL
    spam_ratio = min(spam / spam_total, 1.0)
    ham_ratio = min(ham / ham_total, 1.0)
    raw = spam_ratio / (spam_ratio + ham_ratio) if spam_ratio + ham_ratio else NEUTRAL
    return (STRENGTH * NEUTRAL + seen * raw) / (STRENGTH + seen)


def strongest_clues(clues: list[Clue]) -> list[Clue]:
    """The features furthest from neutral, strongest first (ties: by name, to stay stable)."""
    telling = [c for c in clues if abs(c.spamminess - NEUTRAL) >= MIN_DEVIATION]
    telling.sort(key=lambda c: (-abs(c.spamminess - NEUTRAL), c.feature))
    return telling[:MAX_CLUES]


def combined_spamminess(probabilities: list[float]) -> float:
    """Fisher's method run twice, once for spam and once for ham, averaged to 0..1.

    Each side asks "how unlikely is this many strong clues by chance?"; when both sides find
    strong evidence the result stays near 0.5, which reads honestly as "unsure".
    """
    if not probabilities:
        return NEUTRAL
    degrees = 2 * len(probabilities)
    spam = 1 - _chi2_survival(-2 * sum(math.log(1 - p) for p in probabilities), degrees)
    ham = 1 - _chi2_survival(-2 * sum(math.log(p) for p in probabilities), degrees)
    return (1 + spam - ham) / 2


def _chi2_survival(chi2: float, degrees: int) -> float:
    """P(X ≥ chi2) for X chi-square distributed with even `degrees`: a finite series."""
    half = chi2 / 2
    term = total = math.exp(-half)
    for i in range(1, degrees // 2):
        term *= half / i
        total += term
    return min(total, 1.0)
