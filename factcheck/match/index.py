"""Document -> DocIndex: sentences, stems, postings, headings and values, built once per page.

Everything retrieval and the signals read from a page is computed here in one pass,
so matching many claims against one page costs one indexing. The built index is also
kept in the cache next to the extracted text (``dump_index`` / ``load_index``), under
a hash of the document's text, the settings that shape the index and
``INDEX_VERSION``, so a page is indexed once across runs and a changed matcher
rebuilds it.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast, overload

from factcheck import models
from factcheck.config import Config
from factcheck.normalize import (
    Quantity,
    QuantitySet,
    date_keys,
    find_dates,
    find_quantities,
    page_quantities,
)
from factcheck.text import (
    LazyPostings,
    StemPostings,
    fold_in_place,
    sentence_stems,
    split_sentences,
    terms,
)

_T = TypeVar("_T")


@dataclass(slots=True)
class DocIndex:
    """Everything the scorer needs from one document, computed once."""

    sentences: list[str]
    stems: SentenceStems
    postings: Mapping[str, array[int]]
    """Stem -> the sentences holding it, ascending, as 32-bit numbers: compact, stored
    as they are and summed by retrieval without a Python loop."""
    heading: list[bool]
    negated: Sequence[bool]
    """Whether each sentence holds a negation (``SentenceNegations``)."""
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
    _lower: str | None = None

    @property
    def lower_text(self) -> str:
        """The title and text squashed for verbatim quote search, made when a claim first
        quotes: most never do, and on a 5 MB page it costs a tenth of a second."""
        if self._lower is None:
            self._lower = squash((self.doc.title or "") + "\n" + self.doc.text)
        return self._lower


_NEG_RE = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n't")


def is_heading(sentence: str, whole_line: bool, max_words: int) -> bool:
    """Headings, menus and captions: short lines without final punctuation."""
    if sentence.startswith(("#", "|", "*", "-", "•")) and whole_line:
        return True
    if not whole_line or sentence.rstrip().endswith((".", "!", "?")):
        return False
    # The first words decide most lines: a third of WiCE's lines run past ``max_words``,
    # and splitting and reading every word of them was 0.01 s of its 3 MB.
    first = sentence.split(None, max_words + 1)
    if len(first) <= max_words:
        return True
    if sum(1 for w in first[: max_words + 1] if w[0].isalnum()) > max_words:
        return False
    return sum(1 for w in sentence.split() if w[0].isalnum()) <= max_words


def _values(text: str, *, folded: str | None = None
            ) -> tuple[list[Quantity], set[str], list[float]]:
    """Quantities, date keys and years (a year in a date also backs the bare number).
    Given ``folded`` (the ``fold_in_place`` of a page's whole text, whose values are one
    set), each figure is read once."""
    dates = find_dates(text)
    # Every number word of a page may back a claim's; only counted ones contradict.
    skip = [(d.start, d.end) for d in dates]
    quantities = find_quantities(text, skip, every_word=True) if folded is None else (
        page_quantities(text, skip, folded))
    keys: set[str] = set()
    # Each day named once: a page names the same days again and again.
    for d in {(d.year, d.month, d.day): d for d in dates}.values():
        keys |= date_keys(d)
    return quantities, keys, [float(d.year) for d in dates if d.year is not None]


_SentenceValues = tuple[QuantitySet, frozenset[str]]


class SentenceValues:
    """Each sentence's values by its index, read from the sentence when a claim's window
    first asks for it. A 5 MB page has tens of thousands of sentences with values and a
    claim's windows read a handful: reading them all cost half of the page's indexing,
    and storing them a third of its stored index. A sentence read alone gives the values
    the whole text gives it, because no date or figure runs across a line."""

    __slots__ = ("_derived", "_read", "_sentences")

    def __init__(self, sentences: Sequence[str]) -> None:
        self._sentences = sentences
        self._read: dict[int, _SentenceValues | None] = {}
        self._derived: dict[int, Any] = {}

    def get(self, i: int) -> _SentenceValues | None:
        """The sentence's quantities and date keys; None when it has neither."""
        if i in self._read:
            return self._read[i]
        found: _SentenceValues | None = None
        if 0 <= i < len(self._sentences):
            quantities, keys, years = _values(self._sentences[i])
            if quantities or keys or years:
                found = (QuantitySet.build(quantities, years), frozenset(keys))
        self._read[i] = found
        return found

    def derived(self, i: int, make: Callable[[str], _T]) -> _T:
        """What ``make`` reads from sentence ``i``, made once per page and kept. One
        reader uses it (the value signals' figures with their words, read again for each
        claim figure the page states); a second would need a key of its own."""
        if i not in self._derived:
            self._derived[i] = make(self._sentences[i])
        return cast(_T, self._derived[i])

    def items(self) -> list[tuple[int, _SentenceValues]]:
        """Every sentence's values that has any, in sentence order."""
        found = ((i, self.get(i)) for i in range(len(self._sentences)))
        return [(i, values) for i, values in found if values is not None]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SentenceValues) and self.items() == other.items()

    __hash__ = None  # type: ignore[assignment]


