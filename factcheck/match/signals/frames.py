"""Frame conflicts: the claim's frames aligned with its evidence sentences' frames.

One mechanism for acquisitions, wins, lawsuits, appointments and quotes alike:
each claim frame is aligned with the evidence frame that shares its predicate
or most of its arguments, and the pair is compared slot by slot. A conflict
counts only where an aligned frame says otherwise; a claim the evidence does not
address is the lexical stage's business.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from factcheck.match.frames import Frame, Sentence

NAMES: tuple[str, ...] = (
    "frame_polarity",
    "frame_hedge",
    "frame_swap",
    "frame_slot",
    "frame_speaker",
    "frame_direction",
    "frame_number",
    "frame_scope",
    "frame_degree",
)
"""The signals, each a count capped at 2, in the order the model lists them."""

VERSION = 3
"""Bump when how conflicts are read from frames changes: stored conflicts of another
version are computed again (from stored frames, without a parse)."""

_MIN_ALIGN = 3
"""Alignment score a pair needs: the same predicate (3), or three shared argument words."""


def _align(claim: Frame, evidence: Sequence[Sentence]) -> tuple[Frame, int] | None:
    """The evidence frame that best matches a claim frame, and the index of its sentence."""
    words = set(claim.words[1:])
    best: tuple[int, int, Frame, int] | None = None
    for si, s in enumerate(evidence):
        for f in s.frames:
            same = f.pred == claim.pred
            shared = len(words.intersection(f.words[1:]))
            score = (_MIN_ALIGN if same else 0) + shared
            if score < _MIN_ALIGN or (not same and shared < _MIN_ALIGN):
                continue
            key = (score, int(same))
            if best is None or key > (best[0], best[1]):
                best = (score, int(same), f, si)
    return None if best is None else (best[2], best[3])


def conflicts(claim: Sentence, evidence: Sequence[Sentence]) -> dict[str, float]:
    """Counts of each conflict kind between the claim and its evidence sentences."""
    out = dict.fromkeys(NAMES, 0.0)
    if not evidence:
        return out
    for cf in claim.frames:
        if cf.speech:
            out["frame_speaker"] += _speaker_changed(cf, claim, evidence)
            continue
        aligned = _align(cf, evidence)
        if aligned is None:
            continue  # a clause the evidence does not address is the word stage's business
        ef, where = aligned
        same = ef.pred == cf.pred
        if same and ef.neg != cf.neg:
            out["frame_polarity"] += 1
        if same and ef.hedge and not cf.hedge and not claim.hedged:
            out["frame_hedge"] += 1
        if same and _swapped(cf, ef, claim.names, evidence[where].names):
            out["frame_swap"] += 1
        elif same and _slot_changed(cf, ef):
            out["frame_slot"] += 1
        if cf.direction * ef.direction < 0 and (same or len(set(cf.words) & set(ef.words)) > 2):
            out["frame_direction"] += 1
    out["frame_number"] = float(_rebound(claim, evidence))
    out["frame_direction"] += _moved_otherwise(claim, evidence)
    out["frame_slot"] += _role_changed(claim, evidence)
    # Scope and rank are read in the sentences that state the claim, not anywhere near:
    # a page's "largest" elsewhere does not back the claim's.
    closest = _closest(claim, evidence)
    scope = set().union(*(s.scope for s in closest))
    out["frame_scope"] = float(sum(1 for w in claim.scope if w not in scope))
    stated = {d for s in closest for d in s.degree}
    out["frame_degree"] = float(sum(1 for d in claim.degree if d not in stated))
    return {k: min(2.0, v) for k, v in out.items()}


def _swapped(claim: Frame, ev: Frame, claim_names: Sequence[str], ev_names: Sequence[str]) -> bool:
    """Agent and patient exchanged: "A acquired B" against "B acquired A" (or "A was
    acquired by B"; the passive's by-phrase is its agent)."""
    ca, cp, ea, ep = map(set, (claim.agent, claim.patient, ev.agent, ev.patient))
    if ca & ep and cp & ea and not ca & ea:
        return True
    # A party named in another argument: "A sued B" against "B filed a suit against A".
    # The other names are read off the whole sentence: the small model often hangs "against
    # B" on the object, or B on a word it misreads as a verb.
    can, ean = set(claim.names[0]), set(ev.names[0])
    con, eon = set(claim_names) - can, set(ev_names) - ean
    return bool(can & eon) and bool(con & ean) and not can & ean


def _slot_changed(claim: Frame, ev: Frame) -> bool:
    """The claim's name in the agent or patient slot (its last word: "Varga" of "Ilse
    Varga") is not among the names the aligned frame has there; or the claim's other
    arguments ("centralised at Lowmere General") name none of the aligned frame's
    ("at Brackenridge Royal Infirmary"). The other slot holds several phrases, so it
    conflicts only when the two share no name at all."""
    pairs = zip(claim.names[:2], ev.names[:2], strict=True)
    if any(c and e and c[-1] not in e for c, e in pairs):
        return True
    c, e = set(claim.names[2]) - _CALENDAR, set(ev.names[2]) - _CALENDAR
    return bool(c) and bool(e) and not c & e


_CALENDAR = frozenset(
    w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name) if w
)
"""Month and day names: the tagger reads them as proper nouns, but "on 14 March" and
"on Thursday" name the same kind of thing, a date, which the value signals check."""


