"""Labelled comments made up from word lists, reproducible from a seed.

Ham argues about politics and the economy, now and then citing a news site. Spam sells pills,
casinos and crypto with several links to throwaway hosts, under odd author names.
"""

import random

from samizdat.spamfilter.services import Message

HAM_SUBJECTS = [
    "the budget", "the central bank", "parliament", "the new tax", "inflation", "the election",
    "the minister", "housing policy", "the trade deal", "unemployment", "the pension reform",
    "the opposition", "interest rates", "the coalition", "public spending", "the referendum",
]  # fmt: skip
HAM_VERBS = [
    "will hurt", "might help", "has ignored", "should reconsider", "cannot explain",
    "underestimates", "depends on", "was debated alongside", "reshapes", "barely affects",
]  # fmt: skip
HAM_OBJECTS = [
    "small businesses", "young families", "rural voters", "the regional economy", "wages",
    "local councils", "the housing market", "exporters", "public services", "retirees",
]  # fmt: skip
HAM_OPENERS = [
    "I think", "Honestly,", "As the article says,", "In my view", "I disagree:", "Good point, but",
    "Interesting analysis.", "My neighbour argues that", "Historically,", "Frankly,",
]  # fmt: skip
HAM_REASONS = [
    "because the numbers do not add up", "since the last report was revised",
    "given how slowly reforms pass", "if the forecasts hold", "as the committee noted",
    "unless growth picks up", "when you look at the regional data",
]  # fmt: skip
NEWS_SITES = ["news.example", "www.dailyledger.example", "economy-review.example.org"]
FIRST_NAMES = ["Anna", "Ben", "Chidi", "Dana", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jon"]
LAST_NAMES = ["Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Kowalski", "Reyes"]
PERSONAL_MAIL = ["mail.example", "post.example", "inbox.example.net"]

SPAM_WORDS = [
    "cheap", "viagra", "cialis", "pharmacy", "pills", "discount", "casino", "jackpot", "bonus",
    "free", "spins", "bitcoin", "crypto", "profit", "guaranteed", "earn", "wallet", "invest",
    "prescription", "offer", "winner", "instant", "doubled", "limited",
]  # fmt: skip
SPAM_FILLER = ["now", "today", "best", "online", "click", "here", "buy", "your", "get", "the"]
SPAM_HOSTS = [
    "cheap-pills.example", "best-casino.example", "crypto-profit.example", "rx-discount.example",
    "jackpot-spins.example",
]  # fmt: skip
SPAM_NAMES = [
    "Buy Cheap Cialis", "casino bonus 2024", "CryptoKing88", "Best Pharmacy Online",
    "free spins winner", "Bitcoin Profit Guru",
]  # fmt: skip
SPAM_MAIL = ["mailinator.example", "spambox.example", "tempmail.example"]


def labelled_comments(*, seed: int, ham: int, spam: int) -> list[tuple[Message, bool]]:
    """`ham` + `spam` comments, shuffled, each with its label (True = spam)."""
    rng = random.Random(seed)
    comments = [(ham_comment(rng), False) for _ in range(ham)]
    comments += [(spam_comment(rng), True) for _ in range(spam)]
    rng.shuffle(comments)
    return comments


def ham_comment(rng: random.Random) -> Message:
    sentences = [_ham_sentence(rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        sentences.append(f"See https://{rng.choice(NEWS_SITES)}/{rng.randint(2019, 2026)}/story")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return Message(
        text=" ".join(sentences),
        author_name=f"{first} {last}",
        author_email=f"{first.lower()}@{rng.choice(PERSONAL_MAIL)}",
        author_url=rng.choice(["", "", f"https://{last.lower()}.blog.example/"]),
        ip=f"198.51.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
    )


def spam_comment(rng: random.Random) -> Message:
    words = rng.choices(SPAM_WORDS, k=rng.randint(8, 14)) + rng.choices(SPAM_FILLER, k=6)
    rng.shuffle(words)
    hosts = rng.sample(SPAM_HOSTS, k=rng.randint(2, 4))
    links = [
        f"http://{rng.choice(['', 'www.', 'go.'])}{h}/?ref={rng.randint(1, 999)}" for h in hosts
    ]
    return Message(
        text=" ".join(words).capitalize() + "!!! " + " ".join(links),
        author_name=rng.choice(SPAM_NAMES),
        author_email=f"deals{rng.randint(1, 99)}@{rng.choice(SPAM_MAIL)}",
        author_url=f"http://{rng.choice(SPAM_HOSTS)}/",
        ip=f"203.0.113.{rng.randint(1, 254)}",
    )


def _ham_sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(HAM_OPENERS)} {rng.choice(HAM_SUBJECTS)} {rng.choice(HAM_VERBS)} "
        f"{rng.choice(HAM_OBJECTS)} {rng.choice(HAM_REASONS)}."
    )
