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
from itertools import combinations

from factcheck.match.frames import (
    MEMBER,
    OWNER,
    SCOPE,
    SINCE,
    WHEN,
    Frame,
    Sentence,
    same_time,
)

NAMES: tuple[str, ...] = (
    "frame_polarity",
    "frame_hedge",
    "frame_swap",
    "frame_slot",
    "frame_speaker",
    "frame_direction",
    "frame_scope",
    "frame_degree",
)
"""The signals, each a count capped at 2, in the order the model lists them."""

UNADDRESSED = "unaddressed_clauses"
"""Claim clauses no evidence frame addresses and whose words the evidence mostly lacks
(``_unaddressed``): not a signal of its own; the scorer takes the larger of it and the
word stage's unbacked clauses."""

VERSION = 66
"""Bump when how conflicts are read from frames changes: stored conflicts of another
version are computed again (from stored frames, without a parse)."""

NAMING = frozenset(("frame_polarity", "frame_hedge", "frame_swap", "frame_speaker",
                    "frame_direction", "frame_scope", "frame_degree"))
"""The signals whose claim words are shown as not backed: the verb whose polarity, hedge
or direction the page has otherwise, the parties or speaker it has the other way, the
rank or scope word it does not say. A name in another slot is left out: on WiCE's
token train split the annotators called 41 of 55 such words backed (token F1 0.606 with
them, 0.617 without, 0.615 naming none)."""

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


Conflicts = tuple[dict[str, float], tuple[str, ...]]
"""Counts of each conflict kind, and the claim's words they are about (lower case; a
number as written without commas): the words an editor is shown as not backed."""


