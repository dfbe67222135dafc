"""Value signals: claim numbers and dates missing from the page, or stated otherwise.

A value is compared only with values of its kind (date, year, money, percentage,
plain number) in the same role, so a page's other figures do not contradict it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from factcheck.config import Config
from factcheck.match.claim import CURRENCY, ClaimText, value_kind
from factcheck.match.retrieval import SourceView
from factcheck.normalize import (
    DateMention,
    Quantity,
    QuantitySet,
    date_backed,
    find_dates,
    find_quantities,
)
from factcheck.text import (
    Token,
    is_content,
    stem,
    tokenize,
)


def value_backed(
    claim: ClaimText, quantities: Sequence[QuantitySet], dates: Sequence[frozenset[str]]
) -> tuple[list[bool], list[bool]]:
    q_ok = [
        any(qs.backs(alt) for qs in quantities for alt in claim.alternatives[q.start])
        for q in claim.quantities
    ]
    d_ok = [any(date_backed(d, keys) for keys in dates) for d in claim.dates]
    return q_ok, d_ok


def _window_values(view: SourceView) -> tuple[list[QuantitySet], list[frozenset[str]]]:
    qsets = [view.index.head_quantities]
    dsets = [view.index.head_dates]
    for w in view.windows:
        for i in range(w.start, w.end):
            values = view.index.sentence_values.get(i)
            if values is not None:
                qsets.append(values[0])
                dsets.append(values[1])
    return qsets, dsets


def all_window_values(
    views: Sequence[SourceView],
) -> tuple[list[QuantitySet], list[frozenset[str]]]:
    qsets: list[QuantitySet] = []
    dsets: list[frozenset[str]] = []
    for v in views:
        q, d = _window_values(v)
        qsets += q
        dsets += d
    return qsets, dsets


def _contradicted(
    claim: ClaimText,
    missing: Sequence[Quantity | DateMention],
    views: Sequence[SourceView],
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


def shifted(
    claim: ClaimText, views: Sequence[SourceView], config: Config
) -> list[Quantity | DateMention]:
    """Claim values the page has somewhere, while every best window states another in their role.

    "begin in spring 2026" against a window saying "begin in spring 2027" on a
    page that mentions 2026 elsewhere (a dateline, another project): the year
    is on the page, but not for this. A window that also gives the claim's
    value among the same words clears it. Every source must contradict, so
    citing one more never adds a penalty.
    """
    together = _stated_together(claim, views)
    values: list[Quantity | DateMention] = [
        *(q for q in claim.quantities if q not in together), *claim.dates]
    return [
        value
        for value in values
        if views and all(_competitor(claim, value, v, strict=True, config=config) for v in views)
    ]


def _stated_together(claim: ClaimText, views: Sequence[SourceView]) -> list[Quantity]:
    """The claim's figures, when it has two or more and one sentence of a best window
    states them all in the claim's order ("3,460 homes ... compared with 3,910" against
    "completed 3,460 homes, down from 3,910"): the page gives these figures together,
    whatever words it puts around them, so none was moved from elsewhere."""
    figures = sorted(claim.quantities, key=lambda q: q.start)
    if len(figures) < 2:
        return []
    counted = [_counted(claim.tokens, q.end) for q in figures]
    for view in views:
        for w in view.windows[:1]:
            for sentence in view.index.sentences[w.start : w.end]:
                skip = [(d.start, d.end) for d in find_dates(sentence)]
                tokens = tokenize(sentence)
                stated = iter([(o, _counted(tokens, o.end)) for o in sorted(
                    find_quantities(sentence, skip), key=lambda q: q.start)])
                # Each figure counting the same thing where both say what it counts: "62
                # events by 214 artists" is not "62 artists staged 214 events".
                if all(any(_same_value(q, o, claim) and counted[i] in ("", c) for o, c in stated)
                       for i, q in enumerate(figures)):
                    return figures
    return []


_PHRASE_WORDS = 3
_PHRASE_JOINS = frozenset(("of", "per", "a", "an", "the"))


def counted_phrase(tokens: list[Token], end: int) -> tuple[str, ...]:
    """Stems of the content words a figure ending at ``end`` counts: up to three after
    it, through "of" and "per" ("1,840 letters of objection and 312 letters of support":
    letter, objection), to any other word that is not content ("for", "in", "and"),
    a punctuation mark or another figure."""
    out: list[str] = []
    for t in tokens:
        if t.start < end:
            continue
        content = t.is_word and is_content(t.lower) and not t.lower[0].isdigit()
        if not content and t.lower not in _PHRASE_JOINS:
            break
        if content:
            out.append(stem(t.lower))
            if len(out) == _PHRASE_WORDS:
                break
    return tuple(out)


def _counted_otherwise(claim: ClaimText, value: Quantity | DateMention, same: WindowValue,
                       rivals: Sequence[WindowValue]) -> bool:
    """The window figure that states the claim's value counts something else, and another
    figure counts what the claim's does: "received 1,840 letters of support" against
    "1,840 letters of objection and 312 letters of support". Both count the same thing
    first (letters), the page's figure names something the claim does not, and the
    other shares more of the claim's words."""
    if not isinstance(value, Quantity) or not same.counts:
        return False
    mine = counted_phrase(claim.tokens, value.end)
    if not mine or mine[0] != same.counts[0]:
        return False
    # It counts something else only if it names what the claim does not ("objection"):
    # "4,000 people over the weekend" counts the claim's "4,000 people attended".
    said = {stem(t.lower) for t in claim.tokens if t.is_word}
    if set(same.counts) <= said:
        return False
    shared = len(set(mine) & set(same.counts))
    return any(
        o.kind == same.kind and o.counts[:1] == mine[:1] and not _same_value(value, o.value, claim)
        and len(set(mine) & set(o.counts)) > shared
        for o in rivals
    )


