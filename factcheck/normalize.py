"""Numbers, quantities and dates, normalised so differently written values match.

"8,712,721", "8.7 million" and "9 million" are the same quantity at different
precisions; "fifty", "50" and "50 %" are the same value; "April 8th, 2026",
"8 April 2026" and "2026-04-08" are the same day. A claim's value matches a
source's when they agree within the rounding of the less precise of the two.
Dates become keys (``D2026-04-08``, ``M2026-04``, ``d04-08``, ``Y2026``) so a
claim's month-year is backed by any full date of that month on the page.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any

from factcheck.text import ascii_bytes, fold_in_place, is_content

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Month names must be capitalised: "may" and "march" are also ordinary words.
_MONTH = r"(?P<m>(?:" + "|".join(sorted((k.capitalize() for k in _MONTHS), key=len, reverse=True))
_MONTH += r")\b\.?)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.]\d)"  # not "15:30"
_YEAR = r"(?P<y>1\d{3}|20\d{2})\b"

# Dates and figures never run across a line break ([^\S\n], not \s): a page's lines are
# cut into sentences, so "Nov 12-18" on one line and "Nov 22" on the next are two dates,
# and a sentence's values read alone are the values the whole text gives it.
_DATE_RES = (
    # also ...T07:00; the \b after the first digit ((?<!\w1)), so the regex engine skips
    # ahead to a 1 or 2 instead of trying every character.
    re.compile(r"(?P<y>1(?<!\w1)\d{3}|2(?<!\w2)0\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    re.compile(rf"\b{_MONTH}[^\S\n]+{_DAY}(?:,?[^\S\n]+{_YEAR})?"),
    re.compile(rf"\b{_DAY}[^\S\n]+(?:of[^\S\n]+)?{_MONTH}(?:,?[^\S\n]+{_YEAR})?"),
    re.compile(rf"\b{_MONTH},?[^\S\n]+{_YEAR}"),
)

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "half": 0.5,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9,
}  # fmt: skip
_WORD = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
_TAIL = r"(?:" + "|".join(sorted(
    (w for w, v in _UNITS.items() if 1 < v < 100 and w != "dozen"), key=len, reverse=True)
) + r"|one)\b"
"""The words for 1 to 99 (not "dozen"), as after "hundred"."""
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)\b"
_COMPOUND = rf"{_TENS_WORD}-{_UNIT_WORD}"
_TENS = rf"{_TENS_WORD}(?:-|[^\S\n]+){_UNIT_WORD}"
"""Tens and a unit, hyphenated or not ("eighty-six", "twenty five"), as after "hundred"."""
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(?:"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?:st|nd|rd|th)?"
    rf"|(?P<word>{_COMPOUND}|{_WORD}|one(?=[^\S\n]+(?:hundred|thousand|million|billion)))"
    # A rate's denominator: "per million" is "per 1M".
    r"|(?<=\bper[^\S\n])(?P<per>thousand|million|billion)\b"
    r")"
    r"(?:[^\S\n]*(?P<scale>hundred|thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn)\b)?"
    # "One hundred and eighty-six", "a hundred and twenty", "a hundred and twenty five":
    # the tens and units after "hundred" are the figure's. Not an ordinal's ("one hundred
    # and twenty-first") nor a rough one's ("a hundred and fifty-odd"); "two hundred and
    # three hundred" is two figures, and "one hundred and twenty five thousand" is left
    # as it was read before (a scale after the tens is not composed).
    rf"(?:(?<=hundred)[^\S\n]+(?:and[^\S\n]+)?(?P<tail>{_TENS}|{_TAIL})(?!-)"
    r"(?!(?:[^\S\n]+[a-z]+)?[^\S\n]+(?:hundred|thousand|million|billion|trillion)\b))?"
    r"(?:[^\S\n]*(?P<pct>%|percent\b|per[^\S\n]+cent\b))?"
)


# Where a _NUMBER_RE match can start: after a character that is no part of a word or a
# figure, at a digit or a number word. The regex engine skips through the letters of
# words to the characters this starts with, where _NUMBER_RE, which starts with a
# lookbehind, is tried at every character.
_NUMBER_WORDS = sorted({*_UNITS, "one", "thousand", "million", "billion"}, key=len, reverse=True)
_NUMBER_START_RE = re.compile(
    r"[^\w.,]"
    rf"(?=[\d{''.join(sorted({w[0] for w in _NUMBER_WORDS}))}])"  # rules most words out fast
    rf"(?=\d|{'|'.join(_NUMBER_WORDS)})"
)
_SCAN_FROM = 2_000
"""Texts this long are scanned for where numbers start by ``_number_starts`` (numpy);
shorter ones, a sentence or a claim, by ``_NUMBER_START_RE``, quicker on them (1,000
characters: 30 us against 50; 3,000: 100 us against 60)."""
_SCAN_BLOCK = 1 << 20
"""Characters scanned at once by ``_number_starts``: their code points (4 bytes each) and
a few byte masks over them are held, about 10 MB."""
_NO_START, _DIGIT, _FIRST_LETTER, _WIDE, _WORD_CHAR = 1, 2, 4, 8, 16
_START_CLASSES = bytes(
    (_NO_START if re.match(r"[\w.,]", chr(c)) else 0)
    | (_WORD_CHAR if re.match(r"\w", chr(c)) else 0)
    | (_DIGIT if chr(c).isdigit() else 0)
    | (_FIRST_LETTER if chr(c) in {w[0] for w in _NUMBER_WORDS} else 0)
    if c < 128 else _WIDE for c in range(256))
"""A class of each ASCII character for ``_number_starts``, and one for all past ASCII."""


def _word_key(word: str) -> int:
    """A number for up to four ASCII letters: seven bits each."""
    return sum(ord(c) << 7 * i for i, c in enumerate(word))


@cache
def _number_prefixes() -> tuple[Any, Any, Any]:
    """For ``_number_starts``: whether each three-letter key (``_word_key``) starts a
    number word, as a table of 2 ** 21 (2 MB); the sorted keys of the three-letter number
    words, and those of the first four letters of the longer ones ("forty", not "for")."""
    import numpy

    table = numpy.zeros(1 << 21, dtype=bool)
    table[[_word_key(w[:3]) for w in _NUMBER_WORDS]] = True
    three, four = (numpy.array(sorted({_word_key(w[:k]) for w in _NUMBER_WORDS
                                       if (len(w) > 3) == (k == 4)}), dtype=numpy.int64)
                   for k in (3, 4))
    return table, three, four


def _number_starts(low: str) -> tuple[list[int], list[int]]:
    """Where a ``_NUMBER_RE`` match can start (past the first character), and a few places
    more where it cannot, ascending: after a character that is not an ASCII letter, digit,
    "_", "." or ",", at a decimal digit or at three or four letters a number word starts
    with; and where a ``_ONE_IN_RE`` match can (after a character no ASCII letter, digit
    or "_", at "1" or "one"). Found with numpy over the text's characters, a block at a
    time: the regex scans tried two lookaheads at every blank, or "one" at every "o", a
    seventh of a page's indexing (WiCE's 3 MB of pages: 0.11 -> 0.02 s; the generated 5 MB
    page 0.22 -> 0.03 s). The patterns tell the starts from the rest."""
    import numpy

    table, three, four = _number_prefixes()
    found = [numpy.zeros(0, dtype=numpy.int64)]
    odds = [numpy.zeros(0, dtype=numpy.int64)]
    for first in range(1, len(low), _SCAN_BLOCK):
        last = min(first + _SCAN_BLOCK, len(low))
        n = last - first
        # The character before each, and the three after the last.
        raw, points = ascii_bytes(low[first - 1 : last + 3])
        raw += bytes(n + 4 - len(raw))
        small = numpy.frombuffer(raw, dtype=numpy.uint8)
        classes = numpy.frombuffer(raw.translate(_START_CLASSES), dtype=numpy.uint8)
        after = classes[:n] & _NO_START == 0
        at = classes[1 : n + 1]
        start = after & (at & _DIGIT != 0)
        if points is not None:  # \d is any decimal digit: each distinct one tested once
            wide = numpy.flatnonzero(after & (at == _WIDE))
            chars, which = numpy.unique(points[wide + 1], return_inverse=True)
            decimal = numpy.array([chr(c).isdecimal() for c in chars.tolist()], dtype=bool)
            start[wide[decimal[which]]] = True
        letter = numpy.flatnonzero(after & (at & _FIRST_LETTER != 0))
        # Seven bits a letter: a character past ASCII (128) is read as NUL, as no number
        # word holds either.
        key = numpy.zeros(len(letter), dtype=numpy.int64)
        for i in range(3):
            key |= (small[letter + 1 + i] & 127).astype(numpy.int64) << 7 * i
        letter, key = letter[table[key]], key[table[key]]
        fourth = (small[letter + 4] & 127).astype(numpy.int64)
        word = _member(key, three) | _member(key | fourth << 21, four)
        start[letter[word]] = True
        found.append(numpy.flatnonzero(start) + first)
        odds.append(_odds_starts(small, classes, n) + first)
    return numpy.concatenate(found).tolist(), numpy.concatenate(odds).tolist()


def _odds_starts(small: Any, classes: Any, n: int) -> Any:
    """``_number_starts``' places where "1" or "one" follows a character that is not an
    ASCII letter, digit or "_"."""
    import numpy

    after = classes[:n] & _WORD_CHAR == 0
    at = small[1 : n + 1]
    o = numpy.flatnonzero(after & (at == ord("o")))
    start = after & (at == ord("1"))
    start[o[(small[o + 2] == ord("n")) & (small[o + 3] == ord("e"))]] = True
    return numpy.flatnonzero(start)


def _member(values: Any, keys: Any) -> Any:
    """Whether each of ``values`` is one of the sorted ``keys`` (numpy)."""
    import numpy

    at = numpy.searchsorted(keys, values)
    return keys[numpy.minimum(at, len(keys) - 1)] == values


# "one in 20" is also 5 %: a rate written as odds. The \b after the first letter, for the
# same reason.
_ONE_IN_RE = re.compile(
    rf"(?:one(?<!\wone)|1(?<!\w1))[^\S\n]+in[^\S\n]+(?:every[^\S\n]+)?(?P<n>\d{{1,5}}\b|{_COMPOUND}|{_WORD})"
)
# _NUMBER_RE and _ONE_IN_RE are matched in lower case (``fold_in_place``), not with
# re.IGNORECASE: a case-blind alternation of words tried at every character took four
# times as long, and was half of a long page's indexing.

_SEASON_END_RE = re.compile(r"\d{4}[-\u2013](?=\d\d\b)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number in a text: its value, rounding tolerance and position."""

    value: float
    tolerance: float
    start: int
    end: int
    low: float | None = None
    """With a qualifier ("about", "more than"): the lowest value that backs it."""
    high: float | None = None
    """With a qualifier: the highest value that backs it (None with ``low``: no upper bound)."""
    percent: bool = False
    """Written as a percentage ("5%", "4.99 percent", "one in 20")."""
    clock: str = ""
    """"time" for a time or duration written with colons ("07:40", "2:14:05",
    "27:41.06"), "duration" for one in words ("2 hours 14 minutes 5 seconds"): one
    figure, its value the groups read in base 60, not two or three numbers."""
    span: float = 0.0
    """The length of time the figure states with the unit after it, in seconds ("two
    decades" and "20 years", "half an hour" and "30 minutes" are one span); 0 if none."""

    @property
    def hedged(self) -> bool:
        return self.low is not None or self.high is not None


