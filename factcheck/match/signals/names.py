"""Name signals: claim names no cited page mentions, and names standing where the
closest evidence sentence has another name (another name in a frame's slot is a frame
conflict, signals/frames.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from factcheck.config import Config
from factcheck.match.claim import ClaimText
from factcheck.match.retrieval import SourceView
from factcheck.match.signals.frames import CALENDAR, same_name
from factcheck.match.signals.lexical import word_backed
from factcheck.text import Token


def absent_names(
    claim: ClaimText, views: Sequence[SourceView], page_stems: frozenset[str], config: Config
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
    quoted = quoted_positions(claim.tokens)
    count = 0
    for w in names:
        at = position[w.token.start]
        if at in quoted:
            continue
        if word_backed(w, page_stems) or w.stems[0][: config.name_prefix] in prefixes:
            continue
        count += 1
    return count


def quoted_positions(tokens: list[Token]) -> set[int]:
    """Indexes of the tokens inside quotation marks."""
    out: set[int] = set()
    inside = False
    for i, t in enumerate(tokens):
        if t.text in '"\u201c\u201d':
            inside = t.text == "\u201c" or (t.text == '"' and not inside)
        elif inside:
            out.add(i)
    return out


def missing_names(
    claim: ClaimText, views: Sequence[SourceView], page_stems: frozenset[str], config: Config
) -> int:
    prefixes = frozenset().union(*(v.index.prefixes for v in views))
    return sum(
        1
        for w in claim.words
        if w.is_name
        and not word_backed(w, page_stems)
        and w.stems[0][: config.name_prefix] not in prefixes
    )


_WORD = re.compile(r"[^\W\d_][\w-]*|\d[\d,.]*")


def replaced_names(claim: ClaimText, views: Sequence[SourceView]) -> int:
    """Names of the claim standing where the sentence of the best window closest to it
    has other names, the words around them the same ("Bryce Civil Engineering of
    Dunmere, which was picked" against "… of Merrowick, which was chosen"): another
    name of the page put in the place of the right one. Read off the word order, which
    the frame slots do not keep. A name and its initials, or a fuller form sharing a
    word, are the same name, and a name the sentence has elsewhere was moved, not
    replaced. Counted when every source with a window shows it."""
    words = _words(claim.text)
    counts = [_replaced(words, v) for v in views if v.windows]
    return min(counts) if counts else 0


def _words(text: str) -> list[str]:
    """Words without the possessive "s" ("Council's" is "Council")."""
    return [w for w in (m.group().removesuffix("'s").removesuffix("\u2019s")
                        for m in _WORD.finditer(text)) if w]


def _is_name(word: str, at: int) -> bool:
    return at > 0 and word[:1].isupper() and word.lower() not in CALENDAR


def _leading_names(words: list[str], start: int, end: int) -> int:
    """Where the run of names that opens ``words[start:end]`` ends (``start``: none)."""
    at = start
    while at < end and _is_name(words[at], at):
        at += 1
    return at if at > start else 0


def _replaced(words: list[str], view: SourceView) -> int:
    ours = [w.lower() for w in words]
    window = view.windows[0]
    sentences = [_words(s) for s in view.index.sentences[window.start:window.end]]
    if not sentences:
        return 0
    theirs = max(sentences, key=lambda s: len(set(ours).intersection(w.lower() for w in s)))
    lower = [w.lower() for w in theirs]
    count = 0
    anchor = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(a=ours, b=lower, autojunk=False).get_opcodes():
        before, anchor = anchor, (i2 - i1 if op == "equal" else 0)
        if op != "replace":
            continue
        # A name reworded around as well ("A third bidder, Corvane Engineering, pulled
        # out" against "A third bidder, Halvorsen Electric, withdrew"): the names that
        # open both sides stand in the same place, when three words or more before them
        # are the same.
        c_lead = _leading_names(words, i1, i2)
        p_lead = _leading_names(theirs, j1, j2)
        if c_lead and p_lead and c_lead < i2:
            if before < 3:
                continue
            i2, j2 = c_lead, p_lead
        if i2 - i1 > 4 or j2 - j1 > 4:
            continue
        claim_side = words[i1:i2]
        page_names = [w for j, w in enumerate(theirs[j1:j2], start=j1) if _is_name(w, j)]
        if not page_names or not all(_is_name(w, i) for i, w in enumerate(claim_side, start=i1)):
            continue
        if set(ours[i1:i2]) & set(lower):
            continue  # the sentence has the claim's name elsewhere: words moved, not replaced
        if same_name(ours[i1:i2], [w.lower() for w in page_names]):
            continue  # initials: "NRP" for "National Reform Party"
        count += 1
    return count

