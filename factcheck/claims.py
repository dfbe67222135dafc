"""Sentences and citation markers of one block of prose -> claim candidates.

``draft.py`` cuts the draft into blocks (paragraphs, list items, table cells)
and hands each block here as a :class:`Block`: the block's text with every
position kept, and the spans that must never hold a citation (inline code,
link targets). This module then

1. finds the citation markers (``[1]``, ``[1, 2]``, ``[1-3]``, ``[^note]``,
   ``[citation needed]``) and removes them, with the space before them, so the
   sentence splitter never sees them (``text.[1] Next`` is one sentence to
   every splitter);
2. splits the cleaned text into sentences (:func:`block_starts`: pysbd's rules, then
   a short list of abbreviations it still cuts after);
3. re-attaches each marker to the sentence it ends (or, for mid-sentence
   markers, to the clause it ends); an inline link (``Block.links``, found by
   whichever reader made the block) is a marker used as a noun: it cites its
   URL for the clause it stands in (the whole sentence when no bracketed marker
   cuts it), and
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

from factcheck.authordate import LOOSE, NARRATIVE, PARENTHETICAL, Resolver, citations_in

# ---------------------------------------------------------------------------
# Citation markers


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
    nominal: bool = False
    """Used as a noun ("the results in [2] and [3]", "Smith (2020) found"): the marker
    stays in the sentence and backs the whole sentence, not the clause before it."""
    inline: bool = False
    """An inline link (always ``nominal``: it backs the clause it stands in)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InlineLink:
    """A link in a block's prose that cites its URL (``[the agency](https://...)``,
    ``<a href="https://...">``): found by the draft's reader, which also decides what is
    navigation rather than a citation. ``pos`` is where the link's text ends."""

    pos: int
    url: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Citing:
    """What the draft's References make a citation, beyond numbers and footnotes.

    ``letters`` are the letter notes the draft defines (``[a]``), so ``[a]``
    elsewhere stays plain text; ``authors`` resolves author-date citations
    when the References hold author-date entries; ``notes`` are footnote labels
    kept apart from the same numbers in the References.
    """

    letters: frozenset[str] = frozenset()
    authors: Resolver | None = None
    notes: frozenset[str] = frozenset()
    """Footnote labels the References also use as entry ids: ``[^2]`` cites ``^2``."""


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
    text: str,
    start: int,
    end: int,
    protected: Sequence[tuple[int, int]],
    citing: Citing | None = None,
) -> list[Marker]:
    """Markers in ``text[start:end]`` outside the ``protected`` spans."""
    citing = citing or Citing()
    found: list[tuple[re.Match[str], tuple[str, ...], bool]] = []
    for match in _MARKER.finditer(text, start, end):
        if not _inside(match.start(), protected):
            ids, needed = _marker_ids(match)
            if match.group(0).startswith("[^") and ids[0] in citing.notes:
                ids = (f"^{ids[0]}",)
            found.append((match, ids, needed))
    found += _letter_markers(text, start, end, protected, citing.letters)
    found.sort(key=lambda f: f[0].start())
    markers: list[Marker] = []
    for match, ids, needed in found:
        # Whether a marker is a noun depends on the markers before it, of any kind.
        bracketed = match.group(0)[0] in "[\u3010\uff3b" and not needed
        nominal = bracketed and not match.group(0).startswith("[^") and _used_as_noun(
            text, match, start, end, markers)
        markers.append(Marker(start=match.start(), end=match.end(), ids=ids, needed=needed,
                              nominal=nominal))
    if citing.authors:
        markers += _author_markers(text, start, end, protected, citing.authors)
    markers.sort(key=lambda m: m.start)
    kept: list[Marker] = []
    for marker in markers:
        if not kept or marker.start >= kept[-1].end:
            kept.append(marker)
    return kept


# The word before a bracketed marker that makes the marker a noun: "in [2]", "see [3]".
_NOUN_CONTEXT = _wordset(
    "in of on see by from to with as cf cf. e.g. also between both than like unlike per via "
    "under following including reference references ref. refs. study studies work paper "
    "papers report reports source sources the versus vs. against"
)
_PREV_WORD = re.compile(r"(\S+)\s*$")
_NEXT_LOWER = re.compile(r"\s+[a-z]")


