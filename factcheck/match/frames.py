"""Predicate-argument frames read from a dependency parse.

A sentence becomes a :class:`Sentence`: one :class:`Frame` per verb (predicate
lemma, polarity, hedge, voice-normalised agent and patient, other arguments), the
numbers with the nouns they count, degree words (comparatives, superlatives and
their rank) and scope words. Frames are plain data so they can be cached as JSON;
``signals/frames.py`` compares a claim's frames with its evidence's.

Where a word list remains, it is because the parse gives the structure but not
the meaning: that "say" reports speech, that "plan" leaves its complement
unrealised, that "rise" and "fall" are opposites, that "nationwide" widens scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise, takewhile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

VERSION = 91
"""Bump when what is read from a parse changes: cached frames of another version are
parsed again."""

SPEECH = frozenset((
    "say", "tell", "state", "add", "note", "warn", "announce", "confirm", "claim", "argue",
    "explain", "write", "insist", "describe", "caution", "testify", "acknowledge", "admit",
    "deny", "complain", "comment", "stress", "concede", "remark"
))  # fmt: skip
"""Verbs that report speech: their subject is a speaker (the parse cannot know it)."""

HEDGING_HEADS = frozenset((
    "plan", "expect", "propose", "hope", "aim", "intend", "seek", "consider", "want", "try",
    "schedule", "set", "due", "forecast", "project", "predict", "anticipate", "likely",
    "possible", "potential", "could", "may", "might", "would", "should"
))  # fmt: skip
"""Heads that leave their complement unrealised ("plans to open", "is expected to",
"is set to"), and modal auxiliaries other than will/can/must, which state."""

UP = frozenset((
    "rise", "increase", "grow", "gain", "climb", "jump", "surge", "expand", "double",
    "triple", "soar", "boost", "raise", "more", "higher", "larger", "greater", "bigger",
    "up", "above", "ahead", "exceed", "outperform", "beat", "improve", "widen",
    "strengthen", "accelerate", "lift", "hike", "swell", "rally", "extend", "lengthen"
))  # fmt: skip
DOWN = frozenset((
    "fall", "decrease", "decline", "drop", "shrink", "cut", "reduce", "lower", "slump",
    "plunge", "slide", "dip", "halve", "less", "fewer", "smaller", "lesser", "down",
    "below", "behind", "trail", "lose", "worsen", "narrow", "weaken", "slow", "slash",
    "trim", "slip", "tumble", "sink", "shed", "plummet", "dwindle", "shorten"
))  # fmt: skip
"""Direction words: antonymy is lexical, so the two poles are listed (the verbs of
change news copy uses, "lift" and "slip", "hike" and "slash", with the plain ones)."""

SCOPE: dict[str, str] = {
    **dict.fromkeys(
        ["all", "every", "entire", "whole", "always", "everywhere", "universal", "each",
         "throughout"], "all"
    ),
    **dict.fromkeys(["entirely", "wholly", "completely", "fully"], "wholly"),
    **dict.fromkeys(["nationwide", "national", "countrywide", "federal", "nationally"], "nation"),
    **dict.fromkeys(["statewide"], "state"),
    **dict.fromkeys(["worldwide", "global", "globally"], "world"),
}
"""Words that widen a claim to a whole class or territory, by the scope they name
("throughout" a part's figure to the whole place or season; not "overall", which as often
names a plain total: "overall income reached £8.7 million"), or to the whole of what they
qualify ("funded entirely by", against "in part"): an extent, which "all" of a class
neither backs nor is backed by."""

EXCLUSIVE = frozenset(("first", "only", "sole"))
"""Adjectives that rank their noun alone ("the first team to win") though the tagger
reads them as plain adjectives (JJ), not superlatives."""

MEMBER = "one of"
"""The rank of a superlative said of one of several ("one of the largest")."""

SINCE = "since"
"""The rank of a superlative bounded by a time ("the highest since 2006", "the lowest in
a decade"): the top of a period, not of all time."""

_PERIODS = frozenset(("year", "decade", "month"))
"""Lemmas of the periods "in" a count of which bounds a superlative ("in a decade")."""

_ORDINAL_WORDS = frozenset(
    ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
)


@dataclass(frozen=True, slots=True)
class Frame:
    pred: str
    neg: bool
    hedge: bool
    speech: bool
    agent: tuple[str, ...]
    patient: tuple[str, ...]
    other: tuple[str, ...]
    names: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    """Name words of the agent, of the patient and of the other arguments."""
    direction: int
    """+1 or -1 when the clause's predicate or its degree word says up or down."""
    words: tuple[str, ...]
    """Content lemmas of the clause itself (not of clauses below it)."""
    ends: tuple[tuple[str, str], ...] = ()
    """Name words, and the nouns heading a phrase (not in an amount), of the clause's
    "from" and "to" phrases, each with its preposition: where something moved from and to,
    whatever the verb ("transferred two giraffes to B", "received two giraffes from B")."""
    speaker: str = ""
    """The name word the agent's phrase is headed by, if it is headed by a name: who
    speaks in "Rafael Okonjo, the ERA's director of enforcement, said" is Okonjo."""
    marked: tuple[tuple[str, str, str], ...] = ()
    """The party each "from", "to" and "against" phrase of the clause names, however deep
    in its arguments (``_marked``): each word with its preposition and the lemma of the
    word the phrase hangs from, so that a noun's phrase marks parties as the verb's does
    ("the acquisition of 210,000 customers from Tidewell")."""
    modal: str = ""
    """The modal auxiliary of the verb, or of a verb it is the complement of ("would",
    "may" of "may seek to recover"), lower case with a straight apostrophe; "" if none."""
    firm: bool = False
    """The verb's own modal is "would" and nothing else hedges it: "said the authority
    would recover costs", not "would seek to", "would probably", "would like ... to", a
    question, or what a "whether" or "if" clause leaves open."""


@dataclass(frozen=True, slots=True)
class Sentence:
    frames: tuple[Frame, ...]
    degree: tuple[tuple[str, str], ...]
    """(superlative word, its rank: an ordinal before it, "one of" for one of the top few,
    "since" for the top of a period, or "")."""
    scope: tuple[str, ...]
    lemmas: tuple[str, ...]
    names: tuple[str, ...]
    hedged: bool
    """Some word of the sentence hedges (a modal, "plans to", "forecast", "due to"); a
    condition ("if", "unless", "whether") with a subject of its own hedges its own clause
    only."""
    moves: tuple[tuple[str, int], ...]
    """(value, +1 or -1): a number and the direction word it hangs from ("down 4 percent")."""
    roles: tuple[tuple[str, str], ...]
    """(name word, role noun): the nouns that describe a name ("the geologist Peter Voss",
    "Dr Amara Osei, consultant paediatrician", "the trust's chief executive, Paul Greaves")."""
    bound: tuple[tuple[str, str], ...] = ()
    """(noun lemma and its preposition, name): the names a common noun is bound to by a
    preposition or a possessive, read as "of" ("tutor at", "calder vale university";
    "tutor of", "northmere" for "Northmere's tutors"), each name its lower-case words
    joined by spaces."""
    changes: tuple[tuple[str, str], ...] = ()
    """(from value, to value): a figure's change read off "from A to B" or "to B from A"
    ("from 3.1 nights to 3.4 nights": ("3.1", "3.4"))."""
    ordered: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    """(kind, first, then): two phrases put in an order, each as its content lemmas: where
    a change starts and ends ("to": "from G1 to G2"), what is done and what instead
    ("than": "in 2028 rather than 2027"). ``_ordered``."""
    owned: tuple[tuple[str, str], ...] = ()
    """(figure, name): each figure and the name it is said of ("" for none), ``_owned``."""
    quantified: tuple[tuple[str, str, str], ...] = ()
    """(the class: a noun's lemma after its modifiers', ``_class_words``; "all" or "part";
    the quantifier as written): how much of a class a quantifier takes ("all of the
    flats", "every branch": all; "three of the flats", "most of the homes": part)."""
    quote: bool = False
    """The sentence opens with a quotation mark: words of a speaker it may not name."""
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(superlative word, the head nouns of what it is ranked among, ``_classes``): "the
    largest private hire operator in the city" gives ("largest", ("city",)), "the
    highest turnout in the union's history" ("highest", ("ever", "of:union")): whose
    history is marked with ``OWNER``."""
    poles: tuple[tuple[str, int], ...] = ()
    """(lemma of the word it hangs from, +1 or -1): each direction word that is no verb
    ("0.8°C below the mean", "higher-quality images", "more than one in a hundred")."""

    def to_data(self) -> dict[str, Any]:
        return {
            "frames": [
                [f.pred, f.neg, f.hedge, f.speech, f.agent, f.patient, f.other,
                 f.names[0], f.names[1], f.names[2], f.direction, f.words, f.ends, f.marked,
                 f.speaker, f.modal, f.firm]
                for f in self.frames
            ],
            "degree": self.degree, "scope": self.scope,
            "lemmas": self.lemmas, "names": self.names, "hedged": self.hedged,
            "moves": self.moves, "roles": self.roles, "bound": self.bound,
            "changes": self.changes, "ordered": self.ordered, "owned": self.owned,
            "classes": self.classes,
            "quantified": self.quantified, "quote": self.quote, "poles": self.poles,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sentence:
        def words(v: Any) -> tuple[str, ...]:
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise TypeError("not a list of words")
            return tuple(v)

        frames = []
        for f in data["frames"]:
            (pred, neg, hedge, speech, agent, patient, other, na, np_, no, direction, ws, ends,
             marked, speaker, modal, firm) = f
            if not (isinstance(pred, str) and isinstance(direction, int)
                    and isinstance(speaker, str) and isinstance(modal, str)):
                raise TypeError("bad frame")
            frames.append(Frame(
                pred=pred, neg=bool(neg), hedge=bool(hedge), speech=bool(speech),
                agent=words(agent), patient=words(patient), other=words(other),
                names=(words(na), words(np_), words(no)), direction=direction, words=words(ws),
                ends=tuple((str(n), str(p)) for n, p in ends),
                marked=tuple((str(n), str(p), str(h)) for n, p, h in marked), speaker=speaker,
                modal=modal, firm=bool(firm),
            ))  # fmt: skip
        return cls(
            frames=tuple(frames),
            degree=tuple((str(d), str(r)) for d, r in data["degree"]),
            scope=words(data["scope"]),
            lemmas=words(data["lemmas"]),
            names=words(data["names"]),
            hedged=bool(data["hedged"]),
            moves=tuple((str(v), int(d)) for v, d in data["moves"]),
            roles=tuple((str(n), str(r)) for n, r in data["roles"]),
            bound=tuple((str(n), str(w)) for n, w in data["bound"]),
            changes=tuple((str(a), str(b)) for a, b in data["changes"]),
            ordered=tuple((str(k), words(a), words(b)) for k, a, b in data["ordered"]),
            owned=tuple((str(v), str(n)) for v, n in data["owned"]),
            classes=tuple((str(w), words(c)) for w, c in data["classes"]),
            quantified=tuple((str(n), str(k), str(w)) for n, k, w in data["quantified"]),
            quote=bool(data["quote"]),
            poles=tuple((str(h), int(d)) for h, d in data["poles"]),
        )


def read_sentence(doc: Doc | Span) -> Sentence:
    """The frames and bindings of one parsed sentence (or a few: all are read)."""
    verbs = [t for t in doc
             if t.pos_ in ("VERB", "AUX") and not _is_auxiliary(t) and t.lower_ != "according"]
    frames: tuple[Frame, ...] = tuple(_frame(t) for t in verbs) + tuple(
        _according(t) for t in doc if t.lower_ == "according")
    return Sentence(
        frames=frames,
        degree=tuple(_degree(doc)),
        scope=tuple(sorted({SCOPE[t.lower_] for t in doc
                            if t.lower_ in SCOPE and not _how_often(t)
                            and not _approximated(t) and not _intensifier(t)}
                           | {"wholly" for t in doc if _in_full(t)})),
        # A condition ("if the trust does not improve triage") hedges its own clause, not
        # the sentence: "will take further action if ..." does not say "may take". One
        # with no subject of its own ("if needed", "if asked") says "may" and hedges it.
        hedged=any(_hedged(t, conditions=False) or (_conditional(t) and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)) for t in verbs)
        or any(
            t.pos_ in ("VERB", "AUX", "ADJ")
            and (t.lemma_.lower() in HEDGING_HEADS or t.lower_ in HEDGING_HEADS)
            for t in doc
        ),
        lemmas=tuple(sorted({_lemma(t) for t in doc if _content(t)})),
        names=tuple(sorted({t.lower_ for t in doc if _name(t)})),
        moves=tuple(_moves(doc)),
        roles=tuple(sorted(set(_roles(doc)))),
        bound=tuple(sorted(set(_bound(doc)))),
        changes=tuple(_changes(doc)),
        ordered=tuple(_ordered(doc)),
        owned=tuple(_owned(doc)),
        classes=tuple(_classes(doc)),
        quantified=tuple(_quantified(doc)),
        quote=doc.text.lstrip()[:1] in QUOTE_MARKS,
        poles=tuple(sorted(set(_poles(doc)))),
    )


def _poles(doc: Doc | Span) -> Iterator[tuple[str, int]]:
    """Each direction word that is no verb or particle, with the lemma of the word it
    hangs from: an adjective, adverb or preposition of direction ("below the mean",
    "higher-quality", "more than"). Verbs are their frames' directions."""
    for t in doc:
        # "After" before a clause is a subordinating conjunction, read for time only.
        # "Following the vote" is a preposition the tagger calls a verb.
        word = t.pos_ in ("ADJ", "ADV", "ADP", "SCONJ") or (
            t.lower_ == "following" and t.dep_ == "prep")
        if not word or t.dep_ == "prt" or t.head.i == t.i:
            continue
        # Not negated ("no more than", "not below").
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in t.children) or (
                t.i and t.doc[t.i - 1].lower_ in ("no", "not")):
            continue
        if sooner := _sooner(t):
            yield sooner
            continue
        if t.pos_ == "SCONJ":
            continue
        pole = _pole(t)
        key = _pole_key(t.head) if pole else None
        if key:
            yield key, pole