class _PerSentence(Sequence[_T]):
    """A value for each of ``n`` sentences, made when a claim's window first reads the
    sentence and kept: a claim's windows read a handful of a page's tens of thousands of
    sentences."""

    __slots__ = ("_made", "_n")

    def __init__(self, n: int) -> None:
        self._n = n
        self._made: dict[int, _T] = {}

    def _make(self, i: int) -> _T:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> _T: ...
    @overload
    def __getitem__(self, i: slice) -> list[_T]: ...
    def __getitem__(self, i: int | slice) -> _T | list[_T]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        found = self._made.get(i)
        if found is None:
            if not -self._n <= i < self._n:
                raise IndexError(i)
            found = self._made[i] = self._make(i % self._n)
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class SentenceNegations(_PerSentence[bool]):
    """Whether each sentence holds a negation. Searching every sentence of a 5 MB page
    cost 6 % of its indexing; not stored, as it is quicker to read again than to
    decode."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[str]) -> None:
        super().__init__(len(rows))
        self._rows = rows

    def _make(self, i: int) -> bool:
        return _NEG_RE.search(fold_in_place(self._rows[i])) is not None


class SentenceStems(_PerSentence[frozenset[str]]):
    """Each sentence's stems (``sentence_stems``), kept as numbers into the postings'
    stems (``text.Terms``) and made a set when a claim's window reads the sentence:
    making tens of thousands of sets that no window reads was a third of a 5 MB page's
    indexing, and stemming a sentence again when read made matching a fifth slower."""

    __slots__ = ("_ids", "_names", "_offsets")

    def __init__(self, names: Sequence[str], ids: Any, offsets: Any) -> None:
        super().__init__(len(offsets) - 1)
        self._names, self._ids, self._offsets = names, ids, offsets

    def _make(self, i: int) -> frozenset[str]:
        ids = self._ids[self._offsets[i] : self._offsets[i + 1]].tolist()
        return frozenset(map(self._names.__getitem__, ids))

    @property
    def ids(self) -> Any:
        """Every sentence's stem numbers, sentence after sentence (numpy)."""
        return self._ids

    @property
    def counts(self) -> Any:
        """How many stems each sentence has (numpy)."""
        return self._offsets[1:] - self._offsets[:-1]


class Postings(LazyPostings):
    """A stored index's postings: each stem's kept as the base64 of its numbers, decoded
    when a claim first asks for that stem."""

    __slots__ = ("_joined", "_stems")

    def __init__(self, joined: dict[str, str], stems: Sequence[frozenset[str]]) -> None:
        super().__init__(joined)
        self._joined = joined
        self._stems = stems

    def _make(self, stem: str) -> array[int]:
        return _numbers(self._joined[stem], len(self._stems)) or array(
            # Damaged on disk: read from the sentences' own stems instead.
            "I", (i for i, stems in enumerate(self._stems) if stem in stems))


def _numbers(encoded: str, n: int) -> array[int] | None:
    """Stored postings decoded, or None unless they are ascending sentence numbers."""
    import numpy

    try:
        raw = base64.b64decode(encoded, validate=True)
    except ValueError:
        return None
    if not raw or len(raw) % 4:
        return None
    found = array("I", raw)
    if sys.byteorder == "big":
        found.byteswap()
    view = numpy.frombuffer(found, dtype=numpy.uint32).astype(numpy.int64)
    if view[-1] >= n or not (view[1:] > view[:-1]).all():
        return None
    return found


def _encoded_numpy(numbers: Any) -> str:
    """Non-negative numbers below 2**32 as the base64 of little-endian 32-bit words."""
    return base64.b64encode(numbers.astype("<u4").tobytes()).decode("ascii")


def _encoded(numbers: array[int]) -> str:
    if sys.byteorder == "big":
        numbers = array("I", numbers)
        numbers.byteswap()
    return base64.b64encode(numbers.tobytes()).decode("ascii")


def build_index(doc: models.Document, config: Config) -> DocIndex:
    """The page's index, made with the garbage collector paused: its tens of thousands
    of spans, name runs and values are made at once and mostly stay alive, and the
    collector scanned them again and again (on WiCE's 3 MB of pages, 0.045 s of 0.66)."""
    with collector_paused():
        return _built(doc, config)