# Qualifiers that make a figure approximate or a bound: (lower factor, upper factor) of
# the stated value, where ``reach`` is a one-sided bound's reach and ``approx`` the width
# of "about". "more than 4,800" is backed by 4,812; "just under 5 percent" by 4.99 %.
_HEDGES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("about", "around", "roughly", "approximately", "approx.", "some", "an estimated",
         "estimated", "close to", "nearly", "almost", "circa", "c."),
        ("-approx", "+approx"),
    ),
    **dict.fromkeys(("just under", "just below", "just short of"), ("-approx", "0")),
    **dict.fromkeys(("just over", "just above", "just more than"), ("0", "+approx")),
    # Not "up to" or "at most": a stated limit is an exact figure ("credit of up to $3,000"
    # against "up to $2,000" is a wrong cap, not an approximation).
    **dict.fromkeys(
        ("more than", "over", "above", "at least", "upwards of", "in excess of", "exceeding"),
        ("0", "+reach"),
    ),
    **dict.fromkeys(
        ("less than", "fewer than", "under", "below"),
        ("-reach", "0"),
    ),
}  # fmt: skip
_HEDGE_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?P<h>"
    + "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))
    + r")\s*[$€£¥]?\s*$",
    re.IGNORECASE,
)


_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")

_PERIOD_AFTER_RE = re.compile(r"[^\S\n]+(?:years?|months?|weeks?|days?|decades?|seasons?)\b",
                              re.IGNORECASE)