WHEN = "when:"
"""The start of a direction in time's key ("later than", "two hours before the peak")."""


def _sooner(t: Token) -> tuple[str, int] | None:
    """A direction in time, +1 later or -1 earlier, with its key: "later than" and
    "earlier than" (a comparison: "later than planned"; alone "later" says when, not
    which way: "was later withdrawn"), keyed to comparison itself, not to the word the
    parse hangs it from, which differs between two wordings of one sentence; and
    "after" or "before" ("following", "prior to"), keyed to the content words of what it
    is reckoned from, its object or clause ("after the close of polls", "before polls
    closed": "close poll"), so that "two hours before departure" says nothing of a ferry
    "an hour later than usual". "Year after year" is no direction, nor "after which",
    reckoned from the clause before it."""
    doc = t.doc
    way = {"later": 1, "earlier": -1}.get(t.lower_, 0)
    if way and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "than":
        return WHEN + "than", way
    way = {"after": 1, "following": 1, "before": -1, "prior": -1}.get(t.lower_, 0)
    if t.lower_ == "prior":  # "prior to the vote": reckoned from what "to" takes
        t = next((c for c in t.children if c.lower_ == "to" and c.dep_ == "prep"), t)
        way = way if t.lower_ == "to" else 0
    if not way or t.i + 1 >= len(doc) or doc[t.i + 1].tag_ in ("WDT", "WP"):
        return None
    # The words right after it, up to a comma, that its object or clause holds: "two days
    # after the recall was announced" may hang "days" from "announced", and the parse may
    # take the main clause for the one "after" opens.
    within = {w.i for w in t.head.subtree} if t.dep_ == "mark" else {
        w.i for c in t.children if c.dep_ in ("pobj", "pcomp") for w in c.subtree}
    reckoned = list(takewhile(lambda w: w.i in within and w.text not in ",;:()", doc[t.i + 1:]))
    if reckoned and t.i and reckoned[0].lower_ == doc[t.i - 1].lower_:
        return None
    # Reckoned from something not named ("after it", "after they receded", "before and
    # after the reform"): the key is empty, which may be any other (``same_time``).
    if not any(w.pos_ in ("NOUN", "PROPN", "NUM") for w in reckoned):
        return WHEN, way
    return WHEN + " ".join(sorted({_lemma(w) for w in reckoned if _content(w)})), way