def conflicts(claim: Sentence, evidence: Sequence[Sentence]) -> Conflicts:
    """Counts of each conflict kind between the claim and its evidence sentences, and the
    claim's words each conflict is about."""
    out = dict.fromkeys((*NAMES, UNADDRESSED), 0.0)
    words: set[str] = set()
    if not evidence:
        return out, ()

    def found(name: str, count: float, *about: str) -> None:
        out[name] += count
        if count and name in NAMING:
            words.update(about)

    closest = _closest(claim, evidence)
    pairs: list[tuple[Frame, Frame]] = []
    # Each claim frame's aligned evidence frame, found once for every reading below.
    alignments = [(cf, _align(cf, evidence)) for cf in claim.frames]
    out[UNADDRESSED] = float(_unaddressed(claim, evidence, alignments))
    for cf, aligned in alignments:
        if cf.speech:
            # The speaker's name heading the subject and its last name word are the ones
            # compared ("Ilse" may be on the page).
            found("frame_speaker", _speaker_changed(cf, claim, evidence), *_speaker(cf))
            # What was said is not compared by polarity: "would not say whether" against
            # "said" is a refusal to comment, not a contradiction. Who told whom is.
            told = aligned if _hearer(cf) else None
            if told and told[0].pred == cf.pred and _told_otherwise(cf, told[0]):
                found("frame_swap", 1, *cf.agent, *_hearer(cf))
            continue
        if aligned is None:
            continue  # a clause the evidence does not address: ``_unaddressed``, the words' stage
        ef, where = aligned
        same = ef.pred == cf.pred
        if same:
            pairs.append((cf, ef))
        # One event: another predicate aligned by three shared arguments ("has agreed to
        # meet 65 per cent of the cost", "may contribute 65 per cent of the cost"), or the
        # same predicate sharing an argument or in a sentence that states the claim. The
        # same predicate said of other things elsewhere ("no guarantee had been offered",
        # "a severance scheme may be offered") is another event. Polarity is compared
        # under the same predicate sharing an argument only: "rejected" is "did not
        # accept", and "no trees may be felled between March and August" says nothing of
        # trees "to be felled over the next two winters", even in a nearby sentence.
        shared = bool(set(cf.words[1:]) & set(ef.words[1:])) or not (
            cf.words[1:] and ef.words[1:])
        event = not same or shared or evidence[where] in closest
        found("frame_polarity", same and shared and ef.neg != cf.neg
              and not _of_others(cf, ef) and not _stated_as_claimed(cf, ef, evidence),
              cf.pred)
        # "Would" states what a past speaker said will happen ("said it would introduce a
        # wider ban"); the page's "may", "might" or "could" there is a hedge it drops. A
        # "could not" is an inability ("could not attend the hearing"), not a hedge.
        weaker = cf.firm and (ef.modal in _POSSIBLE or (ef.modal == "could" and not ef.neg))
        found("frame_hedge", event and ((ef.hedge and not cf.hedge and not claim.hedged)
                                        or weaker), cf.pred)
        if same and _swapped(cf, ef, claim.names, evidence[where].names):
            found("frame_swap", 1, *cf.names[0], *cf.names[1])
        elif reversed_ends := _ends_reversed(cf, ef):
            found("frame_swap", 1, *reversed_ends)
        elif exchanged := _marked_otherwise(cf, ef):
            found("frame_swap", 1, *exchanged)
        elif same and (slot := _slot_changed(cf, ef)):
            found("frame_slot", 1, *slot)
        found("frame_direction", cf.direction * ef.direction < 0
              and (same or len(set(cf.words) & set(ef.words)) > 2), cf.pred)
    for crossed in _agents_crossed(pairs):
        found("frame_swap", 1, *crossed)
    # A number moved the other way names no word: the word that moves it is not kept,
    # and the number itself is right.
    found("frame_direction",
          _moved_otherwise(claim, evidence) + _changed_otherwise(claim, evidence))
    found("frame_direction", _poled_otherwise(claim, closest))
    for reversed_pair in _ordered_otherwise(claim, evidence):
        # Parties moved the other way are counted once, as exchanged.
        if not (out["frame_swap"] and set(reversed_pair) <= words):
            found("frame_direction", 1, *reversed_pair)
    # Counted where no frame reading found the parties exchanged already.
    for v, a, w, b in _figures_exchanged(claim, evidence) if not out["frame_swap"] else ():
        found("frame_swap", 1, v, w, *a.split(), *b.split())
    for name, role in _role_changed(claim, evidence):
        found("frame_slot", 1, name, role)
    for lacking in _bound_otherwise(claim, evidence):
        found("frame_slot", 1, *lacking)
    # Scope and rank are read in the sentences that state the claim, not anywhere near:
    # a page's "largest" elsewhere does not back the claim's.
    scope = set().union(*(s.scope for s in closest))
    # All of a thing is the whole of it: "all of its revenue came from trials" backs
    # "came entirely from trials" (the other way, an extent says nothing of a class).
    wider = [w for w in claim.scope
             if (w not in scope and not (w == "wholly" and "all" in scope))
             or (w == "all" and _all_of_another(claim, closest))]
    found("frame_scope", len(wider), *(w for w, kind in SCOPE.items() if kind in wider))
    for word in _taken_in_part(claim, evidence):
        if SCOPE.get(word) not in wider:  # counted once, as widened
            found("frame_scope", 1, word)
    stated = {d for s in closest for d in s.degree}
    # "One of the largest" is backed by "the largest" or "third-largest"; "the largest"
    # is not by "one of". "The largest since 2011" is backed by "the largest"; "the
    # largest" is not by "the largest since 2011".
    ranks = [(w, r) for w, r in claim.degree
             if (w, r) not in stated
             and not (r == MEMBER and any(w == s for s, _ in stated))
             and not (r == SINCE and (w, "") in stated)]
    found("frame_degree", len(ranks), *(w for d in ranks for w in d if w))
    # A superlative the evidence states, ranked among other things: "the highest turnout
    # it had ever recorded" against "the highest in any ballot since 2014".
    ranked_otherwise = {w for w, _ in ranks}
    rank_of = dict(claim.degree)
    for w, among in claim.classes:
        if w in ranked_otherwise:
            continue  # counted once, for its rank
        # Read where the superlative is stated at the claim's rank: "the second-largest
        # copper mine in Valdessa" beside "the largest investment in the Highlands" does
        # not make Mount Tessel the largest in Valdessa. Where the evidence ranks it
        # among nothing, what it is among is said elsewhere ("the busiest route", the
        # page being about one airport).
        r = rank_of.get(w, "")
        theirs = [c for s in closest
                  if (w, r) in s.degree or (r == MEMBER and any(d == w for d, _ in s.degree))
                  for d, c in s.classes if d == w]  # fmt: skip
        if not any(x.startswith(OWNER) for c in theirs for x in c):
            among = tuple(x for x in among if not x.startswith(OWNER))  # "its history"
        if theirs and not any(set(among) <= set(c) for c in theirs):
            missing = sorted(set(among).difference(*theirs))
            found("frame_degree", 1, w, *missing)
    return {k: min(2.0, v) for k, v in out.items()}, tuple(sorted(words))


