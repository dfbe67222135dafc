"""Tokens, stems and sentences for the matcher.

Everything here is linear in the length of its input, because sources can be
megabytes long and are split once per run: a regular-expression tokenizer
(faster than a spaCy pipeline for this, and exact about character offsets), a
Snowball stemmer memoised per word so inflections match, a small stopword list,
and a sentence splitter that cuts at line breaks and at sentence-final
punctuation unless the word before it is a known abbreviation or an initial.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, count
from typing import Any

# A word (letters/digits, with inner apostrophes, hyphens, dots or commas
# between digits), or a single non-space symbol (quotes, %, $, punctuation).
TOKEN_RE = re.compile(
    r"[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W\d_])"  # U.S.  e.g.
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?"  # 8,712,721  41.3  8th
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W_]+)*"  # don't  Grammy-nominated
    r"|[^\w\s]",
    re.UNICODE,
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _word_set(
    """
    a an the and or but if then else of in on at to for from by with without within into
    onto upon about above after again against all also am among any are as be because been
    before being below between both can could did do does doing down during each few further
    had has have having he her here hers herself him himself his how i its it itself just me
    more most my myself nor now off once only other our ours ourselves out over own same she
    should so some such than that their theirs them themselves there these they this those
    through too under until up very was we were what when where which while who whom whose
    why will would you your yours yourself yourselves s t d ll m re ve y o is it's via per
    there's which's one ones upon since though although however whereas may might must shall
    yet us let lets according including include includes included well still even
    """
)

NEGATIONS = _word_set(
    "not no never none nobody nothing neither nor cannot without n't isn't wasn't aren't weren't "
    "don't doesn't didn't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't"
)


def fold(text: str) -> str:
    """Lower case with typographic apostrophes (U+2019, U+2018) made plain ASCII ones."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def fold_in_place(text: str) -> str:
    """``fold`` with every character where it was, so offsets into ``text`` hold: "İ",
    the one letter that lowers to two, is folded as "I" is."""
    return fold(text.replace("\u0130", "I"))


def ascii_bytes(text: str) -> tuple[bytes, Any]:
    """Each character of ``text`` as a byte, 128 for every one past ASCII, for
    ``bytes.translate``; and the code points (numpy uint32), None when all are ASCII.
    They cost a byte, and four, a character."""
    import numpy

    if text.isascii():
        return text.encode("ascii"), None
    points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    return numpy.minimum(points, 128).astype(numpy.uint8).tobytes(), points


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One token of a text with its character range and lower-cased form."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens that keep their character offsets."""
    return [
        Token(text=m.group(), lower=fold(m.group()), start=m.start(), end=m.end())
        for m in TOKEN_RE.finditer(text)
    ]


def words(text: str) -> list[str]:
    """Lower-cased word tokens only (no punctuation), for building indexes fast."""
    return [w for w in TOKEN_RE.findall(fold(text)) if w[0].isalnum()]


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


_SMALL_NUMBERS = {
    w: str(i)
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}
# Unit abbreviations stem as the unit's name: "6.1 t/ha" is backed by "tonnes per hectare".
_UNIT_STEMS = {"ha": "hectar", "km": "kilometr", "kg": "kilogram"}
# A currency symbol on a page backs its code in a claim: "EUR 262" by "€262".
_CURRENCY_CODES = {"€": "eur", "$": "usd", "£": "gbp", "¥": "jpi"}
_STEMS: dict[str, str] = {}
_MAX_STEMS = 500_000


def stem(word: str) -> str:
    """Snowball stem of a lower-cased word; hyphenated words and possessives unified."""
    cached = _STEMS.get(word)
    if cached is not None:
        return cached
    if word in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[word]  # "two children" is backed by "2 children"
    if word in _UNIT_STEMS:
        return _UNIT_STEMS[word]
    base = word.replace("\u2019", "'")
    if base.endswith("'s"):
        base = base[:-2]
    result = base if base[:1].isdigit() else _stemmer().stemWord(base)  # type: ignore[attr-defined]
    if len(_STEMS) < _MAX_STEMS:
        _STEMS[word] = result
    return str(result)


def is_content(lower: str) -> bool:
    """A word that carries meaning (not a stopword, not punctuation)."""
    return (
        lower[0].isalnum()
        and lower not in STOPWORDS
        and lower.replace("\u2019", "'") not in STOPWORDS
    )


