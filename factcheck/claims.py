"""Sentences and citation markers of one block of prose -> claim candidates.

``draft.py`` cuts the draft into blocks (paragraphs, list items, table cells)
and hands each block here as a :class:`Block`: the block's text with every
position kept, and the spans that must never hold a citation (inline code,
link targets). This module then

1. finds the citation markers (``[1]``, ``[1, 2]``, ``[1-3]``, ``[^note]``,
   ``[citation needed]``) and removes them, with the space before them, so the
   sentence splitter never sees them (``text.[1] Next`` is one sentence to
   every splitter);
2. splits the cleaned text into sentences with a spaCy pipeline
   (:func:`load_nlp`, injected so tests and the pipeline load it once);
3. re-attaches each marker to the sentence it ends (or, for mid-sentence
   markers, to the clause it ends); an inline link (``Block.links``, found by
   whichever reader made the block) cites its URL for the whole sentence it
   sits in, or for the clause of a bracketed marker that follows it, and
4. decides, with the tunable :class:`CheckWorthiness` rules, which uncited
   sentences state a checkable fact.

Positions: every candidate keeps the 0-based offset of its first character
in the draft text it came from, so lines and columns are exact.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from thinc.types import Ints2d

# ---------------------------------------------------------------------------
# Citation markers

_NUM_ITEM = r"\s*\d{1,4}\s*(?:[-\u2013\u2014]\s*\d{1,4}\s*)?"
# A page or section locator inside the brackets: ``[3, p. 12]``, ``[3: pp. 4-6]``.
_LOCATOR = (
    r"(?:\s*[,:]\s*(?:pp?\.|pages?|ch\.|chap\.|sec\.|para\.|\u00a7)\s*"
    r"\d+(?:\s*[-\u2013]\s*\d+)?\s*)"
)
# A page after the bracket, as wikis render it: ``[1]:23`` or ``[1]: 23-25``.
_PAGE_SUFFIX = r"(?::\s?\d{1,5}(?:[-\u2013]\d{1,5})?(?![\d/]))?"
# ``[1]``, ``[1, 2]``, ``[1-3]``, ``[1, p. 4]``, ``【1】``; not a Markdown link
# ``[1](url)`` unless the link only jumps to an anchor of the page
# (``[1](#ref-1)``, as HTML converters write citations); definitions
# ``[1]: url`` never get here.
NUMERIC_MARKER = re.compile(
    rf"[\[\u3010\uff3b](?P<nums>{_NUM_ITEM}{_LOCATOR}?(?:[,;]{_NUM_ITEM}{_LOCATOR}?)*)"
    rf"[\]\u3011\uff3d]{_PAGE_SUFFIX}(?!\((?!#))"
)
FOOTNOTE_MARKER = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
# ``[citation needed]`` and the wiki tags that say the same of a sentence.
NEEDED_MARKER = re.compile(
    r"\[\s*(?:(?:citation|better\s+source|verification|non-primary\s+source|third-party\s+source|"
    r"full\s+citation)\s+needed|failed\s+verification|unreliable\s+source\??)\s*\]",
    re.IGNORECASE,
)
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_AFTER_PUNCT = r"(?<=[.,;:!?\"\u201d\u2019)\]])"
# Superscript numbers count only after punctuation, so "km\u00b2" is no citation.
SUPERSCRIPT_MARKER = re.compile(
    rf"{_AFTER_PUNCT}(?:[{_SUPERSCRIPTS}]+(?:[,\u02d2\u00b7-][{_SUPERSCRIPTS}]+)*"
    r"|<sup>\s*\[?\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4})*\]?\s*</sup>)",
    re.IGNORECASE,
)
_MARKER = re.compile(
    "|".join(
        f"(?:{p.pattern})"
        for p in (NUMERIC_MARKER, FOOTNOTE_MARKER, NEEDED_MARKER, SUPERSCRIPT_MARKER)
    ),
    re.IGNORECASE,
)
_LOCATORS = re.compile(_LOCATOR, re.IGNORECASE)
_SUPER_TO_ASCII = str.maketrans(_SUPERSCRIPTS, "0123456789")
# A range wider than this is a typo or a year range, not a citation list.
MAX_RANGE = 50


def expand_ids(nums: str) -> tuple[str, ...]:
    """``"1, 3-5"`` -> ``("1", "3", "4", "5")``; order kept, repeats dropped."""
    ids: list[str] = []
    for item in re.split(r"[,;]", nums):
        bounds = [int(n) for n in re.findall(r"\d+", item)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= MAX_RANGE:
            ids.extend(str(n) for n in range(bounds[0], bounds[1] + 1))
        else:
            ids.extend(str(n) for n in bounds)
    return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True, kw_only=True)
class Marker:
    """One citation marker found in a block (positions into the draft text)."""

    start: int
    end: int
    ids: tuple[str, ...]
    needed: bool = False
    inline: bool = False
    """An inline link: it cites for its whole sentence, not only the clause before it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InlineLink:
    """A link in a block's prose that cites its URL (``[the agency](https://...)``,
    ``<a href="https://...">``): found by the draft's reader, which also decides what is
    navigation rather than a citation. ``pos`` is where the link's text ends."""

    pos: int
    url: str
    text: str


