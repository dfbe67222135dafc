"""Claim + cited documents -> Assessment: evidence, support score, unsupported words.

The built-in scorer is lexical and needs no model download. Each document is
indexed once (sentences, stems, postings, numbers, dates) and cached. For a
claim it finds, in each source, the windows of adjacent sentences that share
the most IDF-weighted claim stems, then measures what the sources back:
content words in those windows (plus the page title), numbers and dates
anywhere on the page (normalised, see ``normalize``), names, quoted words and
negation; and what the sources state otherwise or never say: a number, date
or name the best window gives differently, a byline date taken for the
event's, a long run of unbacked words, an unbacked comparison. A small
logistic model, fitted on the WiCE dev split by ``benchmarks/wice.py``, turns
these signals into a score. Its coefficients carry fixed signs, so the score
never falls when a signal moves towards "more backed", and penalties come from
the most favourable source, so citing one more source never lowers it.

Any object with an ``assess`` method is a :class:`Scorer`; :class:`Blend`
combines the built-in scorer with another one (for example an entailment
model) without touching the pipeline.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Protocol

from factcheck import models
from factcheck.config import Config
from factcheck.normalize import (
    DateMention,
    Quantity,
    QuantitySet,
    date_backed,
    date_keys,
    find_dates,
    find_quantities,
    hedge,
)
from factcheck.text import (
    NEGATIONS,
    Token,
    acronyms,
    content_stems,
    fold,
    is_content,
    split_sentences,
    stem,
    tokenize,
    words,
)


class Scorer(Protocol):
    """Anything that can judge a claim against its available cited sources."""

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment: ...


def capped(score: float, parts: dict[str, float], config: Config) -> float:
    """The score after the verdict caps set by policy.

    A claim naming someone no cited page mentions (``absent_names``), or
    ranking something first where no best window does (``unbacked_superlatives``:
    "the largest", "its first"), is at most partially
    supported: its score is held to the middle of the partial band, below
    ``supported_threshold``.
    """
    if parts.get("absent_names", 0.0) > 0 or parts.get("unbacked_superlatives", 0.0) > 0:
        return min(score, (config.supported_threshold + config.partial_threshold) / 2)
    return score


def verdict_for(score: float, config: Config) -> models.Verdict:
    """Map a support score to a verdict with the configured thresholds."""
    if score >= config.supported_threshold:
        return models.Verdict.SUPPORTED
    if score >= config.partial_threshold:
        return models.Verdict.PARTIALLY_SUPPORTED
    return models.Verdict.NOT_SUPPORTED


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """Coefficients of the logistic model over the matcher's signals.

    Fitted by ``benchmarks/wice.py --fit`` on the WiCE dev split (see
    docs/accuracy.md). Signs are fixed: coverage terms are >= 0 and
    "missing" terms <= 0, which is what keeps the score monotonic.
    """

    intercept: float = -0.25
    coverage: float = 0.551
    """Share of the claim's weighted content stems found in the best windows and title."""
    page_coverage: float = 0.992
    """Same share over the whole page(s)."""
    missing_values: float = -1.497
    """Claim numbers/dates found nowhere on the cited page(s), capped at 3."""
    window_missing_values: float = -0.498
    """Claim numbers/dates absent from the best windows, title and dateline, capped at 3."""
    contradicted_values: float = -4.0
    """Missing claim numbers/dates whose best window has another one next to the same word.

    Set by policy, not fitted (see ``POLICY_FEATURES``): WiCE labels such claims
    partially supported, but a number the source states differently must read
    as not supported to an editor.
    """
    missing_names: float = -0.542
    """Claim name tokens found nowhere on the cited page(s), capped at 3."""
    window_missing_names: float = -0.279
    """Claim name tokens absent from the best windows and title, capped at 3."""
    missing_quotes: float = -0.072
    """Quoted phrases of the claim not found nearly verbatim."""
    negation_mismatch: float = -0.345
    """1 when exactly one of claim and best window is negated."""
    heading_share: float = -1.063
    """Share of the best window's sentences that are headings or menu lines."""
    contradicted_names: float = -0.401
    """Claim names absent from the page where the best window has another name in their place.

    "director Ilse Kowalczyk" against "director Ilse Varga": the name next to
    it matches and a different one stands where the claim's name should be.
    """
    unbacked_run: float = -0.261
    """Longest run of adjacent unbacked content words, capped at 4."""
    unbacked_comparisons: float = -0.534
    """Comparative or superlative words of the claim ("ahead of", "cheaper than",
    "the largest", "first") absent from the best windows and title, capped at 2."""
    polarity_conflict: float = -5.0
    """1 when every source's best evidence sentence says the opposite of the claim.

    The claim negates a word the sentence affirms ("did not approve" against
    "voted to approve"), affirms one the sentence negates ("will be released"
    against "will not release"), or uses the antonym of the sentence's
    reporting verb ("rejected" against "approved", "in favour" against
    "against"). Set by policy, not fitted (see ``POLICY_FEATURES``): an
    editor must see the opposite statement as not supported.
    """

    role_reversal: float = -5.0
    """1 when every source's best windows state the claim's takeover the other way round.

    "Northwind's division will be absorbed into Solbright" against "Northwind
    agreed to acquire Solbright" and "Solbright's employees will join
    Northwind". Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    role_mismatch: float = -5.0
    """1 when every cited page binds the claim's person to another role, and the claimed
    role to someone else or the same office with other words.

    "led by epidemiologist Dr Amara Osei" against "Dr Amara Osei, consultant
    paediatrician" and "Dr Tomas Lindqvist, an epidemiologist"; "Okafor chairs
    the planning committee" against "Okafor, who chairs the environment
    committee". Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    scope_mismatch: float = -5.0
    """1 when every source's best windows put another level of government, or the other of
    public and private, on the claim's noun.

    "funded by a federal grant" against "a state literacy grant", "paid for by
    the national government" against "the Harwick and Dale county councils"
    (government, council, authority and administration count as one noun).
    Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    swapped_names: float = -5.0
    """1 when every source's best evidence sentence has another name, or another role
    noun beside a name, in the claim's place between the same two words.

    "signed midfielder Lukas Brandt from" against "signed midfielder Tiago
    Duarte from" (even when Lukas Brandt is elsewhere on the page), "the
    physicist Peter Voss" against "the geologist Peter Voss". Set by policy,
    not fitted (see ``POLICY_FEATURES``).
    """
    contradicted_superlatives: float = -5.0
    """1 when every source's best windows rank the claim's superlative with an ordinal.

    "the most expensive signing" against "the club's second-most expensive
    signing", "the first archaeal species" against "the second archaeal
    species", unless a body sentence of those windows states the claim's
    ranking as it is. Set by policy, not fitted (see ``POLICY_FEATURES``).
    """
    absent_names: float = 0.0
    """Claim name words found nowhere on any cited page, even by prefix, capped at 3.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the
    verdict at partially supported (see :func:`capped`). A person or
    organisation the sources never mention is not backed by them, however
    well the rest of the claim matches.
    """
    unbacked_superlatives: float = 0.0
    """Superlatives after "the" or a possessive ("the largest", "its first", any
    "the <adj>-est") absent from the best windows and title, and "ever", "on record",
    "in history", "of all time" after one where no best window ranks over all time,
    capped at 2.

    Not a term of the logistic (weight 0, not fitted): by policy it caps the
    verdict at partially supported (see :func:`capped`). A ranking needs a
    source that ranks.
    """


DEFAULT_WEIGHTS = Weights()
POLICY_FEATURES = frozenset(
    {
        "contradicted_values",
        "polarity_conflict",
        "role_reversal",
        "swapped_names",
        "role_mismatch",
        "scope_mismatch",
        "contradicted_superlatives",
        "absent_names",
        "unbacked_superlatives",
    }
)
"""Weights kept at their default when the benchmark refits the others."""
FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Weights) if f.name != "intercept")


# ---------------------------------------------------------------- document index


@dataclass(slots=True)
class _DocIndex:
    """Everything the scorer needs from one document, computed once."""

    sentences: list[str]
    stems: list[frozenset[str]]
    postings: dict[str, list[int]]
    heading: list[bool]
    negated: list[bool]
    title: str
    title_stems: frozenset[str]
    all_stems: frozenset[str]
    prefixes: frozenset[str]
    """First letters of long stems, so "Libyan" is backed by "Libya"."""
    sentence_values: dict[int, tuple[QuantitySet, frozenset[str]]]
    """Numbers and date keys of each sentence that has any."""
    quantities: QuantitySet
    dates: frozenset[str]
    head_quantities: QuantitySet
    head_dates: frozenset[str]
    lower_text: str


_NEG_RE = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n't")


def _is_heading(sentence: str, whole_line: bool, max_words: int) -> bool:
    """Headings, menus and captions: short lines without final punctuation."""
    if sentence.startswith(("#", "|", "*", "-", "•")) and whole_line:
        return True
    n_words = sum(1 for w in sentence.split() if w[:1].isalnum())
    return whole_line and n_words <= max_words and not sentence.rstrip().endswith((".", "!", "?"))


def _values(text: str) -> tuple[list[Quantity], set[str], list[float]]:
    return _summarise(*_mentions(text))


def _mentions(text: str) -> tuple[list[Quantity], list[DateMention]]:
    dates = find_dates(text)
    # Every number word of a page may back a claim's; only counted ones contradict.
    return find_quantities(text, [(d.start, d.end) for d in dates], every_word=True), dates


def _summarise(
    quantities: list[Quantity], dates: list[DateMention]
) -> tuple[list[Quantity], set[str], list[float]]:
    """Quantities, date keys and years (a year in a date also backs the bare number)."""
    keys: set[str] = set()
    for d in dates:
        keys |= date_keys(d)
    years = [float(d.year) for d in dates if d.year is not None]
    return quantities, keys, years


_SentenceValues = tuple[QuantitySet, frozenset[str]]


def _per_sentence(
    text: str, spans: list[tuple[int, int]]
) -> tuple[dict[int, _SentenceValues], QuantitySet, frozenset[str]]:
    """Values of the whole text and of each sentence, from one pass over the text."""
    quantities, dates = _mentions(text)
    starts = [s for s, _ in spans]
    by_sentence: dict[int, tuple[list[Quantity], list[DateMention]]] = {}
    for quantity in quantities:
        i = bisect.bisect_right(starts, quantity.start) - 1
        by_sentence.setdefault(i, ([], []))[0].append(quantity)
    for date in dates:
        by_sentence.setdefault(bisect.bisect_right(starts, date.start) - 1, ([], []))[1].append(
            date
        )
    per: dict[int, _SentenceValues] = {}
    for i, (qs, ds) in by_sentence.items():
        found, keys, years = _summarise(qs, ds)
        per[i] = (QuantitySet.build(found, years), frozenset(keys))
    found, keys, years = _summarise(quantities, dates)
    return per, QuantitySet.build(found, years), frozenset(keys)


def _build_index(doc: models.Document, config: Config) -> _DocIndex:
    text = doc.text
    sentences: list[str] = []
    heading: list[bool] = []
    spans = list(split_sentences(text))
    for start, end in spans:
        sentence = text[start:end]
        whole_line = (start == 0 or text[start - 1] == "\n") and (
            end == len(text) or text[end] == "\n"
        )
        sentences.append(sentence)
        heading.append(_is_heading(sentence, whole_line, config.heading_max_words))
    # A name's initials count as its words: "FTA" on a page naming the
    # "Federal Transit Administration".
    stems = [frozenset(content_stems(s) | acronyms(s)) for s in sentences]
    postings: dict[str, list[int]] = {}
    for i, sset in enumerate(stems):
        for s in sset:
            postings.setdefault(s, []).append(i)
    title = doc.title or ""
    title_stems = frozenset(content_stems(title) | acronyms(title))
    sentence_values, quantities, keys = _per_sentence(text, spans)
    title_q, title_keys, title_years = _values(title)
    head = title + "\n" + "\n".join(sentences[: config.dateline_sentences])
    head_q, head_keys, head_years = _values(head)
    return _DocIndex(
        sentences=sentences,
        stems=stems,
        postings=postings,
        heading=heading,
        negated=[bool(_NEG_RE.search(fold(s))) for s in sentences],
        title=title,
        title_stems=title_stems,
        all_stems=frozenset(postings) | title_stems,
        prefixes=frozenset(
            s[: config.name_prefix]
            for s in (*postings, *title_stems)
            if len(s) >= config.name_prefix
        ),
        sentence_values=sentence_values,
        quantities=quantities.merge(QuantitySet.build(title_q, title_years)),
        dates=keys | title_keys,
        head_quantities=QuantitySet.build(head_q, head_years),
        head_dates=frozenset(head_keys),
        lower_text=_squash(title + "\n" + text),
    )


def _squash(text: str) -> str:
    """Lower case, straight quotes and single spaces, for verbatim quote search."""
    text = (
        text.lower()
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2019", "'")
        .replace("\u2018", "'")
    )
    return " ".join(text.split())


# ---------------------------------------------------------------- claim analysis


@dataclass(frozen=True, slots=True, kw_only=True)
class _Word:
    token: Token
    stems: tuple[str, ...]
    weight: float
    is_name: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class _Claim:
    text: str
    tokens: list[Token]
    words: list[_Word]
    quantities: list[Quantity]
    dates: list[DateMention]
    quotes: list[str]
    negated: bool
    value_terms: tuple[str, ...]
    """Digit tokens of the claim's numbers and dates, used for retrieval only."""
    alternatives: dict[int, tuple[Quantity, ...]]
    """Every reading of the quantity starting at a position ("half": 0.5 and 50 %)."""