_AMOUNT_BEFORE_RE = re.compile(r"\d[^.;:!?]*$")


def _spread_over(text: str, m: re.Match[str], q: Quantity) -> bool:
    """"Over" a period after an amount is the period the amount is spread over, not a
    bound: "£8.5 million over four years", "a grant paid over three years" (but "for
    over five years" is more than five)."""
    return (m.group("h").lower() == "over" and _PERIOD_AFTER_RE.match(text, q.end) is not None
            and _AMOUNT_BEFORE_RE.search(text, max(0, m.start() - 60), m.start()) is not None)


def _last_digit_step(text: str, q: Quantity) -> float | None:
    """One step of the last digit a figure written in digits states, in its value's
    units: 1 for "41 per cent", 100 for "3,400", 0.1 million for "8.7 million", five
    of them when that digit is a 5 ("650": 50, "2.5" and "£3.50": 0.5), as figures are
    rounded to halves too. None for figures in words ("two dozen") or zero."""
    m = _DIGITS_RE.match(text, q.start, q.end)
    if m is None:
        return None
    digits = m.group().replace(",", "")
    whole, _, decimals = digits.partition(".")
    decimals = decimals.rstrip("0")  # "£3.50" states tenths, as "£3.5" does
    if decimals:
        last, step = decimals[-1], 10.0 ** -len(decimals)
    else:
        kept = whole.rstrip("0")
        if not kept:
            return None
        last, step = kept[-1], 10.0 ** (len(whole) - len(kept))
    # The scale a word or a percentage gives the digits ("8.7 million", "one in 20").
    written = float(digits)
    scale = q.value / written if written else 1.0
    return abs(step * (5 if last == "5" else 1) * scale)


