"""Retrieval: the windows of adjacent sentences of a page that best match a claim.

Every claim stem votes for its sentences with its IDF; windows around the best
sentences are ranked by the distinct claim stems they hold.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.index import DocIndex, squash

if TYPE_CHECKING:
    import numpy

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


_Scores = tuple[dict[str, float], "numpy.ndarray", "numpy.ndarray"]

_SCORED: OrderedDict[tuple[int, str], tuple[DocIndex, _Scores]] = OrderedDict()
"""The last few claims' sentence scores: windows and the frame stage's best sentences
ask for the same claim and page in turn, and on a big page scoring is the dear part."""


def sentence_scores(index: DocIndex, claim: ClaimText) -> _Scores:
    """The claim stems' IDF weights on this page, the sentences holding any of them
    (ascending), and each such sentence's summed weight."""
    key = (id(index), claim.text)
    found = _SCORED.get(key)
    if found is not None and found[0] is index:  # the same index, not one at a reused id
        return found[1]
    scored = _score(index, claim)
    _SCORED[key] = (index, scored)
    while len(_SCORED) > 16:
        _SCORED.popitem(last=False)
    return scored


def _top(scores: _Scores, k: int) -> list[int]:
    """The ``k`` best-scoring sentences, best first, ties by position."""
    import numpy

    _, hits, values = scores
    if len(values) > k:
        # Only sentences scoring at least the k-th best can be among the k best.
        keep = values >= numpy.partition(values, len(values) - k)[len(values) - k]
        hits, values = hits[keep], values[keep]
    order = numpy.lexsort((hits, -values))[:k]
    return [int(i) for i in hits[order]]


def _score(index: DocIndex, claim: ClaimText) -> _Scores:
    """Each claim stem's weight added to every sentence that holds it, in one array
    pass: a 5 MB page has tens of thousands of sentences that share a common stem.
    Each sentence's weights are added in the order of ``weights``, as a loop would."""
    import numpy

    weights: dict[str, float] = {}
    for w in claim.words:
        for s in w.stems:
            if s in index.postings:
                weights[s] = max(weights.get(s, 0.0), w.weight * idf(index, s))
    for s in claim.value_terms:
        if s in index.postings:
            weights[s] = idf(index, s)
    lists = [numpy.frombuffer(index.postings[s], dtype=numpy.uint32) for s in weights]
    sizes = [len(x) for x in lists]
    where = (numpy.concatenate(lists) if lists else numpy.empty(0, numpy.uint32)).astype(
        numpy.intp)
    added = numpy.repeat(numpy.fromiter(weights.values(), dtype=float, count=len(weights)),
                         sizes)
    n = len(index.sentences)
    summed = numpy.bincount(where, weights=added, minlength=n)
    hits = numpy.flatnonzero(numpy.bincount(where, minlength=n))
    return weights, hits, summed[hits]


def best_sentences(index: DocIndex, claim: ClaimText, k: int) -> list[int]:
    """The ``k`` sentences sharing most claim weight, best first."""
    return _top(sentence_scores(index, claim), k)


def rank_windows(index: DocIndex, claim: ClaimText, config: Config) -> list[Window]:
    """Windows of up to ``window_sentences`` sentences, best IDF-weighted overlap first."""
    scores = sentence_scores(index, claim)
    weights = scores[0]
    top = _top(scores, config.candidate_sentences)
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


def states(index: DocIndex, window: Window, claim: ClaimText) -> bool:
    """A sentence of ``window`` is the claim word for word (case, quote marks, spacing
    and end punctuation aside)."""
    key = squash(claim.text).rstrip(" .!?")
    return any(squash(s).rstrip(" .!?") == key for s in index.sentences[window.start : window.end])


@dataclass(slots=True)
class SourceView:
    """One source's contribution: its best windows and what they back."""

    ref: str
    index: DocIndex
    windows: list[Window]
    covered: frozenset[str]
    stated: bool = False
    """A sentence of the best window is the claim word for word: the source says it."""
    roles: list[WindowValue] | None = None
    """Values of the best window with their kinds and roles, computed when first needed."""