def _used_as_noun(
    text: str, match: re.Match[str], start: int, end: int, before: Sequence[Marker]
) -> bool:
    # The word before the markers that end right here: in "spring.[6] [2] found",
    # [2] follows the full stop that [6] follows, so it opens the next sentence.
    at = _run_start(text, match.start(), start, before)
    prev = _PREV_WORD.search(text, max(start, at - 30), at)
    word = prev.group(1).lower().lstrip("([\"'\u201c\u2018") if prev else ""
    if word in _NOUN_CONTEXT:
        return True
    if word in ("and", "or", ",", "&") and before and before[-1].nominal:
        # "in [2] and [3]": the second marker is as much a noun as the first.
        return match.start() - before[-1].end <= 6
    # A marker opening a sentence and followed by its verb: "[2] found that ...".
    opens = prev is None or prev.group(1)[-1] in ".!?"
    return opens and _NEXT_LOWER.match(text, match.end(), end) is not None


def _run_start(text: str, pos: int, start: int, before: Sequence[Marker]) -> int:
    """Where the run of markers that ends at ``pos`` (with spaces between) begins."""
    for marker in reversed(before):  # in draft order, so only the last few can touch pos
        back = pos
        while back > start and text[back - 1] in " \t\n":
            back -= 1
        if marker.nominal or marker.end != back:
            break
        pos = marker.start
    return pos


# Not ``[a](url)`` (a link) nor ``[a]:`` (a definition); ``[c][i]`` is two notes (draft.py
# leaves a reference link ``[text][a]`` out of the searched text when it is a real link).
_LETTER_MARKER = re.compile(r"\[(?P<letter>[a-z]{1,2})\](?![(:])")


def _letter_markers(
    text: str, start: int, end: int, protected: Sequence[tuple[int, int]],
    letters: frozenset[str],
) -> list[tuple[re.Match[str], tuple[str, ...], bool]]:
    """``[a]`` letter notes, only when the draft defines that letter as a note."""
    if not letters:
        return []
    return [(match, (match.group("letter"),), False)
            for match in _LETTER_MARKER.finditer(text, start, end)
            if match.group("letter") in letters and not _inside(match.start(), protected)]


def _author_markers(
    text: str, start: int, end: int, protected: Sequence[tuple[int, int]], authors: Resolver
) -> list[Marker]:
    """``(Smith 2020; Lee 2021)`` like a bracketed marker; ``Smith (2020)`` as a noun."""
    out: list[Marker] = []
    for match in PARENTHETICAL.finditer(text, start, end):
        cited = citations_in(match.group(0))
        listed = authors.author_date_list or any(authors.known_author(c.surnames[0])
                                                 for c in cited)
        if cited and listed and not _inside(match.start(), protected):
            ids = tuple(authors.resolve(c, match.start()) for c in cited)
            out.append(Marker(start=match.start(), end=match.end(), ids=ids))
    taken = [(m.start, m.end) for m in out]
    for match in LOOSE.finditer(text, start, end):
        # A listed author and year followed by words no locator grammar reads.
        cited = citations_in(match.group(0))
        if (not cited or _inside(match.start(), [*taken, *protected])
                or not authors.known_author(cited[0].surnames[0])):
            continue
        ids = tuple(authors.resolve(c, match.start()) for c in cited)
        out.append(Marker(start=match.start(), end=match.end(), ids=ids))
    for match in NARRATIVE.finditer(text, start, end):
        cited = citations_in(match.group(0).replace("(", "").replace(")", ""))
        # A name with a year in brackets is a citation only when that author is listed.
        if not cited or not authors.known_author(cited[0].surnames[0]):
            continue
        if _inside(match.start(), protected):
            continue
        ids = tuple(authors.resolve(c, match.start()) for c in cited)
        out.append(Marker(start=match.start(), end=match.end(), ids=ids, nominal=True))
    return out


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


