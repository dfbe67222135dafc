"""Unsupported spans: the claim's words no best window backs, joined into phrases."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck import models
from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.retrieval import SourceView
from factcheck.match.signals.lexical import word_backed
from factcheck.match.signals.values import all_window_values, moved, value_backed
from factcheck.text import (
    is_content,
    stem,
)


def unsupported_spans(
    claim: ClaimText, views: Sequence[SourceView], config: Config,
    conflicting: frozenset[str] = frozenset(),
) -> tuple[models.Span, ...]:
    """Claim words no best window backs, and those a frame conflict is about (a name the
    page gives another role, a hedge dropped: words the page has, saying something
    else), joined into phrases across stopwords."""
    window_stems = frozenset().union(*(v.covered for v in views))
    bad: list[tuple[int, int]] = [
        (w.token.start, w.token.end) for w in claim.words if not word_backed(w, window_stems)
    ]
    q_ok, d_ok = value_backed(claim, *all_window_values(views))
    bad += [(q.start, q.end) for q, ok in zip(claim.quantities, q_ok, strict=True) if not ok]
    bad += [(d.start, d.end) for d, ok in zip(claim.dates, d_ok, strict=True) if not ok]
    for d in moved(claim, views, config):
        if (d.start, d.end) not in bad:
            bad.append((d.start, d.end))
    bad += [r for r in _words_about(claim, conflicting) if r not in bad]
    return tuple(
        models.Span(start=s, end=e, text=claim.text[s:e]) for s, e in _merge(claim, sorted(bad))
    )


def _words_about(claim: ClaimText, conflicting: frozenset[str]) -> list[tuple[int, int]]:
    """Where the claim says the words a frame conflict is about: lower case, a lemma
    matched by its stem ("approve" names "approved"), a number without its commas."""
    if not conflicting:
        return []
    parts = {p for w in conflicting for p in w.split()}
    stems = {stem(p) for p in parts}
    return [(t.start, t.end) for t in claim.tokens if t.is_word and (
        t.lower.replace(",", "") in parts or stem(t.lower) in stems)]


def _merge(claim: ClaimText, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join ranges separated by stopwords or one backed word; punctuation breaks a phrase."""
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and _only_filler(claim, merged[-1][1], s):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return [(_phrase_start(claim, s), e) for s, e in merged]


# Function words that are a clause's subject or verb, not the start of a phrase:
# "She died on 16 November 2012" flags "on 16 November 2012", not "She died on".
_NOT_PHRASE_START = frozenset(
    (
        "he", "she", "they", "it", "we", "i", "you", "there", "his", "her", "its", "their",
        "our", "my", "your", "them", "him", "us", "is", "was", "were", "are", "be", "been",
        "being", "has", "had", "have", "do", "did", "does", "will", "would", "can", "could",
        "may", "might", "should", "must", "shall",
    )
)  # fmt: skip


def _phrase_start(claim: ClaimText, start: int) -> int:
    """Include the function word that introduces a phrase: "in 2009", "the following month"."""
    before = [t for t in claim.tokens if t.end <= start]
    if (
        before
        and before[-1].is_word
        and not is_content(before[-1].lower)
        and before[-1].lower not in _NOT_PHRASE_START
    ):
        return before[-1].start
    return start


def _only_filler(claim: ClaimText, start: int, end: int) -> bool:
    """Whether two unbacked ranges belong to one phrase.

    Only stopwords, or one backed word, lie between them, and no punctuation:
    "by former Lumen engineers" is one unbacked phrase to an editor, even when
    the page happens to name Lumen.
    """
    if end <= start:
        return True
    between = [t for t in claim.tokens if t.start >= start and t.end <= end]
    n_content = sum(1 for t in between if t.is_word and is_content(t.lower))
    return n_content <= 1 and not any(t.text in ".,;:!?" for t in between)
