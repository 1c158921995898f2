"""What a reader types in the search box, parsed once and written out for each backend.

The syntax is the one people know from web search engines (and PostgreSQL's
`websearch_to_tsquery`): words are all required, `"a phrase"` keeps its words together,
`-word` excludes, `or` between words offers alternatives. Anything else is text: every term
is quoted when written out, so no input is ever read as the database's own query syntax.
"""

import re
from dataclasses import dataclass

from samizdat.search.text import clean_text

MAX_QUERY_CHARS = 300
MAX_TERMS = 24

_PIECE = re.compile(r'(?P<neg>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Term:
    text: str  # one word or a phrase of several, without double quotes
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (`or`), each a list of terms that must all match."""

    groups: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax; `a NOT b` binds tighter than AND, AND than OR."""
        return " OR ".join(f"({_fts5_group(group)})" for group in self.groups)

    def websearch(self) -> str:
        """PostgreSQL `websearch_to_tsquery` syntax, every term quoted."""
        return " or ".join(
            " ".join(("-" if t.negated else "") + f'"{t.text}"' for t in group)
            for group in self.groups
        )


def _fts5_group(group: tuple[Term, ...]) -> str:
    required = " ".join(f'"{t.text}"' for t in group if not t.negated)
    excluded = "".join(f' NOT "{t.text}"' for t in group if t.negated)
    return required + excluded


def normalise_query(raw: str) -> str:
    """The query as the page shows it back: no control characters, bounded length."""
    return " ".join(clean_text(raw or "").split())[:MAX_QUERY_CHARS]


def parse_query(raw: str) -> ParsedQuery:
    """Parse what a reader typed; an empty ParsedQuery when nothing searchable is left."""
    groups: list[list[Term]] = [[]]
    count = 0
    for piece in _PIECE.finditer(normalise_query(raw)):
        if piece["word"] is not None and piece["word"].lower() == "or" and not piece["neg"]:
            groups.append([])
            continue
        text = " ".join((piece["phrase"] or piece["word"] or "").split())
        if not any(ch.isalnum() for ch in text) or count >= MAX_TERMS:
            continue  # punctuation alone ("*", "&&") matches nothing in either index
        groups[-1].append(Term(text=text, negated=bool(piece["neg"])))
        count += 1
    kept = tuple(tuple(g) for g in groups if any(not t.negated for t in g))
    return ParsedQuery(groups=kept)
