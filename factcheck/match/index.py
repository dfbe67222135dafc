"""Document -> DocIndex: sentences, stems, postings, headings and values, built once per page.

Everything retrieval and the signals read from a page is computed here in one pass,
so matching many claims against one page costs one indexing. The built index is also
kept in the cache next to the extracted text (``dump_index`` / ``load_index``), under
a hash of the document's text, the settings that shape the index and
``INDEX_VERSION``, so a page is indexed once across runs and a changed matcher
rebuilds it.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from factcheck import models
from factcheck.config import Config
from factcheck.normalize import (
    DateMention,
    Quantity,
    QuantitySet,
    date_keys,
    find_dates,
    find_quantities,
)
from factcheck.text import (
    acronyms,
    content_stems,
    fold,
    split_sentences,
)

_T = TypeVar("_T")


@dataclass(slots=True)
class DocIndex:
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
    sentence_values: SentenceValues
    """Numbers and date keys of each sentence that has any."""
    quantities: QuantitySet
    dates: frozenset[str]
    head_quantities: QuantitySet
    head_dates: frozenset[str]
    doc: models.Document
    memo: dict[tuple[str, int], Any] = field(default_factory=dict)
    """What signals derive from one sentence, kept for the next claim (``memo_of``): a page
    cited by many claims is read once, not once per claim. Never stored on disk."""
    _lower: str | None = None

    @property
    def lower_text(self) -> str:
        """The title and text squashed for verbatim quote search, made when a claim first
        quotes: most never do, and on a 5 MB page it costs a tenth of a second."""
        if self._lower is None:
            self._lower = squash((self.doc.title or "") + "\n" + self.doc.text)
        return self._lower


def memo_of(index: DocIndex, kind: str, i: int, make: Callable[[str], _T]) -> _T:
    """``make(sentence i)``, computed once per index and ``kind``."""
    key = (kind, i)
    if key not in index.memo:
        index.memo[key] = make(index.sentences[i])
    found: _T = index.memo[key]
    return found


_NEG_RE = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n't")


def is_heading(sentence: str, whole_line: bool, max_words: int) -> bool:
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


class SentenceValues:
    """Each sentence's values by its index; those of a stored index are decoded when a
    claim's window first reads them (a 5 MB page has tens of thousands, a claim's
    windows a handful)."""

    __slots__ = ("_decoded", "_stored")

    def __init__(self, decoded: dict[int, _SentenceValues],
                 stored: dict[int, tuple[list[Any], list[str]]] | None = None) -> None:
        self._decoded = decoded
        self._stored = stored or {}

    def get(self, i: int) -> _SentenceValues | None:
        found = self._decoded.get(i)
        if found is None and i in self._stored:
            quantities, keys = self._stored.pop(i)
            found = self._decoded[i] = (_read_quantity_set(quantities), frozenset(keys))
        return found

    def items(self) -> list[tuple[int, _SentenceValues]]:
        """Every sentence's values, all decoded, in sentence order."""
        for i in list(self._stored):
            self.get(i)
        return sorted(self._decoded.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SentenceValues) and self.items() == other.items()

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def read(cls, rows: list[Any]) -> SentenceValues:
        """Stored rows ``[i, quantities, keys]``, checked for shape now and decoded later."""
        stored: dict[int, tuple[list[Any], list[str]]] = {}
        for i, quantities, keys in rows:
            if not (type(i) is int and type(quantities) is list and len(quantities) == 4
                    and type(keys) is list):
                raise ValueError("malformed stored values")
            stored[i] = (quantities, keys)
        return cls({}, stored)


def _per_sentence(
    text: str, spans: list[tuple[int, int]]
) -> tuple[SentenceValues, QuantitySet, frozenset[str]]:
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
    return SentenceValues(per), QuantitySet.build(found, years), frozenset(keys)


def build_index(doc: models.Document, config: Config) -> DocIndex:
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
        heading.append(is_heading(sentence, whole_line, config.heading_max_words))
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
    return DocIndex(
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
        doc=doc,
    )