def _clean(
    text: str, block: Block, deletions: Iterable[tuple[int, int]],
    spaced: frozenset[int] = frozenset(),
) -> _Clean:
    """``spaced`` are ends of deletions that must leave one space: the deletion keeps its
    last character, shown as a space (offsets stay one to one with the draft)."""
    parts: list[str] = []
    out = _Clean(text="")
    pos, clean_len = block.start, 0
    blanks: set[int] = set()
    for a, b in [*_merge(d for d in deletions if d[1] > block.start), (block.end, block.end)]:
        a, b = max(a, block.start), min(b, block.end)
        if b in spaced and b - 1 >= max(a, pos):
            b -= 1
            blanks.add(b)
        if a > pos:
            out.seg_clean.append(clean_len)
            out.seg_orig.append(pos)
            parts.append(" " + text[pos + 1 : a] if pos in blanks else text[pos:a])
            clean_len += a - pos
        pos = max(pos, b)
    if not out.seg_clean:
        out.seg_clean.append(0)
        out.seg_orig.append(block.start)
    # Newlines inside a block are soft breaks: the splitter must not cut there.
    out.text = "".join(parts).replace("\n", " ").replace("\t", " ")
    return out


def _marker_deletion(
    text: str, marker: Marker, floor: int, after_marker: bool,
    markup: Sequence[tuple[int, int]] = (),
) -> tuple[int, int]:
    """The marker plus the space before it (``text [1].`` -> ``text.``).

    The space may be a line break, with the container prefix of the wrapped line
    (``studied\n> [3].`` -> ``studied.``). Right after another marker, the separator
    goes too: ``[1], [2]`` leaves no comma.
    """
    def back_over(gap: str) -> int:
        a = marker.start
        while a > floor and (text[a - 1] in gap or _inside(a - 1, markup)):
            a -= 1
        return a

    a = back_over(" \t\n,;" if after_marker else " \t\n")
    if after_marker and a > floor:
        a = back_over(" \t\n")  # other text in between: only the marker's own space goes
    return a, marker.end


# What starts a word after a removed marker: a letter or digit, a bracket, an opening
# curly quote (a straight quote may as well close the words before it).
_OPENS_WORD = re.compile(r"[\w\[(\u201c\u2018]")


def _separating(
    text: str, block: Block, deletions: Sequence[tuple[int, int]],
    removed: Sequence[tuple[int, int]],
) -> frozenset[int]:
    """Ends of removed markers that stood between two words with no space around them
    (``spring.[6][2] showed``, ``cases[1]rose``): one space must stay, or the sentence
    before runs into the one after."""
    ends: set[int] = set()
    starts = sorted(removed)
    for a, b in _merge(deletions):
        i = bisect.bisect_left(starts, (a, a))
        if i == len(starts) or starts[i][0] >= b:
            continue  # markup only: "**bold**text" is one word as Markdown shows it
        if block.start < a and b < block.end and not text[a - 1].isspace() \
                and _OPENS_WORD.match(text, b):
            ends.add(b)
    return frozenset(ends)


def _bracketed_runs(text: str, block: Block, markers: Sequence[Marker]) -> list[tuple[int, int]]:
    """Brackets holding nothing but removed markers go with them: ``text ([10]).`` ->
    ``text.``, not ``text ().``."""
    out: list[tuple[int, int]] = []
    runs: list[list[Marker]] = []
    for marker in markers:
        if marker.nominal:
            runs.append([])
        elif runs and runs[-1] and not text[runs[-1][-1].end : marker.start].strip(" \t\n,;"):
            runs[-1].append(marker)
        else:
            runs.append([marker])
    for run in filter(None, runs):
        a, b = run[0].start, run[-1].end
        while a > block.start and text[a - 1] in " \t":
            a -= 1
        while b < block.end and text[b] in " \t":
            b += 1
        if a > block.start and b < block.end and text[a - 1] == "(" and text[b] == ")":
            a -= 1
            while a > block.start and text[a - 1] in " \t\n":
                a -= 1
            out.append((a, b + 1))
    return out


# ---------------------------------------------------------------------------
# Sentence boundaries

# pysbd is quadratic in its input (300 KB took 40 s); longer blocks are cut
# into pieces this size at likely sentence ends before it sees them.
MAX_SEGMENT_CHARS = 4000
_LIKELY_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[A-Z\"\u201c])")