def _built(doc: models.Document, config: Config) -> DocIndex:
    text = doc.text
    spans = list(split_sentences(text))
    sentences = [text[a:b] for a, b in spans]
    n = len(text)
    heading = [(a == 0 or text[a - 1] == "\n") and (b == n or text[b] == "\n")
               and is_heading(sentence, True, config.heading_max_words)
               for (a, b), sentence in zip(spans, sentences, strict=True)]
    # Folded once for the stems and the figures: on WiCE's 3 MB of pages, 0.03 s each.
    low = fold_in_place(text)
    found = terms(text, spans, low)
    postings = found.postings
    title = doc.title or ""
    title_stems = sentence_stems(title)
    quantities, keys, years = _values(text, folded=low)
    title_q, title_keys, title_years = _values(title)
    head = title + "\n" + "\n".join(sentences[: config.dateline_sentences])
    head_q, head_keys, head_years = _values(head)
    return DocIndex(
        sentences=sentences,
        stems=SentenceStems(list(postings), found.ids, found.offsets),
        postings=postings,
        heading=heading,
        negated=SentenceNegations(sentences),
        title=title,
        title_stems=title_stems,
        all_stems=frozenset(postings) | title_stems,
        prefixes=frozenset({s[: config.name_prefix] for s in (*postings, *title_stems)
                            if len(s) >= config.name_prefix}),
        sentence_values=SentenceValues(sentences),
        quantities=QuantitySet.build(quantities + title_q, years + title_years),
        dates=frozenset(keys | title_keys),
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


INDEX_VERSION = 11
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
    return [sorted(q.exact), sorted(q.rounded), sorted(q.tolerances), sorted(q.percents),
            sorted(q.clocks), sorted(q.spans)]


def _read_quantity_set(value: Any) -> QuantitySet:
    exact, rounded, tolerances, percents, clocks, spans = value
    return QuantitySet(exact=frozenset(map(float, exact)),
                       rounded=frozenset((float(t), float(v)) for t, v in rounded),
                       tolerances=frozenset(map(float, tolerances)),
                       percents=frozenset(map(float, percents)),
                       clocks=frozenset(map(float, clocks)),
                       spans=frozenset(map(float, spans)))


def dump_index(index: DocIndex, key: str) -> dict[str, Any]:
    """The index as JSON-ready data; what ``load_index`` derives again is left out."""
    return {
        "version": INDEX_VERSION,
        "key": key,
        "sentences": index.sentences,
        "postings": index.postings.encoded() if isinstance(index.postings, StemPostings)
        else {s: _encoded(ids) for s, ids in index.postings.items()},
        "stem_ids": _encoded_numpy(index.stems.ids),
        "stem_counts": _encoded_numpy(index.stems.counts),
        "heading": "".join("1" if h else "0" for h in index.heading),
        "title_stems": sorted(index.title_stems),
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


def _stored_stems(payload: dict[str, Any], names: list[str], n: int) -> SentenceStems:
    """The sentences' stems of a stored index, checked: a count for each sentence, and
    numbers that name stems of its postings."""
    import numpy

    ids, counts = (numpy.frombuffer(base64.b64decode(payload[k], validate=True), dtype="<u4")
                   for k in ("stem_ids", "stem_counts"))
    offsets = numpy.zeros(n + 1, dtype=numpy.int64)
    if len(counts) != n:
        raise ValueError("a stem count for each sentence")
    numpy.cumsum(counts, out=offsets[1:])
    if offsets[-1] != len(ids) or (len(ids) and int(ids.max()) >= len(names)):
        raise ValueError("stems beyond the stored postings")
    return SentenceStems(names, ids, offsets)


def _from_payload(payload: dict[str, Any], doc: models.Document, config: Config) -> DocIndex:
    sentences: list[str] = payload["sentences"]
    joined_postings: dict[str, str] = payload["postings"]
    heading = [c == "1" for c in payload["heading"]]
    if not len(sentences) == len(heading) or not all(type(s) is str for s in sentences):
        raise ValueError("inconsistent stored index")
    # The numbers are decoded, and checked, when a claim asks for them (``_numbers``).
    if type(joined_postings) is not dict or not all(
            type(v) is str for v in joined_postings.values()):
        raise ValueError("malformed stored postings")
    stems = _stored_stems(payload, list(joined_postings), len(sentences))
    postings = Postings(joined_postings, stems)
    title = doc.title or ""
    title_stems = frozenset(payload["title_stems"])
    return DocIndex(
        sentences=sentences,
        stems=stems,
        postings=postings,
        heading=heading,
        negated=SentenceNegations(sentences),
        title=title,
        title_stems=title_stems,
        all_stems=frozenset(postings) | title_stems,
        prefixes=frozenset(s[: config.name_prefix] for s in (*postings, *title_stems)
                           if len(s) >= config.name_prefix),
        sentence_values=SentenceValues(sentences),
        quantities=_read_quantity_set(payload["quantities"]),
        dates=frozenset(payload["dates"]),
        head_quantities=_read_quantity_set(payload["head_quantities"]),
        head_dates=frozenset(payload["head_dates"]),
        doc=doc,
    )