def hedge(text: str, q: Quantity, approx: float, reach: float) -> Quantity:
    """``q`` with the bounds its qualifier gives ("about £97": 96-98), or unchanged.

    "About" and "nearly" reach one step of the figure's last stated digit
    (``_last_digit_step``), at most ``approx`` of it: "about 41 per cent" is
    40-42 per cent, not the 38 per cent a rounding of 38 would never give, and
    "about 40 per cent" 36-44. ``reach`` is the relative width of a one-sided bound
    ("more than 4,800": above 4,800, up to 4,800 x (1 + reach)). The value's own
    rounding widens both ends.
    """
    m = _HEDGE_RE.search(text, max(0, q.start - 20), q.start)
    if m is None or _spread_over(text, m, q):
        return q
    lo_rule, hi_rule = _HEDGES[m.group("h").lower()]
    about = q.value * approx
    if (step := _last_digit_step(text, q)) is not None:
        about = min(about, step)
    widths = {"approx": about, "reach": q.value * reach, "0": 0.0}
    low = q.value - widths[lo_rule.lstrip("-")] - q.tolerance
    high = q.value + widths[hi_rule.lstrip("+")] + q.tolerance
    return Quantity(
        value=q.value,
        tolerance=q.tolerance,
        start=q.start,
        end=q.end,
        low=low,
        high=high,
        percent=q.percent,
        span=q.span,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A calendar date or month in a text; missing parts are None."""

    year: int | None
    month: int
    day: int | None
    start: int
    end: int


_MONTH_HINT_RE = re.compile("|".join(sorted({k[:3].capitalize() for k in _MONTHS})))


def _month_matches(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """The matches of the month patterns (``_DATE_RES[1:]``, with their numbers), each
    tried only where a month's name starts. Tried at every character of the lines naming
    a month (they start with \\b, which keeps the regex engine from skipping ahead), they
    cost a long page a quarter of a second. No date runs across a line."""
    day_first = _DATE_RES[2]
    line_start = line_end = -1
    for hint in _MONTH_HINT_RE.finditer(text):
        at = hint.start()
        if at > line_end:  # a new line: its ends found once, not once per month named
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
        for number in (1, 3):
            if m := _DATE_RES[number].match(text, at, line_end):
                yield number, m
        # "18 October", "4th of July": the day ends where the blanks before the month
        # (and an "of") begin, and is at most four characters long ("31st").
        # Of two such days, the first is the one a scan from the left finds.
        # A day ends in a digit or its suffix's last letter: most months named have none
        # before them ("in May"), and looking for one cost a fifth of the dates' time.
        ends = [_blanks_before(text, at, line_start)]
        if text.startswith("of", ends[0] - 2):
            ends.insert(0, _blanks_before(text, ends[0] - 2, line_start))
        starts = (i for end in ends if end > line_start and (
            text[end - 1].isdecimal() or text[end - 1] in "tdh")
            for i in range(max(line_start, end - 4), end))
        for start in starts:
            m = day_first.match(text, start, line_end) if text[start].isdigit() else None
            if m and m.start("m") == at:
                yield 2, m
                break


def _blanks_before(text: str, at: int, line_start: int) -> int:
    """Where the run of blanks (white space but line breaks) ending at ``at`` starts."""
    while at > line_start and text[at - 1].isspace():
        at -= 1
    return at


# The "-04-08" of "2026-04-08", where a search for its year tried every 1 and 2 of a text
# (WiCE's 3 MB of pages: 0.013 -> 0.002 s). Two such dates never overlap.
_ISO_TAIL_RE = re.compile(r"-(?=[01]\d-[0-3]\d(?!\d))")


def find_dates(text: str) -> list[DateMention]:
    """Dates and month-years in ``text``; of overlapping matches the longest wins."""
    iso = (_DATE_RES[0].match(text, t.start() - 4) for t in _ISO_TAIL_RE.finditer(text)
           if t.start() >= 4)
    numbered = [(0, m) for m in iso if m] + list(_month_matches(text))
    # By position, the longest first; a tie goes to the pattern listed first.
    numbered.sort(key=lambda found: (found[1].start(), found[1].start() - found[1].end(),
                                     found[0]))
    found: list[DateMention] = []
    last_end = -1
    # A page writes the same dates again and again: each read once.
    read: dict[tuple[Any, ...], tuple[int | None, int, int | None] | None] = {}
    for number, m in numbered:
        key = (number, m.groups())
        parts = read[key] if key in read else read.setdefault(key, _date_parts(m))
        if parts is None:
            continue
        date = DateMention(year=parts[0], month=parts[1], day=parts[2], start=m.start(),
                           end=m.end())
        if m.start() < last_end:
            # Overlap: keep the longer one ("18 October 2018" over "October 15").
            if found and m.end() - m.start() > found[-1].end - found[-1].start:
                found[-1] = date
                last_end = m.end()
            continue
        found.append(date)
        last_end = m.end()
    return found


def _date_parts(m: re.Match[str]) -> tuple[int | None, int, int | None] | None:
    """The year, month and day of a date pattern's match; None for no calendar day."""
    groups = m.groupdict()
    raw_month = groups["m"].rstrip(".")
    month = int(raw_month) if raw_month.isdigit() else _MONTHS[raw_month.lower()]
    day = int(groups["d"]) if groups.get("d") else None
    year = int(groups["y"]) if groups.get("y") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return year, month, day


def date_keys(date: DateMention) -> set[str]:
    """Everything a source mentioning ``date`` can be said to back."""
    keys = {f"m{date.month:02d}"}
    if date.day is not None:
        keys.add(f"d{date.month:02d}-{date.day:02d}")
        if date.year is None:
            keys.add(f"n{date.month:02d}-{date.day:02d}")  # the day, stated without a year
    if date.year is not None:
        keys.add(f"Y{date.year}")
        keys.add(f"M{date.year}-{date.month:02d}")
        if date.day is not None:
            keys.add(f"D{date.year}-{date.month:02d}-{date.day:02d}")
    return keys


def date_backed(date: DateMention, keys: set[str] | frozenset[str]) -> bool:
    """Whether a source with these date keys backs the claim's ``date``."""
    if date.year is None:
        return f"d{date.month:02d}-{date.day:02d}" in keys if date.day else True
    if date.day is None:
        # "in May 2018": that month on a page whose year is stated elsewhere.
        month = f"M{date.year}-{date.month:02d}" in keys
        return month or (f"m{date.month:02d}" in keys and f"Y{date.year}" in keys)
    full = f"D{date.year}-{date.month:02d}-{date.day:02d}"
    # "on April 8" in the text with the year stated elsewhere on the page; not "Feb. 9,
    # 2026" on a page that mentions 2025 elsewhere: that day has its own year.
    return full in keys or (f"n{date.month:02d}-{date.day:02d}" in keys and f"Y{date.year}" in keys)


def find_quantities(
    text: str, skip: list[tuple[int, int]] | None = None, *, every_word: bool = False,
    compared: bool = False,
) -> list[Quantity]:
    """Numbers and quantities in ``text`` outside the ``skip`` ranges (dates).

    Small number words ("two" ... "ten") are values when they count a noun
    ("five years"); with ``every_word`` (a page's values, which only back a
    claim's) every one is, so "two of the galleries" backs "two galleries"; with
    ``compared`` (a claim's), so is one a comparison sets against another figure
    ("nine notices, compared with three in 2024"), an end of a change ("fell from six to
    three") or one taking part of a counted
    whole ("nine of the 118 breaches", "four of them"), which the page must state.
    """
    low = fold_in_place(text)
    clocks = _clocks(text, low, skip)
    skip = _with_clocks(skip, clocks)
    numbers, odds = _scanned(low)
    out = [
        q
        for m, counts in _numbers(text, low, skip, every_word, numbers)
        for q in _to_quantities(m, counts_a_noun=counts or (compared and (
            _compared(low, m) or _partitive(text, low, m))))
    ]
    return out + _odds(low, odds) + clocks


def page_quantities(text: str, skip: list[tuple[int, int]] | None = None,
                    low: str | None = None) -> list[Quantity]:
    """The values ``find_quantities(text, skip, every_word=True)`` gives, each figure
    written the same way read once: a page's whole set of values is all the index
    keeps, and a long page writes the same figures again and again (on a 5 MB page,
    reading each afresh was three tenths of the time spent on its numbers). The
    positions returned mean nothing: a figure written several times is returned once.
    ``low`` is the text's ``fold_in_place``, given when the caller has it."""
    low = fold_in_place(text) if low is None else low
    clocks = {text[c.start : c.end]: c for c in _clocks(text, low, skip)}
    read: dict[str, list[Quantity]] = {}
    kept = _Kept(text, _with_clocks(skip, list(clocks.values())))
    numbers, odds = _scanned(low)
    span_at = _SPAN_RE.match
    for m in _number_matches(low, numbers):
        # A figure is read once for each unit of time after it ("20" and "20 years").
        key = m.group() + (u.group() if (u := span_at(low, m.end())) else "")
        if key not in read and kept(m):
            read[key] = _to_quantities(m, counts_a_noun=True)
    return [q for found in read.values() for q in found] + _odds(low, odds) + [*clocks.values()]


_CLOCK_RE = re.compile(
    r"(?<![\w.,:])(?P<t>\d{1,2}(?::\d\d){1,2})(?:\.(?P<dec>\d{1,3}))?"
    r"(?:[^\S\n]?(?P<half>[ap])(?:m\b|\.m\.))?(?![\w:]|[.,]\d)", re.IGNORECASE)


_DURATION_RE = re.compile(
    r"(?<![\w.,:])(?:(?P<h>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"[^\S\n]*(?:hours?|hrs?)\b[^\S\n]*,?[^\S\n]*(?:and[^\S\n]+)?)?"
    r"(?P<m>\d{1,2})[^\S\n]*(?:minutes?|mins?)\b"
    r"(?:[^\S\n]*,?[^\S\n]*(?:and[^\S\n]+)?(?P<s>\d{1,2})(?:\.(?P<dec>\d{1,3}))?[^\S\n]*"
    r"(?:seconds?|secs?)\b)?", re.IGNORECASE)
