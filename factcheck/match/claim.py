"""Claim text -> ClaimText: tokens, content words with stems and weights, values, quotes.

The claim is analysed once per assessment; every signal reads this view of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.config import Config
from factcheck.match.index import squash
from factcheck.normalize import (
    DateMention,
    Quantity,
    QuantitySet,
    find_dates,
    find_quantities,
    hedge,
)
from factcheck.text import (
    NEGATIONS,
    Token,
    fold,
    is_content,
    stem,
    tokenize,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimWord:
    token: Token
    stems: tuple[str, ...]
    weight: float
    is_name: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimText:
    text: str
    tokens: list[Token]
    words: list[ClaimWord]
    quantities: list[Quantity]
    dates: list[DateMention]
    quotes: list[str]
    negated: bool
    value_terms: tuple[str, ...]
    """Digit tokens of the claim's numbers and dates, used for retrieval only."""
    alternatives: dict[int, tuple[Quantity, ...]]
    """Every reading of the quantity starting at a position ("half": 0.5 and 50 %)."""
    stated: QuantitySet
    """Every value the claim states, its number words included ("Nine of the 14 staff"):
    a window's value among these is no rival for the claim's figures."""


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


def analyse(claim: str, config: Config) -> ClaimText:
    tokens = tokenize(claim)
    dates = find_dates(claim)
    date_spans = [(d.start, d.end) for d in dates]
    # A year is never approximate: "over 2020" is not a bound.
    readings = [
        q
        if value_kind(claim, q) == "year"
        else hedge(claim, q, config.approx_tolerance, config.bound_reach)
        for q in find_quantities(claim, date_spans, compared=True)
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
    words: list[ClaimWord] = []
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
        words.append(ClaimWord(token=tok, stems=stems, weight=weight, is_name=is_name))
    quotes = [q for q in (squash(m.group(1)) for m in _QUOTE_RE.finditer(claim)) if q.strip()]
    negated = any(t.lower in NEGATIONS for t in tokens) or "n't" in fold(claim)
    return ClaimText(
        text=claim,
        tokens=tokens,
        words=words,
        quantities=quantities,
        alternatives=alternatives,
        stated=QuantitySet.build([*(a for group in alternatives.values() for a in group),
                                  *find_quantities(claim, date_spans, every_word=True)]),
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


CURRENCY = frozenset("$€£¥")


_CURRENCY_WORDS = frozenset(("dollars", "euros", "pounds", "yen", "usd", "eur", "gbp", "jpy"))


_CURRENCY_CODES = frozenset(("usd", "eur", "gbp", "jpy"))


"""Codes written before a figure, as a symbol is: "EUR 262" is money like "€262"."""


def value_kind(text: str, value: Quantity | DateMention) -> str:
    """What a value measures, so only like values compete: 2027 never contradicts $2,000."""
    if isinstance(value, DateMention):
        return "date"
    if value.clock:
        return value.clock  # "at 07:40" competes with times, "for 5 hours" with durations
    raw = text[value.start : value.end].lower()
    if raw[:1].isdigit() and raw.endswith(("st", "nd", "rd", "th")):
        return "ordinal"  # "the 400th anniversary": a rank, never compared
    if raw.endswith(("%", "percent", "cent")):
        return "percent"
    before = text[max(0, value.start - 2) : value.start].strip()
    after = text[value.end : value.end + 9].lower().split()
    if (before and before[-1] in CURRENCY) or (after and after[0] in _CURRENCY_WORDS):
        return "money"
    code = text[max(0, value.start - 4) : value.start].split()
    if code and code[-1].lower() in _CURRENCY_CODES:
        return "money"
    if value.tolerance == 0 and 1000 <= value.value <= 2100 and raw.isdigit():
        return "year"
    return "number"