def content_stems(text: str) -> set[str]:
    """The stems of the content words of ``text`` (also splits hyphenated words)."""
    out: set[str] = set()
    # No token spans white space, so each piece between spaces is stemmed once and kept:
    # a long page says its words again and again, and tokenising and deciding each
    # occurrence afresh was a fifth of its indexing.
    for piece in set(fold(text).split()):
        found = _PIECE_STEMS.get(piece)
        out.update(_kept(_PIECE_STEMS, piece, _piece_stems) if found is None else found)
    out.update(code for symbol, code in _CURRENCY_CODES.items() if symbol in text)
    return out


def sentence_stems(text: str) -> frozenset[str]:
    """What a page's index keeps of one sentence: the stems of its content words and
    the initials of its names ("FTA" on a page naming the "Federal Transit
    Administration")."""
    return frozenset(content_stems(text) | acronyms(text))


class LazyPostings(Mapping[str, "array[int]"]):
    """Each stem's sentences, ascending, made an ``array`` when a claim first asks for
    the stem (``_make``) and kept: a page has tens of thousands of stems and a claim a
    dozen. ``keys`` holds every stem the page has."""

    __slots__ = ("_keys", "_made")

    def __init__(self, keys: Mapping[str, Any]) -> None:
        self._keys = keys
        self._made: dict[str, array[int]] = {}

    def _make(self, stem: str) -> array[int]:
        raise NotImplementedError

    def __getitem__(self, stem: str) -> array[int]:
        found = self._made.get(stem)
        if found is None:
            found = self._made[stem] = self._make(stem)
        return found

    def __contains__(self, stem: object) -> bool:
        return stem in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class StemPostings(LazyPostings):
    """The postings ``terms`` makes: one numpy array of every stem's sentences, stem
    after stem (WiCE's 3 MB of pages have 48,000 stems; making each an ``array`` was a
    tenth of their indexing)."""

    __slots__ = ("_ends", "_numbers", "_stems")

    def __init__(self, stems: dict[str, int], numbers: Any, ends: Any) -> None:
        super().__init__(stems)
        self._stems, self._numbers, self._ends = stems, numbers, ends

    def _make(self, stem: str) -> array[int]:
        i = self._stems[stem]
        start = int(self._ends[i - 1]) if i else 0
        return array("I", self._numbers[start : self._ends[i]].tobytes())

    def encoded(self) -> dict[str, str]:
        """Each stem's numbers as the base64 of little-endian 32-bit words, read from the
        one array without making (and keeping) each stem's: storing a page's index must
        not undo what making them when asked saves."""
        import base64

        raw = self._numbers.astype("<u4").tobytes()
        ends = (4 * self._ends).tolist()
        starts = [0, *ends[:-1]] if ends else []  # a page with no stems has no postings
        return {s: base64.b64encode(raw[a:b]).decode("ascii")
                for s, a, b in zip(self._stems, starts, ends, strict=True)}


@dataclass(frozen=True, slots=True)
class Terms:
    """A page's stems both ways, as ``terms`` makes them: each stem's sentences, and each
    sentence's stems as numbers into ``postings``' order (sentence ``i`` holds those of
    ``ids[offsets[i]:offsets[i + 1]]``), which a window makes a set when it reads the
    sentence."""

    postings: StemPostings
    ids: Any
    """numpy uint32: the stems of every sentence, sentence after sentence."""
    offsets: Any
    """numpy int64, one more than the sentences: where each sentence's stems start."""