def squash(text: str) -> str:
    """Lower case, straight quotes and single spaces, for verbatim quote search."""
    text = (
        text.lower()
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2019", "'")
        .replace("\u2018", "'")
    )
    return " ".join(text.split())


INDEX_VERSION = 1
"""Bumped whenever ``build_index`` or ``DocIndex`` changes, so an index stored by older
code is built again instead of being read."""


def index_key(doc: models.Document, config: Config) -> str:
    """The stored index's name: the document's text, what shapes its index, the version."""
    digest = hashlib.sha256(
        f"factcheck-index {INDEX_VERSION} {config.heading_max_words} "
        f"{config.dateline_sentences} {config.name_prefix}\n".encode()
    )
    for part in (doc.title or "", *doc.paragraphs):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _quantity_set(q: QuantitySet) -> list[Any]:
    return [sorted(q.exact), sorted(q.rounded), sorted(q.tolerances), sorted(q.percents)]


def _read_quantity_set(value: Any) -> QuantitySet:
    exact, rounded, tolerances, percents = value
    return QuantitySet(exact=frozenset(map(float, exact)),
                       rounded=frozenset((float(t), float(v)) for t, v in rounded),
                       tolerances=frozenset(map(float, tolerances)),
                       percents=frozenset(map(float, percents)))


def dump_index(index: DocIndex, key: str) -> dict[str, Any]:
    """The index as JSON-ready data; what ``load_index`` derives again is left out."""
    return {
        "version": INDEX_VERSION,
        "key": key,
        "sentences": index.sentences,
        "stems": [sorted(s) for s in index.stems],
        "heading": "".join("1" if h else "0" for h in index.heading),
        "negated": "".join("1" if n else "0" for n in index.negated),
        "title_stems": sorted(index.title_stems),
        "sentence_values": [[i, _quantity_set(q), sorted(keys)]
                            for i, (q, keys) in index.sentence_values.items()],
        "quantities": _quantity_set(index.quantities),
        "dates": sorted(index.dates),
        "head_quantities": _quantity_set(index.head_quantities),
        "head_dates": sorted(index.head_dates),
    }


def load_index(
    payload: dict[str, Any] | None, key: str, doc: models.Document, config: Config
) -> DocIndex | None:
    """The stored index of ``doc``, or None when it is absent, from another version or
    document, or malformed (it is then built again)."""
    if payload is None or payload.get("version") != INDEX_VERSION or payload.get("key") != key:
        return None
    with collector_paused():
        try:
            return _from_payload(payload, doc, config)
        except (KeyError, TypeError, ValueError):
            return None


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off while a stored index is decoded and rebuilt: hundreds of
    thousands of small lists and sets are made and all stay alive, and the collector
    would scan them again and again (four times the decoding's own cost)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _from_payload(payload: dict[str, Any], doc: models.Document, config: Config) -> DocIndex:
    sentences: list[str] = payload["sentences"]
    stems = [frozenset(s) for s in payload["stems"]]
    heading = [c == "1" for c in payload["heading"]]
    negated = [c == "1" for c in payload["negated"]]
    if not (len(sentences) == len(stems) == len(heading) == len(negated)) or not all(
            isinstance(s, str) for s in sentences):
        raise ValueError("inconsistent stored index")
    postings: dict[str, list[int]] = {}
    for i, sset in enumerate(stems):
        for stem in sset:
            postings.setdefault(stem, []).append(i)
    title = doc.title or ""
    title_stems = frozenset(payload["title_stems"])
    return DocIndex(
        sentences=sentences,
        stems=stems,
        postings=postings,
        heading=heading,
        negated=negated,
        title=title,
        title_stems=title_stems,
        all_stems=frozenset(postings) | title_stems,
        prefixes=frozenset(s[: config.name_prefix] for s in (*postings, *title_stems)
                           if len(s) >= config.name_prefix),
        sentence_values=SentenceValues.read(payload["sentence_values"]),
        quantities=_read_quantity_set(payload["quantities"]),
        dates=frozenset(payload["dates"]),
        head_quantities=_read_quantity_set(payload["head_quantities"]),
        head_dates=frozenset(payload["head_dates"]),
        doc=doc,
    )