def _marker_ids(match: re.Match[str]) -> tuple[tuple[str, ...], bool]:
    text = match.group(0)
    if NEEDED_MARKER.fullmatch(text):
        return (), True
    if text.startswith("[^"):
        return (text[2:-1],), False
    if text[0] in "[\u3010\uff3b":
        inside = re.split(r"[\]\u3011\uff3d]", text[1:])[0]
        return expand_ids(_LOCATORS.sub("", inside)), False
    inner = re.sub(r"</?sup>|[\[\]]", "", text, flags=re.IGNORECASE)
    return expand_ids(
        inner.translate(_SUPER_TO_ASCII).replace("\u02d2", ",").replace("\u00b7", ",")
    ), False


def has_marker(text: str) -> bool:
    """Whether ``text`` holds anything that looks like a citation marker."""
    return _MARKER.search(text) is not None


def find_markers(
    text: str, start: int, end: int, protected: Sequence[tuple[int, int]]
) -> list[Marker]:
    """Markers in ``text[start:end]`` outside the ``protected`` spans."""
    markers = []
    for match in _MARKER.finditer(text, start, end):
        if _inside(match.start(), protected):
            continue
        ids, needed = _marker_ids(match)
        markers.append(Marker(start=match.start(), end=match.end(), ids=ids, needed=needed))
    return markers


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


