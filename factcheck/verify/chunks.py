"""Passages for a model to judge, grown around the matcher's retrieved windows.

MiniCheck's recipe: a model judges a claim against chunks of about 400 tokens
and the best chunk decides. Judging every chunk of a long page costs a call
each, so only the chunks around the windows the lexical matcher retrieved are
judged: each of the ``per_source`` best distinct windows of a source is grown
sentence by sentence, alternately after and before, until the next sentence
would pass the token budget. A page that fits the budget is one passage. The
page title leads each passage, as it does for a reader.

The matcher is reached through one narrow interface, ``Retriever``; its
windows are whole sentences of ``split_sentences(doc.text)``, which is how
they are found again here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from factcheck.models import Document
from factcheck.text import split_sentences

CANDIDATES_PER_PASSAGE = 3
"""Windows asked for per passage wanted: nearby windows fall inside one grown passage."""


class Retriever(Protocol):
    """The matcher's retrieval: the ``k`` best passages of a document for a claim."""

    def passages(self, claim: str, doc: Document, k: int) -> list[str]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """One chunk of one cited source, as the model will read it."""

    source: str
    """Reference id of the source."""
    text: str


def passages_for(
    claim: str,
    sources: Sequence[tuple[str, Document]],
    retriever: Retriever,
    *,
    per_source: int,
    max_tokens: int,
    count: Callable[[str], int],
) -> list[Passage]:
    """The passages of every cited source worth judging for ``claim``, best first per source."""
    out: list[Passage] = []
    for ref, doc in sources:
        out.extend(_source_passages(claim, ref, doc, retriever, per_source, max_tokens, count))
    return out


def _source_passages(
    claim: str,
    ref: str,
    doc: Document,
    retriever: Retriever,
    per_source: int,
    max_tokens: int,
    count: Callable[[str], int],
) -> list[Passage]:
    text = doc.text
    spans = list(split_sentences(text))
    if not spans:
        return []
    title = (doc.title or "").strip()
    budget = max(1, max_tokens - (count(title) if title else 0))
    if count(text) <= budget:
        return [Passage(source=ref, text=_titled(title, text.strip()))]
    sentences = [text[a:b] for a, b in spans]
    costs: dict[int, int] = {}

    def cost(i: int) -> int:
        if i not in costs:
            costs[i] = count(sentences[i])
        return costs[i]

    found = (_locate(p, sentences) for p in
             retriever.passages(claim, doc, per_source * CANDIDATES_PER_PASSAGE))
    windows = [w for w in found if w is not None] or [(0, 1)]
    chosen: list[tuple[int, int]] = []
    for lo, hi in windows:
        if any(c_lo <= lo and hi <= c_hi for c_lo, c_hi in chosen):
            continue  # already inside a passage chosen for a better window
        chosen.append(_grow(lo, hi, len(sentences), cost, budget))
        if len(chosen) == per_source:
            break
    return [Passage(source=ref, text=_titled(title, text[spans[lo][0]:spans[hi - 1][1]]))
            for lo, hi in chosen]


def _titled(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title and not body.startswith(title) else body


def _locate(passage: str, sentences: list[str]) -> tuple[int, int] | None:
    """The sentence range ``[lo, hi)`` whose texts, joined by spaces, are ``passage``."""
    for i, sentence in enumerate(sentences):
        if not passage.startswith(sentence):
            continue
        joined, j = sentence, i + 1
        while len(joined) < len(passage) and j < len(sentences):
            joined += " " + sentences[j]
            j += 1
        if joined == passage:
            return i, j
    return None


def _grow(
    lo: int, hi: int, n: int, cost: Callable[[int], int], budget: int
) -> tuple[int, int]:
    """Widen ``[lo, hi)`` a sentence at a time, after then before, within ``budget``."""
    used = sum(cost(i) for i in range(lo, hi))
    after = True
    while lo > 0 or hi < n:
        if after and hi < n and used + cost(hi) <= budget:
            used += cost(hi)
            hi += 1
        elif lo > 0 and used + cost(lo - 1) <= budget:
            used += cost(lo - 1)
            lo -= 1
        elif hi < n and used + cost(hi) <= budget:
            used += cost(hi)
            hi += 1
        else:
            break
        after = not after
    return lo, hi