def block_starts(text: str) -> list[int]:
    """Character offsets where the sentences of one cleaned block start: 0, then each
    start pysbd gives, moved past the closing quotes and brackets it cut before.

    pysbd cuts after a full stop even when a closing quote or bracket follows
    (``everybody." Then``): the sentence takes the closer and the next one starts at
    the next word. A cut before anything else inside a word (``Sing!, Blackbird``)
    is no boundary. Only pysbd and the rules below decide, so no language model is
    loaded to split a draft.
    """
    if not text:
        return []
    starts = {0}
    for start in sentence_starts(text):
        found = _CLOSERS_THEN_WORD.match(text, start)
        if found is not None:
            starts.add(found.end())
    return sorted(starts)


# Optional closers after the cut, then the space a new sentence starts after: a match
# always ends before a non-space character, so never at the end of the text.
_CLOSERS_THEN_WORD = re.compile(r"(?<=\s)|[\"'\u201d\u2019)\]]+\s+(?=\S)")


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
    return [s for i, s in enumerate(starts) if i == 0 or not after_abbreviation(text, s)]


# Abbreviations of news, science and legal writing that pysbd still cuts after
# ("Fed. Cir.", "approx. 14", "Bros. Inc.,"). Those in ``_NEVER_FINAL`` never end
# a sentence: a title, a locator or a Latin connective always has more to come.
_NEVER_FINAL = _wordset("""
    mr mrs ms mx dr prof rev hon gen col lt sgt capt cmdr adm gov sen rep pres supt insp det
    cllr fr approx incl excl esp cf vs v viz e.g i.e n.b nos vol vols sect sects sec secs
    fig figs eq eqs ref refs tab tabs ch chap chaps art arts para paras pp p ed eds ca c est
    dept depts univ assn assoc sys pat pats fed dist ct app supp rd ave blvd jan feb mar apr
    jun jul aug sep sept oct nov dec op cit mt ft pt nr tel ext
""")
# Those of ``_NEVER_FINAL`` that are abbreviations in lower case too; the others
# ("app", "art", "tab", "mar") are ordinary words unless capitalised.
_LOWER_CASE_TOO = _wordset("""
    approx incl excl esp cf vs v viz e.g i.e n.b nos vols figs eqs refs secs sects paras chap
    chaps pp p ca c est eds dept depts univ assn
""")
# These end a sentence only when an ordinary sentence opener follows
# ("... Acme Corp. The firm ..."); before a name, a number or lower case they
# are inside the sentence ("Brightline Bros. Inc. shares", "No. 9", "Fed. Cir. 2026").
_FINAL_BEFORE_OPENER = _wordset("""
    inc corp ltd co bros plc llc llp lp jr sr al etc u.s u.k u.n e.u u.s.a ph.d d.sc m.d
    b.a m.a m.sc b.sc j.d ll.m a.m p.m cir st no ibid
""")
_OPENERS = _wordset("""
    the a an it its he she they we i you this that these those there here in on at for but
    and or so yet as if when while after before since although though however meanwhile his
    her their our my your some many most all each every no not one two three what which who
    why how where both such other another last next earlier later today yesterday now then
    also still even only more few several under over by with without from to during despite
    according its among until unless because once instead
""")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"[\"'\u201c\u2018(]*([A-Za-z]+)")


def after_abbreviation(text: str, start: int) -> bool:
    """Whether the sentence start pysbd put at ``start`` follows an abbreviation that does
    not end a sentence there (the cut is undone)."""
    before = _WORD_BEFORE.search(text, max(0, start - 24), start)
    if before is None or not before.group(1).endswith("."):
        return False
    raw = before.group(1).lstrip("([\"'\u201c\u2018").rstrip(".")
    word = raw.lower()
    # "(Fed." and "Inc.," cut before the comma: the word is what precedes the full stop.
    if word in _NEVER_FINAL:
        # "App." and "Art." are abbreviations; "the app." and "modern art." end sentences.
        return raw[:1].isupper() or word in _LOWER_CASE_TOO
    if raw == "no":
        # Lower case, "no." is the word ("if Calder Vale votes no. Calder Vale students"),
        # final before anything but a number ("no. 9"); "No." is the abbreviation below.
        return text[start : start + 1].isdigit()
    if word not in _FINAL_BEFORE_OPENER:
        return False
    after = _WORD_AFTER.match(text, start)
    return not (after and after.group(1).lower() in _OPENERS and after.group(1)[0].isupper())


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