def _speaker_changed(cf: Frame, claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """The claim gives words to a speaker; the sentence that holds those words (or its
    neighbours) gives them to speakers who share no word with the claim's."""
    speaker = set(cf.names[0])
    if not speaker:
        return 0  # "the company said": who that is, the parse cannot tell
    said = set(claim.lemmas) - speaker - {cf.pred}
    if not said:
        return 0
    best, where = 0, -1
    for i, s in enumerate(evidence):
        shared = len(said.intersection(s.lemmas))
        if shared > best:
            best, where = shared, i
    if where < 0 or best * 3 < len(said):
        return 0
    for i in (where, where - 1, where + 1):
        if not 0 <= i < len(evidence):
            continue
        speakers = [set(f.names[0]) for f in evidence[i].frames if f.speech]
        speakers = [s for s in speakers if s]
        if speakers:
            return int(not any(cf.names[0][-1] in s for s in speakers))
    return 0


def _rebound(claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """Claim numbers the evidence binds to another noun, where the evidence counts the
    claim's noun with another number ("40 stations" against "40 buses and 12 stations")."""
    bound = {b for s in evidence for b in s.numbers}
    counted = {n for _, n in bound}
    count = 0
    for value, noun in claim.numbers:
        if (value, noun) in bound or noun not in counted:
            continue  # the evidence must count the claim's noun with another number
        if any(v == value and n != noun for v, n in bound):
            count += 1
    return count


def _closest(claim: Sentence, evidence: Sequence[Sentence], k: int = 2) -> list[Sentence]:
    """The ``k`` evidence sentences sharing most content words with the claim."""
    words = set(claim.lemmas)
    ranked = sorted(evidence, key=lambda s: -len(words.intersection(s.lemmas)))
    return ranked[:k]


def _moved_otherwise(claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """Claim numbers that move one way where the evidence moves the same number the
    other way ("rose 4 percent" against "down 4 percent")."""
    moves = {m for s in evidence for m in s.moves}
    return sum(1 for v, d in claim.moves if (v, -d) in moves and (v, d) not in moves)


def _role_changed(claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """A name described by a role noun the evidence gives only to someone else, while it
    describes that name otherwise ("epidemiologist Dr Osei" against "Dr Osei, consultant
    paediatrician" and "Dr Lindqvist, an epidemiologist")."""
    roles = {r for s in evidence for r in s.roles}
    count = 0
    for name, role in claim.roles:
        if (name, role) in roles:
            continue
        own = {r for n, r in roles if n == name}
        others = {n for n, r in roles if r == role and n != name}
        count += bool(own) and bool(others)
    return count