def terms(text: str, spans: Sequence[tuple[int, int]], low: str | None = None) -> Terms:
    """The ``sentence_stems`` of the sentences ``text[a:b]`` of ``spans``: for each stem,
    the numbers of the sentences holding it, ascending; for each sentence, its stems.

    Made from the whole text at once rather than from each sentence's set: the text is
    split once, each distinct piece stemmed once, and the (stem, sentence) pairs sorted
    as arrays. A 5 MB page has 50,000 sentences and a million words, and making each
    sentence's set in Python was half of its indexing. ``low`` is the text's
    ``fold_in_place``, given when the caller has it."""
    import numpy

    low = fold_in_place(text) if low is None else low
    # "İ", the one letter that lowers to two, is folded as a sentence's own ``fold``
    # folds it, in the sentences holding it; should another letter ever lower to two
    # (the text's offsets then move), every sentence is folded alone.
    starts = [a for a, _ in spans]
    odd = {bisect.bisect_right(starts, m.start()) - 1 for m in re.finditer("\u0130", text)}
    if len(low) != len(text):
        odd = set(range(len(spans)))
    # Each sentence closed by a mark no piece of the text equals (a longer run of NUL
    # than any it has), a block of sentences at a time: a long page's words are held a
    # block at a time (a 5 MB page has a million), its distinct pieces and (stem,
    # sentence) pairs all at once. A sentence is at most a paragraph (``extract`` caps
    # them) or the title.
    mark = "\x00"
    if mark in low:  # searched for runs only when there is one: a scan of the text
        mark *= 1 + max(map(len, re.findall("\x00+", low)))
    ids = {mark: 0}
    pieces = [mark]
    sentence_parts: list[Any] = [numpy.zeros(0, dtype=numpy.int64)]
    piece_parts: list[Any] = [numpy.zeros(0, dtype=numpy.int64)]
    for first in range(0, len(spans), _BLOCK):
        block = spans[first : first + _BLOCK]
        rows = [low[a:b] for a, b in block]
        for i in odd.intersection(range(first, first + len(block))):
            a, b = spans[i]
            rows[i - first] = fold(text[a:b])
        words = [*f" {mark} ".join(rows).split(), mark]
        new = list(dict.fromkeys(words).keys() - ids.keys())
        ids.update(zip(new, range(len(ids), len(ids) + len(new)), strict=True))
        pieces += new
        word_ids = numpy.fromiter(map(ids.__getitem__, words), dtype=numpy.int64,
                                  count=len(words))
        is_mark = word_ids == 0
        sentence_of = numpy.cumsum(is_mark) - is_mark
        pairs = _distinct(sentence_of[~is_mark] * len(ids) + word_ids[~is_mark])
        in_block, piece = numpy.divmod(pairs, len(ids))
        sentence_parts.append(in_block + first)
        piece_parts.append(piece)
    pair_sentence = numpy.concatenate(sentence_parts)
    pair_piece = numpy.concatenate(piece_parts)
    # Each piece's stems, numbered; a piece gives none (a stopword) or several ("long-run").
    of_piece = [_kept(_PIECE_STEMS, piece, _piece_stems) if found is None else found
                for piece, found in zip(pieces, map(_PIECE_STEMS.get, pieces), strict=True)]
    stem_ids: dict[str, int] = {}
    piece_stems, repeat = _spread(of_piece, pair_piece, stem_ids)
    stem_of, sentence = [piece_stems], [numpy.repeat(pair_sentence, repeat)]
    # Currency codes and initials: found in the whole text and given to the sentence
    # holding them. A name run never crosses a sentence's end (its words hold no [.!?]
    # and ``_LINE_NAME_RUN_RE`` no line break), so the runs of the text are those of its
    # sentences. A page names the same bodies again and again: each run read once.
    # (Where each is, and what: two lists, not a tuple a hit.)
    hits = _currency_hits(text)
    runs = list(_LINE_NAME_RUN_RE.finditer(text))
    names = [g for _, g in hits] + [m.group() for m in runs]
    if names:
        found = dict(zip(dict.fromkeys(names), count()))
        of_found = [(_CURRENCY_CODES[g],) if g in _CURRENCY_CODES
                    else _kept(_RUN_INITIALS, g, _initials) if known is None else known
                    for g, known in zip(found, map(_RUN_INITIALS.get, found), strict=True)]
        which = numpy.fromiter(map(found.__getitem__, names), dtype=numpy.int64, count=len(names))
        hit_stems, repeat = _spread(of_found, which, stem_ids)
        at_char = numpy.array([a for a, _ in hits] + [m.start() for m in runs], dtype=numpy.int64)
        stem_of.append(hit_stems)
        sentence.append(numpy.searchsorted(starts, numpy.repeat(at_char, repeat), side="right") - 1)
    n = max(len(spans), 1)
    keys = _distinct(numpy.concatenate(stem_of) * n + numpy.concatenate(sentence))
    key_stem, key_sentence = numpy.divmod(keys, n)
    numbers = key_sentence.astype(numpy.uint32)
    # Every numbered stem is some sentence's (a piece's or a name's), so the postings
    # hold every number and each sentence's numbers index them.
    ends = numpy.cumsum(numpy.bincount(key_stem, minlength=len(stem_ids)))
    found_in = StemPostings(stem_ids, numbers, ends)
    # The same pairs by sentence: the keys are distinct, so a plain sort orders them.
    by_sentence = numpy.sort(key_sentence * len(stem_ids) + key_stem) % max(len(stem_ids), 1)
    offsets = numpy.zeros(len(spans) + 1, dtype=numpy.int64)
    numpy.cumsum(numpy.bincount(key_sentence, minlength=len(spans))[: len(spans)],
                 out=offsets[1:])
    return Terms(postings=found_in, ids=by_sentence.astype(numpy.uint32), offsets=offsets)