def _counted(tokens: list[Token], end: int) -> str:
    """The stem of the content word right after a figure ("3,460 homes"), or ""."""
    after = next((t for t in tokens if t.start >= end), None)
    if after is None or not after.is_word or not is_content(after.lower):
        return ""
    return stem(after.lower)


def _readings(value: Quantity | DateMention, claim: ClaimText) -> tuple[Quantity, ...]:
    assert isinstance(value, Quantity)
    return claim.alternatives.get(value.start, (value,))


@dataclass(frozen=True, slots=True)
class WindowValue:
    kind: str
    value: Quantity | DateMention
    role: ValueRole
    counts: tuple[str, ...] = ()
    """What the value counts (``counted_phrase``)."""
    period: int | None = None
    """The year the value is given for (``_period``)."""
    place: frozenset[str] = frozenset()
    """The words nearest it in its clause (``_context``)."""
    unit_counts: tuple[str, ...] = ()
    """What it counts past its unit words (``_counts``)."""
    dateline: bool = False
    """A date heading the article ("MARBECK, 14 August 2025 —", "9 May 2024 — By ..."):
    when it was written, not when anything it reports happened."""


def _window_values_with_roles(view: SourceView) -> list[WindowValue]:
    """Every value of the best window with its kind and surrounding words (cached per view).

    Number words are values wherever they stand, as on the page: "drew up a shortlist
    of five" gives the shortlist its figure."""
    if view.roles is not None:
        return view.roles
    out: list[WindowValue] = []
    for w in view.windows[:1]:
        sentences = view.index.sentences[w.start : w.end]
        text = " ".join(sentences)
        ends = list(accumulate(len(s) + 1 for s in sentences))
        tokens = tokenize(text)
        dates = find_dates(text)
        found: list[Quantity | DateMention] = [*dates]
        found += find_quantities(text, [(d.start, d.end) for d in dates], every_word=True)
        for value in found:
            role = value_role(tokens, value.start, value.end)
            quantity = isinstance(value, Quantity)
            out.append(WindowValue(
                kind=value_kind(text, value), value=value, role=role,
                counts=counted_phrase(tokens, value.end) if quantity else (),
                period=_period(text, value, found),
                place=_context(tokens, value.start, value.end, _CLAUSE_MARKS),
                dateline=isinstance(value, DateMention) and _dateline(text, value, ends),
                unit_counts=_counts(tokens, value.end) if quantity else ()))
    view.roles = out
    return out