# ---------------------------------------------------------------------------
# Blocks and cleaned text


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A run of prose from the draft, described by positions into ``text``.

    ``delete`` spans are dropped from the prose (container prefixes such as
    ``> ``, link syntax, inline HTML, comments); ``protected`` spans stay in
    the prose but never hold citations (inline code, link text and targets).
    ``kind`` is ``paragraph``, ``item`` (a list item) or ``cell`` (a table
    cell); items and cells are often fragments without final punctuation.
    """

    start: int
    end: int
    kind: str = "paragraph"
    delete: tuple[tuple[int, int], ...] = ()
    protected: tuple[tuple[int, int], ...] = ()
    links: tuple[InlineLink, ...] = ()
    """Inline links that cite: each becomes a citation whose id is the link's URL (the
    draft then gives each cited URL its reference id, see ``draft.inline_references``)."""


@dataclass(slots=True)
class _Clean:
    """Block text with deletions applied, and the way back to draft offsets."""

    text: str
    seg_clean: list[int] = field(default_factory=list)
    seg_orig: list[int] = field(default_factory=list)

    def orig(self, pos: int) -> int:
        i = bisect.bisect_right(self.seg_clean, pos) - 1
        return self.seg_orig[i] + (pos - self.seg_clean[i])


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _clean(text: str, block: Block, deletions: Iterable[tuple[int, int]]) -> _Clean:
    parts: list[str] = []
    out = _Clean(text="")
    pos, clean_len = block.start, 0
    for a, b in [*_merge(d for d in deletions if d[1] > block.start), (block.end, block.end)]:
        a, b = max(a, block.start), min(b, block.end)
        if a > pos:
            out.seg_clean.append(clean_len)
            out.seg_orig.append(pos)
            parts.append(text[pos:a])
            clean_len += a - pos
        pos = max(pos, b)
    if not out.seg_clean:
        out.seg_clean.append(0)
        out.seg_orig.append(block.start)
    # Newlines inside a block are soft breaks: the splitter must not cut there.
    out.text = "".join(parts).replace("\n", " ").replace("\t", " ")
    return out


def _marker_deletion(text: str, marker: Marker, floor: int, after_marker: bool) -> tuple[int, int]:
    """The marker plus the space before it (``text [1].`` -> ``text.``).

    Right after another marker, the separator goes too: ``[1], [2]`` leaves no comma.
    """
    a = marker.start
    gap = " \t,;" if after_marker else " \t"
    while a > floor and text[a - 1] in gap:
        a -= 1
    if after_marker and a > floor:
        a = marker.start  # other text in between: only the marker's own space goes
        while a > floor and text[a - 1] in " \t":
            a -= 1
    return a, marker.end


# ---------------------------------------------------------------------------
# Sentence boundaries

# pysbd is quadratic in its input (300 KB took 40 s); longer blocks are cut
# into pieces this size at likely sentence ends before it sees them.
MAX_SEGMENT_CHARS = 4000
_LIKELY_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[A-Z\"\u201c])")


@functools.cache
def load_nlp() -> Language:
    """The sentence pipeline, loaded once per process.

    A trained English pipeline (``en_core_web_sm``/``md``/``lg``) is used when
    one is installed, with pysbd boundaries set before its parser; otherwise
    ``spacy.blank("en")`` plus the pysbd component. No download is ever
    attempted, so the default works offline.
    """
    import spacy

    _register_pysbd()
    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg"):
        try:
            # Only boundaries are used; the components that cost most and add nothing go.
            nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler", "ner"])
        except OSError:
            continue
        # Boundaries set before the parser constrain it to pysbd's sentences.
        nlp.add_pipe("factcheck_pysbd", before="parser" if "parser" in nlp.pipe_names else None)
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_pysbd")
    return nlp


@functools.cache
def _register_pysbd() -> None:
    from spacy.language import Language

    Language.component("factcheck_pysbd", func=_pysbd_component)


@functools.cache
def _segmenter() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentence_starts(text: str) -> list[int]:
    """Character offsets where pysbd starts a sentence in ``text``.

    pysbd's processor returns the sentences verbatim (``clean=False``), so
    each is found by a forward search; a sentence pysbd altered is skipped,
    not guessed. (``Segmenter.segment`` would do the same search by compiling
    one regex per sentence, which costs more than the segmentation itself.)
    """
    if len(text) > MAX_SEGMENT_CHARS:
        return [
            offset + start for offset, piece in _chunks(text) for start in sentence_starts(piece)
        ]
    if not text.strip():
        return []
    starts: list[int] = []
    cursor = 0
    for sent in _segmenter().processor(text).process():  # type: ignore[attr-defined]
        piece = sent.strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:
            continue
        starts.append(found)
        cursor = found + len(piece)
    return starts


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """``text`` cut at likely sentence ends into pieces of at most ``MAX_SEGMENT_CHARS``.

    pysbd is quadratic in its input, so one huge unbroken block must never
    reach it whole; a cut falls after ``. `` before a capital when there is
    one, else at a space, else anywhere.
    """
    start = 0
    while len(text) - start > MAX_SEGMENT_CHARS:
        window = text[start : start + MAX_SEGMENT_CHARS]
        ends = [m.end() for m in _LIKELY_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > 0 else (window.rfind(" ") + 1 or len(window))
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _pysbd_component(doc: Doc) -> Doc:
    import numpy
    from spacy.attrs import SENT_START

    if not len(doc):
        return doc
    starts = numpy.array(sentence_starts(doc.text), dtype="uint64")
    # Whole-array reads and writes: setting ``token.is_sent_start`` one token
    # at a time rescans the doc each time, which is quadratic in a long block.
    idx = doc.to_array("IDX").astype("uint64")
    flags = numpy.where(numpy.isin(idx, starts), 1, -1).astype("int64")
    flags[0] = 1
    doc.from_array([SENT_START], cast("Ints2d", flags.reshape(-1, 1).astype("uint64")))
    return doc


def _doc_starts(doc: Doc) -> list[int]:
    """Character offsets of sentence starts, read as arrays (``doc.sents`` is slow).

    A doc without boundaries (a pipeline with no sentence component) is one sentence.
    """
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return []
    table = doc.to_array([IDX, SENT_START]).astype("int64")
    starts = table[table[:, 1] == 1, 0].tolist()
    return sorted({int(table[0, 0]), *starts})


# ---------------------------------------------------------------------------
# Check-worthiness

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
SIGNALS = ("number", "percentage", "date", "quotation", "superlative", "entity_action")
"""Every signal the check-worthiness rule knows; all are on by default."""
DEFAULT_PATTERNS: dict[str, str] = {
    "percentage": r"\d(?:[\d,.]*\d)?\s?%|\bper\s?cent\b|\bpercentage points?\b",
    "number": (
        r"(?<![\w.\-/])[$€£¥]?\d[\d,.]*(?:\s?(?:k|m|bn|tn|x|million|billion|trillion))?(?![\w\-])"
        r"|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b"
    ),
    "date": (
        rf"\b(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+\d{{4}}\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
        r"|\b(?:1[6-9]|20)\d\d\b"
        r"|\b(?:yesterday|last (?:week|month|year)|earlier this (?:week|month|year))\b"
    ),
    "quotation": r"[\"\u201c](?:\S+\s+){2,}[^\"\u201d]*?[\"\u201d]",
    "superlative": (
        r"\b(?:most|least)\s+\w+|\b(?:best|worst|largest|biggest|smallest|highest|lowest|"
        r"fastest|slowest|oldest|youngest|greatest|first|record|unprecedented|"
        r"fewest|cheapest|strongest|weakest|longest|shortest)\b"
    ),
}
_REPORTING_WORDS = (
    "said says say told tells announced announces announce reported reports stated states "
    "claimed claims confirmed confirms denied denies wrote writes argued argues added noted "
    "notes explained warned warns revealed reveals launched launches released releases "
    "unveiled unveils acquired acquires bought buys sold sells raised raises hired hires "
    "fired sued sues filed won wins lost signed signs agreed agrees approved approves "
    "rejected rejects banned bans founded published publishes described describes "
    "estimated estimates found finds showed shows predicted predicts expects plans "
    "invested invests spent earned paid cut appointed resigned joined partnered "
    "introduced introduces debuted debuts admitted admits promised promises"
)
REPORTING_VERBS = tuple(_REPORTING_WORDS.split())
# Capitalised words that start sentences or name nothing checkable.
_NOT_NAME_WORDS = (
    "A An The This That These Those It Its I We You He She They Our Their His Her My "
    "In On At For But And Or If When While As However Although Meanwhile Also So Yet "
    "Why How What Who Where Which There Here Some Many Most All Each Every No Not"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9&'\u2019.-]*[A-Za-z0-9]|\b[A-Z]\b")
_CODE = re.compile(r"`+[^`]*`+")
# Page furniture that carries dates and numbers but states nothing: "6 min read", "1,423 words".
_BYLINE = re.compile(r"\b\d+\s*min(?:ute)?s?\s+read\b|\b[\d,\s]+words\b\s*$", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|me|my|we|we're|we've|us|our)\b", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?[\s\"'\u201d\u2019)\]]*$")
_TERMINAL_END = re.compile(r"[.!?\u2026][\s\"'\u201d\u2019)\]*_]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckWorthiness:
    """Which signals make an uncited sentence need a citation.

    The default flags a sentence that contains a number or quantity, a
    percentage, a date or year, a quotation of three or more words, a
    superlative ("largest", "first", "record"), or a named person or
    organisation doing or saying something (a capitalised name that is not
    just the sentence's first word, plus a reporting/action verb such as
    "said", "announced", "acquired"). Questions and fragments without final
    punctuation (titles, bylines, navigation) never need a citation; list
    items and table cells are exempt from the punctuation rule when they have
    at least ``min_fragment_words`` words.

    Tune it by replacing fields, e.g.
    ``CheckWorthiness(signals=("number", "percentage"), extra_patterns=(("price", r"\\$\\d"),))``.
    """

    signals: tuple[str, ...] = SIGNALS
    patterns: tuple[tuple[str, str], ...] = tuple(DEFAULT_PATTERNS.items())
    """Regex for each regex-based signal name (``entity_action`` is code, not a regex)."""
    extra_patterns: tuple[tuple[str, str], ...] = ()
    """Additional ``(reason, regex)`` pairs, always active; matched case-sensitively."""
    reporting_verbs: tuple[str, ...] = tuple(REPORTING_VERBS)
    require_terminal_punctuation: bool = True
    min_fragment_words: int = 6
    min_words: int = 3
    """Sentences shorter than this are never check-worthy on their own."""
    opinions_exempt: bool = True
    """A first-person sentence whose only signal is a superlative is an opinion
    ("the best decision we made all year"), not a fact to cite."""

    def reasons(self, sentence: str, *, fragment_ok: bool = False) -> tuple[str, ...]:
        """Why ``sentence`` (citation markers removed) needs a citation; empty if not."""
        text = sentence.strip()
        if len(text.split()) < self.min_words or _QUESTION_END.search(text):
            return ()
        fragment = self.require_terminal_punctuation and not _TERMINAL_END.search(text)
        if fragment and not (fragment_ok and len(text.split()) >= self.min_fragment_words):
            return ()
        if _BYLINE.search(text):
            return ()
        # Inline code is quoted material, not a statement: ``items[1]`` is no number.
        text = _CODE.sub(" ", text)
        compiled = _compile(self.patterns + self.extra_patterns)
        found = [name for name, rx in compiled if name in self.signals and rx.search(text)]
        found += [name for name, rx in compiled[len(self.patterns) :] if rx.search(text)]
        if "entity_action" in self.signals and _entity_action(text, self.reporting_verbs):
            found.append("entity_action")
        if self.opinions_exempt and found == ["superlative"] and _FIRST_PERSON.search(text):
            return ()
        return tuple(dict.fromkeys(found))


@functools.cache
def _compile(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rx)) for name, rx in patterns)


def _entity_action(text: str, verbs: tuple[str, ...]) -> bool:
    words = set(re.findall(r"[a-z]+", text))
    if not words.intersection(verbs):
        return False
    for match in _NAME.finditer(text):
        word = match.group(0)
        if word in _NOT_NAMES:
            continue
        at_start = match.start() == len(text) - len(text.lstrip("\"'\u201c("))
        following = text[match.end() : match.end() + 2]
        # A lone capitalised first word is just how sentences start; a first
        # word followed by another name ("Meta Platforms") or with inner
        # capitals ("OpenAI") is a name.
        if not at_start or re.match(r" [A-Z]", following) or re.search(r"[a-z][A-Z]", word):
            return True
    return False


# ---------------------------------------------------------------------------
# Claim candidates


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A sentence or clause before it becomes a ``models.Claim``."""

    text: str
    offset: int
    citations: tuple[str, ...] = ()
    check_worthy: tuple[str, ...] = ()
    needs_citation_marker: bool = False