def same_time(a: str, b: str) -> bool:
    """Two directions in time reckoned from the same thing: one key's words within the
    other's ("the vote", "the parliamentary vote") or most of their words shared, and
    not each a figure the other lacks ("the meeting on 3 March", "the meeting on 12
    March"). An empty key is unnamed: the same as any but "than"."""
    x, y = set(a.removeprefix(WHEN).split()), set(b.removeprefix(WHEN).split())
    if not x or not y:
        return "than" not in x | y

    def figure(words: set[str]) -> bool:
        return any(w[0].isdigit() for w in words)

    shared = x <= y or y <= x or 2 * len(x & y) > len(x | y)
    return shared and not (figure(x - y) and figure(y - x))


def _pole_key(head: Token) -> str | None:
    """What a direction word is said of: the word it hangs from; for a copula, its
    subject ("turnout was above 60 per cent" is said of turnout, not of every "was");
    for a figure, the figure and its verb ("more than 200 had been expected" is not
    "fewer than 200 attended")."""
    if head.lemma_ == "be" or head.pos_ == "AUX":
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
            subject = head.head  # "a grant of £40,000, which is less than": the grant
        if subject is None or subject.pos_ == "PRON":
            return None
        return f"be:{_lemma(subject)}"
    if head.like_num:
        verb = head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return f"{head.lower_}:{verb.lemma_.lower()}"
    return _lemma(head)


_TIMES = _PERIODS | frozenset((
    "second", "minute", "hour", "day", "night", "week", "weekend", "quarter", "season",
    "term", "time",
))  # fmt: skip


def _how_often(t: Token) -> bool:
    """"Every" or "each" saying how often ("every 10 minutes", "each year", "every other
    week"), which widens no class."""
    return t.lower_ in ("every", "each") and (
        t.head.lemma_.lower() in _TIMES or t.head.lower_ in _TIMES)


_APPROXIMATORS = frozenset(("almost", "nearly", "virtually", "practically"))
"""Adverbs that take a scope word short of its whole ("almost all", "nearly every",
"almost entirely"): the parse gives the modifier, not that it falls short."""


def _intensifier(t: Token) -> bool:
    """An extent word that grades a state ("fully aware", "completely destroyed",
    "completely different") rather than claiming the whole of a source, place or
    recipient, which a preposition follows ("funded entirely by", "lies entirely
    within")."""
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return SCOPE[t.lower_] == "wholly" and (after is None or after.pos_ != "ADP")


def _approximated(t: Token) -> bool:
    """A scope word modified by an approximator or negated ("almost entirely", "nearly
    every", "not entirely"), which claims no whole class: the modifier hangs from the
    scope word or, as the parse often has it, stands right before it."""
    before = t.doc[t.i - 1] if t.i else None
    return any(c.dep_ in ("advmod", "neg") and c.lower_ in (*_APPROXIMATORS, "not")
               for c in t.children) or (
        before is not None and before.lower_ in (*_APPROXIMATORS, "not"))


def _lemma(t: Token) -> str:
    return t.lower_ if t.pos_ == "PROPN" else t.lemma_.lower()


def _name(t: Token) -> bool:
    """A capitalised word tagged a proper noun. (The entity recogniser is not run: it
    doubled the cost of a parse.)"""
    return t.is_alpha and t.text[0].isupper() and t.pos_ == "PROPN"


def _content(t: Token) -> bool:
    return (t.is_alpha and not t.is_stop) or t.like_num


def _is_auxiliary(t: Token) -> bool:
    return t.dep_ in ("aux", "auxpass") or (t.pos_ == "AUX" and t.dep_ != "ROOT")


_CLAUSE_DEPS = frozenset(("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj"))


def _phrase(head: Token) -> list[Token]:
    """The content tokens of an argument, not descending into clauses below it."""
    return sorted((t for t in _clause_tokens(head) if _content(t)), key=lambda t: t.i)


QUOTE_MARKS = frozenset("\"'\u201c\u2018")
"""Marks that open a quotation: straight and curly, double and single."""

MARKERS = frozenset(("from", "to", "against"))
"""Prepositions that mark a party's role whatever the word they hang from: where
something comes from, goes to, or is aimed at."""


def _marked(verb: Token) -> tuple[tuple[str, str, str], ...]:
    """(word, preposition, the lemma it hangs from) of the parties ``MARKERS`` phrases of
    the clause name. Figures are left out ("rose to 1,840" marks no party), and so is
    "according to", which names a source of words, not a party to the event."""
    return tuple(dict.fromkeys(
        (_lemma(w), t.lower_, _lemma(t.head)) for t in _clause_tokens(verb)
        if t.dep_ == "prep" and t.lower_ in MARKERS and t.head.lower_ != "according"
        for p in t.children if p.dep_ == "pobj" for w in _party(p) if not w.like_num))


def _party(head: Token) -> list[Token]:
    """The content words of a noun phrase without the phrases that qualify it ("Ms Hale,
    the publisher" is Hale; "20 per session" is 20): the party itself."""
    out = [head] if _content(head) else []
    for c in head.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "conj", "det"):
            out += _party(c)
    return out