_PLACE_BEFORE_RE = re.compile(
    r"(?:^|\s)[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+)*,\s*"
    r"(?:[A-Z][a-z]+day,?\s*)?$")
_DASH_AFTER_RE = re.compile(r"\s*(?:[\u2014\u2013-]\s|[.:]?\s*$)")
_BY_AFTER_RE = re.compile(r"\s*[\u2014\u2013|-]\s*By\b")


def _dateline(text: str, date: DateMention, ends: Sequence[int]) -> bool:
    """A news dateline's date: after a place in capitals and before a dash or the end of
    its line ("MARBECK, 14 August 2025 —", "REINHOLT, 12 December 2024"), or before a dash
    and the byline ("9 May 2024 — By ..."). ``ends`` are where the sentences of ``text``
    end."""
    i = bisect_right(ends, date.start)
    start, end = (ends[i - 1] if i else 0), (ends[i] - 1 if i < len(ends) else len(text))
    after = text[date.end : min(end, date.end + 12)]
    return bool(_BY_AFTER_RE.match(after)) or (
        bool(_DASH_AFTER_RE.match(after))
        and bool(_PLACE_BEFORE_RE.search(text[max(start, date.start - 60) : date.start])))


def _year_of_its_figure(claim: ClaimText, value: Quantity | DateMention,
                        rivals: Sequence[WindowValue]) -> bool:
    """Whether a year of the claim is one the window gives the figure the claim dates
    with it: "212 callouts in 2024" against "called out 212 times in 2024, compared with
    187 callouts in 2023". The year is stated, whatever words stand next to it. (Reading
    a year as moved when the window dates that figure with another one took 10 faithful
    claims of the seen halves and training folders to not supported: a year after a
    figure is not always the figure's.)"""
    if isinstance(value, DateMention):
        year = value.year
    elif value_kind(claim.text, value) == "year":
        year = int(value.value)
    else:
        return False
    values: list[Quantity | DateMention] = [*claim.dates, *claim.quantities]
    # The figure this mention of the year dates, not any the year dates elsewhere
    # ("96 launches in 2024 and a boathouse opened in 2024").
    dated = [q for q in claim.quantities
             if q is not value and _period_at(claim.text, q, values) == (year, value.start)]
    return any(o.period == year and isinstance(o.value, Quantity) and _same_value(q, o.value, claim)
               for q in dated for o in rivals)


_PERIOD_GAP_RE = re.compile(r"[^.;:!?,()]{0,24}$")
_NOT_ITS_PERIOD_RE = re.compile(r"\b(?:from|since|before|after|until)\b", re.IGNORECASE)


def _period_at(text: str, value: Quantity | DateMention,
               values: Sequence[Quantity | DateMention]) -> tuple[int, int] | None:
    """The year a figure is given for, and where that year is written: a year or dated
    month that follows it within a few words of its clause ("212 callouts in 2024", "187
    in the year to March 2023"), or None. Not a year a change starts from or a time
    before or after it ("rose 12% from 2022 to 2023")."""
    if isinstance(value, DateMention):
        return None
    best: tuple[int, int] | None = None
    for other in values:
        if other.start < value.end or (best is not None and other.start >= best[1]):
            continue
        if isinstance(other, DateMention):
            year = other.year
        elif value_kind(text, other) == "year":
            year = int(other.value)
        else:
            continue
        gap = text[value.end : other.start]
        if year is not None and _PERIOD_GAP_RE.match(gap) and not _NOT_ITS_PERIOD_RE.search(gap):
            best = (year, other.start)
    return best


def _period(text: str, value: Quantity | DateMention,
            values: Sequence[Quantity | DateMention]) -> int | None:
    """The year a figure is given for (``_period_at``), or None."""
    found = _period_at(text, value, values)
    return None if found is None else found[0]