def _all_of_another(claim: Sentence, closest: Sequence[Sentence]) -> bool:
    """The claim takes all of a class ("all nurses who left"), and every "all" of the
    sentences closest to it takes all of another class ("31 per cent of all new
    registrants"): the page's "all" is not said of what the claim's is."""
    ours = [cls.split()[-1] for cls, _, word in claim.quantified if word == "all"]
    if not ours:
        return False
    theirs = [s for s in closest if "all" in s.scope]
    return all(
        any(kind == "all" for _, kind, _ in s.quantified)
        and not any(kind == "all" and cls.split()[-1] in ours for cls, kind, _ in s.quantified)
        for s in theirs)


def _taken_in_part(claim: Sentence, evidence: Sequence[Sentence]) -> list[str]:
    """The claim's quantifiers that take all of a class ("all of the flats") where the
    evidence sentence closest to the claim among those quantifying that class takes part
    of it only ("three of the flats", "most of the homes"). A class the
    claim narrows further than the evidence is another class: "all six failing cupboards"
    of "six of the 48 cupboards"."""
    words = set(claim.lemmas)
    out: list[str] = []
    for phrase, kind, word in claim.quantified:
        if kind != "all":
            continue
        ours = phrase.split()

        def same(theirs: str, ours: list[str] = ours) -> bool:
            split = theirs.split()
            return split[-1] == ours[-1] and set(ours) <= set(split)

        saying = [s for s in evidence if any(same(n) for n, _, _ in s.quantified)]
        if not saying:
            continue
        best = max(saying, key=lambda s: len(words.intersection(s.lemmas)))
        if {k for n, k, _ in best.quantified if same(n)} == {"part"}:
            out.append(word)
    return out


def _of_others(claim: Frame, ev: Frame) -> bool:
    """Both frames name parties and share none of their name words: the page's negation
    is said of others ("Renquila is not made at the site" says nothing of Saltmoor making
    Tramidex). A name written otherwise ("the RPO" for "the Rail Performance Office")
    reads as another party too, which holds such a negation at partially supported
    rather than not supported."""
    ours, theirs = _named(claim) - CALENDAR, _named(ev) - CALENDAR
    return bool(ours and theirs) and not ours & theirs


def _named(frame: Frame) -> set[str]:
    """The name words of every slot of a frame."""
    return {w for names in frame.names for w in names}