@dataclass(slots=True)
class _Group:
    pos: int
    ids: list[str]
    needed: bool
    inline: bool = False


# A sentence that only points somewhere: its inline links are navigation, not citations.
_NAVIGATION = re.compile(
    r"(?:read|see|click|visit|watch|listen|subscribe|follow|download|sign\s+up|share|"
    r"find\s+out\s+more|learn\s+more|more\s+(?:on|about|from)|related)\b",
    re.IGNORECASE,
)
_TRAILING_ONLY = re.compile(r"[\s.,;:!?\"'\u201d\u2019)\]*_\u2026-]*")
_LEADING_JUNK = " ,;:\u2014\u2013-"


def split_blocks(
    text: str,
    blocks: Sequence[Block],
    *,
    nlp: Language | None = None,
    rules: CheckWorthiness | None = None,
) -> Iterator[Candidate]:
    """Claim candidates of every block, in order: cited ones and check-worthy ones."""
    nlp = nlp if nlp is not None else load_nlp()
    rules = rules if rules is not None else CheckWorthiness()
    prepared = [_prepare(text, block) for block in blocks]
    docs = nlp.pipe(clean.text for clean, _ in prepared)
    for block, (clean, groups), doc in zip(blocks, prepared, docs, strict=True):
        starts = _doc_starts(doc) or [0]
        yield from _block_candidates(clean, groups, starts, block, rules)