def _competitor(
    claim: ClaimText,
    value: Quantity | DateMention,
    view: SourceView,
    *,
    strict: bool = False,
    config: Config,
) -> bool:
    """The view's best window has a value of the same kind, unstated by the claim, in its role.

    With ``strict``, the window must also not give the claim's own value among
    those words (for values the page has somewhere).
    """
    kind = value_kind(claim.text, value)
    role = value_role(claim.tokens, value.start, value.end)
    if kind == "ordinal" or not role.wide:
        return False
    rivals = _window_values_with_roles(view)
    # "about £97" paraphrases the window's "£97.27" in other words: an approximate
    # figure is contradicted only when no value of its kind fits it as well as another
    # figure in its role does.
    hedged = isinstance(value, Quantity) and value.hedged
    if hedged and _fits_as_well(claim, value, kind, role, rivals):
        return False
    if isinstance(value, Quantity) and _change_stated(claim, value, rivals, config):
        return False
    if strict and _year_of_its_figure(claim, value, rivals):
        return False
    rival = False
    anywhere: bool | None = None
    for other in rivals:
        if other.kind != kind or other.dateline:
            continue
        if not _same_role(role, other.role, strict or kind == "number"):
            # A figure of a list by year, in another figure's place: "by 3.8 % in each of
            # 2027 and 2028" against "by 3 % in each of 2027 and 2028", the words around
            # the two arranged otherwise. Only where the window does not state the
            # claim's figure at all: "a drop from 52 in 2023" is not "1,380 in 2023"
            # beside "down from 52 last year".
            if not (isinstance(value, Quantity) and role.years & other.role.years):
                continue
            if anywhere is None:
                anywhere = any(o.kind == kind and _same_value(value, o.value, claim)
                               for o in rivals)  # fmt: skip
            if anywhere:
                continue
        if role.slot and other.role.slot and role.slot != other.role.slot:
            # "dropping to 1.9 m" is not stated by "rose to 2.4 m from 1.9 m", nor
            # contradicted by the "from" value: only the claim's own slot counts.
            continue
        if _same_value(value, other.value, claim):
            if strict and not _counted_otherwise(claim, value, other, rivals):
                return False
            continue
        o = other.value
        if isinstance(o, DateMention):
            if any(compatible_dates(d, o) for d in claim.dates):
                continue  # compatible: "March 2025" and "3 March"
        elif claim.stated.backs(o):
            continue  # the claim states this value too: it is not a rival
        rival = True
        if not strict:
            return True
    return rival


def _fits_as_well(claim: ClaimText, value: Quantity | DateMention, kind: str, role: ValueRole,
                  rivals: Sequence[WindowValue]) -> bool:
    """Whether a window figure that fits an approximate claim figure stands among its
    words (either one's nearest word among the other's), or shares as many of the words
    around it as any other figure of its kind in its role: "about 4,800 patients
    attended" is "a total of 4,812" beside "3,900 patients attended" the winter before;
    but "some 600 students are waiting" is not "add 600 bed spaces" beside "420
    students are on the waiting list"."""
    fitting: list[WindowValue] = []
    others: list[WindowValue] = []
    for o in rivals:
        if o.kind == kind:
            (fitting if _same_value(value, o.value, claim) else others).append(o)
    if not fitting:
        return False
    if any(o.role.near & role.wide or o.role.wide & role.near for o in fitting):
        return True  # among the claim's words: "pay about £91 more" and "increase of £91.27"
    rival = max((len(o.role.wide & role.wide) for o in others
                 if _same_role(role, o.role, True)), default=0)
    return max(len(o.role.wide & role.wide) for o in fitting) >= rival