"""A duration in words, "2 hours 9 minutes 41 seconds": the clock "2:09:41"."""


def _clocks(text: str, low: str, skip: list[tuple[int, int]] | None) -> list[Quantity]:
    """Times and durations written with colons, or in hours, minutes and seconds, outside
    the ``skip`` ranges (dates).

    "left at 07:40" is one figure, 460 minutes into the day, and "finished in 2:14:05"
    one duration, the same as "2 hours 14 minutes 5 seconds": read as numbers, their
    parts (7 and 40) would be backed or contradicted by any 7 or 40 of the page. ``low``
    is the text's ``fold_in_place``, where the cue "min" is found."""
    found: list[tuple[re.Match[str], list[int], str]] = []
    for m in _around(text, _COLON_RE.finditer(text), 24, _CLOCK_RE):
        groups = [int(g) for g in m.group("t").split(":")]
        if m.group("half") and len(groups) == 2 and 1 <= groups[0] <= 12:
            # "7:40 pm" is 19:40, "12:15 am" 00:15
            groups[0] = groups[0] % 12 + (12 if m.group("half").lower() == "p" else 0)
        found.append((m, groups, "time"))
    for m in _around(text, _MINUTE_RE.finditer(low), 40, _DURATION_RE):
        groups = [int(g) if g[0].isdigit() else int(_UNITS.get(g.lower(), 1))
                  for g in m.group("h", "m", "s") if g is not None]  # fmt: skip
        if len(groups) > 1:  # "9 minutes" alone is a plain figure
            found.append((m, groups, "duration"))
    kept = _Kept(text, skip)
    out: list[Quantity] = []
    for m, groups, kind in sorted(found, key=lambda f: f[0].start()):
        dec = m.group("dec") or ""
        # A time and a duration may overlap ("9:30 minutes"): the first is kept.
        if any(g >= 60 for g in groups[1:]) or not kept(m) or (out and out[-1].end > m.start()):
            continue
        value = 0.0
        for g in groups:
            value = value * 60 + g
        tol = 0.5 * 10.0 ** -len(dec) if dec else 0.0
        out.append(Quantity(value=value + (float("0." + dec) if dec else 0.0), tolerance=tol,
                            start=m.start(), end=m.end(), clock=kind))  # fmt: skip
    return out