def _prepare(text: str, block: Block) -> tuple[_Clean, list[_Group]]:
    markers = find_markers(text, block.start, block.end, block.protected)
    floor = block.start
    deletions = list(block.delete)
    for n, marker in enumerate(markers):
        deletions.append(_marker_deletion(text, marker, floor, after_marker=n > 0))
        floor = marker.end
    clean = _clean(text, block, deletions)
    # A link is a zero-width marker where its text ends; its syntax is already deleted.
    links = [Marker(start=link.pos, end=link.pos, ids=(link.url,), inline=True)
             for link in block.links]
    return clean, _groups(clean, sorted([*markers, *links], key=lambda m: m.start))


def _groups(clean: _Clean, markers: list[Marker]) -> list[_Group]:
    """Markers as clean-text positions; ``[1][2]`` and ``[1], [2]`` form one group."""
    groups: list[_Group] = []
    for marker in markers:
        pos = _clean_pos(clean, marker.end)
        if groups and not clean.text[groups[-1].pos : pos].strip(" ,;"):
            groups[-1].ids.extend(marker.ids)
            groups[-1].needed |= marker.needed
            groups[-1].inline &= marker.inline
            continue
        groups.append(_Group(pos=pos, ids=list(marker.ids), needed=marker.needed,
                             inline=marker.inline))
    return groups