_QUOTE_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,200})[\"\u201d]")
_MONTH_NAMES = frozenset(
    (
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    )
)  # fmt: skip


_MONTHS_AFTER_RE = re.compile(r"[\s-]+months?\b", re.IGNORECASE)


_SMALL_COUNTS = frozenset(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
"""Number words that were plain words before they became counted values: they stay
words too, so the passage that repeats them ranks first as it did."""


def _analyse(claim: str, config: Config) -> _Claim:
    tokens = tokenize(claim)
    dates = find_dates(claim)
    date_spans = [(d.start, d.end) for d in dates]
    # A year is never approximate: "over 2020" is not a bound.
    readings = [
        q
        if _kind(claim, q) == "year"
        else hedge(claim, q, config.approx_tolerance, config.bound_reach)
        for q in find_quantities(claim, date_spans)
    ]
    alternatives: dict[int, tuple[Quantity, ...]] = {}
    for q in readings:
        alternatives[q.start] = (*alternatives.get(q.start, ()), q)
    # "twelve months" is a year: its 12 is not a figure the page must state, and
    # "months" is backed by "year" ("in the year to September").
    year_spans = [
        (q.start, m.end())
        for q in readings
        if q.value == 12 and (m := _MONTHS_AFTER_RE.match(claim, q.end)) is not None
    ]
    year_starts = {s for s, _ in year_spans}
    # One value per position: "half" is backed by 0.5 or by 50 %, and missing only once.
    value_spans = date_spans + [(g[0].start, g[0].end) for g in alternatives.values()]
    alternatives = {k: g for k, g in alternatives.items() if k not in year_starts}
    quantities = [group[0] for group in alternatives.values()]
    words: list[_Word] = []
    for i, tok in enumerate(tokens):
        if not tok.is_word or not is_content(tok.lower) or tok.lower[0].isdigit():
            continue
        if any(s <= tok.start < e for s, e in value_spans) and tok.lower not in _SMALL_COUNTS:
            continue  # numbers and dates are checked as values, not as words
        is_name = tok.text[0].isupper() and i > 0 and tokens[i - 1].text not in '.!?:"\u201c'
        is_name = is_name and tok.lower not in _MONTH_NAMES
        parts = [
            tok.lower,
            *([p for p in tok.lower.split("-") if is_content(p)] if "-" in tok.lower else []),
        ]
        stems = tuple(dict.fromkeys(stem(p) for p in parts))
        if any(s < tok.start < e for s, e in year_spans):
            stems = (*stems, "year")
        weight = config.name_weight if is_name else 1.0
        words.append(_Word(token=tok, stems=stems, weight=weight, is_name=is_name))
    quotes = [q for q in (_squash(m.group(1)) for m in _QUOTE_RE.finditer(claim)) if q.strip()]
    negated = any(t.lower in NEGATIONS for t in tokens) or "n't" in fold(claim)
    return _Claim(
        text=claim,
        tokens=tokens,
        words=words,
        quantities=quantities,
        alternatives=alternatives,
        dates=dates,
        quotes=quotes,
        negated=negated,
        value_terms=tuple(
            dict.fromkeys(
                t.lower
                for t in tokens
                if t.lower[0].isdigit() and any(s <= t.start < e for s, e in value_spans)
            )
        ),
    )


# ---------------------------------------------------------------- retrieval


@dataclass(frozen=True, slots=True, kw_only=True)
class _Window:
    start: int
    end: int  # exclusive sentence index
    score: float
    stems: frozenset[str]


def _idf(index: _DocIndex, s: str) -> float:
    n = len(index.sentences) + 1
    df = len(index.postings.get(s, ()))
    return math.log(1.0 + n / (1.0 + df))


def _rank_windows(index: _DocIndex, claim: _Claim, config: Config) -> list[_Window]:
    """Windows of up to ``window_sentences`` sentences, best IDF-weighted overlap first."""
    weights: dict[str, float] = {}
    for w in claim.words:
        for s in w.stems:
            if s in index.postings:
                weights[s] = max(weights.get(s, 0.0), w.weight * _idf(index, s))
    for s in claim.value_terms:
        if s in index.postings:
            weights[s] = _idf(index, s)
    per_sentence: dict[int, float] = {}
    for s, wt in weights.items():
        for i in index.postings[s]:
            per_sentence[i] = per_sentence.get(i, 0.0) + wt
    top = sorted(per_sentence, key=lambda i: (-per_sentence[i], i))[: config.candidate_sentences]
    size = config.window_sentences
    seen: set[tuple[int, int]] = set()
    windows: list[_Window] = []
    for i in top:
        for start in range(max(0, i - size + 1), i + 1):
            end = min(len(index.sentences), start + size)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            covered = frozenset().union(*index.stems[start:end]) & weights.keys()
            score = math.fsum(weights[s] for s in covered)  # exact: set order varies by run
            windows.append(_Window(start=start, end=end, score=score, stems=covered))
    windows.sort(key=lambda w: (-w.score, w.start))
    return windows


def _distinct(windows: list[_Window], k: int) -> list[_Window]:
    """The ``k`` best windows that do not overlap each other (different passages)."""
    chosen: list[_Window] = []
    for w in windows:
        if len(chosen) == k:
            break
        if all(w.end <= c.start or c.end <= w.start for c in chosen):
            chosen.append(w)
    return chosen


def _trim(index: _DocIndex, window: _Window) -> tuple[int, int]:
    """Drop edge sentences that share no claim stem, so the passage stays short."""
    start, end = window.start, window.end
    while end - start > 1 and not (index.stems[start] & window.stems):
        start += 1
    while end - start > 1 and not (index.stems[end - 1] & window.stems):
        end -= 1
    return start, end


# ---------------------------------------------------------------- scoring


@dataclass(slots=True)
class _SourceView:
    """One source's contribution: its best windows and what they back."""

    ref: str
    index: _DocIndex
    windows: list[_Window]
    covered: frozenset[str]
    roles: list[_WindowValue] | None = None
    """Values of the best window with their kinds and roles, computed when first needed."""


class LexicalScorer:
    """The built-in scorer: retrieval by stem overlap, support by a logistic model."""

    def __init__(self, config: Config, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.config = config
        self.weights = weights
        self._cache: OrderedDict[models.Document, _DocIndex] = OrderedDict()

    def index(self, doc: models.Document) -> _DocIndex:
        """The document's index, built once and kept in a bounded LRU cache."""
        cached = self._cache.get(doc)
        if cached is not None:
            self._cache.move_to_end(doc)
            return cached
        built = _build_index(doc, self.config)
        self._cache[doc] = built
        if len(self._cache) > self.config.match_cache_documents:
            self._cache.popitem(last=False)
        return built

    def passages(self, claim: str, doc: models.Document, k: int) -> list[str]:
        """The ``k`` best passages of one document for a claim, best first."""
        index = self.index(doc)
        windows = _rank_windows(index, _analyse(claim, self.config), self.config)
        out: list[str] = []
        for w in windows:
            if len(out) == k:
                break
            start, end = _trim(index, w)
            text = " ".join(index.sentences[start:end])
            if text not in out:
                out.append(text)
        return out

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment:
        parsed = _analyse(claim, self.config)
        if not sources:
            spans = (models.Span(start=0, end=len(claim), text=claim),) if claim else ()
            return models.Assessment(score=0.0, evidence=(), unsupported_spans=spans)
        views = [self._view(ref, doc, parsed) for ref, doc in sources]
        features = _features(parsed, views, self.config)
        score = capped(_logistic(features, self.weights), features, self.config)
        evidence = [
            self._evidence(parsed, v, score if len(views) == 1 else None)
            for v in views
            if v.windows
        ]
        evidence.sort(key=lambda e: -e.score)
        return models.Assessment(
            score=score,
            evidence=tuple(evidence),
            unsupported_spans=_unsupported_spans(parsed, views, self.config),
            parts=(*features.items(), ("score", score)),
        )

    def _view(self, ref: str, doc: models.Document, claim: _Claim) -> _SourceView:
        index = self.index(doc)
        ranked = _rank_windows(index, claim, self.config)
        windows = _distinct(ranked, self.config.coverage_windows)
        covered = index.title_stems.union(*(w.stems for w in windows))
        return _SourceView(ref=ref, index=index, windows=windows, covered=covered)

    def _evidence(self, claim: _Claim, view: _SourceView, score: float | None) -> models.Evidence:
        """The source's best passage, scored as if it were the only source."""
        start, end = _trim(view.index, view.windows[0])
        text = " ".join(view.index.sentences[start:end])
        if score is None:
            features = _features(claim, [view], self.config)
            score = capped(_logistic(features, self.weights), features, self.config)
        return models.Evidence(source=view.ref, text=text, score=score)


def _logistic(features: dict[str, float], weights: Weights) -> float:
    z = weights.intercept + sum(getattr(weights, k) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _coverage(claim: _Claim, backed: frozenset[str] | set[str]) -> float:
    total = sum(w.weight for w in claim.words)
    if total == 0:
        return 0.0  # nothing checkable: no word can count as backed
    return sum(w.weight for w in claim.words if _word_backed(w, backed)) / total


def _word_backed(word: _Word, backed: frozenset[str] | set[str]) -> bool:
    """The word's stem is backed, or, for a hyphenated word, every part of it is."""
    whole, parts = word.stems[0], word.stems[1:]
    return whole in backed or (bool(parts) and all(p in backed for p in parts))


def _value_backed(
    claim: _Claim, quantities: Sequence[QuantitySet], dates: Sequence[frozenset[str]]
) -> tuple[list[bool], list[bool]]:
    q_ok = [
        any(qs.backs(alt) for qs in quantities for alt in claim.alternatives[q.start])
        for q in claim.quantities
    ]
    d_ok = [any(date_backed(d, keys) for keys in dates) for d in claim.dates]
    return q_ok, d_ok


def _window_values(view: _SourceView) -> tuple[list[QuantitySet], list[frozenset[str]]]:
    qsets = [view.index.head_quantities]
    dsets = [view.index.head_dates]
    for w in view.windows:
        for i in range(w.start, w.end):
            values = view.index.sentence_values.get(i)
            if values is not None:
                qsets.append(values[0])
                dsets.append(values[1])
    return qsets, dsets


def _all_window_values(
    views: Sequence[_SourceView],
) -> tuple[list[QuantitySet], list[frozenset[str]]]:
    qsets: list[QuantitySet] = []
    dsets: list[frozenset[str]] = []
    for v in views:
        q, d = _window_values(v)
        qsets += q
        dsets += d
    return qsets, dsets


def _quote_found(quote: str, views: Sequence[_SourceView], config: Config) -> bool:
    from rapidfuzz import fuzz

    for v in views:
        if quote in v.index.lower_text:
            return True
        for w in v.windows:
            passage = _squash(" ".join(v.index.sentences[w.start : w.end]))
            if fuzz.partial_ratio(quote, passage) >= config.quote_similarity:
                return True
    return False


def _neighbours(text: str, tokens: list[Token], start: int, end: int) -> frozenset[str]:
    """Stems of the nearest content word before and after ``text[start:end]``."""
    out: set[str] = set()
    before = [t for t in tokens if t.end <= start][-3:]
    after = [t for t in tokens if t.start >= end][:3]
    for group in (reversed(before), after):
        for t in group:
            if t.text in ".;:!?":
                break
            if t.is_word and is_content(t.lower) and not t.lower[0].isdigit():
                out.add(stem(t.lower))
                break
    return frozenset(out)


def _contradicted(
    claim: _Claim,
    missing: Sequence[Quantity | DateMention],
    views: Sequence[_SourceView],
    config: Config,
) -> int:
    """Missing claim values for which a best window states another value in the same role.

    "cost 340 million euros" against "cost 240 million euros", "median
    household income is $85,400" against "median household income in the
    borough is $58,400", or "opened on 9 April" against "opened on 8 April":
    the window has a value of the same kind (date, year, money, percentage,
    plain number) that the claim does not state, among the same words, so the
    claim's value is not just absent but contradicted.
    """
    if not missing:
        return 0
    return sum(1 for m in missing if any(_competitor(claim, m, v, config=config) for v in views))


def _shifted(
    claim: _Claim, views: Sequence[_SourceView], config: Config
) -> list[Quantity | DateMention]:
    """Claim values the page has somewhere, while every best window states another in their role.

    "begin in spring 2026" against a window saying "begin in spring 2027" on a
    page that mentions 2026 elsewhere (a dateline, another project): the year
    is on the page, but not for this. A window that also gives the claim's
    value among the same words clears it. Every source must contradict, so
    citing one more never adds a penalty.
    """
    values: list[Quantity | DateMention] = [*claim.quantities, *claim.dates]
    return [
        value
        for value in values
        if views and all(_competitor(claim, value, v, strict=True, config=config) for v in views)
    ]


def _readings(value: Quantity | DateMention, claim: _Claim) -> tuple[Quantity, ...]:
    assert isinstance(value, Quantity)
    return claim.alternatives.get(value.start, (value,))


_CURRENCY = frozenset("$€£¥")
_CURRENCY_WORDS = frozenset(("dollars", "euros", "pounds", "yen", "usd", "eur", "gbp", "jpy"))
_CURRENCY_CODES = frozenset(("usd", "eur", "gbp", "jpy"))
"""Codes written before a figure, as a symbol is: "EUR 262" is money like "€262"."""


def _kind(text: str, value: Quantity | DateMention) -> str:
    """What a value measures, so only like values compete: 2027 never contradicts $2,000."""
    if isinstance(value, DateMention):
        return "date"
    raw = text[value.start : value.end].lower()
    if raw[:1].isdigit() and raw.endswith(("st", "nd", "rd", "th")):
        return "ordinal"  # "the 400th anniversary": a rank, never compared
    if raw.endswith(("%", "percent", "cent")):
        return "percent"
    before = text[max(0, value.start - 2) : value.start].strip()
    after = text[value.end : value.end + 9].lower().split()
    if (before and before[-1] in _CURRENCY) or (after and after[0] in _CURRENCY_WORDS):
        return "money"
    code = text[max(0, value.start - 4) : value.start].split()
    if code and code[-1].lower() in _CURRENCY_CODES:
        return "money"
    if value.tolerance == 0 and 1000 <= value.value <= 2100 and raw.isdigit():
        return "year"
    return "number"


@dataclass(frozen=True, slots=True)
class _WindowValue:
    kind: str
    value: Quantity | DateMention
    role: _Role


def _window_values_with_roles(view: _SourceView) -> list[_WindowValue]:
    """Every value of the best window with its kind and surrounding words (cached per view)."""
    if view.roles is not None:
        return view.roles
    out: list[_WindowValue] = []
    for w in view.windows[:1]:
        text = " ".join(view.index.sentences[w.start : w.end])
        tokens = tokenize(text)
        dates = find_dates(text)
        found: list[Quantity | DateMention] = [*dates]
        found += find_quantities(text, [(d.start, d.end) for d in dates])
        for value in found:
            role = _role(tokens, value.start, value.end)
            out.append(_WindowValue(kind=_kind(text, value), value=value, role=role))
    view.roles = out
    return out


def _competitor(
    claim: _Claim,
    value: Quantity | DateMention,
    view: _SourceView,
    *,
    strict: bool = False,
    config: Config,
) -> bool:
    """The view's best window has a value of the same kind, unstated by the claim, in its role.

    With ``strict``, the window must also not give the claim's own value among
    those words (for values the page has somewhere).
    """
    kind = _kind(claim.text, value)
    role = _role(claim.tokens, value.start, value.end)
    if kind == "ordinal" or not role.wide:
        return False
    stated = QuantitySet.build([a for group in claim.alternatives.values() for a in group])
    rivals = _window_values_with_roles(view)
    # "about £97" paraphrases the window's "£97.27" wherever it stands in the window:
    # an approximate figure is contradicted only when no value of its kind fits it.
    hedged = isinstance(value, Quantity) and value.hedged
    if hedged and any(o.kind == kind and _same_value(value, o.value, claim) for o in rivals):
        return False
    if isinstance(value, Quantity) and _change_stated(claim, value, rivals, config):
        return False
    rival = False
    for other in rivals:
        if other.kind != kind or not _same_role(role, other.role, strict or kind == "number"):
            continue
        if role.slot and other.role.slot and role.slot != other.role.slot:
            # "dropping to 1.9 m" is not stated by "rose to 2.4 m from 1.9 m", nor
            # contradicted by the "from" value: only the claim's own slot counts.
            continue
        if _same_value(value, other.value, claim):
            if strict:
                return False
            continue
        o = other.value
        if isinstance(o, DateMention):
            if any(_compatible(d, o) for d in claim.dates):
                continue  # compatible: "March 2025" and "3 March"
        elif stated.backs(o):
            continue  # the claim states this value too: it is not a rival
        rival = True
        if not strict:
            return True
    return rival


_CHANGE_RE = re.compile(r"\bby\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def _change_stated(
    claim: _Claim, value: Quantity, rivals: Sequence[_WindowValue], config: Config
) -> bool:
    """A change "by" a share ("cut by more than half") that two window figures compute.

    "cut by more than half, to 412 hours" against "from 1,030 hours to 412":
    (1,030 - 412) / 1,030 = 0.60. The share is compared with the change
    relative to either figure, as a fraction or a percentage.
    """
    if not _CHANGE_RE.search(claim.text, max(0, value.start - 30), value.start):
        return False
    figures = {
        o.value.value
        for o in rivals
        if isinstance(o.value, Quantity) and o.kind in ("number", "money") and o.value.value > 0
    }
    changes = {abs(a - b) / base for a in figures for b in figures if a != b for base in (a, b)}
    for reading in _readings(value, claim):
        scale = 1.0 if reading.value <= 1 else 100.0
        for change in changes:
            got = change * scale
            if reading.hedged:
                low = -math.inf if reading.low is None else reading.low
                high = math.inf if reading.high is None else reading.high
                if low <= got <= high:
                    return True
            elif abs(got - reading.value) <= config.change_tolerance * reading.value:
                return True
    return False


def _compatible(a: DateMention, b: DateMention) -> bool:
    """Dates that may be the same day: "9 April", "April 9, 2011" and "April 2011" agree."""
    return (
        a.month == b.month
        and (a.year is None or b.year is None or a.year == b.year)
        and (a.day is None or b.day is None or a.day == b.day)
    )


def _same_value(
    value: Quantity | DateMention, other: Quantity | DateMention, claim: _Claim
) -> bool:
    """Whether a window value states the claim's value (dates: compatible with it)."""
    if isinstance(value, DateMention):
        return isinstance(other, DateMention) and _compatible(value, other)
    if isinstance(other, DateMention):
        return False
    return QuantitySet.build([other]).backs(value) or any(
        QuantitySet.build([other]).backs(a) for a in _readings(value, claim)
    )


_ROLE_WORDS = 4
"""Content words either side of a value that say what it measures ("median household income")."""


@dataclass(frozen=True, slots=True)
class _Role:
    """The words around a value: the nearest content word each side, and a few more."""

    near: frozenset[str]
    wide: frozenset[str]
    slot: str = ""
    """"to" or "from" right before the value: the end or the start of a change."""


def _same_role(a: _Role, b: _Role, strict: bool) -> bool:
    """Same nearest word ("spring 2026" / "spring 2027"), or, unless strict, two shared words.

    Plain numbers and values the page has elsewhere need the nearest word: one
    shared word of context is common between unrelated numbers of one page.
    """
    return bool(a.near & b.near) or (not strict and len(a.wide & b.wide) >= 2)


def _role(tokens: list[Token], start: int, end: int) -> _Role:
    """Stems of the content words either side of a value, within its sentence.

    Commas and function words are skipped ("the cost, up to $2,000" puts
    "cost" next to the amount); a full stop, colon or semicolon ends the search.
    """
    near: set[str] = set()
    wide: set[str] = set()
    before = [t for t in tokens if t.end <= start]
    after = [t for t in tokens if t.start >= end]
    for group in (reversed(before), after):
        n = 0
        for t in group:
            if t.text in ".;:!?":
                break
            if t.is_word and is_content(t.lower) and not t.lower[0].isdigit():
                (near if n == 0 else wide).add(stem(t.lower))
                n += 1
                if n == _ROLE_WORDS:
                    break
    prev = [t for t in before[-2:] if t.text not in _CURRENCY]
    slot = prev[-1].lower if prev and prev[-1].lower in _SLOTS else ""
    return _Role(near=frozenset(near), wide=frozenset(near | wide), slot=slot)


_SLOTS = frozenset(("to", "from"))


def _byline_dates(claim: _Claim, views: Sequence[_SourceView]) -> list[DateMention]:
    """Claim dates a page has only in a byline or elsewhere, while a window dates the event.

    "The terminal opened on 14 March 2025" against a byline "Published 14
    March 2025" and a window saying "opened on 3 March": the page has the
    date, but as the day of publication, and states another one for the
    event. A window date compatible with the claim's ("March 2025") does not
    count.
    """
    if not claim.dates:
        return []
    body: set[str] = set()
    for v in views:
        body |= {k for k in v.index.head_dates if k.startswith("Y")}  # the page's year
        for w in v.windows:
            for i in range(w.start, w.end):
                values = v.index.sentence_values.get(i)
                if values is not None and not v.index.heading[i]:  # bylines are headings
                    body |= values[1]
    suspects = [d for d in claim.dates if not date_backed(d, body)]
    # Every source must date the event otherwise: citing one more never adds a penalty.
    return [d for d in suspects if all(_dates_event_otherwise(claim, d, v) for v in views)]


def _dates_event_otherwise(claim: _Claim, d: DateMention, v: _SourceView) -> bool:
    """The page has ``d``, and its best window has an incompatible date in the same role."""
    if not v.windows or not date_backed(d, v.index.dates):
        return False
    role = _neighbours(claim.text, claim.tokens, d.start, d.end)
    claim_keys = date_keys(d)
    w = v.windows[0]
    text = " ".join(v.index.sentences[w.start : w.end])
    tokens = tokenize(text)
    return any(
        _neighbours(text, tokens, other.start, other.end) & role
        and not date_backed(other, claim_keys)
        and not date_backed(d, date_keys(other))
        for other in find_dates(text)
    )


def _features(claim: _Claim, views: Sequence[_SourceView], config: Config) -> dict[str, float]:
    """The named signals of the logistic model (``Weights`` has one weight per name)."""
    window_stems = frozenset().union(*(v.covered for v in views))
    page_stems = frozenset().union(*(v.index.all_stems for v in views))
    return {
        "coverage": _coverage(claim, window_stems),
        "page_coverage": _coverage(claim, page_stems),
        **_value_features(claim, views, config),
        "missing_names": float(min(3, _missing_names(claim, views, page_stems, config))),
        "window_missing_names": float(
            min(3, sum(1 for w in claim.words if w.is_name and not _word_backed(w, window_stems)))
        ),
        "missing_quotes": float(sum(1 for q in claim.quotes if not _quote_found(q, views, config))),
        **_window_penalties(claim, views),
        "contradicted_names": float(min(2, _contradicted_names(claim, views, page_stems, config))),
        "unbacked_run": float(min(4, _unbacked_run(claim, window_stems))),
        "unbacked_comparisons": float(min(2, _unbacked_comparisons(claim, views))),
        "polarity_conflict": float(
            (bool(views) and all(_polarity_conflict(claim, v) for v in views))
            or _comparison_against_its_figures(claim)
        ),
        "role_reversal": float(bool(views) and all(_reversed(claim, v) for v in views)),
        "swapped_names": float(bool(views) and all(_swapped(claim, v) for v in views)),
        "role_mismatch": float(bool(views) and all(_role_mismatch(claim, v) for v in views)),
        "scope_mismatch": float(bool(views) and all(_scope_mismatch(claim, v) for v in views)),
        "contradicted_superlatives": float(
            bool(views) and all(_ordinal_ranked(claim, v) for v in views)
        ),
        "absent_names": float(min(3, _absent_names(claim, views, page_stems, config))),
        "unbacked_superlatives": float(min(2, _unbacked_superlatives(claim, views))),
    }


# Verbs of one organisation taking in another, as stems. Active ("X acquired Y")
# puts the taker first; "Y was acquired by X", "Y absorbed into X" and "Y joins X"
# put it last.
_TAKE_VERBS = frozenset(("acquir", "buy", "bought", "absorb", "purchas", "merg", "join"))
_TAKEN_FIRST = frozenset(("join",))
_PASSIVE_MARKS = frozenset(("by", "into", "with"))


def _takeover(tokens: list[Token], names: dict[str, str]) -> list[tuple[str, str]]:
    """(taker, taken) pairs among the given name stems around each takeover verb."""
    pairs: list[tuple[str, str]] = []
    for i, t in enumerate(tokens):
        st = stem(t.lower) if t.is_word else ""
        if st not in _TAKE_VERBS:
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        taker_first = st not in _TAKEN_FIRST and nxt not in _PASSIVE_MARKS
        before = _nearest(tokens[:i][::-1], names)
        after = _nearest(tokens[i + 1 :], names)
        if before and after and before != after:
            pairs.append((before, after) if taker_first else (after, before))
    return pairs


def _nearest(tokens: list[Token], names: dict[str, str]) -> str | None:
    """The first claim name among ``tokens``, within the clause."""
    for t in tokens:
        if t.text in ".;!?":
            return None
        if t.is_word and t.text[0].isupper():
            found = names.get(stem(t.lower))
            if found:
                return found
    return None


def _reversed(claim: _Claim, view: _SourceView) -> bool:
    """Whether the view's best windows state the claim's takeover the other way round."""
    names = {
        stem(t.lower): stem(t.lower)
        for t in claim.tokens
        if t.is_word and t.text[0].isupper() and is_content(t.lower)
    }
    mine = set(_takeover(claim.tokens, names))
    if not mine:
        return False
    theirs: set[tuple[str, str]] = set()
    for w in view.windows:
        for i in range(w.start, w.end):
            if not view.index.heading[i]:
                theirs.update(_takeover(tokenize(view.index.sentences[i]), names))
    flipped = {(b, a) for a, b in mine}
    return bool(theirs & flipped) and not (theirs & mine)


_RANKERS = frozenset(("best", "worst", "first", "most", "least"))
_DETERMINERS = frozenset(("the", "its", "their", "his", "her", "our"))


# Words ending in -est that are not superlatives ("the interest", "the forest"); "the
# latest" dates a thing rather than ranking it.
_NOT_SUPERLATIVE = frozenset(
    (
        "interest", "forest", "honest", "modest", "request", "test", "west", "guest", "chest",
        "nest", "rest", "contest", "protest", "harvest", "arrest", "quest", "conquest",
        "inquest", "priest", "crest", "unrest", "behest", "earnest", "bequest", "tempest",
        "midwest", "northwest", "southwest", "manifest", "digest", "latest", "dishonest",
        "immodest", "pretest", "retest", "invest", "suggest", "attest", "detest",
    )
)  # fmt: skip
# "ever", "on record", "in history", "of all time": a ranking over all time, which the
# page must make too ("the highest since 2019" does not back "the highest on record").
_ALL_TIME_RE = re.compile(
    r"\b(?:ever|on record|in (?:recorded )?history|of all[- ]time)\b", re.IGNORECASE
)
_ALL_TIME_BACKED_RE = re.compile(r"\b(?:ever|record|history|all[- ]time)\b", re.IGNORECASE)


def _is_superlative(tok: Token) -> bool:
    """A ranker ("first", "most") or a lower-case -est adjective ("heaviest", "highest")."""
    low = tok.lower
    if low in _RANKERS or (low in _SUPERLATIVES and low.endswith("est")):
        return True
    return (
        len(low) >= 6
        and low.endswith("est")
        and low.isalpha()
        and tok.text.islower()
        and low not in _NOT_SUPERLATIVE
    )


def _unbacked_superlatives(claim: _Claim, views: Sequence[_SourceView]) -> int:
    """Superlatives of the claim ("the largest", "its first", "the heaviest ... ever") no
    best window or title repeats."""
    toks = claim.tokens
    positions = [
        i
        for i, t in enumerate(toks)
        if i > 0 and toks[i - 1].lower in _DETERMINERS and _is_superlative(t)
    ]
    marks = [toks[i].lower for i in positions]
    if positions:
        after = claim.text[toks[positions[0]].end :]
        marks += [f"@{m.group().lower()}" for m in _ALL_TIME_RE.finditer(after)]
    # "beating every open model", "better than any rival": a ranking over a whole class.
    marks += [
        stem(t.lower)
        for i, t in enumerate(toks)
        if stem(t.lower) in _SURPASS and any(n.lower in _EVERY for n in toks[i + 1 : i + 3])
    ]
    if not marks:
        return 0
    seen: set[str] = set()
    all_time = False
    for v in views:
        seen.update(words(v.index.title))
        all_time = all_time or _ALL_TIME_BACKED_RE.search(v.index.title) is not None
        for w in v.windows:
            text = " ".join(v.index.sentences[w.start : w.end])
            seen.update(words(text))
            all_time = all_time or _ALL_TIME_BACKED_RE.search(text) is not None
    seen |= {stem(x) for x in seen}
    return sum(1 for m in marks if not (all_time if m.startswith("@") else m in seen))


_SURPASS = frozenset(("beat", "outperform", "surpass", "exceed", "better", "ahead", "top"))
"""Stems of verbs and comparatives that rank one thing over others."""
_EVERY = frozenset(("every", "all", "any"))


_AGENT_ENDINGS = ("ist", "er", "or", "ian", "ant", "ent")
"""Endings of role nouns ("physicist", "striker", "director", "historian")."""


def _capital(t: Token) -> bool:
    return t.is_word and t.text[0].isupper()


def _slots(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token ranges that can be swapped: name runs, and role nouns beside one.

    A name run is a run of capitalised words after the first token; a role
    noun is a lower-case word with an agent ending right before or after a
    name run ("the physicist Peter Voss", "Voss, a geologist" does not count).
    Each slot needs a word on both sides, the context it is compared in.
    """
    out: list[tuple[int, int]] = []
    i = 1
    while i < len(tokens):
        if not _capital(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and _capital(tokens[j]):
            j += 1
        out.append((i, j))
        for k in (i - 1, j):
            if 0 < k < len(tokens) - 1 and _role_noun(tokens[k]):
                out.append((k, k + 1))
        i = j
    return [
        (a, b)
        for a, b in out
        if a > 0 and b < len(tokens) and tokens[a - 1].is_word and tokens[b].is_word
    ]


def _role_noun(t: Token) -> bool:
    return (
        t.is_word
        and t.text.islower()
        and is_content(t.lower)
        and len(t.lower) > 5
        and t.lower.endswith(_AGENT_ENDINGS)
    )


def _swapped(claim: _Claim, view: _SourceView) -> bool:
    """Whether the best evidence sentence puts another name or role in a claim slot."""
    sentence = _best_sentence(claim, view)
    if sentence is None:
        return False
    theirs = tokenize(sentence)
    there = {t.lower for t in theirs}
    mine = claim.tokens
    claim_lower = {t.lower for t in mine}
    for a, b in _slots(mine):
        slot = [t.lower for t in mine[a:b]]
        if any(w in there for w in slot):
            continue
        left, right = mine[a - 1].lower, mine[b].lower
        role = not _capital(mine[a])
        for i in range(1, len(theirs) - 1):
            if theirs[i - 1].lower != left:
                continue
            j = i
            if role:
                j = i + 1 if _role_noun(theirs[i]) else i
            else:
                while j < len(theirs) and _capital(theirs[j]):
                    j += 1
            if j == i or j >= len(theirs) or theirs[j].lower != right:
                continue
            if not any(t.lower in claim_lower for t in theirs[i:j]):
                return True
    return False


# ---------------------------------------------------------------- role bindings

_HONORIFICS = frozenset(
    ("dr", "mr", "mrs", "ms", "miss", "prof", "professor", "cllr", "councillor", "sir", "dame",
     "lord", "lady", "judge", "rev")
)  # fmt: skip
_ROLE_LEXICON = frozenset(
    ("chief", "head", "leader", "director", "chair", "chairman", "chairwoman", "chairperson",
     "member", "minister", "secretary", "officer", "president", "manager", "editor", "captain",
     "coach", "spokesperson", "spokesman", "spokeswoman", "committee", "consultant",
     "executive", "scientist", "founder", "governor", "mayor", "deputy", "cabinet", "board",
     "group", "panel", "commission", "department")
)  # fmt: skip
_UNITS = frozenset(("committe", "board", "panel", "commiss", "depart", "subcommitte"))
"""Stems of bodies a person sits on: their modifiers name which one ("planning committee")."""
_CHAIR_VERBS = frozenset(("chairs", "heads", "leads", "runs", "directs", "manages", "chaired"))
_ROLE_STOPS = frozenset(("at", "in", "with", "on", "from", "since", "who", "which", "and"))
_ROLE_WORDS_MAX = 5
"""Content words of a role phrase ("the council's environment committee")."""


@dataclass(frozen=True, slots=True)
class _Binding:
    name: tuple[str, ...]
    """The name's words without honorifics ("amara", "osei")."""
    role: tuple[str, ...]
    """Stems of the role phrase in order; the last is its head ("committe", "execut")."""


_KIN = frozenset(
    ("father", "mother", "brother", "sister", "daughter", "grandfather", "grandmother",
     "partner", "stepfather", "stepmother")
)  # fmt: skip


def _role_like(lower: str) -> bool:
    if lower in _KIN:
        return False  # "his father, Don Gaetz": a relation, not an office
    return lower in _ROLE_LEXICON or (len(lower) > 5 and lower.endswith(_AGENT_ENDINGS))


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """"Dr Osei" is "Dr Amara Osei"; "Rocky Aoki" is not "Steve Aoki"."""
    n = min(len(a), len(b))
    return a[-n:] == b[-n:]


def _role_stem(lower: str) -> str:
    return stem(lower.removesuffix("'s").removesuffix("\u2019s"))


def _name_runs(tokens: list[Token]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, words) of person names: an honorific and one word, or two or more words."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        if not _capital(tokens[i]) or tokens[i].lower.endswith(("'s", "\u2019s")):
            i += 1
            continue
        j = i
        while j < len(tokens) and _capital(tokens[j]) and not tokens[j].lower.endswith("'s"):
            j += 1
        start = i
        while start < j and tokens[start].lower.rstrip(".") in _HONORIFICS:
            start += 1
        honorific = start > i
        if start < j and (j - start >= 2 or honorific) and tokens[j - 1].lower.isalpha():
            out.append((i, j, tuple(t.lower for t in tokens[start:j])))
        i = j
    return out


def _collect(tokens: Sequence[Token], *, after: bool) -> tuple[str, ...]:
    """Stems of a role phrase read outwards from a name, up to punctuation or a clause word.

    After a name, articles and "for"/"of" stay inside the phrase ("the trust's
    chief scientist", "cabinet member for finance"); before it, any function
    word ends it ("supporters of Henry VI" binds no role to Henry).
    """
    words: list[str] = []
    for t in tokens:
        if not t.is_word or t.lower in _ROLE_STOPS:
            break
        if not is_content(t.lower):
            if after:
                continue
            break
        if not words and (t.lower.endswith(("ed", "ing")) or t.lower in ("said", "says", "told")):
            break  # "said Dr Osei", "Okafor, speaking at": a verb, not a role
        words.append(t.lower)
        if len(words) == _ROLE_WORDS_MAX:
            break
    if not any(_role_like(w.removesuffix("'s")) for w in words):
        return ()
    return tuple(_role_stem(w) for w in words)


def _bindings(tokens: list[Token]) -> list[_Binding]:
    """Person names bound to a role phrase in one sentence.

    "epidemiologist Dr Amara Osei", "The trust's chief executive, Paul
    Greaves", "Dr Helen Marsh, the trust's chief scientist", "Dan Okafor,
    who chairs the environment committee", "Okafor chairs the planning
    committee". A role phrase needs a role word ("chief", "committee", or an
    agent ending: "epidemiologist", "director").
    """
    out: list[_Binding] = []
    for i, j, name in _name_runs(tokens):
        before = list(reversed(tokens[:i]))
        if before and before[0].text == ",":
            before = before[1:]  # "The trust's chief executive, Paul Greaves"
        pre = tuple(reversed(_collect(before, after=False)))
        after = tokens[j:]
        post: tuple[str, ...] = ()
        if after and after[0].text == ",":
            rest = after[1:]
            if len(rest) > 1 and rest[0].lower == "who" and rest[1].lower in _CHAIR_VERBS:
                rest = rest[2:]
            post = _collect(rest, after=True)
        elif after and after[0].lower in _CHAIR_VERBS:
            post = _collect(after[1:], after=True)
        for role in (pre, post):
            if role:
                out.append(_Binding(name=name, role=role))
    return out


# Mutually exclusive scopes, as sets of levels: "local" is compatible with a county or
# a city, "federal" and "national" name the same level.
_SCOPES: dict[str, frozenset[str]] = {
    "federal": frozenset({"national"}),
    "national": frozenset({"national"}),
    "state": frozenset({"state"}),
    "provincial": frozenset({"state"}),
    "regional": frozenset({"regional"}),
    "county": frozenset({"county"}),
    "city": frozenset({"city"}),
    "municipal": frozenset({"city"}),
    "local": frozenset({"county", "city"}),
    "public": frozenset({"public"}),
    "private": frozenset({"private"}),
}
_OWNERS = frozenset(("public", "private"))
# Bodies of government: "the national government" and "the county councils" fund alike.
_GOVERNING = frozenset(("govern", "council", "author", "administr"))
_SCOPE_REACH = 2
"""Content words after a scope word that it may modify ("state literacy grant")."""


def _scoped(tokens: list[Token]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(levels, head stems) for each scope word followed by content words."""
    out: list[tuple[frozenset[str], frozenset[str]]] = []
    for i, t in enumerate(tokens):
        levels = _SCOPES.get(t.lower)
        if levels is None:
            continue
        heads: set[str] = set()
        # Another scope word between does not end the phrase: "local public school".
        after = [n for n in tokens[i + 1 : i + 2 + _SCOPE_REACH] if n.lower not in _SCOPES]
        for nxt in after[:_SCOPE_REACH]:
            if not nxt.is_word or not is_content(nxt.lower):
                break
            h = stem(nxt.lower)
            heads.add("<government>" if h in _GOVERNING else h)
        if heads:
            out.append((levels, frozenset(heads)))
    return out


def _scope_mismatch(claim: _Claim, view: _SourceView) -> bool:
    """The best windows give a noun of the claim another scope, and never the claim's.

    "federal grant" against "state literacy grant": a grant, funded at
    another level. The page must not also give that noun the claim's scope.
    """
    mine = _scoped(claim.tokens)
    if not mine or not view.windows:
        return False
    theirs = [
        p
        for w in view.windows
        for p in _scoped(tokenize(" ".join(view.index.sentences[w.start : w.end])))
    ]
    for levels, heads in mine:
        # Only scopes of one kind exclude each other: a "local public school" is both.
        rivals = [lv for lv, hs in theirs if hs & heads and (lv <= _OWNERS) == (levels <= _OWNERS)]
        if rivals and all(not (lv & levels) for lv in rivals):
            return True
    return False


def _role_mismatch(claim: _Claim, view: _SourceView) -> bool:
    """The page gives the claim's person another role, and the claimed role to someone else.

    For each (name, role) the claim binds, the page's bindings of that
    person ("Dr Osei" is "Dr Amara Osei") must disagree with it: a body of
    the same kind with other words ("planning committee" against
    "environment committee"), or
    another person's role sharing more of the claimed role's words than the
    named person's does ("epidemiologist Dr Osei" where the page has "Dr
    Osei, consultant paediatrician" and "Dr Lindqvist, an epidemiologist").
    A page that binds the name to no role says nothing either way.
    """
    mine = _bindings(claim.tokens)
    if not mine:
        return False
    index = view.index
    rows: set[int] = set()
    for b in mine:
        for s in (stem(b.name[-1]), *b.role):
            rows.update(index.postings.get(s, ()))
    theirs: list[_Binding] = []
    for i in sorted(rows):
        theirs += _bindings(tokenize(index.sentences[i]))
    for b in mine:
        claimed = set(b.role)
        own = [t for t in theirs if _same_person(t.name, b.name)]
        own_words: set[str] = set().union(*(t.role for t in own))
        if not own or claimed <= own_words:
            continue
        # Another body of the same kind: "planning committee" / "environment committee".
        same_head = b.role[-1] in _UNITS and any(
            t.role[-1] == b.role[-1] and claimed - set(t.role) and set(t.role) - claimed
            for t in own
        )
        overlap = len(claimed & own_words)
        elsewhere = any(
            not _same_person(t.name, b.name) and len(claimed & set(t.role)) > overlap
            for t in theirs
        )
        if same_head or elsewhere:
            return True
    return False


_ORDINALS = (
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th",
)  # fmt: skip
_ORDINAL_RE = "(?:" + "|".join(_ORDINALS) + ")"


def _superlative_patterns(claim: _Claim) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(ordinal-qualified, as claimed) patterns for each superlative of the claim.

    "the most expensive signing" gives "second-most expensive signing" and
    "most expensive signing"; "the largest city" gives "third largest city";
    "the first archaeal species" gives "second archaeal species". The words
    after the superlative must match too: "his first round match" is not
    contradicted by a "second round".
    """
    toks = claim.tokens
    out: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
    for i, t in enumerate(toks):
        if i == 0 or toks[i - 1].lower not in _DETERMINERS:
            continue
        ranker = t.lower in ("most", "least", "first")
        if not ranker and not (t.lower.endswith("est") and t.lower in _SUPERLATIVES):
            continue
        after = toks[i + 1 : i + (3 if ranker else 2)]
        if len(after) < (2 if ranker else 1) or not all(a.is_word for a in after):
            continue
        tail = "".join(" " + re.escape(a.lower) for a in after)
        word = re.escape(t.lower)
        # "second archaeal species" replaces "first"; "second-most" qualifies "most".
        lead = "" if t.lower == "first" else f"[- ]{word}"
        qualified = rf"\b{_ORDINAL_RE}{lead}{tail}"
        out.append((re.compile(qualified + r"\b"), re.compile(rf"(?<![-\w]){word}{tail}\b")))
    return out


def _ordinal_ranked(claim: _Claim, view: _SourceView) -> bool:
    """Whether the view's best windows rank the claim's superlative second, third ...

    A body sentence of those windows stating the ranking as claimed (ending
    in a full stop, unlike a headline or a related-story link) clears it, as
    does a claim that itself names the ordinal.
    """
    patterns = _superlative_patterns(claim)
    if not patterns:
        return False
    claim_lower = claim.text.lower()
    sentences = [
        view.index.sentences[i].lower()
        for w in view.windows
        for i in range(w.start, w.end)
        if not view.index.heading[i]
    ]
    for qualified, plain in patterns:
        hits = [m.group(0) for s in sentences for m in qualified.finditer(s)]
        if not hits or any(h.split("-")[0].split()[0] in claim_lower for h in hits):
            continue
        stated = any(
            plain.search(s) and not qualified.search(s) and s.rstrip().endswith((".", "!", "?"))
            for s in sentences
        )
        if not stated:
            return True
    return False


def _absent_names(
    claim: _Claim, views: Sequence[_SourceView], page_stems: frozenset[str], config: Config
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
    quoted = _quoted_positions(claim.tokens)
    count = 0
    for w in names:
        at = position[w.token.start]
        if at in quoted:
            continue
        if _word_backed(w, page_stems) or w.stems[0][: config.name_prefix] in prefixes:
            continue
        count += 1
    return count


def _quoted_positions(tokens: list[Token]) -> set[int]:
    """Indexes of the tokens inside quotation marks."""
    out: set[int] = set()
    inside = False
    for i, t in enumerate(tokens):
        if t.text in '"\u201c\u201d':
            inside = t.text == "\u201c" or (t.text == '"' and not inside)
        elif inside:
            out.add(i)
    return out


# Opposite reporting verbs and stances, as Snowball stems of their forms. Kept
# small on purpose: each pair reads as a contradiction in almost any context.
_ANTONYM_GROUPS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset(("approv",)), frozenset(("reject", "veto"))),
    (frozenset(("accept",)), frozenset(("reject", "declin"))),
    (frozenset(("favour", "favor", "support")), frozenset(("against", "dissent", "oppos"))),
    (frozenset(("rise", "rose", "risen")), frozenset(("fall", "fell", "fallen", "drop"))),
    (frozenset(("improv",)), frozenset(("worsen", "deterior"))),
    (frozenset(("increas", "rais")), frozenset(("decreas", "reduc", "cut"))),
    (frozenset(("win", "won")), frozenset(("lose", "lost"))),
    # Directions of change and position: "the loss widened" against "narrowing".
    (frozenset(("widen",)), frozenset(("narrow",))),
    (frozenset(("grow", "grew", "grown")), frozenset(("shrink", "shrank", "shrunk"))),
    (frozenset(("gain",)), frozenset(("loss",))),
    (frozenset(("profit",)), frozenset(("loss",))),
    (frozenset(("surplus",)), frozenset(("deficit",))),
    (frozenset(("higher",)), frozenset(("lower",))),
    (frozenset(("abov",)), frozenset(("below",))),
)
_DIRECTION_STEMS = frozenset().union(*(a | b for a, b in _ANTONYM_GROUPS))
_NEGATION_SCOPE = 4
"""Tokens after "not", "no", "never" ... whose words it negates ("will not release")."""


def _polarity(tokens: list[Token]) -> tuple[set[str], set[str]]:
    """Stems of the words of a sentence outside and inside the scope of a negation."""
    plain: set[str] = set()
    negated: set[str] = set()
    scope = 0
    quoted = False
    for i, t in enumerate(tokens):
        if t.text in '"\u201c\u201d':
            # A quotation or title ("Never Be like You") is not the sentence's own statement.
            quoted = t.text == "\u201c" or (t.text == '"' and not quoted)
            scope = 0
            continue
        if quoted:
            continue
        if t.text in ".;:!?,":
            scope = 0
            continue
        nxt_text = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if t.lower == "no" and nxt_text == ".":
            continue  # "No. 1"
        if t.lower in NEGATIONS or t.lower.endswith("n't"):
            # "not only", "no longer" and "not just" do not negate what follows.
            nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            scope = 0 if nxt in ("only", "just", "least", "longer") else _NEGATION_SCOPE
            continue
        if not t.is_word or t.lower[0].isdigit():
            continue
        (negated if scope else plain).add(stem(t.lower))
        scope = max(0, scope - 1)
    return plain, negated


def _polarity_conflict(claim: _Claim, view: _SourceView) -> bool:
    """Whether the view's best evidence sentence states the opposite of the claim."""
    sentence = _best_sentence(claim, view, ignore=_DIRECTION_STEMS)
    if sentence is None:
        return False
    c_plain, c_neg = _polarity(claim.tokens)
    s_plain, s_neg = _polarity(tokenize(sentence))
    content = {s for w in claim.words if not w.is_name for s in w.stems}
    if (c_neg & content & s_plain) - s_neg or (c_plain & content & s_neg) - s_plain:
        return True
    s_all = s_plain | s_neg
    c_all = c_plain | c_neg
    for a, b in _ANTONYM_GROUPS:
        for mine, theirs in ((a, b), (b, a)):
            if c_plain & mine and s_plain & theirs and not (s_all & mine or c_all & theirs):
                return True
    return False


# Comparatives whose direction two figures can check: "66 dB, quieter than 64 dB".
_LESS = frozenset(
    ("quieter", "lower", "less", "fewer", "cheaper", "smaller", "shorter", "lighter", "slower",
     "cooler", "colder", "weaker", "lesser")
)  # fmt: skip
_MORE = frozenset(
    ("louder", "higher", "more", "greater", "larger", "bigger", "longer", "heavier", "faster",
     "warmer", "hotter", "stronger", "dearer", "costlier")
)  # fmt: skip


def _comparison_against_its_figures(claim: _Claim) -> bool:
    """The claim compares two figures of one unit in the direction they contradict.

    "measured 66 dB, quieter than the claimed 64 dB": whatever the source
    says, 66 is not quieter than 64. The figures are the nearest quantity
    before the comparative and the first after "than", within the clause,
    each followed by the same word (the unit) or both percentages.
    """
    tokens = claim.tokens
    for i, t in enumerate(tokens[:-1]):
        if tokens[i + 1].lower != "than" or t.lower not in _LESS | _MORE:
            continue
        before = [q for q in claim.quantities if q.end <= t.start]
        after = [q for q in claim.quantities if q.start >= tokens[i + 1].end]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        if any(ch in claim.text[a.end : b.start] for ch in ";.") or a.percent != b.percent:
            continue
        if not a.percent and _unit(claim.text, a) != _unit(claim.text, b):
            continue
        if (t.lower in _LESS and a.value > b.value) or (t.lower in _MORE and a.value < b.value):
            return True
    return False


def _unit(text: str, q: Quantity) -> str:
    rest = text[q.end : q.end + 12].split()
    return rest[0].strip(",.;:()").lower() if rest else ""


def _best_sentence(
    claim: _Claim, view: _SourceView, ignore: frozenset[str] = frozenset()
) -> str | None:
    """The body sentence of the view's best windows sharing the most claim words.

    Words with a stem in ``ignore`` do not count: the direction a sentence
    states is judged in the sentence about the claim's subject, not in a
    neighbour chosen because it shares the direction word ("Barley output
    also fell" against "Average yields fell ..." next to "Barley production
    rose").
    """
    # Each claim word counts once, however many stems it has ("Marchetti-Voss").
    wanted = [(frozenset(w.stems), w.weight) for w in claim.words if not set(w.stems) & ignore]
    best: tuple[float, int] | None = None
    for w in view.windows:
        for i in range(w.start, w.end):
            if view.index.heading[i]:
                continue
            have = view.index.stems[i]
            key = (sum(weight for stems, weight in wanted if stems & have), -i)
            if key[0] > 0 and (best is None or key > best):
                best = key
    return None if best is None else view.index.sentences[-best[1]]


_SUPERLATIVES = frozenset(
    (
        "ahead", "behind", "best", "worst", "most", "least", "first", "last", "only", "largest",
        "biggest", "smallest", "highest", "lowest", "fastest", "cheapest", "oldest", "youngest",
        "longest", "greatest",
    )
)  # fmt: skip
_NOT_COMPARATIVE = frozenset(("rather", "other"))
# "last year", "last week": a time, not a ranking.
_TIME_WORDS = frozenset(
    ("year", "years", "week", "weeks", "month", "months", "season", "night", "day", "decade")
)


def _unbacked_comparisons(claim: _Claim, views: Sequence[_SourceView]) -> int:
    """Comparisons and superlatives of the claim that no best window or title repeats.

    "ahead of every open model", "cheaper to run than any rival", "the first":
    a ranking claim needs a source that ranks, and a page that merely mentions
    the things compared does not back it.
    """
    toks = claim.tokens
    marks = [
        t.lower
        for i, t in enumerate(toks)
        if (
            t.lower in _SUPERLATIVES
            and not (t.lower == "last" and i + 1 < len(toks) and toks[i + 1].lower in _TIME_WORDS)
        )
        or (
            t.is_word
            and t.lower not in _NOT_COMPARATIVE
            and i + 1 < len(toks)
            and toks[i + 1].lower == "than"
            # "more than 300 people" bounds a number (checked as a value); not a ranking.
            and not (i + 2 < len(toks) and toks[i + 2].lower[0].isdigit())
        )
    ]
    if not marks:
        return 0
    seen: set[str] = set()
    for v in views:
        seen.update(words(v.index.title))
        for w in v.windows:
            seen.update(words(" ".join(v.index.sentences[w.start : w.end])))
    return sum(1 for m in marks if m not in seen)


def _unbacked_run(claim: _Claim, backed: frozenset[str]) -> int:
    """Longest run of claim content words (stopwords between them allowed) no window backs.

    A claim that adds a whole unbacked clause ("... and cheaper to run than any
    rival") has one long run; a paraphrase scatters single unbacked words.
    """
    best = run = 0
    for w in claim.words:
        run = 0 if _word_backed(w, backed) else run + 1
        best = max(best, run)
    return best


def _value_features(
    claim: _Claim, views: Sequence[_SourceView], config: Config
) -> dict[str, float]:
    """Claim numbers and dates missing from the pages, from the windows, or contradicted."""
    q_page, d_page = _value_backed(
        claim, [v.index.quantities for v in views], [v.index.dates for v in views]
    )
    q_win, d_win = _value_backed(claim, *_all_window_values(views))
    missing: list[Quantity | DateMention] = [
        q for q, ok in zip(claim.quantities, q_page, strict=True) if not ok
    ]
    missing += [d for d, ok in zip(claim.dates, d_page, strict=True) if not ok]
    # A byline date taken for the event's, or a value the page has elsewhere while the
    # windows state another in its place, is not backed by the windows, and is contradicted.
    missing_at = {m.start for m in missing}
    elsewhere = {m.start for m in _byline_dates(claim, views)}
    elsewhere |= {m.start for m in _shifted(claim, views, config)}
    elsewhere -= missing_at
    return {
        "missing_values": float(min(3, q_page.count(False) + d_page.count(False))),
        "window_missing_values": float(
            min(3, q_win.count(False) + d_win.count(False) + len(elsewhere))
        ),
        "contradicted_values": float(
            min(
                2,
                _contradicted(claim, missing, views, config)
                + len(elsewhere)
                + _every_conflict(claim, views),
            )
        ),
    }


_EVERY_N_RE = re.compile(
    r"\bevery\s+(?:(?P<n>\d+|other|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"fifteen|twenty|thirty)\s+)?(?P<unit>[a-z]+)",
    re.IGNORECASE,
)


_EACH_RE = re.compile(r"\beach\b", re.IGNORECASE)


def _every_conflict(claim: _Claim, views: Sequence[_SourceView]) -> int:
    """A frequency the best window states with another count: "every five cycles" / "every cycle".

    Small counts are words, not values (``normalize``), so a rate written
    "every N units" is compared here: every source's best window must say
    "every" (or "each") with the same unit and another count, or none, and
    never the claim's.
    """
    claimed = [
        (m.group("n").lower(), stem(m.group("unit").lower()))
        for m in _EVERY_N_RE.finditer(claim.text)
        if m.group("n")
    ]
    if not claimed or not views:
        return 0
    count = 0
    for n, unit in claimed:
        conflicts = True
        for v in views:
            stated = _window_rates(v)
            if (n, unit) in stated or not any(u == unit for _, u in stated):
                conflicts = False
                break
        count += conflicts
    return count


def _window_rates(view: _SourceView) -> set[tuple[str, str]]:
    """("five", "cycl") for each "every five cycles" of the view's best window ("" for none)."""
    out: set[tuple[str, str]] = set()
    for w in view.windows[:1]:
        text = _EACH_RE.sub("every", " ".join(view.index.sentences[w.start : w.end]))
        for m in _EVERY_N_RE.finditer(text):
            out.add(((m.group("n") or "").lower(), stem(m.group("unit").lower())))
    return out


def _missing_names(
    claim: _Claim, views: Sequence[_SourceView], page_stems: frozenset[str], config: Config
) -> int:
    prefixes = frozenset().union(*(v.index.prefixes for v in views))
    return sum(
        1
        for w in claim.words
        if w.is_name
        and not _word_backed(w, page_stems)
        and w.stems[0][: config.name_prefix] not in prefixes
    )


def _contradicted_names(
    claim: _Claim, views: Sequence[_SourceView], page_stems: frozenset[str], config: Config
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
        if _word_backed(w, page_stems) or w.stems[0][: config.name_prefix] in prefixes:
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
    anchors: list[tuple[str, int]], claim_lower: set[str], views: Sequence[_SourceView]
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


def _window_penalties(claim: _Claim, views: Sequence[_SourceView]) -> dict[str, float]:
    """Negation mismatch and heading share of the best window of the most favourable source.

    A source without any matching window counts as the worst case, so adding
    a source never adds a penalty.
    """
    best = [(v.index, v.windows[0]) for v in views if v.windows]
    return {
        "negation_mismatch": min(
            (float(claim.negated != any(ix.negated[w.start : w.end])) for ix, w in best),
            default=1.0,
        ),
        "heading_share": min(
            (sum(ix.heading[w.start : w.end]) / (w.end - w.start) for ix, w in best),
            default=1.0,
        ),
    }


# ---------------------------------------------------------------- unsupported spans


def _unsupported_spans(
    claim: _Claim, views: Sequence[_SourceView], config: Config
) -> tuple[models.Span, ...]:
    """Claim words no best window backs, joined into phrases across stopwords."""
    window_stems = frozenset().union(*(v.covered for v in views))
    bad: list[tuple[int, int]] = [
        (w.token.start, w.token.end) for w in claim.words if not _word_backed(w, window_stems)
    ]
    q_ok, d_ok = _value_backed(claim, *_all_window_values(views))
    bad += [(q.start, q.end) for q, ok in zip(claim.quantities, q_ok, strict=True) if not ok]
    bad += [(d.start, d.end) for d, ok in zip(claim.dates, d_ok, strict=True) if not ok]
    for d in (*_byline_dates(claim, views), *_shifted(claim, views, config)):
        if (d.start, d.end) not in bad:
            bad.append((d.start, d.end))
    return tuple(
        models.Span(start=s, end=e, text=claim.text[s:e]) for s, e in _merge(claim, sorted(bad))
    )


def _merge(claim: _Claim, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


def _phrase_start(claim: _Claim, start: int) -> int:
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


def _only_filler(claim: _Claim, start: int, end: int) -> bool:
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


# ---------------------------------------------------------------- combining


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