def _stated_as_claimed(claim: Frame, aligned: Frame, evidence: Sequence[Sentence]) -> bool:
    """Another evidence frame has the claim's predicate and polarity and shares as many
    of its argument words as the aligned one of the other polarity: the event is stated
    as the claim states it, and the frame that aligned first is another ("could not
    back the scheme" beside "eight councils backed the scheme"). Its cost: a dropped
    negation beside another party's event ("dockers did not accept the pay offer"
    beside "crane drivers accepted the pay offer") ties too, and is held at partially
    supported rather than not supported. Requiring the other frame to share every word
    the aligned one shares gave back 4 of the 5 false alarms this removes on the seen
    drafts.

    A negated claim is also stated as claimed by a negated frame of another predicate
    that shares more of its argument words, three at least ("is not currently allowed
    because of concerns about export trade" against "is not currently permitted because
    of ...", beside "called for the government to allow vaccination"): the parse cannot
    tell synonyms apart, but a negation is marked, so such a match is seldom chance;
    where both frames name an agent, they share one.
    An affirmation is not: most frames of a page are affirmative, and reading this for
    affirmative claims too turned two caught negations green on the seen drafts."""
    words = set(claim.words[1:])
    least = len(words & set(aligned.words[1:]))
    return any(f.neg == claim.neg and (
        len(words & set(f.words[1:])) >= least if f.pred == claim.pred
        else claim.neg and len(words & set(f.words[1:])) > max(least, _MIN_ALIGN - 1)
        # Another party's negation is not the claim's ("residents did not support").
        and (not (claim.agent and f.agent) or bool(set(claim.agent) & set(f.agent))))
        for s in evidence for f in s.frames)


def _ends_reversed(claim: Frame, ev: Frame) -> tuple[str, ...]:
    """Names the claim has something move from that the aligned frame has it move to, or
    the reverse, whatever the two verbs: "received two giraffes from B" against
    "transferred two giraffes to B". Read off the prepositions, not off a list of verbs
    of giving and taking: the parse cannot tell which way a verb moves things, but "from"
    and "to" say it. A common noun counts under the same verb only ("marched from the
    town hall to the gates"): "traced the error to a change" and "the error arose from
    a change" say one thing; a word at both ends of one frame ("from 4 per cent to 7
    per cent") is no end."""
    other = {"from": "to", "to": "from"}
    theirs = set(ev.ends)
    both = {n for n, _ in claim.ends if {(n, "from"), (n, "to")} <= set(claim.ends)}
    both |= {n for n, _ in ev.ends if {(n, "from"), (n, "to")} <= theirs}
    names = _named(claim)
    return tuple(sorted({n for n, p in claim.ends if (n, other[p]) in theirs
                         and (n, p) not in theirs and n not in CALENDAR and n not in both
                         and (claim.pred == ev.pred or n in names)}))


def _marked_otherwise(claim: Frame, ev: Frame) -> tuple[str, ...]:
    """The claim's parties the aligned frame puts behind a preposition where the claim has
    others: "A passed the details to B" against "B passed the details to A", "the licence
    was issued by A to B" against "granted to A". The phrases hang from the same word, or
    each from its frame's predicate (a "from" of another noun is about another thing:
    "£4 million from the university" and "a grant from the foundation"); they share no
    word (the same source or goal worded more fully is no conflict), and the party is
    not in the claim's phrase itself. Parties are names: common nouns exchange places in
    faithful rewording ("the same increase was linked to a rise" for "the same rise was
    linked to an increase")."""
    def phrases(f: Frame) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = {}
        for word, prep, head in f.marked:
            out.setdefault((prep, "" if head == f.pred else head), set()).add(word)
        return out

    parties = set(claim.names[0]) | set(claim.names[1])
    theirs = phrases(ev)
    out: set[str] = set()
    for key, ours in phrases(claim).items():
        other = theirs.get(key, set())
        if other and not ours & other:
            out.update((other & parties) - ours)
    return tuple(sorted(out))


