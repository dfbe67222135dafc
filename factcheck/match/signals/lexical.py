"""Lexical signals: how much of the claim the best windows and the page back."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from factcheck.config import Config
from factcheck.match.claim import ClaimText, ClaimWord
from factcheck.match.index import squash
from factcheck.match.retrieval import SourceView
from factcheck.text import Token


def coverage(claim: ClaimText, backed: frozenset[str] | set[str]) -> float:
    total = sum(w.weight for w in claim.words)
    if total == 0:
        return 0.0  # nothing checkable: no word can count as backed
    return sum(w.weight for w in claim.words if word_backed(w, backed)) / total


def word_backed(word: ClaimWord, backed: frozenset[str] | set[str]) -> bool:
    """The word's stem is backed, or, for a hyphenated word, every part of it is."""
    whole, parts = word.stems[0], word.stems[1:]
    return whole in backed or (bool(parts) and all(p in backed for p in parts))


def quote_found(quote: str, views: Sequence[SourceView], config: Config) -> bool:
    from rapidfuzz import fuzz

    for v in views:
        if quote in v.index.lower_text:
            return True
        for w in v.windows:
            passage = squash(" ".join(v.index.sentences[w.start : w.end]))
            if fuzz.partial_ratio(quote, passage) >= config.quote_similarity:
                return True
    return False


def unbacked_run(claim: ClaimText, backed: frozenset[str]) -> int:
    """Longest run of claim content words (stopwords between them allowed) no window backs.

    A claim that adds a whole unbacked clause ("... and cheaper to run than any
    rival") has one long run; a paraphrase scatters single unbacked words.
    """
    best = run = 0
    for w in claim.words:
        run = 0 if word_backed(w, backed) else run + 1
        best = max(best, run)
    return best


_CLAUSE_MARKS = frozenset((",", ";", ":", "(", ")", "\u2013", "\u2014"))
_CLAUSE_OPENERS = frozenset(("because", "after", "once", "until", "unless", "when", "since"))
"""Connectives that open a clause giving a cause, a condition or a time, for
``unbacked_clauses``. Contrast ("while", "although", "whereas") joins two facts a page
may state apart, as Wikipedia sentences gather them: read at those too, two supported
claims of WiCE's fit half went to partial."""
_CLAUSE_WORDS = 4
"""Content words a clause needs before its backing is read: fewer is a phrase."""
_CLAUSE_UNBACKED = 0.6
"""The share of them no window backs that makes the clause unbacked."""


def _clause_break(text: str, token: Token) -> bool:
    """A mark that ends a clause: a comma, semicolon, bracket or em dash, a hyphen or en
    dash with a space before it (" - ", " -- ", not "2024\u201325"), a colon with a space
    after it (not "07:40")."""
    after = text[token.end : token.end + 1]
    before = text[token.start - 1 : token.start] if token.start else " "
    if token.text in ("-", "\u2013"):
        return before.isspace()
    if token.text == ":":
        return not after or after.isspace()
    return token.text in _CLAUSE_MARKS


def unbacked_clauses(claim: ClaimText, views: Sequence[SourceView],
                     backed: frozenset[str]) -> int:
    """Clauses after the claim's first (the words after a comma, a semicolon, a colon, a
    bracket or a dash) with at least ``_CLAUSE_WORDS`` content words that the cited pages
    do not state, while the windows back at least three of the claim's other words:
    "contributed 1.1 million crowns towards the trial's cost, in return for exclusive
    rights to the results" against a page that says nothing of rights. A clause is not
    stated when most of its words are in no best window, or when no passage around a
    source's best window (a sentence of it or next to it, with its neighbours) has half
    of them: an added clause is often made of words the page uses, each somewhere else,
    where a paraphrase takes its clauses from the passage it rewords. Figures and dates
    are left to the value signals, whatever words they are written in.

    A clause a connective opens ("raised its forecast because construction costs had
    risen") is read too, wherever it stands, up to the next mark; it counts only where
    the clause between marks around it does not, so one added clause counts once."""
    cuts = [t.start for t in claim.tokens if _clause_break(claim.text, t)]
    marked = list(pairwise([-1, *cuts, len(claim.text)]))
    values = [(q.start, q.end) for q in claim.quantities]
    values += [(d.start, d.end) for d in claim.dates]
    words = [w for w in claim.words
             if not any(s <= w.token.start < e for s, e in values)]

    def unbacked(a: int, b: int) -> bool:
        clause = [w for w in words if a < w.token.start < b]
        if len(clause) < _CLAUSE_WORDS or sum(
                word_backed(w, backed) for w in claim.words if not a < w.token.start < b) < 3:
            return False
        return (sum(not word_backed(w, backed) for w in clause)
                >= _CLAUSE_UNBACKED * len(clause)
                or max((_passage_share(clause, v) for v in views), default=0.0)
                < _PASSAGE_SHARE)

    counted = {(a, b) for a, b in marked[1:] if unbacked(a, b)}
    count = len(counted)
    for i, t in enumerate(claim.tokens):
        following = claim.tokens[i + 1].lower if i + 1 < len(claim.tokens) else ""
        if t.lower not in _CLAUSE_OPENERS or following == "of":  # "because of": a phrase
            continue
        around = next((a, b) for a, b in marked if a < t.start < b)
        if around not in counted and unbacked(t.start - 1, around[1]):
            count += 1
    return count


_PASSAGE_SHARE = 0.5
"""The share of a clause's content words one passage (a sentence and its neighbours)
must hold for the page to state the clause."""


def _passage_share(words: Sequence[ClaimWord], view: SourceView) -> float:
    """The largest share of ``words`` (each counted once; a hyphenated word by all of its
    parts) that one passage around the view's best window holds: a sentence of the window
    or next to it, with the sentences either side of it. Any passage of the page instead
    caught 53 fewer unfaithful greens of the seen sets for 10 fewer faithful claims held
    at partial."""
    if not view.windows or not words:
        return 0.0
    window, stems, n = view.windows[0], view.index.stems, len(view.index.sentences)
    distinct = list({w.stems: w for w in words}.values())
    best = 0
    for centre in range(max(0, window.start - 1), min(n, window.end + 1)):
        held = frozenset().union(*(stems[i] for i in range(max(0, centre - 1),
                                                           min(n, centre + 2))))
        best = max(best, sum(word_backed(w, held) for w in distinct))
    return best / len(distinct)


def window_penalties(claim: ClaimText, views: Sequence[SourceView]) -> dict[str, float]:
    """Negation mismatch and heading share of the best window of the most favourable source.

    A source without any matching window counts as the worst case, so adding
    a source never adds a penalty. A source that states the claim word for word has no
    mismatch: a "not" in a sentence next to it is that sentence's.
    """
    best = [(v, v.windows[0]) for v in views if v.windows]
    return {
        "negation_mismatch": min(
            (0.0 if v.stated else float(claim.negated != any(v.index.negated[w.start : w.end]))
             for v, w in best),
            default=1.0,
        ),
        "heading_share": min(
            (sum(v.index.heading[w.start : w.end]) / (w.end - w.start) for v, w in best),
            default=1.0,
        ),
    }