_COLON_RE = re.compile(r":(?=\d\d)")
_MINUTE_RE = re.compile("min")
r"""Cues that open with a literal, which the regex engine finds by a fast scan: on the
5 MB generated page, 2 ms each, against 40 ms for ``\d:\d`` and 25 ms for a
case-blind "min" (which is why "min" is looked for in the folded text)."""


def _around(text: str, cues: Iterator[re.Match[str]], back: int, pattern: re.Pattern[str]
            ) -> Iterator[re.Match[str]]:  # fmt: skip
    """The matches of ``pattern`` that hold a cue and lie within ``back`` characters
    either side of it: the pattern is tried only near its cues, not at every character
    of a long page."""
    done = 0
    for c in cues:
        if c.start() < done:
            continue
        end = min(len(text), c.end() + back)
        m = pattern.search(text, max(done, c.start() - back), end)
        # A match that reaches the end of the slice may have been cut short there.
        if m is not None and m.start() <= c.start() < m.end() and (
                m.end() < end or end == len(text)):  # fmt: skip
            done = m.end()
            yield m


def _with_clocks(skip: list[tuple[int, int]] | None, clocks: list[Quantity]
                 ) -> list[tuple[int, int]] | None:  # fmt: skip
    """The skip ranges with the clocks' added, so their digits are not read again."""
    if not clocks:
        return skip
    return sorted([*(skip or ()), *((c.start, c.end) for c in clocks)])


def _numbers(
    text: str, low: str, skip: list[tuple[int, int]] | None, every_word: bool,
    starts: list[int] | None,
) -> Iterator[tuple[re.Match[str], bool]]:
    """The ``_NUMBER_RE`` matches of ``low`` outside ``skip``, each with whether it
    counts a noun."""
    kept = _Kept(text, skip)
    for m in _number_matches(low, starts):
        if kept(m):
            yield m, every_word or _counts_a_noun(text, m.end())


class _Kept:
    """Whether a number match is a figure: outside the ranges skipped (dates), and not
    the "19" of "2018-19"."""

    __slots__ = ("_spans", "_starts", "_text")

    def __init__(self, text: str, skip: list[tuple[int, int]] | None) -> None:
        self._text = text
        self._spans = sorted(skip or ())
        self._starts = [s for s, _ in self._spans]

    def __call__(self, m: re.Match[str]) -> bool:
        start, end = m.span()
        # Skip ranges never overlap each other, so only the nearest one can overlap m.
        i = bisect.bisect_left(self._starts, end) - 1
        if i >= 0 and self._spans[i][1] > start:
            return False
        # the "19" of "2018-19" abbreviates a year, not a count
        return not (end - start == 2 and _SEASON_END_RE.match(self._text, max(0, start - 5)))


def _scanned(low: str) -> tuple[list[int], list[int]] | tuple[None, None]:
    """``_number_starts(low)`` on a text long enough for it to pay (``_SCAN_FROM``); None
    and None (the regex scans) on a shorter one."""
    return _number_starts(low) if len(low) >= _SCAN_FROM else (None, None)