def _clause_tokens(head: Token) -> Iterator[Token]:
    """``head`` and the tokens below it, not descending into clauses below it."""
    stack = [head]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(
            c for c in t.children
            if c.dep_ != "punct"
            and (c.dep_ not in _CLAUSE_DEPS or (c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX")))
        )  # fmt: skip


def _in_full(t: Token) -> bool:
    """ "In full", "in its entirety": an extent, as "wholly" is ("accepted the findings
    in full"), which a part ("nine of the eleven") does not back."""
    return (t.lower_ in ("full", "entirety") and t.head.lower_ == "in"
            and t.i > 0 and t.doc[t.i - 1].lower_ in ("in", "its", "their"))


def _unrealised(head: Token, c: Token) -> bool:
    """Whether ``c`` is a clause its hedging head leaves unrealised. "Consider" is so only
    over "-ing" or "whether" ("is considering raising fares"): "considers that the plan
    is unlawful" and "considers it to be a threat" state a judgement."""
    if c.dep_ not in ("xcomp", "ccomp"):
        return False
    if head.lemma_.lower() != "consider":
        return True
    return c.tag_ == "VBG" or any(g.lower_ == "whether" for g in c.children)


def _hedged(verb: Token, conditions: bool = True, would: bool = True) -> bool:
    """A modal other than will/can/must (or "would", unless ``would`` is false), a hedging
    head above or itself over a clause, an "if", "unless" or "whether" clause (unless
    ``conditions`` is false), or an auxiliary "be" + hedging adjective ("is likely
    to")."""
    # A hedging head over a clause states that clause as unrealised, and is the frame an
    # unhedged claim aligns with when it shares the clause's words ("will be cut"
    # against "are expected to go"). Over an object it states a fact: "is seeking a 9%
    # rise", "considered 138 nominations", "expects revenue of 5 billion".
    if verb.lemma_.lower() in HEDGING_HEADS and any(_unrealised(verb, c) for c in verb.children):
        return True
    t: Token | None = verb
    for _ in range(4):
        if t is None:
            break
        for c in t.children:
            if (
                c.dep_ == "aux"
                and c.tag_ == "MD"
                and c.lower_ not in ("will", "'ll", "can", "must", "shall")
                and (would or c.lower_ not in FIRM)
            ):
                return True
            if conditions and _conditional_mark(c):
                return True
            if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in HEDGING_HEADS:
                return True
        if (head := _governor(t)) is not None:
            if head.lemma_.lower() in HEDGING_HEADS:
                return True
            t = head
            continue
        # The small model reads "The orchestra plans to give" as a noun "plans" heading
        # the sentence: a hedging verb it took for a noun. A noun "plan" in a sentence
        # with a verb ("approved the plan to raise the dam", "has no plans to quit") says
        # what was done with the plan, and is left to that verb.
        if (t.dep_ == "acl" and t.head.pos_ == "NOUN" and t.head.dep_ == "ROOT"
                and t.head.lemma_.lower() in HEDGING_HEADS
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in t.children)):
            return True
        break
    return False


def _conditional_mark(t: Token) -> bool:
    return t.dep_ == "mark" and t.lower_ in ("if", "whether", "unless")


def _conditional(verb: Token) -> bool:
    """The verb heads an "if", "unless" or "whether" clause."""
    return any(_conditional_mark(c) for c in verb.children)


FIRM = frozenset(("would", "'d"))
"""Modals that state what will happen, as told later ("said it would recover costs"),
where a page's "may" or "could" leaves it possible."""

UNSURE = frozenset(("probably", "possibly", "perhaps", "maybe", "likely"))
"""Adverbs that hedge the verb they modify ("would probably have to sell")."""


NEG_RAISING = frozenset(("believe", "think", "expect", "suppose"))
"""Verbs of belief whose "not" denies the clause believed ("did not think the plan would
work"), a closed class of English grammar that the parse cannot see."""


FOCUS = frozenset(("just", "only", "merely", "simply", "solely"))
"""Focus adverbs: "not just take part" says more than taking part, not less. The parse
hangs that "not" on the verb like any other; only the word after it tells them apart."""


def _negates(t: Token) -> bool:
    after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.dep_ == "neg" and (after is None or after.lower_ not in FOCUS)


NEGATIVE_IMPLICATIVES = frozenset(("fail", "refuse", "decline", "neglect", "omit", "unable"))
"""Heads whose complement did not happen: "failed to obtain consent" says consent was not
obtained, "vessels unable to enter" that they cannot enter. The parse gives "obtain" as
the complement of "fail"; only the head's meaning says the complement is denied, so these
few words are listed."""


REFRAINING: tuple[tuple[str, str | None, str], ...] = (
    ("stop", "short", "of"), ("fall", "short", "of"), ("decide", None, "against"),
    ("refrain", None, "from"))
"""Heads (with the word between, if any) and the preposition whose complement did not
happen, as ``NEGATIVE_IMPLICATIVES`` with "to": "stopped short of criticising the club"
says it did not criticise it, "decided against defending the road" that it will not
defend it. The parse gives the verb as the preposition's complement ("pcomp"); only the
phrase's meaning says it is denied, so these are listed."""


def _refrained(verb: Token) -> Token | None:
    """The head of a ``REFRAINING`` phrase the verb completes ("stopped" of "stopped short
    of criticising"), or None. The word between hangs the preposition ("short of") or,
    as the parse has it too, stands beside it under the head ("stopped" with "short" and
    "of" each its child)."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep":
        return None
    for head, word, preposition in REFRAINING:
        up = prep.head
        if word is not None and up.lower_ == word:
            up = up.head
        elif word is not None and not any(
                c.lower_ == word and c.i < prep.i and all(t.is_punct for t in c.doc[c.i + 1:prep.i])
                for c in up.children):
            continue  # "short" right before "of", but for a quotation mark ('"fell short" of')
        if prep.lower_ == preposition and up.lemma_.lower() == head:
            return up
    return None


ABLE = frozenset(("able",))
"""The adjective whose negation is its complement's ("not able to attend" did not attend);
"not afraid to", "not slow to", "not easy to" say the act happened, and the parse cannot
tell them apart, so the one word is listed."""


DENIALS = frozenset(("deny", "doubt"))
"""Heads that report their clause as false: "denied that the changes were linked" says
they were not, as "said they were not linked" does, and so does "denied claims that
...". "Doubted the trust could recruit" is "did not believe it could" (``NEG_RAISING``).
("Rejected the argument that" was read so too, and made two false alarms of the seen
sets: a judge rejecting a party's argument is not the page denying it.) Read for a
clause ("that ..."), not for "to": "failed" as a clause's head was the small model's
misreading of "a gasket ... had failed" (the negative implicatives read for clauses made
that false alarm)."""


def _asked(verb: Token) -> bool:
    """The verb's sentence is a question ("Who can doubt that ...?"): it asserts nothing."""
    return verb.sent[-1].text == "?" or (len(verb.sent) > 1 and verb.sent[-2].text == "?")


def _denial(verb: Token) -> Token | None:
    """The denying verb a "that" clause is reported under: its own clause ("denied that
    it was linked") or that of the noun it denies ("denied claims that"). None where the
    denial is coordinated ("neither confirmed nor denied", "would not confirm or deny"),
    which denies nothing."""
    head = verb.head
    if _asked(verb):
        return None
    if verb.dep_ == "ccomp" and head.lemma_.lower() in DENIALS:
        denial = head
    elif verb.dep_ in ("acl", "ccomp") and head.dep_ == "dobj" and head.pos_ == "NOUN" and (
            head.head.lemma_.lower() in DENIALS) and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        denial = head.head
    else:
        return None
    coordinated = denial.dep_ == "conj" or any(
        c.dep_ in ("conj", "preconj") or c.lower_ in ("neither", "nor")
        for c in denial.children)
    return None if coordinated else denial


def _yet_to(head: Token) -> bool:
    """"Has yet to" and "is yet to": the complement has not happened. The parse reads
    "yet" as an adverb of "have" or "be", with the verb as their complement; "yet" must
    follow the head and come right before "to" ("and yet the shop is to close" says
    it will)."""
    doc = head.doc
    return head.lemma_.lower() in ("have", "be") and any(
        c.lower_ == "yet" and c.dep_ == "advmod" and c.i > head.i
        and c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "to" for c in head.children)


def _until(verb: Token) -> bool:
    """"Did not open until 2019" says it opened in 2019: a negation with "until" under the
    verb, its complement or its head dates the event rather than denying it."""
    heads = [verb, *([verb.head] if verb.dep_ in ("xcomp", "acomp") else [])]
    return any(c.lower_ == "until" and c.dep_ in ("prep", "mark")
               for h in heads for c in h.children)


def _negated(verb: Token) -> bool:
    """Negation attached to the predicate, or to an auxiliary or head it is the
    complement of ("did not approve"), a "not" on a verb of belief it is the clause of
    ("did not believe it would approve", ``NEG_RAISING``), a negative implicative head
    ("failed to approve"; "did not fail to approve" approves) or phrase ("stopped short of
    approving", ``REFRAINING``), or a negative pronoun in
    its subject or object ("nobody approved"); not where "until" dates it (``_until``)."""
    if _until(verb):
        return False
    # "Did not believe the deal would reduce competition" says the deal would not: a "not"
    # on a verb of belief is read in the clause believed ("neg-raising"), and a "not" of
    # the clause's own then cancels it ("did not think the plan would not work"). Only
    # "not": "had never imagined it would reopen" reports surprise. Not in a question.
    if (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in NEG_RAISING
            and any(_negates(c) and c.lower_ in ("not", "n't")
                    for c in verb.head.children)
            and not _asked(verb)):
        return not any(_negates(c) for c in verb.children)
    if any(_negates(c) for c in verb.children):
        return True
    # "No longer", "no more": the parse hangs "no" under the adverb, not the verb.
    if any(c.dep_ == "advmod" and c.lower_ in ("longer", "more")
           and any(g.dep_ == "neg" and g.lower_ == "no" for g in c.children)
           for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in NEGATIVE_IMPLICATIVES:
        return not _negated(verb.head)  # "nobody failed to vote": everyone voted
    if (refrained := _refrained(verb)) is not None:
        return not _negated(refrained)  # "stopped short of criticising": did not criticise
    if (denial := _denial(verb)) is not None:
        return not _negated(denial)  # "denied that it was linked": it was not linked
    if verb.dep_ == "xcomp" and _yet_to(verb.head) and not _negated(verb.head):
        return True  # "has yet to set a date": no date is set ("has not yet had to" is read
        # as "not" reads it, below)
    # "Was not allowed to reopen"; and through "able", whose "not" is its complement's:
    # "would not be able to move" hangs "move" from "able", "able" from the negated "be".
    # Not through other adjectives: "was not afraid to sell" sold.
    up = verb
    for _ in range(3):
        if up.dep_ not in ("xcomp", "acomp") or up.head.i == up.i:
            break
        up = up.head
        if any(_negates(c) for c in up.children):
            return True
        if up.lemma_.lower() not in ABLE:
            break
    # "Not a single sailing operated", "not one councillor objected": the "not" hangs
    # from the noun, which the parse may also take for the verb's head (the verb its
    # "acl"). "Not all" and "not every" deny the whole, not each: they are not read.
    objects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    # A negative pronoun subject the complement takes from the verbs above it: "Neither
    # of the workers was able to leave" says of "leave" what "neither" says. Not a
    # subject with "no": "no projects would be cut to pay for it" denies the cut only.
    inherited: list[Token] = []
    up = verb
    for _ in range(3):
        if up.dep_ not in ("xcomp", "acomp") or up.head.i == up.i:
            break
        up = up.head
        inherited += [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
    arguments = [*objects, *([verb.head] if verb.dep_ == "acl" else [])]
    if any(g.dep_ == "neg" and g.i < a.i and g.i + 1 < len(g.doc)
           and g.doc[g.i + 1].lower_ in ("a", "an", "one", "single", "any")
           for a in arguments for m in (a, *a.children) for g in m.children):
        return True
    # "With no decision expected": a past participle's noun is what it is said of; not an
    # infinitive's ("no request to relax the limit" does not deny relaxing).
    participle = [verb.head] if _participle(verb) else []
    return any(
        c.lower_ in ("no", "never", "none", "nobody", "nothing")
        for c in verb.children if c.dep_ in ("neg", "advmod", "det")
    ) or any(  # "nobody had consulted her", "they found nothing": the argument negates
        c.lower_ in ("nobody", "nothing", "none", "noone", "neither")
        for c in (*objects, *inherited)
    ) or any(
        g.lower_ in ("no", "never") for c in (*objects, *participle)
        for g in c.children if g.dep_ == "det"
    )  # fmt: skip


def _frame(verb: Token) -> Frame:
    agent: list[Token] = []
    patient: list[Token] = []
    other: list[Token] = []
    for c in verb.children:
        dep = c.dep_
        if dep in ("nsubj", "csubj"):
            agent += _phrase(c)
        elif dep == "agent":  # passive "by A": A is the agent
            for p in c.children:
                if p.dep_ == "pobj":
                    # Not a measure: "approved by 16 votes to two", "cut by 4 per cent"
                    # (a counted noun with no determiner; "by a £22 million loan" is one).
                    kids = [g.dep_ for g in p.children]
                    measure = p.like_num or ("nummod" in kids and "det" not in kids)
                    (other if measure else agent).extend(_phrase(p))
        elif dep in ("nsubjpass", "dobj") or (dep == "npadvmod" and c.pos_ == "PROPN"):
            # A name read as an adverbial noun is the small model's object ("beat Valdora").
            patient += _phrase(c)
        elif dep in ("dative", "attr", "oprd", "acomp", "npadvmod") or dep == "prep":
            other += _phrase(c)
    # A relative clause whose pronoun is its subject ("the firm that bought B") has the
    # noun it hangs from in that slot.
    if verb.dep_ == "relcl" and _content(verb.head):
        for c in verb.children:
            if c.tag_ in ("WDT", "WP") and c.dep_ == "nsubj":
                agent.append(verb.head)
            elif c.tag_ in ("WDT", "WP") and c.dep_ == "nsubjpass":
                patient.append(verb.head)
    if _participle(verb) and not patient:
        patient += [verb.head] if _content(verb.head) else []
    # A refraining phrase's complement has the head's subject ("A stopped short of
    # criticising B": A is who did not criticise).
    refrained = _refrained(verb)
    if refrained is not None and not agent:
        agent += [t for c in refrained.children if c.dep_ == "nsubj" for t in _phrase(c)]
    # An xcomp's subject is its head's ("A plans to acquire B": A acquires), or its head's
    # object where it has one ("A ordered B to pay": B pays; "asked for B to be paid": B
    # is paid).
    if verb.dep_ == "xcomp" and not agent:
        objects = [c for c in verb.head.children if c.dep_ == "dobj"]
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for c in objects or verb.head.children:
            if c.dep_ == "dobj" and passive:
                patient += _phrase(c)
            elif c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                agent += _phrase(c)
    if not agent and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children):
        agent += _reporter(verb)
    pred = verb.lemma_.lower()
    words = [_lemma(t) for t in (*agent, *patient, *other) if _content(t)]
    direction = _direction(verb)
    return Frame(
        pred=pred,
        neg=_negated(verb),
        hedge=_hedged(verb),
        # "called the result a breakthrough" gives words to its subject as "said" does;
        # the parse marks the object predicate (oprd), not that "call" reports speech,
        # and "called a meeting", "called for a strike" report none.
        speech=pred in SPEECH or (pred == "call" and any(c.dep_ == "oprd" for c in verb.children)),
        agent=tuple(_lemma(t) for t in agent),
        patient=tuple(_lemma(t) for t in patient),
        other=tuple(_lemma(t) for t in other),
        names=(
            tuple(t.lower_ for t in agent if _name(t)),
            tuple(t.lower_ for t in patient if _name(t)),
            tuple(t.lower_ for t in other if _name(t)),
        ),
        direction=direction,
        words=tuple(dict.fromkeys([pred, *words])),
        ends=tuple(
            (t.lower_, c.lower_) for c in verb.children
            if c.dep_ == "prep" and c.lower_ in ("from", "to")
            for p in c.children if p.dep_ == "pobj"
            for t in _phrase(p)
            # A name, or the noun heading the phrase or compounded with it ("the plant
            # gates", not the "hall" of "the gates to the town hall"), not an amount.
            if _name(t) or (t.pos_ == "NOUN" and _content(t) and (t.i == p.i or (
                t.head.i == p.i and t.dep_ == "compound")) and not any(
                x.like_num for x in p.subtree))
        ),
        speaker=_head_name(agent),
        marked=_marked(verb),
        modal=_modal(verb),
        firm=_firm(verb),
    )


def _participle(verb: Token) -> bool:
    """A past participle said of the noun it hangs from ("a package, awarded to Lumenor
    Systems"): an "acl" with no subject of its own, tagged a participle or, as the small
    model often tags one after a comma, a past tense."""
    return verb.dep_ == "acl" and (verb.tag_ == "VBN" or (verb.tag_ == "VBD" and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)))


def _modal(verb: Token) -> str:
    """The modal auxiliary over the verb, read up its chain of complements ("may" of "may
    seek to recover")."""
    t = verb
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "aux" and c.tag_ == "MD":
                return c.lower_
        if (head := _governor(t)) is None:
            break
        t = head
    return ""


def _governor(t: Token) -> Token | None:
    """The verb a complement is the clause of, whose modal and hedges are its own: the
    head of an "xcomp", "ccomp" or "acomp" ("may seek to recover"), or of a
    ``REFRAINING`` phrase ("may decide against closing")."""
    if t.dep_ in ("xcomp", "ccomp", "acomp") and t.head.i != t.i:
        return t.head
    return _refrained(t)


def _firm(verb: Token) -> bool:
    """The verb's own modal is "would" and nothing else hedges it (``Frame.firm``)."""
    own = {c.lower_ for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"}
    return (bool(own) and own <= FIRM and not _hedged(verb, would=False)
            and not any(c.dep_ == "advmod" and c.lower_ in UNSURE for c in verb.children)
            and not _asked(verb))


def _head_name(phrase: list[Token]) -> str:
    """The name word a phrase is headed by ("" if its head is not a name)."""
    inside = {t.i for t in phrase}
    head = next((t for t in phrase if t.head.i not in inside or t.head.i == t.i), None)
    return head.lower_ if head is not None and _name(head) else ""


def _reporter(verb: Token) -> list[Token]:
    """For "X said it would ...", the X a pronoun subject stands for: the subject of the
    verb whose reported clause this is (the commonest coreference in news copy)."""
    t = verb
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "conj") or t.head.i == t.i:
            return []
        t = t.head
        for c in t.children:
            if c.dep_ == "nsubj" and c.pos_ != "PRON":
                return _phrase(c)
    return []


def _direction(verb: Token) -> int:
    # Particles are left out: "step down" and "give up" say nothing of direction.
    for t in (
        verb,
        *(c for c in verb.children if c.dep_ in ("advmod", "acomp", "dobj", "attr", "npadvmod")),
    ):
        for w in (t.lemma_.lower(), t.lower_):
            if w in UP:
                return 1
            if w in DOWN:
                return -1
        for g in t.children:
            if g.dep_ == "amod" and g.tag_ in ("JJR", "RBR"):
                if g.lower_ in UP or g.lemma_.lower() in UP:
                    return 1
                if g.lower_ in DOWN or g.lemma_.lower() in DOWN:
                    return -1
    return 0


def _according(t: Token) -> Frame:
    """ "according to X" reports X's words: a speech frame with X as the speaker."""
    speaker: list[Token] = []
    for c in t.children:
        if c.lower_ == "to":
            for p in c.children:
                if p.dep_ == "pobj":
                    speaker += _phrase(p)
    return Frame(
        pred="say", neg=False, hedge=False, speech=True,
        agent=tuple(_lemma(x) for x in speaker), patient=(), other=(),
        names=(tuple(x.lower_ for x in speaker if _name(x)), (), ()),
        direction=0, words=("say", *(_lemma(x) for x in speaker)),
    )  # fmt: skip


_SCALE_WORDS = frozenset(("thousand", "million", "billion", "trillion"))


def _number_value(t: Token) -> str:
    """The number a token states, with the figure a scale word counts ("2.9 million"):
    read alone, every "million" of a page would be one number."""
    if t.lower_ in _SCALE_WORDS:
        parts = [c.lower_ for c in t.children if _in_a_scale(c)]
        return " ".join([*parts, t.lower_]).replace(",", "")
    return t.lower_.replace(",", "")


def _in_a_scale(t: Token) -> bool:
    """A figure a scale word counts, right before it ("2.9" of "2.9 million"): part of
    that number. Not another figure the parse hangs from it ("by 300,000 to 1.5
    million")."""
    return (t.head.i == t.i + 1 and t.head.lower_ in _SCALE_WORDS and t.like_num
            and t.dep_ in ("nummod", "compound", "quantmod"))


def _superlatives(tokens: list[Token]) -> Iterator[tuple[int, str, Token]]:
    """Each superlative: where it is, its word ("largest", "most expensive") and the
    word that ranks ("expensive" of "most expensive"). "Most" alone ranks nothing ("most
    of the funds") unless "the" makes it the top ("11 recordings, the most of any
    orchestra"), outside the idioms of ``_idiom``."""
    for i, t in enumerate(tokens):
        if t.tag_ not in ("JJS", "RBS"):
            continue
        if t.lower_ not in ("most", "least"):
            yield i, t.lower_, t
        elif i + 1 < len(tokens) and tokens[i + 1].pos_ in ("ADJ", "ADV"):
            yield i, f"{t.lower_} {tokens[i + 1].lower_}", tokens[i + 1]
        elif i and tokens[i - 1].lower_ == "the" and not _idiom(tokens, i):
            yield i, t.lower_, t


def _idiom(tokens: list[Token], i: int) -> bool:
    """"The most" or "the least" at ``i`` in a phrase that ranks nothing: "at the most",
    "made the most of the weather", "the least of its problems" (but "the most of any
    orchestra" ranks)."""
    if i > 1 and tokens[i - 2].lower_ in ("at", "make", "made", "making", "makes"):
        return True
    after = [t.lower_ for t in tokens[i + 1:i + 3]]
    return after[:1] == ["of"] and after[1:2] not in (["any"], ["all"])


def _degree(doc: Doc | Span) -> list[tuple[str, str]]:
    """Superlatives, each with the ordinal that ranks it ("second-largest" ->
    ("largest", "second")), ``MEMBER`` ("one of the largest", "the four largest") or
    ``SINCE`` ("the highest since 2006").
    Comparatives are left out: "more than 4,800" and "£97 more than last year" bound a
    figure, which the value signals check."""
    out: list[tuple[str, str]] = []
    tokens = list(doc)
    for i, word, _ in _superlatives(tokens):
        t = tokens[i]
        rank = ""
        before = [x.lower_ for x in tokens[max(0, i - 3):i]]
        for j in range(max(0, i - 3), i):
            w = tokens[j].lower_
            if w in _ORDINAL_WORDS or (tokens[j].ent_type_ == "ORDINAL" and w != "first"):
                rank = w
        # "one of the largest", "among the country's largest": a member of the top few,
        # not the top. The noun the superlative ranks hangs from "of" under "one", or
        # from "among" (the words before it too, where the parse hangs it elsewhere).
        noun = t.head if t.dep_ == "amod" else t
        prep = noun.head if noun.dep_ == "pobj" else None
        if not rank and (
                (prep is not None and (prep.lower_ == "among" or (
                    prep.lower_ == "of" and prep.head.lower_ == "one")))
                or "among" in before[-2:]
                or any(pair == ("one", "of") for pair in pairwise(before))
                # "the four largest venues": the top few, as "one of" is.
                or (i and tokens[i - 1].like_num and tokens[i - 1].pos_ == "NUM")):
            rank = MEMBER
        out.append((word, rank or _bounded(tokens, i)))
    # Rank adjectives the tagger does not tag as superlatives: "the first council to",
    # "the only site". With "the" on their noun only: "a first step" ranks nothing.
    for t in tokens:
        if t.lower_ in EXCLUSIVE and t.dep_ == "amod" and any(
                c.dep_ == "det" and c.lower_ == "the" for c in t.head.children):
            out.append((t.lower_, _bounded(tokens, t.i - tokens[0].i)))
    return out


_BOUND_ENDS = frozenset((",", ";", ":", "(", "\u2014", "\u2013", ".", "!", "?"))
_BEGUN = frozenset(("begin", "start", "found", "establish", "form", "create", "open", "launch"))
"""Verbs of a "since" clause that date the thing ranked itself ("since the club was
founded"): the bound is all of its time, as "in its history" is."""


def _bounded(tokens: list[Token], i: int) -> str:
    """``SINCE`` when a time bounds the superlative at ``i`` within its phrase (up to eight
    words, not past a comma, dash, sentence end or coordinating word): "since" a time
    ("the highest rate since 2006", "the first time this has been recorded since 1996"),
    or "in" a count of years, months or decades ("the lowest in a decade"). "Since records
    began" and "since the club was founded" bound nothing: they are all of its time."""
    for j in range(i + 1, min(len(tokens), i + 9)):
        t = tokens[j]
        if t.lower_ in _BOUND_ENDS or t.dep_ == "cc":
            break
        if t.lower_ == "since":
            after = {x.lemma_.lower() for x in tokens[j + 1:j + 6]}
            return "" if after & (ALL_TIME | _BEGUN) else SINCE
        if t.lower_ == "in" and any(x.lemma_.lower() in _PERIODS for x in tokens[j + 1:j + 4]):
            return SINCE
    return ""


OWNER = "of:"
"""Marks the owner of an all-time class in a superlative's class words ("of:region")."""

ALL_TIME = frozenset(("ever", "history", "record"))
""""Ever", "in its history", "on record": a superlative ranked among all time, however
it is worded (read as "ever")."""


def _classes(doc: Doc | Span) -> list[tuple[str, tuple[str, ...]]]:
    """Each superlative with what it ranks its noun among: the head nouns of the
    phrases hanging from the noun or from the superlative ("in the city", "the city's
    largest": "city"; "in the museum's history", "it has ever opened", "on record":
    "ever"). "The highest turnout in any ballot since 2014" and "the highest turnout it
    has ever recorded" rank the same word among different things."""
    out: list[tuple[str, tuple[str, ...]]] = []
    tokens = list(doc)
    for i, word, head in _superlatives(tokens):
        if head is not tokens[i] and head.pos_ != "ADJ":
            continue  # "most often": an adverb ranks no noun
        noun = head.head if head.dep_ == "amod" else head
        among: set[str] = set()
        for c in (*noun.children, *head.children):
            # "of" names what is ranked ("the largest of the three"), "with" what it has
            # ("the busiest route, with 188,000 passengers"): neither ranks.
            if c.dep_ == "prep" and c.lower_ not in ("of", "with"):
                among.update(_lemma(p) for p in _objects(c))
                # Whose history: "in the region's history" ranks among more than "in the
                # company's history" does (compared only where both name it).
                among.update(f"{OWNER}{_lemma(g)}" for p in _objects(c) if p.lower_ in ALL_TIME
                             for g in p.children if g.dep_ == "poss" and _content(g))
            elif c.dep_ in ("relcl", "acl", "advmod") and any(
                    x.lower_ == "ever" for x in c.subtree):
                among.add("ever")
            elif c.dep_ == "poss" and c is not head and _content(c):
                among.add(_lemma(c))
        among = {"ever" if w in ALL_TIME else w for w in among}
        if among:
            out.append((word, tuple(sorted(among))))
    return out


def _objects(prep: Token) -> list[Token]:
    """The nouns a preposition governs, through a quantifier ("in any of its ballots":
    "ballot")."""
    found = [p for p in prep.children if p.dep_ == "pobj"]
    return [q for p in found for q in ([p] if _content(p) else [
        o for c in p.children if c.dep_ == "prep" and c.lower_ == "of" for o in _objects(c)])]


ALL_OF = frozenset(("all", "every", "each", "entire", "whole"))
PART_OF = frozenset(("some", "most", "many", "several", "few", "half", "part", "majority",
                     "minority"))
"""Quantifiers that take a whole class, and those that take part of it: which word means
which the parse does not say; what each quantifies, it does."""


def _quantified(doc: Doc | Span) -> list[tuple[str, str, str]]:
    """Each noun a quantifier takes all or part of: through "of" ("all of the flats",
    "three of the flats", a figure counting part only in that form) or as its
    determiner or modifier ("every branch", "most branches")."""
    out: list[tuple[str, str, str]] = []
    for t in doc:
        word = t.lower_
        figure = t.like_num and t.pos_ == "NUM"
        if word not in ALL_OF and word not in PART_OF and not figure:
            continue
        nouns = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")]
        if not nouns and not figure and t.dep_ in ("det", "amod", "predet") and (
                t.head.pos_ == "NOUN"):
            nouns = [t.head]
        out += [(_class_words(n), "all" if word in ALL_OF else "part", word) for n in nouns]
    return out


def _class_words(noun: Token) -> str:
    """A noun with the modifiers that narrow its class ("failing fume cupboard"), as
    lemmas, the noun last."""
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound") and _content(c)
            and c.lower_ not in ALL_OF and c.lower_ not in PART_OF]
    return " ".join([*sorted(_lemma(c) for c in mods), _lemma(noun)])


def _pole(t: Token) -> int:
    for w in (t.lemma_.lower(), t.lower_):
        if w in UP:
            return 1
        if w in DOWN:
            return -1
    return 0


def _moves(doc: Doc | Span) -> list[tuple[str, int]]:
    """Each number with the direction word above it within three steps of the parse
    ("rose 4 percent", "down 4 percent from 2022", "a decrease of 1.5 percent"), or the
    particle of the verb it is the amount of ("edged up 3 per cent"), or a comparison
    hung below it ("three fewer than the year before")."""
    out: list[tuple[str, int]] = []
    for t in doc:
        if not (t.like_num and t.pos_ == "NUM") or t.ent_type_ in ("DATE", "TIME") or (
                _in_a_scale(t)):
            continue
        # A comparison hung from the number itself: "three more than the year before",
        # "19 concerts, three fewer than the year before".
        than = next((p for c in t.children if c.dep_ in ("amod", "advmod")
                     and any(g.lower_ == "than" for g in c.children) and (p := _pole(c))), 0)
        if than:
            out.append((_number_value(t), than))
            continue
        head, moved = t, False
        for _ in range(3):
            if head.head.i == head.i:
                break
            below, head = head, head.head
            # A particle moves the amount its verb changes by or to ("edged up 3 per
            # cent", "edged up to 17.4 percent"), not its object ("turned down a £42
            # million bid") or a place ("turned up at 9 sites"); alone it says nothing
            # of direction ("step down").
            amount = below.dep_ == "npadvmod" or (
                below.dep_ == "prep" and below.lower_ in ("to", "by"))
            moving = ("advmod", "prt") if amount else ("advmod",)
            pole = _pole(head) or next(
                (p for c in head.children if c.dep_ in moving and (p := _pole(c))), 0
            )
            if pole:
                out.append((_number_value(t), pole))
                moved = True
                break
        # No direction word above it: a comparison right after it, read off the words,
        # where the parse hangs it elsewhere ("earn 6 per cent more than" against "are paid
        # 6 per cent less than"). After the verb's, not before: "fell 5 per cent more than
        # expected" falls.
        if not moved and (than := _compared_after(t)):
            out.append((_number_value(t), than))
    return out


_FIGURE_UNITS = frozenset(("per", "cent", "percent", "%", "percentage", "point", "points"))


def _compared_after(t: Token) -> int:
    """The direction of a comparison right after a figure and its unit words ("6 per cent
    more than", "three fewer than"), read off the words: +1, -1 or 0."""
    doc = t.doc
    i = t.i + 1
    while i < len(doc) and doc[i].lower_ in _FIGURE_UNITS:
        i += 1
    if i + 1 < len(doc) and doc[i + 1].lower_ == "than":
        return _pole(doc[i])
    return 0


_YEAR = re.compile(r"(1[89]|20)\d\d")


def _changes(doc: Doc | Span) -> list[tuple[str, str]]:
    """Each "from A to B" (or "to B from A", or "B, up from A") between two figures a few
    words apart, once. Years are left out: "from 2019 to 2023" is a period, which the
    date signals check."""
    tokens = list(doc)

    def stops(t: Token) -> bool:
        # A clause boundary; a participle modifying the figure ("an estimated 3,000") is not.
        return t.pos_ == "VERB" and t.dep_ != "amod"

    def figure_after(i: int, reach: int = 3) -> int | None:
        for j in range(i + 1, min(i + 1 + reach, len(tokens))):
            t = tokens[j]
            if t.is_punct or stops(t):
                return None
            if t.like_num and t.pos_ == "NUM":
                return None if _YEAR.fullmatch(t.text) else j
        return None

    def figure_before(i: int) -> int | None:
        for j in range(i - 1, max(-1, i - 7), -1):
            t = tokens[j]
            if stops(t):
                return None
            # The year of the figure is passed over: "4.5 per cent in 2024, up from".
            if t.like_num and t.pos_ == "NUM" and not _YEAR.fullmatch(t.text):
                return j
        return None

    def paired(i: int, a: int) -> int | None:
        """The figure of the "to" (or "from") that pairs with the one at ``a`` after
        ``tokens[i]``; the figure's unit and year may come between ("from 4.5 per cent in
        2023 to")."""
        other = "to" if tokens[i].lower_ == "from" else "from"
        for k in range(a + 1, min(a + 7, len(tokens))):
            if stops(tokens[k]):
                return None
            if tokens[k].lower_ == other and (b := figure_after(k)) is not None:
                return b
        return None

    out: list[tuple[str, str]] = []
    for i, t in enumerate(tokens):
        if t.lower_ not in ("from", "to"):
            continue
        if (a := figure_after(i)) is not None and (b := paired(i, a)) is not None:
            first, then = (a, b) if t.lower_ == "from" else (b, a)
            out.append((_number_value(tokens[first]), _number_value(tokens[then])))
        # "25 km/h, down from 35 km/h", "£512, up from £478": from the second to the
        # first; "was down from £4 million to £3 million" is read above.
        elif (t.lower_ == "from" and i and tokens[i - 1].lower_ in ("up", "down")
                and (a := figure_after(i, 6)) is not None  # "from the current limit of 35"
                and (b := figure_before(i - 1)) is not None):
            out.append((_number_value(tokens[a]), _number_value(tokens[b])))
    return list(dict.fromkeys(out))  # "rose to 5, up from 4" is one change


_ORDER_PHRASE_WORDS = 6
"""The most words an ordered phrase ("from the fourth quarter of 2025") is read over."""

_EXTENT_VERBS = frozenset(("range", "vary", "span", "stretch", "run"))
"""Verbs whose "from ... to" gives the ends of a range, not a change."""


def _ordered(doc: Doc | Span) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(kind, first, then): two phrases the sentence puts in an order, each as its content
    lemmas. "to": where a change starts and ends ("from G1 to G2", "every week, up from
    once a month" is from a month to a week); "than": what is done and what instead ("in
    2028 rather than 2027", "add to returns instead of subtracting"). Read off the words,
    as ``_changes`` reads figures (which it leaves to it): the parse hangs "to" and
    "rather than" from either phrase. Phrases end at punctuation, a clause word or a verb
    (a "to" before a verb is an infinitive)."""
    tokens = list(doc)

    def word(t: Token) -> bool:
        return _content(t) or (t.text.isalnum() and not t.is_stop)  # "G1", "C3"

    def figure(t: Token) -> bool:  # a figure's change is ``_changes``'s
        return t.like_num and t.pos_ == "NUM" and not _YEAR.fullmatch(t.text)

    def ends(t: Token) -> bool:
        return (t.is_punct or t.pos_ in ("CCONJ", "SCONJ", "AUX", "PRON")
                or (t.pos_ == "VERB" and t.dep_ != "amod")
                or (t.pos_ == "ADP" and t.lower_ != "of"))

    def after(j: int, verb: bool = False) -> tuple[int, list[Token]]:
        """The phrase from ``j``; with ``verb``, it may open with a verb or a preposition
        ("rather than subtract from them", "rather than from new money")."""
        out: list[Token] = []
        while j < len(tokens) and len(out) < _ORDER_PHRASE_WORDS and (
                not ends(tokens[j]) or (verb and not out and tokens[j].pos_ in ("VERB", "ADP"))):
            out.append(tokens[j])
            j += 1
        return j, out

    def before(j: int, reach: int) -> list[Token]:
        """Up to ``reach`` content words before ``j``, through a verb and its
        prepositions ("add to returns") but not past a clause's edge."""
        out: list[Token] = []
        while j >= 0 and len([t for t in out if word(t)]) < reach:
            t = tokens[j]
            if t.is_punct or t.pos_ in ("CCONJ", "SCONJ", "AUX", "PRON"):
                break
            out.append(t)
            j -= 1
        return out[::-1]

    def lemmas(phrase: list[Token]) -> tuple[str, ...] | None:
        if any(figure(t) for t in phrase):
            return None
        out = tuple(dict.fromkeys(_lemma(t) for t in phrase if word(t)))
        return out or None

    found: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []

    def add(kind: str, first: list[Token], then: list[Token]) -> None:
        a, b = lemmas(first), lemmas(then)
        # "From 2019 to 2023" is a period, which the date signals check.
        if a and b and not (kind == "to" and all(_YEAR.fullmatch(w) for w in (*a, *b))):
            found.append((kind, a, b))

    for i, t in enumerate(tokens):
        low = t.lower_
        if low == "from" and t.pos_ == "ADP":
            j, first = after(i + 1)
            # From a pronoun, or a verb of extent, it spans a range, not a change
            # ("everything from libraries to bin collections", "ranging from sketches to
            # portraits"); the parse hangs a change's "from" on its verb or its object.
            if (j < len(tokens) and tokens[j].lower_ == "to" and tokens[j].pos_ == "ADP"
                    and t.head.pos_ != "PRON" and t.head.lemma_ not in _EXTENT_VERBS
                    and not (i and tokens[i - 1].pos_ == "PRON")):
                add("to", first, after(j + 1)[1])
            elif i >= 2 and tokens[i - 1].lower_ in ("up", "down") and tokens[i - 2].is_punct:
                add("to", first, before(i - 3, 2))
        elif i and (tokens[i - 1].lower_, low) in (("rather", "than"), ("instead", "of")):
            # What is done is read as far back as the words set aside, and two more:
            # "repaint the hall rather than replace its windows".
            then = after(i + 1, verb=True)[1]
            add("than", before(i - 2, len([w for w in then if word(w)]) + 2), then)
    return list(dict.fromkeys(found))


_OWNER_BOUNDS = frozenset((",", ";", ":", "(", ")", "\u2014", "\u2013", "while", "whereas",
                           "but", "against", "than", "versus", "compared"))
"""Where the words a figure is said of stop: another figure's clause lies beyond."""


def _owned(doc: Doc | Span) -> list[tuple[str, str]]:
    """(figure, the name it is said of, or ""): the name nearest before each figure in its
    part of the sentence ("Caldmoor Capital holds 60% and Brenmoor 40%", "against Dunmere's
    7.8"), its words joined by spaces. Read off the words: the parse hangs a figure from
    the verb, the noun it counts or another figure, and gapped clauses ("and Brenmoor
    40%") have no verb at all. Years are dates, not amounts."""
    out: list[tuple[str, str]] = []
    owner: list[str] = []
    run: list[str] = []
    verbs = 0
    for t in doc:
        if t.lower_ in _OWNER_BOUNDS or t.text in _OWNER_BOUNDS:
            owner, run = [], []
            continue
        if _name(t):
            run.append(t.lower_)
            owner, verbs = run, 0
            continue
        run = []
        # Past a second verb the name is another clause's: "WRI expects the tunnel to
        # shave 25 minutes".
        verbs += t.pos_ == "VERB" and t.dep_ != "amod"
        if verbs > 1:
            owner = []
        if (t.like_num and t.pos_ == "NUM" and not _YEAR.fullmatch(t.text)
                and not _in_a_scale(t)) or (t.lower_ in _SCALE_WORDS and any(
                    _in_a_scale(c) for c in t.children)):
            out.append((_number_value(t), "" if _name_after(t) else " ".join(owner)))
    return list(dict.fromkeys(out))


def _name_after(t: Token) -> bool:
    """A name within a few words after a figure, before "and" or a mark: the figure may be
    said of it rather than of the name before ("60% owned by Caldmoor Group", "reported
    60 per cent turnout in Caldmoor")."""
    doc = t.doc
    for u in doc[t.i + 1 : t.i + 5]:
        if u.lower_ in _OWNER_BOUNDS or u.text in _OWNER_BOUNDS or u.lower_ == "and":
            return False
        if _name(u):
            return True
    return False


_ROLE_DEPS = frozenset(("compound", "amod", "nmod"))


def _describing(noun: Token) -> list[str]:
    """The noun and the modifiers that make it a role ("chief executive", "consultant
    paediatrician"), as lemmas."""
    words = [
        c.lemma_.lower()
        for c in noun.children
        if c.dep_ in _ROLE_DEPS and c.pos_ in ("NOUN", "ADJ") and _content(c)
    ]
    return [*words, noun.lemma_.lower()]


def _roles(doc: Doc | Span) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for t in doc:
        if t.pos_ != "PROPN" or t.dep_ == "compound":
            continue  # the head word of a name carries its modifiers
        surname = t.lower_
        described: list[str] = []
        for c in t.children:
            if c.dep_ in _ROLE_DEPS and c.pos_ == "NOUN":
                described.append(c.lemma_.lower())
            elif c.dep_ == "appos" and c.pos_ == "NOUN":
                described += _describing(c)
        if t.dep_ == "appos" and t.head.pos_ == "NOUN":
            described += _describing(t.head)
        out += [(surname, d) for d in described if d.isalpha()]
    return out


def _bound(doc: Doc | Span) -> list[tuple[str, str]]:
    """The names each common noun is bound to, with the preposition that binds them ("a
    grant from the National Agri-Food Research Council", "tutors at Calder Vale
    University"; a possessive is "of": "Northmere's tutors").

    A preposition right after a noun binds to it even where the parser hangs it on the
    verb: the small model reads "backed tutors at Northmere" so, and the same reading
    of claim and page must not decide the binding."""
    out: list[tuple[str, str]] = []
    for t in doc:
        if t.dep_ == "poss" and _name(t) and t.head.pos_ == "NOUN":
            out.append((f"{t.head.lemma_.lower()} of", " ".join(_name_words(t))))
        elif t.dep_ == "prep":
            names = [" ".join(_name_words(g)) for g in t.children
                     if g.dep_ == "pobj" and _name(g)]
            before = doc[t.i - doc[0].i - 1] if t.i > doc[0].i else t.head
            nouns = {n.lemma_.lower() for n in (t.head, before) if n.pos_ == "NOUN"}
            out += [(f"{noun} {t.lower_}", name) for noun in nouns for name in names]
    return out


def _name_words(head: Token) -> list[str]:
    """The words of the name ``head`` ends, read off the text rather than the parse (which
    splits "National Agri-Food Research Council" every which way): the run of proper
    nouns and hyphens before it, and an of-phrase after it ("University of Northmere")."""
    doc, sent = head.doc, head.sent
    start = head.i
    while start > sent.start and (_name(doc[start - 1]) or doc[start - 1].text == "-"):
        start -= 1
    end = head.i + 1
    if end + 1 < sent.end and doc[end].lower_ == "of" and _name(doc[end + 1]):
        end += 1
        while end < sent.end and _name(doc[end]):
            end += 1
    return [t.lower_ for t in doc[start:end] if _name(t)]
