"""Retrieval: the windows of adjacent sentences of a page that best match a claim.

Every claim stem votes for its sentences with its IDF; windows around the best
sentences are ranked by the distinct claim stems they hold.
"""

from __future__ import annotations

import heapq
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.index import DocIndex

if TYPE_CHECKING:
    from factcheck.match.signals.values import WindowValue


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    start: int
    end: int  # exclusive sentence index
    score: float
    stems: frozenset[str]


def idf(index: DocIndex, s: str) -> float:
    n = len(index.sentences) + 1
    df = len(index.postings.get(s, ()))
    return math.log(1.0 + n / (1.0 + df))


_SCORED: OrderedDict[tuple[int, str], tuple[DocIndex, tuple[dict[str, float], dict[int, float]]]]
_SCORED = OrderedDict()
"""The last few claims' sentence scores: windows and the frame stage's best sentences
ask for the same claim and page in turn, and on a big page scoring is the dear part."""


def sentence_scores(index: DocIndex, claim: ClaimText) -> tuple[dict[str, float], dict[int, float]]:
    """The claim stems' IDF weights on this page, and each sentence's summed weight."""
    key = (id(index), claim.text)
    found = _SCORED.get(key)
    if found is not None and found[0] is index:  # the same index, not one at a reused id
        return found[1]
    scored = _score(index, claim)
    _SCORED[key] = (index, scored)
    while len(_SCORED) > 16:
        _SCORED.popitem(last=False)
    return scored


def _top(per_sentence: dict[int, float], k: int) -> list[int]:
    """The ``k`` best-scoring sentences, best first, ties by position."""
    return heapq.nsmallest(k, per_sentence, key=lambda i: (-per_sentence[i], i))


def _score(index: DocIndex, claim: ClaimText) -> tuple[dict[str, float], dict[int, float]]:
    weights: dict[str, float] = {}
    for w in claim.words:
        for s in w.stems:
            if s in index.postings:
                weights[s] = max(weights.get(s, 0.0), w.weight * idf(index, s))
    for s in claim.value_terms:
        if s in index.postings:
            weights[s] = idf(index, s)
    per_sentence: dict[int, float] = {}
    for s, wt in weights.items():
        for i in index.postings[s]:
            per_sentence[i] = per_sentence.get(i, 0.0) + wt
    return weights, per_sentence


def best_sentences(index: DocIndex, claim: ClaimText, k: int) -> list[int]:
    """The ``k`` sentences sharing most claim weight, best first."""
    _, per_sentence = sentence_scores(index, claim)
    return _top(per_sentence, k)


def rank_windows(index: DocIndex, claim: ClaimText, config: Config) -> list[Window]:
    """Windows of up to ``window_sentences`` sentences, best IDF-weighted overlap first."""
    weights, per_sentence = sentence_scores(index, claim)
    top = _top(per_sentence, config.candidate_sentences)
    size = config.window_sentences
    seen: set[tuple[int, int]] = set()
    windows: list[Window] = []
    for i in top:
        for start in range(max(0, i - size + 1), i + 1):
            end = min(len(index.sentences), start + size)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            covered = frozenset().union(*index.stems[start:end]) & weights.keys()
            score = math.fsum(weights[s] for s in covered)  # exact: set order varies by run
            windows.append(Window(start=start, end=end, score=score, stems=covered))
    windows.sort(key=lambda w: (-w.score, w.start))
    return windows


def distinct(windows: list[Window], k: int) -> list[Window]:
    """The ``k`` best windows that do not overlap each other (different passages)."""
    chosen: list[Window] = []
    for w in windows:
        if len(chosen) == k:
            break
        if all(w.end <= c.start or c.end <= w.start for c in chosen):
            chosen.append(w)
    return chosen


def trim(index: DocIndex, window: Window) -> tuple[int, int]:
    """Drop edge sentences that share no claim stem, so the passage stays short."""
    start, end = window.start, window.end
    while end - start > 1 and not (index.stems[start] & window.stems):
        start += 1
    while end - start > 1 and not (index.stems[end - 1] & window.stems):
        end -= 1
    return start, end


@dataclass(slots=True)
class SourceView:
    """One source's contribution: its best windows and what they back."""

    ref: str
    index: DocIndex
    windows: list[Window]
    covered: frozenset[str]
    roles: list[WindowValue] | None = None
    """Values of the best window with their kinds and roles, computed when first needed."""