def _swapped(claim: Frame, ev: Frame, claim_names: Sequence[str], ev_names: Sequence[str]) -> bool:
    """Agent and patient exchanged: "A acquired B" against "B acquired A" (or "A was
    acquired by B"; the passive's by-phrase is its agent)."""
    ca, cp, ea, ep = map(set, (claim.agent, claim.patient, ev.agent, ev.patient))
    # A word both parties share tells them apart in neither frame: "Westerby Water has
    # asked Corrandale Water" against "Corrandale Water has asked Westerby Water".
    ca, cp, ea, ep = ca - cp, cp - ca, ea - ep, ep - ea
    co, eo = set(claim.other), set(ev.other)
    # The agent exchanged with another argument around the same patient (or a pronoun
    # for it): "A referred 740 clients to B" against "B referred 740 clients to A", "A
    # took over the lottery from B" against "B took it over from A". Not without a
    # patient: "the chair is Ilse Varga" and "A met with B" read both ways.
    if cp or ep:
        same_patient = bool(cp & ep or not (cp and ep))
    else:
        # Without a patient, a shared word besides the parties and a date in the other
        # slot of a verb is the thing they act on: "A agreed to B's proposal for talks"
        # against "B agreed to A's proposal for talks" ("A met with B on Tuesday" shares
        # none; a copula's two sides are one thing said two ways, "the largest sale was
        # the disposal", and a change's subject and its ends too, "the cost had grown
        # from a budget of A to B", "the budget of A has grown"). The parties there are
        # those a "to" or "from" phrase names: "agreed with the trust on a pay deal"
        # reads both ways.
        def led(f: Frame) -> set[str]:
            return {w for w, p, _ in f.marked if p in ("to", "from")}

        same_patient = (claim.pred != "be" and not claim.direction
                        and any(w not in CALENDAR and not w[0].isdigit()
                                for w in (co - ea) & (eo - ca))
                        and bool(led(claim) & co & ea) and bool(led(ev) & eo & ca))
    if ((ca & ep and cp & ea) or (ca & eo and co & ea and same_patient)) and not ca & ea:
        return True
    # The same with the other party in another slot of each frame, around a shared
    # patient: "employers must give the union notice" against "the union must give
    # employers notice", which the parse reads as the object "employers ... notice".
    if ((ca & ep and co & ea) or (ca & eo and cp & ea)) and not ca & ea and cp & ep:
        return True
    # A party named in another argument: "A sued B" against "B filed a suit against A".
    # The other names are read off the whole sentence: the small model often hangs "against
    # B" on the object, or B on a word it misreads as a verb.
    can = set(claim.names[0]) - set(claim.names[1])
    ean = set(ev.names[0]) - set(ev.names[1])
    con, eon = set(claim_names) - can, set(ev_names) - ean
    return bool(can & eon) and bool(con & ean) and not can & ean


def _hearer(f: Frame) -> set[str]:
    """Who a speech frame's words are addressed to: its object ("told the board") or its
    "to" phrase ("wrote to the board")."""
    return set(f.patient) | {w for w, p, _ in f.marked if p == "to"}


def _told_otherwise(claim: Frame, ev: Frame) -> bool:
    """Speaker and hearer exchanged: "A told B that" against "B told A that", "A wrote to
    B" against "B wrote to A". Read off the two frames' slots only: the names elsewhere
    in the sentence, which ``_swapped`` reads for other frames, are what was said, not
    who said it to whom."""
    ca, ea = set(claim.agent), set(ev.agent)
    return bool(ca & _hearer(ev)) and bool(_hearer(claim) & ea) and not ca & ea


def _agents_crossed(pairs: Sequence[tuple[Frame, Frame]]) -> list[tuple[str, ...]]:
    """Two claim frames whose aligned frames (each with the claim frame's predicate) have
    the claim's two agents the other way round: "the ministry will pay Brevane 18 million
    crowns and Brevane will withdraw its claim" against "Brevane will pay 18 million
    crowns, and the ministry will withdraw its claim". Each agent found in the other
    frame tells the parties are the same two, so common nouns count ("the union", "the
    ministry"), which a slot of one frame alone could not tell from a rewording."""
    out: list[tuple[str, ...]] = []
    for (c1, e1), (c2, e2) in combinations(pairs, 2):
        a1, a2, b1, b2 = map(set, (c1.agent, c2.agent, e1.agent, e2.agent))
        if (a1 and a2 and not a1 & a2 and a1 & b2 and a2 & b1
                and not a1 & b1 and not a2 & b2):
            out.append(tuple(sorted(a1 | a2)))
    return out


