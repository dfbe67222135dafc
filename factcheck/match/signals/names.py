"""Name signals: claim names no cited page mentions (another name in their place is a
frame conflict, signals/frames.py)."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.retrieval import SourceView
from factcheck.match.signals.lexical import word_backed
from factcheck.text import Token


def absent_names(
    claim: ClaimText, views: Sequence[SourceView], page_stems: frozenset[str], config: Config
) -> int:
    """Name words ("Singapore", "Kowalczyk") absent from every page, even by prefix.

    Capitalised, not sentence-initial, not a month; "Libyan" counts as on a
    page saying "Libya". Names inside quotation marks (titles of works) do not
    count. Restricting this to names of two or more words fired on 3 instead
    of 7 of WiCE's 115 supported claims but caught fewer errors (see
    docs/accuracy.md).
    """
    prefixes = frozenset().union(*(v.index.prefixes for v in views))
    names = [w for w in claim.words if w.is_name]
    position = {t.start: i for i, t in enumerate(claim.tokens)}
    quoted = quoted_positions(claim.tokens)
    count = 0
    for w in names:
        at = position[w.token.start]
        if at in quoted:
            continue
        if word_backed(w, page_stems) or w.stems[0][: config.name_prefix] in prefixes:
            continue
        count += 1
    return count


def quoted_positions(tokens: list[Token]) -> set[int]:
    """Indexes of the tokens inside quotation marks."""
    out: set[int] = set()
    inside = False
    for i, t in enumerate(tokens):
        if t.text in '"\u201c\u201d':
            inside = t.text == "\u201c" or (t.text == '"' and not inside)
        elif inside:
            out.add(i)
    return out


def missing_names(
    claim: ClaimText, views: Sequence[SourceView], page_stems: frozenset[str], config: Config
) -> int:
    prefixes = frozenset().union(*(v.index.prefixes for v in views))
    return sum(
        1
        for w in claim.words
        if w.is_name
        and not word_backed(w, page_stems)
        and w.stems[0][: config.name_prefix] not in prefixes
    )
