"""Name signals: claim names no cited page mentions, or another name in their place."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.retrieval import SourceView
from factcheck.match.signals.lexical import word_backed
from factcheck.text import (
    Token,
    tokenize,
)


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


def contradicted_names(
    claim: ClaimText, views: Sequence[SourceView], page_stems: frozenset[str], config: Config
) -> int:
    """Missing claim names whose neighbouring claim name sits next to another name in a window."""
    prefixes = frozenset().union(*(v.index.prefixes for v in views))
    names = [w for w in claim.words if w.is_name]
    # A word the claim itself uses is not another name: "President" in "President
    # Brodsky" stands in for nobody when the claim says "President Anna Brodsky".
    claim_lower = {t.lower for t in claim.tokens}
    name_starts = {w.token.start for w in names}
    position = {t.start: i for i, t in enumerate(claim.tokens)}
    count = 0
    for w in names:
        if word_backed(w, page_stems) or w.stems[0][: config.name_prefix] in prefixes:
            continue
        # Name tokens right next to it in the claim ("Ilse" before "Kowalczyk"), with
        # the side on which the missing name stands relative to them.
        at = position[w.token.start]
        anchors = [
            (claim.tokens[at + side].lower, -side)
            for side in (-1, 1)
            if 0 <= at + side < len(claim.tokens) and claim.tokens[at + side].start in name_starts
        ]
        # Every source must put another name there: citing one more never adds a penalty.
        if anchors and all(_replaced(anchors, claim_lower, [v]) for v in views):
            count += 1
    return count


def _replaced(
    anchors: list[tuple[str, int]], claim_lower: set[str], views: Sequence[SourceView]
) -> bool:
    """Whether a window has a capitalised word foreign to the claim beside an anchor name."""
    for v in views:
        for win in v.windows:
            toks = tokenize(" ".join(v.index.sentences[win.start : win.end]))
            for i, t in enumerate(toks):
                for anchor, side in anchors:
                    j = i + side
                    if t.lower == anchor and 0 <= j < len(toks):
                        other = toks[j]
                        if other.text[0].isupper() and other.lower not in claim_lower:
                            return True
    return False