def _slot_changed(claim: Frame, ev: Frame) -> tuple[str, ...]:
    """The claim's names in a slot the aligned frame fills otherwise (none: no conflict).

    The claim's name in the agent or patient slot (its last word: "Varga" of "Ilse
    Varga") is not among the names the aligned frame has there; or the claim's other
    arguments ("centralised at Lowmere General") name none of the aligned frame's
    ("at Brackenridge Royal Infirmary"). The other slot holds several phrases, so it
    conflicts only when the two share no name at all."""
    for c, e in zip(claim.names[:2], ev.names[:2], strict=True):
        if c and e and c[-1] not in e:
            return c
    co, eo = set(claim.names[2]) - CALENDAR, set(ev.names[2]) - CALENDAR
    return tuple(sorted(co)) if co and eo and not co & eo else ()


CALENDAR = frozenset(
    w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name) if w
)
"""Month and day names: the tagger reads them as proper nouns, but "on 14 March" and
"on Thursday" name the same kind of thing, a date, which the value signals check."""


def _speaker_changed(cf: Frame, claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """The claim gives words to a speaker; the sentence that holds those words (or its
    neighbours) gives them to speakers who share no word with the claim's, or, when it
    gives them to a pronoun, the sentence before has another subject."""
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
    # A quote standing alone after "…," she said. goes on with that speaker's words: read
    # it where that speaker is.
    if where > 0 and evidence[where].quote and not any(
            f.speech for f in evidence[where].frames) and any(
            f.speech and not f.names[0] and not f.agent for f in evidence[where - 1].frames):
        where -= 1
    last = cf.names[0][-1]
    who = _speaker(cf)
    for i in (where, where - 1, where + 1):
        if not 0 <= i < len(evidence):
            continue
        named = [set(f.names[0]) for f in evidence[i].frames if f.speech and f.names[0]]
        if named:
            return int(not any(who <= s for s in named))
        unnamed = [f for f in evidence[i].frames if f.speech] if i == where else []
        if unnamed:
            # "..., she said" (a pronoun: the parse leaves no agent): the speaker is the
            # subject of the sentence before, if it names one. "The company said" names
            # nobody: who spoke is unknown, and not whoever a neighbour quotes.
            if where == 0 or any(f.agent for f in unnamed):
                return 0
            # A title the claim gives its speaker counts ("The Chair ... She noted").
            subject = {w for f in evidence[_before_quote(evidence, where)].frames
                       for w in f.names[0]}
            return int(bool(subject) and not subject & set(cf.names[0])
                       and last not in evidence[where].names)
    return 0


def _speaker(cf: Frame) -> set[str]:
    """Who speaks in a speech frame: the name heading its subject and the last name word
    of the subject's phrase, where they differ ("Rafael Okonjo, the ERA's director":
    Okonjo, of the ERA)."""
    return {*cf.names[0][-1:], cf.speaker} - {""}


def _before_quote(evidence: Sequence[Sentence], where: int) -> int:
    """The sentence whose subject a pronoun's "..., she said" at ``where`` refers to: the
    one before, or, where the quote opened a sentence or two earlier ("“The insurer now
    knows ... . There is no excuse ...,” she said."), the one before that opening."""
    if evidence[where].quote:
        return where - 1
    for k in range(where - 1, max(0, where - 3), -1):
        if any(f.speech and f.names[0] for f in evidence[k].frames):
            break  # another speaker named in between: the quote is not read back past it
        if evidence[k].quote:
            return k - 1
    return where - 1


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


def _poled_otherwise(claim: Sentence, closest: Sequence[Sentence]) -> int:
    """Direction words that are no verb the sentences closest to the claim have the other
    way round on the same word ("averaged 0.8°C below the mean" against "above the
    mean", "higher-quality images" against "lower-quality"), and not the claim's way too.
    Read in the closest sentences, as scope and rank are: on the seen sets it held 9
    direction errors from supported for 2 faithful claims (before sentences with both
    ways were left out, 11 for 2; read in every evidence sentence, 13 for 3; in the
    closest alone, 10 for 1)."""
    theirs = {p for s in closest for p in s.poles}
    # Sentences with a direction word either way ("above the target in March and below
    # it in April") contradict none: the parse may hang the claim's from another word.
    # A direction in time is read against those reckoned from the same thing ("before
    # the vote" says nothing of "after a dry summer" in the same sentence).
    ways = {d for k, d in theirs if not k.startswith(WHEN)}

    def against(h: str, d: int) -> bool:
        if not h.startswith(WHEN):
            return (h, -d) in theirs and d not in ways
        # Only a named time contradicts; an unnamed one ("after it") may back it.
        same = [(k != WHEN, e) for k, e in theirs if k.startswith(WHEN) and same_time(h, k)]
        return h != WHEN and (True, -d) in same and d not in {e for _, e in same}

    return sum(1 for h, d in set(claim.poles) if against(h, d))


def _changed_otherwise(claim: Sentence, evidence: Sequence[Sentence]) -> int:
    """Claim changes the evidence has the other way round ("from 3.1 to 3.4" against
    "from 3.4 to 3.1")."""
    changes = {c for s in evidence for c in s.changes}
    return sum(1 for a, b in claim.changes if (b, a) in changes and (a, b) not in changes)


def _unaddressed(claim: Sentence, evidence: Sequence[Sentence],
                 alignments: Sequence[tuple[Frame, tuple[Frame, int] | None]]) -> int:
    """Clauses of the claim that no evidence frame aligns with, and of whose words (the
    predicate and its arguments' content words) the evidence sentences have fewer than a
    third, where another clause of the claim is aligned: "said he would not appeal the
    ruling, citing the cost of further litigation", "cost 38 million crowns, most of it
    spent on contractor wages". The parse finds the clause where no comma marks it off,
    however few its words; with two words and half of them, it held 65 faithful claims of
    the seen drafts at partial for 61 wrong-greens."""
    held = {w for s in evidence for w in s.lemmas}
    if all(found is None for _, found in alignments):
        return 0
    count = 0
    for f, found in alignments:
        # Who said it is the speaker readings' business ("a spokesperson told reporters"
        # for "the council said"). Figures count among the words, unlike the word
        # stage's clauses: a figure the page states ties the clause to it ("which has
        # 1,450 direct employees" for "employs 1,450 people directly"; left out, three
        # faithful claims of the seen drafts went to partial).
        words = f.words
        if (found is not None or f.speech or f.pred in _PREPOSITIONAL
                or len(words) < _UNADDRESSED_WORDS):
            continue
        count += sum(w in held for w in words) * 3 < len(words)
    return count


_POSSIBLE = frozenset(("may", "might"))
"""A page's modal that leaves it possible only ("could" too, but not "could not")."""

_UNADDRESSED_WORDS = 3
"""Words a clause needs to be read as unaddressed."""

_PREPOSITIONAL = frozenset(("compare", "include", "accord", "follow", "exclude", "regard"))
"""Participles that serve as prepositions ("compared with", "including", "according
to", "following"): the parse makes each a clause, but it adds no event of its own."""


def _ordered_otherwise(claim: Sentence, evidence: Sequence[Sentence]) -> list[tuple[str, ...]]:
    """Two phrases the evidence puts in the other order, each pair as the claim's words
    of it: "raised from G2 to G1" against "lowered from G1 to G2", "in 2027 rather than
    2028" against "in 2028 rather than 2027". What the claim ends at (or prefers) is
    where the evidence starts (or what it sets aside), and the other way; the two do not
    end at (or set aside) the same thing. Words both phrases of a pair share ("from the
    first half of 2026 to the second half") tell neither end apart. The claim's own
    order, each end in full, in a sentence that shares two more of the claim's words
    backs it: the claim's move beside "Vega made the opposite move", but not "coach
    excursions from Skerrivik to Port Halloran" beside cruise calls moved the other way."""
    out: list[tuple[str, ...]] = []
    mine = set(claim.lemmas)
    for kind, first, then in claim.ordered:
        a, b = set(first) - set(then), set(then) - set(first)
        pairs = [(set(ef) - set(et), set(et) - set(ef), s) for s in evidence
                 for k, ef, et in s.ordered if k == kind]
        if any(a <= ea and b <= eb and len((mine - a - b) & set(s.lemmas)) >= 2
               for ea, eb, s in pairs):
            continue
        for ea, eb, _ in pairs:
            if a & eb and b & ea and not b & eb:
                out.append(tuple(sorted((a & eb) | (b & ea))))
                break
    return out


def _figures_exchanged(claim: Sentence, evidence: Sequence[Sentence]
                       ) -> list[tuple[str, str, str, str]]:
    """(figure, name, figure, name): two figures the claim says of two names that the
    evidence says the other way round, and neither the claim's way: "Caldmoor Capital
    holds 60% and Brenmoor 40%" against "Brenmoor holds 60% and Caldmoor Capital holds
    40%". Names match when one's words hold the other's ("Caldmoor" for "Caldmoor
    Capital", not "Brenmoor Port" for "Brenmoor Council"). Both ends are needed: a name
    read beside one figure is often only near it."""
    def same(a: str, b: str) -> bool:
        x, y = set(a.split()), set(b.split())
        return x <= y or y <= x

    theirs = [(v, n) for s in evidence for v, n in s.owned if n]
    ours = [(v, n) for v, n in claim.owned if n]
    out: list[tuple[str, str, str, str]] = []
    for (v, a), (w, b) in combinations(ours, 2):
        if v == w or same(a, b):
            continue
        crossed = (any(x == w and same(n, a) for x, n in theirs)
                   and any(x == v and same(n, b) for x, n in theirs))
        kept = any((x == v and same(n, a)) or (x == w and same(n, b)) for x, n in theirs)
        if crossed and not kept:
            out.append((v, a, w, b))
    return list(dict.fromkeys(out))


def _role_changed(claim: Sentence, evidence: Sequence[Sentence]) -> list[tuple[str, str]]:
    """A name described by a role noun the evidence gives only to someone else, while it
    describes that name otherwise ("epidemiologist Dr Osei" against "Dr Osei, consultant
    paediatrician" and "Dr Lindqvist, an epidemiologist")."""
    roles = {r for s in evidence for r in s.roles}
    out: list[tuple[str, str]] = []
    for name, role in claim.roles:
        if (name, role) in roles:
            continue
        own = {r for n, r in roles if n == name}
        if own and any(r == role and n != name for n, r in roles):
            out.append((name, role))
    return out


def _bound_otherwise(claim: Sentence, evidence: Sequence[Sentence]) -> list[tuple[str, ...]]:
    """The claim's names bound to a noun the evidence binds only to other names by the
    same preposition, as their words: "tutors at Northmere" against "tutors at Calder
    Vale University", "a grant from the National Science Council" against "a grant from
    the National Research Council" ("the president in Paris" and "the president of
    France" say different things). A noun the evidence binds so to no name says nothing;
    nor does a name the evidence binds to any noun under the same or a fuller name, or
    its initials ("service to Lindqvist Harbor" for "flights to Lindqvist Harbor";
    "Verve Forecast" for "Verve Forecast Records"; "the DNC" for "the Democratic
    National Committee"); nor a date ("Saturday's stage")."""
    bound: dict[str, list[list[str]]] = {}
    for s in evidence:
        for relation, name in s.bound:
            words = name.split()
            if not set(words) <= CALENDAR:
                bound.setdefault(relation, []).append(words)
    named = [words for names in bound.values() for words in names]
    out: list[tuple[str, ...]] = []
    for relation, name in claim.bound:
        words = name.split()
        if relation in bound and not set(words) <= CALENDAR and not any(
                same_name(words, other) for other in named):
            out.append(tuple(words))
    return out


def same_name(a: list[str], b: list[str]) -> bool:
    """One name's words within the other's, or one the other's initials."""
    def initials(words: list[str]) -> str:
        return "".join(w[0] for w in words) if len(words) > 1 else ""

    return set(a) <= set(b) or set(b) <= set(a) or initials(a) in b or initials(b) in a