def _clean_pos(clean: _Clean, orig_pos: int) -> int:
    """Clean index of the first kept character at or after ``orig_pos``."""
    i = bisect.bisect_right(clean.seg_orig, orig_pos) - 1
    if i < 0:
        return 0
    seg_len = (
        clean.seg_clean[i + 1] if i + 1 < len(clean.seg_clean) else len(clean.text)
    ) - clean.seg_clean[i]
    return clean.seg_clean[i] + min(orig_pos - clean.seg_orig[i], seg_len)


def _block_candidates(
    clean: _Clean, groups: list[_Group], starts: list[int], block: Block, rules: CheckWorthiness
) -> Iterator[Candidate]:
    bounds = [0, *starts[1:], len(clean.text)]
    per_sentence: list[list[_Group]] = [[] for _ in starts]
    for group in groups:
        # A marker belongs to the sentence it follows: ``text.[1] Next``.
        i = max(bisect.bisect_left(starts, group.pos) - 1, 0)
        per_sentence[i].append(group)
    fragment_ok = block.kind != "paragraph"
    for i, sent_groups in enumerate(per_sentence):
        yield from _sentence_candidates(
            clean, bounds[i], bounds[i + 1], sent_groups, rules, fragment_ok
        )


def _sentence_candidates(
    clean: _Clean,
    start: int,
    end: int,
    groups: list[_Group],
    rules: CheckWorthiness,
    fragment_ok: bool,
) -> Iterator[Candidate]:
    groups, tail = _with_links(groups)
    if len(groups) <= 1 and tail is None:
        cited = groups[0] if groups else None
        yield from _candidate(clean, start, end, cited, rules, fragment_ok)
        return
    if not groups:
        # Only inline links: they cite the whole sentence.
        yield from _candidate(clean, start, end, tail, rules, fragment_ok)
        return
    # Several citation groups: each backs the clause it ends.
    seg_start = start
    carried: _Group | None = None
    for group in groups:
        at_end = _TRAILING_ONLY.fullmatch(clean.text, group.pos, end) is not None
        seg_end = end if at_end else group.pos
        if carried is not None:
            group = _Group(
                pos=group.pos, ids=carried.ids + group.ids, needed=carried.needed or group.needed
            )
            carried = None
        if not _words(clean.text[seg_start:seg_end]):
            carried = group  # a marker before any words backs what follows
            continue
        yield from _candidate(clean, seg_start, seg_end, group, rules, fragment_ok)
        seg_start = seg_end
    if seg_start < end and _words(clean.text[seg_start:end]):
        yield from _candidate(clean, seg_start, end, carried or tail, rules, fragment_ok)


def _with_links(groups: list[_Group]) -> tuple[list[_Group], _Group | None]:
    """Bracketed groups with each inline link's ids joined to the first group after it,
    and the links after the last bracketed group (they cite what follows it)."""
    out: list[_Group] = []
    pending: list[str] = []
    for group in groups:
        if group.inline:
            pending += group.ids
            continue
        out.append(_Group(pos=group.pos, ids=[*pending, *group.ids], needed=group.needed))
        pending = []
    tail = _Group(pos=groups[-1].pos, ids=pending, needed=False, inline=True) if pending else None
    return out, tail


def _words(text: str) -> bool:
    return re.search(r"\w", text) is not None


def _candidate(
    clean: _Clean,
    start: int,
    end: int,
    group: _Group | None,
    rules: CheckWorthiness,
    fragment_ok: bool,
) -> Iterator[Candidate]:
    raw = clean.text[start:end]
    lead = len(raw) - len(raw.lstrip(_LEADING_JUNK))
    body = re.sub(r"\s+", " ", raw[lead:]).strip()
    if not _words(body):
        return
    offset = clean.orig(start + lead)
    if group is not None and group.inline and _NAVIGATION.match(body):
        group = None  # "Read the [full report](...)": a pointer, not a cited fact
    if group is not None and (group.ids or group.needed):
        reasons = () if group.ids else rules.reasons(body, fragment_ok=fragment_ok)
        yield Candidate(
            text=body.rstrip(" ,;:"),
            offset=offset,
            citations=tuple(dict.fromkeys(group.ids)),
            check_worthy=reasons,
            needs_citation_marker=group.needed,
        )
        return
    reasons = rules.reasons(body, fragment_ok=fragment_ok)
    if reasons:
        yield Candidate(text=body, offset=offset, check_worthy=reasons)