def _number_matches(low: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """``_NUMBER_RE.finditer(low)``, with the pattern tried only where a match can start
    (``starts``, the first of ``_number_starts``; without, after ``_NUMBER_START_RE``):
    on a 5 MB page, a third of the time."""
    found = (m.end() for m in _NUMBER_START_RE.finditer(low)) if starts is None else starts
    return _matches_at(_NUMBER_RE, low, chain((0,), found))


def _matches_at(pattern: re.Pattern[str], text: str,
                starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that matches only at ``starts`` (ascending)
    and never matches nothing."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            end = m.end()
            yield m


def _odds(low: str, starts: list[int] | None = None) -> list[Quantity]:
    """Rates written as odds ("one in 20"), as percentages; ``starts``, the second of
    ``_number_starts``, on a long text."""
    out: list[Quantity] = []
    found = _ONE_IN_RE.finditer(low) if starts is None else _matches_at(
        _ONE_IN_RE, low, chain((0,), starts))
    for m in found:
        raw = m.group("n")
        n = float(raw) if raw.isdigit() else _word_value(raw)
        if n >= 2:
            # Starts where the count does, so "20" and "5 %" are two readings of one value.
            start, end = m.start("n"), m.end("n")
            out.append(
                Quantity(
                    value=round(100.0 / n, 6), tolerance=0.5, start=start, end=end, percent=True
                )
            )
    return out


MAX_DIGITS = 30
"""Longer digit runs are not figures a claim could cite, and overflow float rounding."""


# The word after a small number word: "five years", "three new missions".
# "three 40-minute sessions" counts the sessions too.
_NEXT_WORD_RE = re.compile(r"[ \t]+(?:\d+-)?(?P<w>[A-Za-z][A-Za-z'\u2019-]*)")


# Not a count the page must state: a part of a larger set ("the final three frames",
# "the top four teams": the page may count the whole set) or part of a name
# ("Formula Three race": capitalised after a word).
_SELECTION_RE = re.compile(
    r"(?:\b(?:top|final|first|last|remaining|other)\s+[a-z]+"
    r"|[A-Za-z,;]\s+[A-Z][a-z]+)$"
)


_COMPARED_RE = re.compile(r"\b(?:with|than|against|versus|vs\.?|from|to|into)[^\S\n]+$")
"""What sets a figure against another, right before it: "compared with three", or makes
it an end of a change: "fell from six to three", "merged into seven"."""


def _compared(low: str, m: re.Match[str]) -> bool:
    """Whether a comparison sets the number ``m`` (in folded ``low``) against another
    figure, or a change ends or starts at it: "compared with three", "more than two",
    "from six to three"."""
    return _COMPARED_RE.search(low, max(0, m.start() - 12), m.start()) is not None


_PARTITIVE_RE = re.compile(
    r"[^\S\n]+of[^\S\n]+(?:them\b|which\b|(?:the|its|their|those|these)[^\S\n]+[a-z\d])")
"""What takes part of a counted whole, right after a figure: "nine of the 118", "four of
them", "seven of those patients" (which the page must count as the claim does: "nine of
those 27 patients" is not seven)."""


_WHOLE_BEFORE_RE = re.compile(
    r"(?:\b(?:the|all|these|those)"
    rf"|(?:\d|\b(?:one\b|{_WORD}))"
    r"[^\S\n]+(?:in|out[^\S\n]+of))[^\S\n]+$")
"""What makes a partitive's figure the whole group, right before it: "the two of them";
or a rate's denominator after a figure: "three in five of the new homes", "three out of
five" (not "in two of the 10 schools", where "in" is a preposition)."""


def _partitive(text: str, low: str, m: re.Match[str]) -> bool:
    """Whether the number word ``m`` (in folded ``low``) counts part of a whole the text
    counts or has counted: "nine of the 118 breaches", "19 vacancies, four of them in
    maths", "seven of those patients". "The two of them" and "all three of them" name
    the whole group, not a part, and a rate's denominator ("three in five of") none; nor
    does a number in a name or a selection ("Chapter Seven of the Act", "the top three of
    the teams"). ("One of" is never a match: "one" is a number word only before a scale
    word.)"""
    return (_PARTITIVE_RE.match(low, m.end()) is not None
            and _WHOLE_BEFORE_RE.search(low, max(0, m.start() - 16), m.start()) is None
            and _SELECTION_RE.search(text[max(0, m.end() - 30) : m.end()]) is None)


def _counts_a_noun(text: str, end: int) -> bool:
    """Whether a number word ending at ``end`` counts the content word after it.

    "over five years" states a count the page can contradict ("three years");
    "two of the", "two-thirds", "between two and" do not (a function word or a
    hyphen follows).
    """
    m = _NEXT_WORD_RE.match(text, end)
    if m is None or _SELECTION_RE.search(text[max(0, end - 30) : end]) is not None:
        return False
    word = m.group("w").lower()
    return is_content(word) and word.split("-")[0] not in _UNITS


def _to_quantities(m: re.Match[str], *, counts_a_noun: bool = False) -> list[Quantity]:
    """The values of a ``_NUMBER_RE`` match (made on lower-cased text)."""
    num, dec, word, per, scale_word, abbr, pct_word, tail = m.group(
        "num", "dec", "word", "per", "scale", "abbr", "pct", "tail"
    )
    start, end = m.span()
    if per:
        return [Quantity(value=_SCALES[per], tolerance=0.0, start=start, end=end)]
    scale = _SCALES[scale_word or abbr] if scale_word or abbr else 1.0
    if tail and not dec:
        # Written out to the unit ("one hundred and eighty-six"): exact.
        hundreds = float(num.replace(",", "")) * scale if num else _word_value(word) * scale
        value = hundreds + _word_value("-".join(tail.split()))
        span = 0.0 if pct_word else value * _SPAN_SECONDS.get(_span_unit(m), 0.0)
        return [Quantity(value=value, tolerance=0.0, start=start, end=end,
                         percent=bool(pct_word), span=span)]
    if num:
        dec = dec or ""
        if len(num) + len(dec) > MAX_DIGITS:
            return []  # a digit run no one cites as a figure (pi to 300 places, an ID)
        value = float(num.replace(",", "") + ("." + dec if dec else ""))
        # Unscaled integers are exact; "8.7 million" means 8.65-8.75 million.
        tol = 0.0 if scale == 1.0 and not dec else 0.5 * 10.0 ** -len(dec) * scale
        values = [value * scale]
    else:
        value = _word_value(word)
        if 1 < value <= 10 and scale == 1.0 and not pct_word and not counts_a_noun:
            # "two of the", "ten": ordinary words, matched as stems (see text.stem); a
            # count of a noun ("five years") is a value like "5 years".
            return []
        tol = 0.5 * scale if scale > 1 else 0.0
        values = [value * scale]
        if value == 0.5 and scale == 1.0:
            values.append(50.0)  # "half" is also 50 %
    pct = bool(pct_word)
    # Only the figure's first reading is a length of time: "half" (an hour), not its 50 %.
    span = 0.0 if pct else values[0] * _SPAN_SECONDS.get(_span_unit(m), 0.0)
    return [Quantity(value=v, tolerance=tol, start=start, end=end, percent=pct,
                     span=span if i == 0 else 0.0) for i, v in enumerate(values)]


_YEAR_SECONDS = 31_557_600  # 365.25 days
_SPAN_SECONDS = {
    "second": 1, "minute": 60, "hour": 3_600, "day": 86_400, "week": 604_800,
    "fortnight": 1_209_600, "month": _YEAR_SECONDS // 12, "year": _YEAR_SECONDS,
    "decade": 10 * _YEAR_SECONDS, "century": 100 * _YEAR_SECONDS,
}  # fmt: skip
_SPAN_RE = re.compile(
    r"(?:[^\S\n]+|-)(?P<a>an?[^\S\n]+)?"
    r"(?P<u>second|sec|minute|min|hour|hr|day|week|fortnight|month|year|yr|decade|centur)"
    r"(?:s|y|ies)?\b")
_SPAN_SHORT = {"sec": "second", "min": "minute", "hr": "hour", "yr": "year", "centur": "century"}


def _span_unit(m: re.Match[str]) -> str:
    """The unit of time right after a ``_NUMBER_RE`` match (on folded text), or "": "20
    years", "a 20-year loan", "half an hour" ("a" or "an" only after "half"). Not an
    ordinal ("the 20th century"), an age ("a 30-year-old") or the half of "one and a
    half hours", which is no half hour."""
    u = _SPAN_RE.match(m.string, m.end())
    if u is None or (u.group("a") and m.group("word") != "half") or (
            m.group("num") and m.group().endswith(("st", "nd", "rd", "th"))) or (
            m.string.startswith(("-old", " old"), u.end())) or (
            m.group("word") == "half" and m.string.endswith("and a ", 0, m.start())):
        return ""
    return _SPAN_SHORT.get(u.group("u"), u.group("u"))


def _word_value(word: str) -> float:
    return float(sum(_UNITS.get(p, 1) for p in word.split("-")))  # only "one" is absent


@dataclass(frozen=True, slots=True)
class QuantitySet:
    """A source's quantities, indexed so a claim's value is found in O(log n)."""

    exact: frozenset[float]
    rounded: frozenset[tuple[float, float]]
    tolerances: frozenset[float]
    percents: frozenset[float] = frozenset()
    """Values written as percentages: only these back an approximate percentage."""
    clocks: frozenset[float] = frozenset()
    """Times and durations (``Quantity.clock``): they back only each other."""
    spans: frozenset[float] = frozenset()
    """Lengths of time (``Quantity.span``), in seconds."""

    @classmethod
    def build(cls, quantities: list[Quantity], extra: list[float] | None = None) -> QuantitySet:
        clocks = {round(q.value, 6) for q in quantities if q.clock}
        quantities = [q for q in quantities if not q.clock]
        exact = {round(q.value, 6) for q in quantities} | {round(v, 6) for v in extra or ()}
        rounded = {(q.tolerance, _round(q.value, q.tolerance)) for q in quantities if q.tolerance}
        return cls(
            exact=frozenset(exact),
            rounded=frozenset(rounded),
            tolerances=frozenset(t for t, _ in rounded),
            percents=frozenset(q.value for q in quantities if q.percent),
            clocks=frozenset(clocks),
            spans=frozenset(round(q.span, 3) for q in quantities if q.span),
        )

    def backs(self, q: Quantity) -> bool:
        """Whether some value here equals ``q`` within the coarser rounding, or its bounds."""
        if q.clock:
            return any(abs(v - q.value) <= q.tolerance + 1e-6 for v in self.clocks)
        if q.span and round(q.span, 3) in self.spans:
            return True  # "two decades" and "20 years"
        if q.span and q.low is not None and q.high is not None and math.isclose(
                q.value - q.low, q.high - q.value):
            # "nearly two decades" and "19 years": an approximation's bounds in its unit.
            # Not a one-sided bound: "over 18 months" says when as often as how long.
            unit = q.span / q.value
            if any(q.low * unit <= v <= q.high * unit for v in self.spans):
                return True
        if q.hedged:
            low = -math.inf if q.low is None else q.low
            high = math.inf if q.high is None else q.high
            # A page value within the qualifier's bounds: "about £97" and £97.27. A bound is
            # wide, so a percentage needs a percentage: "over 70%" is not backed by "£91".
            if q.percent:
                return any(low <= v <= high for v in self.percents)
            return any(low <= v <= high for v in self.exact) or any(
                low - t <= v <= high + t for t, v in self.rounded
            )
        if round(q.value, 6) in self.exact:
            return True
        if q.tolerance > 0 and any(abs(v - q.value) <= q.tolerance for v in self.exact):
            return True
        return any((t, _round(q.value, t)) in self.rounded for t in self.tolerances)


def _round(value: float, tolerance: float) -> float:
    step = 2 * tolerance
    ratio = value / step
    if not math.isfinite(ratio):
        return value  # never raises on an odd page: such a value only matches itself
    return round(round(ratio) * step, 9)
