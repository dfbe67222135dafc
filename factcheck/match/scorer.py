"""The scorer: retrieval, signals and the fitted model put together for one claim.

Any object with an ``assess`` method is a :class:`Scorer`; :class:`Blend` combines
the built-in scorer with another one (an entailment model, say) without touching the
pipeline.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from factcheck import models
from factcheck.cache import Cache
from factcheck.config import Config
from factcheck.match.claim import ClaimText, analyse
from factcheck.match.index import (
    DocIndex,
    build_index,
    collector_paused,
    dump_index,
    index_key,
    load_index,
)
from factcheck.match.model import DEFAULT_WEIGHTS, Weights, capped, logistic
from factcheck.match.parser import Parser
from factcheck.match.retrieval import (
    SourceView,
    best_sentences,
    distinct,
    rank_windows,
    states,
    trim,
)
from factcheck.match.signals.frames import NAMES as FRAME_SIGNALS
from factcheck.match.signals.frames import UNADDRESSED
from factcheck.match.signals.lexical import (
    coverage,
    quote_found,
    unbacked_clauses,
    unbacked_run,
    window_penalties,
    word_backed,
)
from factcheck.match.signals.names import absent_names, missing_names, replaced_names
from factcheck.match.signals.values import comparison_against_its_figures, value_features
from factcheck.match.spans import unsupported_spans


class Scorer(Protocol):
    """Anything that can judge a claim against its available cited sources."""

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment: ...


BATCH = 64
"""Claims whose evidence sentences are parsed together (see ``assess_many``)."""

STORE_MIN_CHARS = 1000
"""Shorter documents are indexed in memory only: building their index costs less than
a file in the cache."""


class LexicalScorer:
    """The built-in scorer, in two stages: retrieval by stem overlap and a logistic model
    over word and value coverage; then, for claims that stage does not already call
    not supported, frames of the claim and its best evidence sentences compared."""

    def __init__(self, config: Config, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.config = config
        self.weights = weights
        self._parser: Parser | None = None
        self._cache: OrderedDict[models.Document, DocIndex] = OrderedDict()
        self._stored: Cache | bool | None = False
        """The on-disk cache of indexes, opened on first use (None: this run has none)."""

    def index(self, doc: models.Document) -> DocIndex:
        """The document's index: from a bounded LRU cache in memory, else from the disk
        cache (next to the extracted text), else built and stored there."""
        cached = self._cache.get(doc)
        if cached is not None:
            self._cache.move_to_end(doc)
            return cached
        built = self._stored_or_built(doc)
        self._cache[doc] = built
        if len(self._cache) > self.config.match_cache_documents:
            self._cache.popitem(last=False)
        return built

    def _stored_or_built(self, doc: models.Document) -> DocIndex:
        if self._stored is False:
            from factcheck.cache import derived_cache

            self._stored = derived_cache(self.config)
        store = self._stored
        if not isinstance(store, Cache) or sum(map(len, doc.paragraphs)) < STORE_MIN_CHARS:
            return build_index(doc, self.config)
        key = index_key(doc, self.config)
        with collector_paused():
            found = load_index(store.get_index(key), key, doc, self.config)
        if found is not None:
            return found
        built = build_index(doc, self.config)
        # An unwritable cache costs an indexing next time, nothing more.
        with contextlib.suppress(OSError):
            store.put_index(key, dump_index(built, key))
        return built

    def passages(self, claim: str, doc: models.Document, k: int) -> list[str]:
        """The ``k`` best passages of one document for a claim, best first."""
        index = self.index(doc)
        windows = rank_windows(index, analyse(claim, self.config), self.config)
        out: list[str] = []
        for w in windows:
            if len(out) == k:
                break
            start, end = trim(index, w)
            text = passage(index, start, end)
            if text not in out:
                out.append(text)
        return out

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment:
        return self.assess_many([(claim, sources)])[0]

    def assess_many(
        self, items: Sequence[tuple[str, Sequence[tuple[str, models.Document]]]]
    ) -> list[models.Assessment]:
        """Assess claims in order, ``BATCH`` at a time: the lexical stage for each, then
        one parse of every evidence sentence the batch's frame stage needs. The trained
        pipeline is about 1.5 times faster on hundreds of sentences at once than on a
        claim's dozen; larger batches than 64 claims only cost memory."""
        out: list[models.Assessment] = []
        for start in range(0, len(items), BATCH):
            batch = items[start:start + BATCH]
            staged = [self._lexical(c, s) for c, s in batch]
            wanted = [(st[0].text, st[3]) for st in staged if st is not None and st[3]]
            if wanted:
                self._parser_for().prefetch(wanted)
            out += [self._finish(*st) if st is not None else _unsourced(c)
                    for (c, _), st in zip(batch, staged, strict=True)]
        return out

    def _lexical(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> tuple[ClaimText, list[SourceView], dict[str, float], list[list[str]]] | None:
        """The claim read, its views, the word stage's features and each view's evidence
        sentences for the frame stage (none when it does not run); None for a claim
        without sources."""
        if not sources:
            return None
        parsed = analyse(claim, self.config)
        views = [self._view(ref, doc, parsed) for ref, doc in sources]
        features = claim_features(parsed, views, self.config)
        lexical = capped(logistic(features, self.weights), features, self.config)
        # Below the partial threshold the frame stage could only lower the verdict.
        # A claim a source states word for word has that sentence's frames: no conflict.
        framed = (bool(self.config.spacy_model) and lexical >= self.config.partial_threshold
                  and not any(v.stated for v in views))
        rows = [[v.index.sentences[i] for i in evidence_rows(v, parsed, self.config)]
                for v in views] if framed else []  # fmt: skip
        return parsed, views, features, rows

    def _finish(self, parsed: ClaimText, views: list[SourceView], features: dict[str, float],
                rows: list[list[str]]) -> models.Assessment:
        framed, conflicting = self.frame_features(parsed.text, rows)
        unaddressed = framed.pop(UNADDRESSED, 0.0)
        features = features | framed
        features["unbacked_clauses"] = min(2.0, max(features["unbacked_clauses"], unaddressed))
        score = capped(logistic(features, self.weights), features, self.config)
        evidence = [
            self._evidence(parsed, v, score if len(views) == 1 else None)
            for v in views
            if v.windows
        ]
        evidence.sort(key=lambda e: -e.score)
        return models.Assessment(
            score=score,
            evidence=tuple(evidence),
            unsupported_spans=unsupported_spans(parsed, views, self.config, conflicting),
            parts=(*features.items(), ("score", score)),
        )

    def frame_features(self, claim: str, rows: Sequence[Sequence[str]]
                       ) -> tuple[dict[str, float], frozenset[str]]:  # fmt: skip
        """Frame conflicts with each source's evidence sentences, and the claim words they
        are about; a conflict counts when every source shows it. Zero without sentences
        (the stage did not run)."""
        if not rows:
            return dict.fromkeys(FRAME_SIGNALS, 0.0), frozenset()
        parser = self._parser_for()
        per_view = [parser.conflicts(claim, r) for r in rows]
        words = frozenset(per_view[0][1]).intersection(*(w for _, w in per_view[1:]))
        counts = {n: min(c[n] for c, _ in per_view) for n in FRAME_SIGNALS}
        # A clause is unaddressed when no source addresses it, each source another clause
        # or not: read against all the sources' sentences at once.
        union = per_view[0] if len(rows) == 1 else parser.conflicts(
            claim, [s for r in rows for s in r])
        return counts | {UNADDRESSED: union[0][UNADDRESSED]}, words

    def _parser_for(self) -> Parser:
        if self._parser is None:
            self._parser = Parser(self.config)
        return self._parser

    def _view(self, ref: str, doc: models.Document, claim: ClaimText) -> SourceView:
        index = self.index(doc)
        ranked = rank_windows(index, claim, self.config)
        windows = distinct(ranked, self.config.coverage_windows)
        covered = index.title_stems.union(*(w.stems for w in windows))
        stated = bool(windows) and states(index, windows[0], claim)
        return SourceView(ref=ref, index=index, windows=windows, covered=covered, stated=stated)

    def _evidence(self, claim: ClaimText, view: SourceView, score: float | None) -> models.Evidence:
        """The source's best passage, scored as if it were the only source."""
        start, end = trim(view.index, view.windows[0])
        text = passage(view.index, start, end)
        if score is None:
            features = claim_features(claim, [view], self.config)
            score = capped(logistic(features, self.weights), features, self.config)
        return models.Evidence(source=view.ref, text=text, score=score)


def _unsourced(claim: str) -> models.Assessment:
    """A claim with no readable source: no evidence, every word unbacked."""
    spans = (models.Span(start=0, end=len(claim), text=claim),) if claim else ()
    return models.Assessment(score=0.0, evidence=(), unsupported_spans=spans)


def evidence_rows(view: SourceView, claim: ClaimText, config: Config) -> list[int]:
    """Sentences whose frames are compared with the claim's, in page order: the best
    window, the ``frame_sentences`` best single sentences and their neighbours (a
    quote's speaker is often named in the next sentence)."""
    rows: set[int] = set()
    if view.windows:
        rows.update(range(view.windows[0].start, view.windows[0].end))
    for i in best_sentences(view.index, claim, config.frame_sentences):
        rows.update(range(i - config.frame_neighbours, i + config.frame_neighbours + 1))
    return sorted(i for i in rows if 0 <= i < len(view.index.sentences))


def passage(index: DocIndex, start: int, end: int) -> str:
    """Sentences ``start:end`` as the evidence an editor reads: a heading or dateline line
    is followed by " — ", so it never reads as the first words of the next sentence."""
    return " ".join(
        sentence + (" —" if index.heading[i] and i < end - 1 else "")
        for i, sentence in enumerate(index.sentences[start:end], start=start)
    )


def claim_features(
    claim: ClaimText, views: Sequence[SourceView], config: Config
) -> dict[str, float]:
    """The named signals of the logistic model (``Weights`` has one weight per name)."""
    window_stems = frozenset().union(*(v.covered for v in views))
    page_stems = frozenset().union(*(v.index.all_stems for v in views))
    values = value_features(claim, views, config)
    if comparison_against_its_figures(claim):  # "66 dB, quieter than 64 dB"
        values["contradicted_values"] = max(1.0, values.get("contradicted_values", 0.0))
    return {
        "coverage": coverage(claim, window_stems),
        "page_coverage": coverage(claim, page_stems),
        **values,
        "missing_names": float(min(3, missing_names(claim, views, page_stems, config))),
        "window_missing_names": float(
            min(3, sum(1 for w in claim.words if w.is_name and not word_backed(w, window_stems)))
        ),
        "missing_quotes": float(sum(1 for q in claim.quotes if not quote_found(q, views, config))),
        **window_penalties(claim, views),
        "unbacked_run": float(min(4, unbacked_run(claim, window_stems))),
        "absent_names": float(min(3, absent_names(claim, views, page_stems, config))),
        "replaced_names": float(min(3, replaced_names(claim, views))),
        "unbacked_clauses": float(min(2, unbacked_clauses(claim, views, window_stems))),
    }


class Blend:
    """Combine scorers: the score is a weighted mean; evidence and spans come from the first.

    ``Blend([(default_scorer(cfg), 0.5), (my_nli, 0.5)])`` lets a user's
    entailment model vote without changing the pipeline.
    """

    def __init__(self, scorers: Sequence[tuple[Scorer, float]]) -> None:
        if not scorers or any(w < 0 for _, w in scorers) or sum(w for _, w in scorers) <= 0:
            raise ValueError("Blend needs at least one scorer and non-negative weights")
        self.scorers = tuple(scorers)

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment:
        results = [(s.assess(claim, sources), w) for s, w in self.scorers]
        total = sum(w for _, w in results)
        score = sum(a.score * w for a, w in results) / total
        first = results[0][0]
        parts = tuple((f"scorer{i}", a.score) for i, (a, _) in enumerate(results))
        return models.Assessment(
            score=score,
            evidence=first.evidence,
            unsupported_spans=first.unsupported_spans,
            parts=(*first.parts, *parts),
        )


def default_scorer(config: Config) -> Scorer:
    """The built-in lexical scorer with the fitted default weights."""
    return LexicalScorer(config)