def _spread(groups: list[tuple[str, ...]], which: Any,
            stem_ids: dict[str, int]) -> tuple[Any, Any]:
    """Each row of ``which`` (numbers into ``groups``) spread into its group's stems:
    the stems' numbers (given in ``stem_ids`` in first-seen order), row after row, and
    how many each row gave. In numpy: a page has a million rows."""
    import numpy

    counts = numpy.fromiter(map(len, groups), dtype=numpy.int64, count=len(groups))
    flat = numpy.fromiter(
        (stem_ids.setdefault(s, len(stem_ids)) for s in chain.from_iterable(groups)),
        dtype=numpy.int64, count=int(counts.sum()))
    group_start = numpy.cumsum(counts) - counts
    repeat = counts[which]
    at = numpy.repeat(group_start[which] - (numpy.cumsum(repeat) - repeat), repeat)
    return flat[at + numpy.arange(len(at))], repeat


_BLOCK = 5_000
"""Sentences read at once by ``terms``: about half a megabyte of text."""


def _distinct(values: Any) -> Any:
    """The distinct values of an integer array, ascending: ``numpy.unique`` without its
    hashing, which took ten times as long as this sort on a million numbers."""
    import numpy

    values = numpy.sort(values)
    return values[numpy.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


_CURRENCY_RES = {symbol: re.compile(re.escape(symbol)) for symbol in _CURRENCY_CODES}


def _currency_hits(text: str) -> list[tuple[int, str]]:
    """Where each currency symbol of ``text`` is, in order: a scan for each symbol, a
    search for one character, where one regex of the four tested each character against
    them (on the generated 5 MB page, 0.03 -> 0.005 s)."""
    hits = [(m.start(), symbol) for symbol, found in _CURRENCY_RES.items() if symbol in text
            for m in found.finditer(text)]
    hits.sort()
    return hits


_PIECE_STEMS: dict[str, tuple[str, ...]] = {}
_MAX_PIECES = 200_000
_MAX_PIECE_CHARS = 64
"""Pieces kept, and the longest kept (a data URI or minified script is not): at most
200,000 of at most 64 characters, about 40 MB; a run over many pages stops adding."""


def _kept(cache: dict[str, tuple[str, ...]], piece: str,
          make: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """``make(piece)``, kept in ``cache`` while it has room and the piece is short."""
    found = make(piece)
    if len(piece) <= _MAX_PIECE_CHARS and len(cache) < _MAX_PIECES:
        cache[piece] = found
    return found


def _piece_stems(piece: str) -> tuple[str, ...]:
    return tuple(s for w in TOKEN_RE.findall(piece) for s in _word_stems(w))


def _word_stems(token: str) -> tuple[str, ...]:
    if not is_content(token):
        return ()
    parts = [stem(p) for p in token.split("-") if p and is_content(p)] if "-" in token else []
    return (stem(token), *parts)


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = _word_set(
    """
    mr mrs ms dr prof sr jr st mt ft vs v etc inc ltd co corp jan feb mar apr jun jul aug
    sep sept oct nov dec no nos vol fig figs al gen col lt sgt capt gov sen rep rev hon est
    approx dept univ u.s e.g i.e cf ca op pp ed eds
    """
)

# A line break, or a candidate boundary within a line (., ! or ?, closing quotes or
# brackets, then blanks): the text is cut in one scan, which skips ahead to its first
# characters. A line break takes the white space after it, which holds no sentence: a
# page's paragraphs are parted by two, and cutting at each was a quarter of WiCE's time
# splitting sentences.
_CUT_RE = re.compile(r"[.!?\n](?:(?<=\n)\s*|[.!?]*[\"'\u201d\u2019)\]]*[^\S\n]+)")


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Whether the punctuation at ``text[start:end]`` ends a sentence."""
    if text[start] != ".":
        return True
    # The word before, within the 20 characters before (and a line break, as r"(\S+)$"
    # reads them): its last run of non-blanks, read by ``str.rsplit``, where a search for
    # that regex tried each of the 20 (a sixth of the sentences' time on the generated
    # 5 MB page).
    before = text[max(0, start - 20) : start]
    before = before[:-1] if before.endswith("\n") else before
    last = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
    raw = last.lstrip("(\"'\u201c")
    word = raw.lower()
    if raw == "no":  # the word, not "No. 9": "if Calder Vale votes no. Calder Vale ..."
        return not text[end : end + 1].isdigit()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False  # "Dr. Smith", "J. K. Rowling"
    nxt = text[end : end + 1]
    # A lower-case continuation usually means the full stop was not final.
    return not (nxt.islower() or nxt.isdigit())


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Character ranges of the sentences of ``text``; lines are always cut."""
    pos = 0
    for m in _CUT_RE.finditer(text):
        start, end = m.span()
        if text[start] == "\n":
            stop = start
        elif text[start] == "." and not _is_boundary(text, start, end):
            continue
        else:
            stop = end
        if found := _trimmed(text, pos, stop):
            yield found
        pos = end
    if found := _trimmed(text, pos, len(text)):
        yield found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` without the blanks it starts and ends with; None if nothing is
    left. A call, not a generator each sentence yields from (a tenth of their time)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


# A run of capitalised words, allowing "of", "and", "for", "the" inside it:
# "Federal Transit Administration", "Bank of England".
_NAME_RUN_RE = re.compile(
    # The \b after the capital ((?<!\w[A-Z])), so the regex engine skips ahead to capitals
    # instead of trying every character; possessive (*+, ++), as giving back a letter or a
    # blank never lets the rest match, so a capitalised word not followed by another is
    # left at once rather than letter by letter (the generated 5 MB page's runs: 0.10 ->
    # 0.085 s).
    r"[A-Z](?<!\w[A-Z])[\w'\u2019-]*+(?:\s++(?:(?:of|and|for|the|&)\s++)?[A-Z][\w'\u2019-]*+)+"
)
_LINE_NAME_RUN_RE = re.compile(_NAME_RUN_RE.pattern.replace(r"\s", r"[^\S\n]"))
"""``_NAME_RUN_RE`` kept within a line, as a sentence is."""
_ACRONYM_SKIP = frozenset(("of", "and", "for", "the", "&"))


def acronyms(text: str) -> set[str]:
    """Lower-cased initials of the multiword names in ``text``: "fta" for "Federal Transit
    Administration", "boe" and "be" for "Bank of England" (with and without the small words).
    Every stretch of two to six words of a longer run counts too.
    """
    out: set[str] = set()
    for run in _NAME_RUN_RE.findall(text):
        found = _RUN_INITIALS.get(run)  # a page names the same bodies again and again
        out.update(_kept(_RUN_INITIALS, run, _initials) if found is None else found)
    return out


_RUN_INITIALS: dict[str, tuple[str, ...]] = {}


def _initials(run: str) -> tuple[str, ...]:
    out: set[str] = set()
    # The first letters of the words but the small ones, sliced (each stretch lowered
    # alone, as a final sigma lowers apart): joining a generator for each stretch took
    # three times as long, and a page's long runs are read on each indexing.
    heads = "".join(p[0] for p in run.split() if p.lower() not in _ACRONYM_SKIP)
    # Every stretch of the run: "Federal Transit Administration Capital Investment
    # Grant" gives "fta" as well as "ftacig".
    for i in range(len(heads) - 1):
        for j in range(i + 2, min(len(heads), i + 6) + 1):
            out.add(heads[i:j].lower())
    full = "".join(p[0] for p in run.split()).lower()
    if len(full) <= 6:
        out.add(full)  # "BoE" for "Bank of England"
    return tuple(out)