_CHANGE_RE = re.compile(r"\bby\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def _change_stated(
    claim: ClaimText, value: Quantity, rivals: Sequence[WindowValue], config: Config
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


def compatible_dates(a: DateMention, b: DateMention) -> bool:
    """Dates that may be the same day: "9 April", "April 9, 2011" and "April 2011" agree."""
    return (
        a.month == b.month
        and (a.year is None or b.year is None or a.year == b.year)
        and (a.day is None or b.day is None or a.day == b.day)
    )


def _same_value(
    value: Quantity | DateMention, other: Quantity | DateMention, claim: ClaimText
) -> bool:
    """Whether a window value states the claim's value (dates: compatible with it)."""
    if isinstance(value, DateMention):
        return isinstance(other, DateMention) and compatible_dates(value, other)
    if isinstance(other, DateMention):
        return False
    return QuantitySet.build([other]).backs(value) or any(
        QuantitySet.build([other]).backs(a) for a in _readings(value, claim)
    )


_ROLE_WORDS = 4
"""Content words either side of a value that say what it measures ("median household income")."""

_YEAR_RE = re.compile(r"(?:19|20)\d\d")
"""A year written as a figure: next to a value it says which year the value is for."""


@dataclass(frozen=True, slots=True)
class ValueRole:
    """The words around a value: the nearest content word each side, and a few more."""

    near: frozenset[str]
    wide: frozenset[str]
    slot: str = ""
    """"to" or "from" heading the value: the end or the start of a change."""
    years: frozenset[str] = frozenset()
    """Years nearer the value than its nearest content word: the year a figure of a list
    by year stands for ("by 3 % in each of 2027 and 2028")."""


def _same_role(a: ValueRole, b: ValueRole, strict: bool) -> bool:
    """Same nearest word ("spring 2026" / "spring 2027"), or, unless strict, two shared words.

    Plain numbers and values the page has elsewhere need the nearest word: one
    shared word of context is common between unrelated numbers of one page.
    """
    return bool(a.near & b.near) or (not strict and len(a.wide & b.wide) >= 2)


def _either_side(tokens: list[Token], start: int, end: int) -> tuple[list[Token], list[Token]]:
    """The tokens before a value and those after it."""
    return [t for t in tokens if t.end <= start], [t for t in tokens if t.start >= end]


def value_role(tokens: list[Token], start: int, end: int) -> ValueRole:
    """Stems of the content words either side of a value, within its sentence.

    Commas and function words are skipped ("the cost, up to $2,000" puts
    "cost" next to the amount); a full stop, colon or semicolon ends the search.
    """
    near: set[str] = set()
    wide: set[str] = set()
    years: set[str] = set()
    before, after = _either_side(tokens, start, end)
    for group in (reversed(before), after):
        n = 0
        for t in group:
            if t.text in ".;:!?":
                break
            if n == 0 and _YEAR_RE.fullmatch(t.lower):
                years.add(t.lower)
            if t.is_word and is_content(t.lower) and not t.lower[0].isdigit():
                (near if n == 0 else wide).add(stem(t.lower))
                n += 1
                if n == _ROLE_WORDS:
                    break
    return ValueRole(near=frozenset(near), wide=frozenset(near | wide), slot=_slot(before),
                     years=frozenset(years))


_SLOTS = frozenset(("to", "from"))

_FIGURE = frozenset(("hundred", "thousand", "million", "billion", "trillion", "k", "m", "mn",
                     "bn", "per", "cent", "percent", "%"))


def _slot(before: list[Token]) -> str:
    """"to" or "from" heading a value: right before it ("to £84.6 million"), or before the
    figure a date dates ("from £75.5 million in 2022": the year of the start of the
    change, not of its end)."""
    i = len(before) - 1
    if i > 0 and before[i].lower in ("in", "on"):
        i -= 1
        if not (before[i].lower[0].isdigit() or before[i].lower in _FIGURE):
            return ""  # "in 2022" after a word dates no figure
    while i >= 0 and (before[i].text in CURRENCY or before[i].lower[0].isdigit()
                      or before[i].lower in _FIGURE):
        i -= 1
    return before[i].lower if i >= 0 and before[i].lower in _SLOTS else ""


# Comparatives whose direction two figures can check: "66 dB, quieter than 64 dB".
_LESS = frozenset(
    ("quieter", "lower", "less", "fewer", "cheaper", "smaller", "shorter", "lighter", "slower",
     "cooler", "colder", "weaker", "lesser")
)  # fmt: skip


_MORE = frozenset(
    ("louder", "higher", "more", "greater", "larger", "bigger", "longer", "heavier", "faster",
     "warmer", "hotter", "stronger", "dearer", "costlier")
)  # fmt: skip


_THAN_OBJECT_RE = re.compile(r"(?![^,;:.]*\b(?:and|but|while|whereas)\b)[^,;:.]{0,40}$",
                             re.IGNORECASE)
"""What may stand between "than" and the figure it compares with: a few words of one
phrase ("than Verdane's claimed"), no comma, clause mark or conjunction."""


def comparison_against_its_figures(claim: ClaimText) -> bool:
    """The claim compares two figures of one unit in the direction they contradict.

    "measured 66 dB, quieter than the claimed 64 dB": whatever the source
    says, 66 is not quieter than 64. The figures are the nearest quantity
    before the comparative and the one "than" compares it with, a few words on with no
    comma or conjunction between ("9 per cent more than a year earlier, and filled 87.4
    per cent" compares with a year, not with 87.4), each followed by the same word (the
    unit) or both percentages.
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
        if not _THAN_OBJECT_RE.match(claim.text, tokens[i + 1].end, b.start):
            continue
        if any(ch in claim.text[a.end : b.start] for ch in ";.") or a.percent != b.percent:
            continue
        if not a.percent and unit_after(claim.text, a) != unit_after(claim.text, b):
            continue
        if (t.lower in _LESS and a.value > b.value) or (t.lower in _MORE and a.value < b.value):
            return True
    return False


def unit_after(text: str, q: Quantity) -> str:
    rest = text[q.end : q.end + 12].split()
    return rest[0].strip(",.;:()").lower() if rest else ""


def value_features(
    claim: ClaimText, views: Sequence[SourceView], config: Config
) -> dict[str, float]:
    """Claim numbers and dates missing from the pages, or contradicted."""
    q_page, d_page = value_backed(
        claim, [v.index.quantities for v in views], [v.index.dates for v in views]
    )
    ranged = _ranged(claim, views)
    q_page = [ok or q.start in ranged for q, ok in zip(claim.quantities, q_page, strict=True)]
    missing: list[Quantity | DateMention] = [
        q for q, ok in zip(claim.quantities, q_page, strict=True) if not ok
    ]
    missing += [d for d, ok in zip(claim.dates, d_page, strict=True) if not ok]
    missing_at = {m.start for m in missing}
    elsewhere = {m.start for m in moved(claim, views, config, ranged)} - missing_at
    return {
        "missing_values": float(min(3, q_page.count(False) + d_page.count(False))),
        "contradicted_values": float(
            min(2, _contradicted(claim, missing, views, config) + len(elsewhere))
        ),
    }


def _ranged(claim: ClaimText, views: Sequence[SourceView]) -> set[int]:
    """Where the claim's approximate figures inside a range a best window states begin:
    the range's to give."""
    return {q.start for q in claim.quantities if q.hedged and _within_a_range(claim, q, views)}


def moved(claim: ClaimText, views: Sequence[SourceView], config: Config,
          ranged: set[int] | None = None) -> list[Quantity | DateMention]:
    """Claim values the page has elsewhere while the best windows put another in their
    place (``shifted``, ``placed_otherwise``; a byline's date taken for the event's among
    them): contradicted, for the verdict and for the words named. Not an approximate
    figure inside a range a window states. Two figures exchanged between their holders
    are not read here: a reading of it caught on new text nothing else did not and called
    one holder in two words ("the site", "Brackwater") two."""
    if ranged is None:
        ranged = _ranged(claim, views)
    out: list[Quantity | DateMention] = []
    for value in [*shifted(claim, views, config), *placed_otherwise(claim, views)]:
        if value.start not in ranged and all(value is not o for o in out):
            out.append(value)
    return out


_RANGE_JOIN_RE = re.compile(r"\s*(?:-|\u2013|\u2014|to|and)\s*[$€£¥]?$", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\bbetween\s+[$€£¥]?$", re.IGNORECASE)


def _within_a_range(claim: ClaimText, q: Quantity, views: Sequence[SourceView]) -> bool:
    """An approximate figure inside a narrow range a best window states: "about 4,800"
    within "between 4,600 and 5,000", "about 2.1%" within "1.9% to 2.3%". The page has
    no single figure the claim rounds; the range's middle is what it says. Only a range
    whose width is at most half its upper end counts ("between 1 and 10" says little)."""
    kind = value_kind(claim.text, q)
    for view in views:
        for w in view.windows[:1]:
            for sentence in view.index.sentences[w.start : w.end]:
                found = find_quantities(sentence, [(d.start, d.end) for d in find_dates(sentence)])
                found.sort(key=lambda f: f.start)
                for a, b in pairwise(found):
                    join = sentence[a.end : b.start]
                    if not _RANGE_JOIN_RE.match(join) or (
                            join.strip().lower() == "and"
                            and not _BETWEEN_RE.search(sentence, 0, a.start)):
                        continue
                    if value_kind(sentence, b) != kind:
                        continue
                    low, high = sorted((a.value, b.value))
                    if 0 < high - low <= high / 2 and low <= q.value <= high:
                        return True
    return False


_CLAUSE_MARKS = frozenset(".,;:!?()\u2013\u2014")
_SENTENCE_MARKS = frozenset(".;:!?")
_JOINS = frozenset(("and", "but", "while", "whereas"))
_SOFT_MARKS = _CLAUSE_MARKS - _SENTENCE_MARKS
"""Marks that part a page figure's words from the next clause's only where another
figure's clause lies beyond them (``_context``)."""
_DIGITS_RE = re.compile(r"\d[\d,.]*\d|\d")
_PLACE_MARGIN = 2
"""How many more of the claim's words another figure's context must share than any
context on the page stating the claim's figure."""
_PLACE_MIN = 3
"""How many of the claim's words another figure's context must share at least."""


def _context(tokens: list[Token], start: int, end: int, marks: frozenset[str],
             soft: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words nearest a value (``_ROLE_WORDS`` content words a side) up to a mark of
    ``marks`` or the next figure written in digits: content stems, and that figure as
    written without its commas (the claim's other figures place it too, but their words
    are theirs); unit words are not context. A mark of ``soft`` stops the words only
    where another figure's clause lies beyond it (a figure or a conjunction within a few
    words): "to about 127,000 pensioners, and received 1.9 billion" parts the two
    figures' words, "spending on agency staff, at £4.2 million, was" does not."""
    out: set[str] = set()
    before, after = _either_side(tokens, start, end)
    for group in (list(reversed(before)), after):
        n = 0
        for i, t in enumerate(group):
            if t.text in marks or (t.text in soft and any(
                    u.lower in _JOINS or u.lower[:1].isdigit() for u in group[i + 1 : i + 5])):
                break
            if not t.is_word or t.lower in _FIGURE:
                continue
            if t.lower[0].isdigit():
                out.add(t.lower.replace(",", ""))
                break
            if is_content(t.lower):
                out.add(stem(t.lower))
                n += 1
                if n == _ROLE_WORDS:
                    break
    return frozenset(out)


def placed_otherwise(claim: ClaimText, views: Sequence[SourceView]) -> list[Quantity]:
    """Claim figures the page states, while the best window puts another figure of their
    kind among the claim's words: "Northgate currently houses 140 of the VTA's 410 buses"
    against "Northgate currently houses 150 of the VTA's 410 buses ... Millbrook Depot
    houses 140". A figure is placed by the words nearest it in its clause; it is moved
    when another figure's clause shares clearly more of them than the words around the
    claim's figure anywhere on the page. Not in its place: a figure that counts something
    else ("6.3 The closures", "18 wind turbines"), one beside the claim's own figure,
    whose words are both figures', and a "from" figure for a "to" one."""
    together = _stated_together(claim, views)
    out: list[Quantity] = []
    for q in claim.quantities:
        kind = value_kind(claim.text, q)
        if q in together or kind in ("year", "ordinal"):
            continue
        mine = _context(claim.tokens, q.start, q.end, _CLAUSE_MARKS)
        if len(mine) < _PLACE_MIN:
            continue
        counts = _counts(claim.tokens, q.end)
        if views and all(_placed_in(claim, q, kind, mine, counts, v) for v in views):
            out.append(q)
    return out


def _placed_in(claim: ClaimText, q: Quantity, kind: str, mine: frozenset[str],
               counts: tuple[str, ...], view: SourceView) -> bool:
    """Whether the view's best window has another figure in the claim figure's place."""
    rival = 0
    slot = _slot([t for t in claim.tokens if t.end <= q.start])
    figure = _written(claim, q)
    for other in _window_values_with_roles(view):
        o = other.value
        if (other.kind != kind or not isinstance(o, Quantity) or _same_value(q, o, claim)
                or claim.stated.backs(o)):
            continue
        theirs = other.unit_counts
        if theirs != counts and (counts if kind == "number" else theirs and counts):
            continue  # it counts something else: "18 wind turbines"
        if figure & other.place:
            continue  # beside the claim's figure, their words are both figures'
        if slot and other.role.slot not in ("", slot):
            continue  # "from 30,000" is not in the place of "to 38,000"
        rival = max(rival, len(mine & other.place))
    if rival < _PLACE_MIN:
        return False
    # Only sentences whose values back the figure, however written ("1.5 million" for
    # "1,500,000", "about 4,800" for "4,812"), can state it; each sentence's values are
    # read once per page, and only those sentences are read again for their words.
    readings = claim.alternatives.get(q.start, (q,))
    for i in range(len(view.index.sentences)):
        found = view.index.sentence_values.get(i)
        if found is None or not any(found[0].backs(r) for r in readings):
            continue
        for o_kind, o, near in view.index.sentence_values.derived(i, _stated_figures):
            if o_kind == kind and _same_value(q, o, claim) and len(mine & near) > (
                    rival - _PLACE_MARGIN):
                return False
    return True


def _written(claim: ClaimText, q: Quantity) -> set[str]:
    """The figure as the words around another figure may hold it, whichever way the page
    writes it: its digits, its value ("12" of "Twelve of those 27 patients") or the
    number word's stem ("twelv" of "twelve", "9" of "nine")."""
    digits = _DIGITS_RE.search(claim.text, q.start, q.end)
    written = claim.text[q.start : q.end].lower()
    return {digits.group().replace(",", "") if digits else stem(written), f"{q.value:g}"}


def _counts(tokens: list[Token], end: int) -> tuple[str, ...]:
    """The first word a figure counts, past its unit words ("24 per cent of voters": voter)."""
    for t in tokens:
        if t.start >= end and t.lower not in _FIGURE:
            return counted_phrase(tokens, t.start)[:1]
    return ()


def _stated_figures(sentence: str) -> tuple[tuple[str, Quantity, frozenset[str]], ...]:
    """The figures of a page's sentence, number words too, each with its kind and the
    words nearest it in its clause where another figure's clause is beside it: read on to
    the sentence's end, "to about 127,000 pensioners, and received 1.9 billion" placed the
    page's 1.9 billion among the words of the figure before the comma; stopped at every
    comma, "spending on agency staff, at £4.2 million, was double" lost the words that
    say what £4.2 million is."""
    tokens = tokenize(sentence)
    skip = [(d.start, d.end) for d in find_dates(sentence)]
    return tuple(
        (value_kind(sentence, o), o,
         _context(tokens, o.start, o.end, _SENTENCE_MARKS, _SOFT_MARKS))
        for o in find_quantities(sentence, skip, every_word=True)
    )
