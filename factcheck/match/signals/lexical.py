"""Lexical signals: how much of the claim the best windows and the page back."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.config import Config
from factcheck.match.claim import ClaimText, ClaimWord
from factcheck.match.index import squash
from factcheck.match.retrieval import SourceView


def coverage(claim: ClaimText, backed: frozenset[str] | set[str]) -> float:
    total = sum(w.weight for w in claim.words)
    if total == 0:
        return 0.0  # nothing checkable: no word can count as backed
    return sum(w.weight for w in claim.words if word_backed(w, backed)) / total


def word_backed(word: ClaimWord, backed: frozenset[str] | set[str]) -> bool:
    """The word's stem is backed, or, for a hyphenated word, every part of it is."""
    whole, parts = word.stems[0], word.stems[1:]
    return whole in backed or (bool(parts) and all(p in backed for p in parts))


def quote_found(quote: str, views: Sequence[SourceView], config: Config) -> bool:
    from rapidfuzz import fuzz

    for v in views:
        if quote in v.index.lower_text:
            return True
        for w in v.windows:
            passage = squash(" ".join(v.index.sentences[w.start : w.end]))
            if fuzz.partial_ratio(quote, passage) >= config.quote_similarity:
                return True
    return False


def unbacked_run(claim: ClaimText, backed: frozenset[str]) -> int:
    """Longest run of claim content words (stopwords between them allowed) no window backs.

    A claim that adds a whole unbacked clause ("... and cheaper to run than any
    rival") has one long run; a paraphrase scatters single unbacked words.
    """
    best = run = 0
    for w in claim.words:
        run = 0 if word_backed(w, backed) else run + 1
        best = max(best, run)
    return best


def window_penalties(claim: ClaimText, views: Sequence[SourceView]) -> dict[str, float]:
    """Negation mismatch and heading share of the best window of the most favourable source.

    A source without any matching window counts as the worst case, so adding
    a source never adds a penalty. A source that states the claim word for word has no
    mismatch: a "not" in a sentence next to it is that sentence's.
    """
    best = [(v, v.windows[0]) for v in views if v.windows]
    return {
        "negation_mismatch": min(
            (0.0 if v.stated else float(claim.negated != any(v.index.negated[w.start : w.end]))
             for v, w in best),
            default=1.0,
        ),
        "heading_share": min(
            (sum(v.index.heading[w.start : w.end]) / (w.end - w.start) for v, w in best),
            default=1.0,
        ),
    }