# ---------------------------------------------------------------------------
# Check-worthiness

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = (
    f"{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    "nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
).replace("one|", "")  # "one" is too often not a count ("one of", "no one")
_SOURCES = (
    "spokesperson|spokesman|spokeswoman|spokespeople|officials?|police|ministers?|ministry|"
    "department|council|authority|agency|regulator|court|judge|prosecutors?|analysts?|"
    "researchers|scientists|experts|economists|company|firm|government|report|study|survey|"
    "statement|sources|residents|witnesses|investigators|doctors|engineers|operator|union|"
    "board|commission|inspectors?|auditors?|data|figures"
)
_SAYING = (
    "said|says|say|told|tells|stated|states|claimed|claims|argued|argues|warned|warns|"
    "noted|notes|estimated|estimates|confirmed|confirms|denied|denies|announced|announces|"
    "reported|reports|wrote|writes|added|found|finds|showed|shows|concluded|concludes|"
    "predicted|predicts|insisted|insists|admitted|admits|revealed|reveals"
)
SIGNALS = ("number", "percentage", "date", "quotation", "superlative", "entity_action",
           "attribution", "negation")
"""Every signal the check-worthiness rule knows; all are on by default."""
DEFAULT_PATTERNS: dict[str, str] = {
    "percentage": r"\d(?:[\d,.]*\d)?\s?%|\bper\s?cent\b|\bpercentage points?\b",
    "number": (
        r"(?<![\w.\-/])[$€£¥]?\d[\d,.]*(?:\s?(?:k|m|bn|tn|x|million|billion|trillion))?(?![\w\-])"
        r"|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?)\b"
        # Numbers written as words before what they count: "two inspections",
        # "Forty-two properties", "a dozen libraries", "half a million passengers".
        rf"|(?i:\b(?:{_NUMBER_WORDS})(?:-(?:{_UNITS}))?\s+(?:[a-z]+\s+)?[a-z]{{3,}}s\b)"
        r"|(?i:\ba\s+dozen\b|\bhalf\s+a\s+(?:million|billion)\b)"
    ),
    "attribution": (
        # Someone named by role says so: "Police said", "A spokesperson told", "according to".
        r"(?i:\baccording\s+to\b)"
        rf"|(?i:\b(?:{_SOURCES})\s+(?:(?:have|has|had|also)\s+)?(?:{_SAYING})\b)"
    ),
    "negation": (
        # A fact stated in the negative: "did not publish", "has never paid", "No charges were".
        r"(?i:\b(?:did|does|do|has|have|had|was|were|will)"
        r"(?:n['\u2019]t|\s+not|\s+never)\b|\b(?:didn|doesn|hasn|haven|hadn|wasn|weren|won)"
        r"['\u2019]t\b|\bnever\s+\w+(?:ed|en)\b|\bno\s+longer\b|\bnone\s+of\b)"
        r"|^No\s+\w+\s+(?:was|were|has|have|had|is|are)\b"
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
# Sentences that state nothing to cite, whatever numbers they hold.
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|^(?:contact|for\s+(?:more\s+)?information|e-?mail|tel|phone|"
    r"call|follow\s+us|press\s+(?:office|enquiries)|media\s+contact)\b", re.IGNORECASE)
_CONVENTION = re.compile(
    r"^(?:(?:unless\s+(?:otherwise\s+)?(?:stated|noted|specified),?\s+)?(?:all\s+)?"
    r"(?:money\s+|monetary\s+|dollar\s+|currency\s+|population\s+)?"
    r"(?:figures|amounts|prices|numbers|values|totals|percentages|dates|times|sums)"
    r"\b[^.]*\b(?:are|were|may|might)\s+(?:not\s+)?(?:nominal|real|rounded|local|in|adjusted|"
    r"given|expressed|quoted|converted|approximate|add)\b)", re.IGNORECASE)
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:(?:do\s+not|don['\u2019]t)\s+)?(?:think|believe|feel|hope|suspect|doubt|"
    r"reckon|guess|would\s+argue|would\s+say)\b|\bin\s+(?:my|our)\s+(?:view|opinion)\b"
    r"|\b(?:I['\u2019]m|I\s+am|we['\u2019]re|we\s+are)\s+(?:sure|convinced|confident)\b",
    re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"^(?:please\s+)?(?:call|visit|see|click|tap|read|sign\s+up|subscribe|email|download|"
    r"register|book|contact|follow|find|check|share|send|apply|join|watch|listen|try|go|write|"
    r"remember|don['\u2019]t|do\s+not)\b(?!\s+of\b)", re.IGNORECASE)
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
    standfirst_overlap: float = 0.7
    """An uncited lead before the first citation whose content words are this share
    of one or two later cited sentences (and whose figures all appear there) repeats
    them, and is no separate claim."""

    def reasons(self, sentence: str, *, fragment_ok: bool = False) -> tuple[str, ...]:
        """Why ``sentence`` (citation markers removed) needs a citation; empty if not."""
        text = sentence.strip()
        if len(text.split()) < self.min_words or _QUESTION_END.search(text):
            return ()
        fragment = self.require_terminal_punctuation and not _TERMINAL_END.search(text)
        if fragment and not (fragment_ok and len(text.split()) >= self.min_fragment_words):
            return ()
        if _BYLINE.search(text) or _not_a_statement(text):
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


def _not_a_statement(text: str) -> bool:
    """Contact lines, notes on conventions, first-person opinion and instructions."""
    bare = text.lstrip("\"'\u201c(*_ ")
    return bool(_CONTACT.search(bare) or _CONVENTION.match(bare) or _OPINION.search(bare)
                or _INSTRUCTION.match(bare))


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
    nominal: bool = False
    inline: bool = False


# A sentence that only points somewhere: its inline links are navigation, not citations.
_NAVIGATION = re.compile(
    r"(?:read|see|click|visit|watch|listen|subscribe|follow|download|sign\s+up|share|"
    r"find\s+out\s+more|learn\s+more|more\s+(?:on|about|from)|related)\b",
    re.IGNORECASE,
)
# ... or that sends the reader elsewhere for more ("read the report for details").
_POINTER = re.compile(
    r"\bfor\s+(?:more|further|full|the\s+full)?\s*(?:details|information|background)\b",
    re.IGNORECASE,
)
_TRAILING_ONLY = re.compile(r"[\s.,;:!?\"'\u201d\u2019)\]*_\u2026-]*")
_LEADING_JUNK = " ,;:\u2014\u2013-"
_STOP_AFTER = re.compile(r"[.!?,;:]+[\"'\u201d\u2019)\]]*(?=\s)")


def split_blocks(
    text: str,
    blocks: Sequence[Block],
    *,
    rules: CheckWorthiness | None = None,
    citing: Citing | None = None,
) -> Iterator[Candidate]:
    """Claim candidates of every block, in order: cited ones and check-worthy ones."""
    rules = rules if rules is not None else CheckWorthiness()
    for block in blocks:
        clean, groups = _prepare(text, block, citing)
        starts = block_starts(clean.text) or [0]
        yield from _block_candidates(clean, groups, starts, block, rules)


def _prepare(text: str, block: Block, citing: Citing | None) -> tuple[_Clean, list[_Group]]:
    markers = find_markers(text, block.start, block.end, block.protected, citing)
    floor = block.start
    removed: list[tuple[int, int]] = []
    for n, marker in enumerate(markers):
        if not marker.nominal:  # a marker used as a noun is part of the sentence
            removed.append(_marker_deletion(text, marker, floor, after_marker=n > 0,
                                            markup=block.delete))
        floor = marker.end
    removed += _bracketed_runs(text, block, markers)
    deletions = [*block.delete, *removed]
    clean = _clean(text, block, deletions, spaced=_separating(text, block, deletions, removed))
    # A link is a zero-width marker where its text ends; its syntax is already deleted.
    links = [Marker(start=link.pos, end=link.pos, ids=(link.url,), nominal=True, inline=True)
             for link in block.links]
    return clean, _groups(clean, sorted([*markers, *links], key=lambda m: m.start))


def _groups(clean: _Clean, markers: list[Marker]) -> list[_Group]:
    """Markers as clean-text positions; ``[1][2]`` and ``[1], [2]`` form one group."""
    groups: list[_Group] = []
    for marker in markers:
        pos = _clean_pos(clean, marker.end)
        if (groups and not marker.nominal and not groups[-1].nominal
                and not clean.text[groups[-1].pos : pos].strip(" ,;")):
            groups[-1].ids.extend(marker.ids)
            groups[-1].needed |= marker.needed
            continue
        groups.append(_Group(pos=pos, ids=list(marker.ids), needed=marker.needed,
                             nominal=marker.nominal, inline=marker.inline))
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
    spans = _clauses(clean, start, end, [g for g in groups if not g.nominal])
    for noun in (g for g in groups if g.nominal):
        # A marker used as a noun backs the clause it stands in.
        i = next((i for i, (a, b, _) in enumerate(spans) if a < noun.pos <= b), len(spans) - 1)
        a, b, group = spans[i]
        spans[i] = (a, b, _join(group, noun) if group else noun)
    for a, b, group in spans:
        yield from _candidate(clean, a, b, group, rules, fragment_ok)


def _join(first: _Group, second: _Group) -> _Group:
    ordered = sorted((first, second), key=lambda g: g.pos)
    return _Group(pos=max(first.pos, second.pos), ids=ordered[0].ids + ordered[1].ids,
                  needed=first.needed or second.needed)


def _clauses(
    clean: _Clean, start: int, end: int, groups: list[_Group]
) -> list[tuple[int, int, _Group | None]]:
    """The sentence cut at its citation groups: ``(start, end, group backing it)``."""
    if len(groups) <= 1:
        return [(start, end, groups[0] if groups else None)]
    # Several citation groups: each backs the clause it ends.
    spans: list[tuple[int, int, _Group | None]] = []
    seg_start = start
    carried: _Group | None = None
    depth = _Depth(clean.text, start)
    for group in groups:
        if spans and group.pos <= seg_start and carried is None:
            # Inside a bracket the clause before already took whole: it backs that clause.
            a, b, before = spans[-1]
            spans[-1] = (a, b, _join(before, group) if before else group)
            continue
        at_end = _TRAILING_ONLY.fullmatch(clean.text, group.pos, end) is not None
        seg_end = end if at_end else depth.past_brackets(group.pos, end)
        # The full stop or comma right after the marker ends the clause it backs: "3,000
        # K [1]. New lamps ..." (pysbd reads "K." as an initial and does not cut there).
        if (stop := _STOP_AFTER.match(clean.text, seg_end, end)) is not None:
            seg_end = stop.end()
        if carried is not None:
            group = _join(carried, group)
            carried = None
        if not _words(clean.text[seg_start:seg_end]):
            carried = group  # a marker before any words backs what follows
            continue
        spans.append((seg_start, seg_end, group))
        seg_start = seg_end
    if seg_start < end and _words(clean.text[seg_start:end]):
        spans.append((seg_start, end, carried))
    return spans or [(start, end, carried)]


_OPENING = "([{\u201c"
_CLOSING = ")]}\u201d"


@dataclass(slots=True)
class _Depth:
    """How deep in brackets or curly quotes a position of a sentence is, read once left
    to right (cuts come in order)."""

    text: str
    pos: int
    depth: int = 0

    def _advance(self, to: int) -> None:
        for ch in self.text[self.pos : to]:
            if ch in _OPENING:
                self.depth += 1
            elif ch in _CLOSING and self.depth:
                self.depth -= 1
        self.pos = max(self.pos, to)

    def past_brackets(self, cut: int, end: int) -> int:
        """``cut``, or, when it falls inside brackets or curly quotes, just past where
        they close: a clause never ends inside a parenthesis (``... (for six months
        [5]) and smaller ...`` cuts after the ``)``)."""
        self._advance(cut)
        if not self.depth or cut < self.pos:
            return cut
        depth = self.depth
        for i in range(cut, end):
            if self.text[i] in _OPENING:
                depth += 1
            elif self.text[i] in _CLOSING:
                depth -= 1
                if not depth:
                    self._advance(i + 1)
                    return i + 1
        return cut


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
    if group is not None and group.inline and (_NAVIGATION.match(body)
                                               or _POINTER.search(body)):
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
