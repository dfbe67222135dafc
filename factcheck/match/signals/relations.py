"""Relation signals read from word windows: opposite statements, swapped roles, rankings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.match.claim import ClaimText
from factcheck.match.index import memo_of
from factcheck.match.retrieval import SourceView
from factcheck.text import (
    NEGATIONS,
    Token,
    is_content,
    stem,
    tokenize,
    words,
)

# Verbs of one organisation taking in another, as stems. Active ("X acquired Y")
# puts the taker first; "Y was acquired by X", "Y absorbed into X" and "Y joins X"
# put it last.
_TAKE_VERBS = frozenset(("acquir", "buy", "bought", "absorb", "purchas", "merg", "join"))


_TAKEN_FIRST = frozenset(("join",))


_PASSIVE_MARKS = frozenset(("by", "into", "with"))


def _takeover(tokens: list[Token], names: dict[str, str]) -> list[tuple[str, str]]:
    """(taker, taken) pairs among the given name stems around each takeover verb."""
    pairs: list[tuple[str, str]] = []
    for i, t in enumerate(tokens):
        st = stem(t.lower) if t.is_word else ""
        if st not in _TAKE_VERBS:
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        taker_first = st not in _TAKEN_FIRST and nxt not in _PASSIVE_MARKS
        before = _nearest(tokens[:i][::-1], names)
        after = _nearest(tokens[i + 1 :], names)
        if before and after and before != after:
            pairs.append((before, after) if taker_first else (after, before))
    return pairs


def _nearest(tokens: list[Token], names: dict[str, str]) -> str | None:
    """The first claim name among ``tokens``, within the clause."""
    for t in tokens:
        if t.text in ".;!?":
            return None
        if t.is_word and t.text[0].isupper():
            found = names.get(stem(t.lower))
            if found:
                return found
    return None


def _reversed(claim: ClaimText, view: SourceView) -> bool:
    """Whether the view's best windows state the claim's takeover the other way round."""
    names = {
        stem(t.lower): stem(t.lower)
        for t in claim.tokens
        if t.is_word and t.text[0].isupper() and is_content(t.lower)
    }
    mine = set(_takeover(claim.tokens, names))
    if not mine:
        return False
    theirs: set[tuple[str, str]] = set()
    for w in view.windows:
        for i in range(w.start, w.end):
            if not view.index.heading[i]:
                theirs.update(_takeover(tokenize(view.index.sentences[i]), names))
    flipped = {(b, a) for a, b in mine}
    return bool(theirs & flipped) and not (theirs & mine)


_RANKERS = frozenset(("best", "worst", "first", "most", "least"))


_DETERMINERS = frozenset(("the", "its", "their", "his", "her", "our"))


# Words ending in -est that are not superlatives ("the interest", "the forest"); "the
# latest" dates a thing rather than ranking it.
_NOT_SUPERLATIVE = frozenset(
    (
        "interest", "forest", "honest", "modest", "request", "test", "west", "guest", "chest",
        "nest", "rest", "contest", "protest", "harvest", "arrest", "quest", "conquest",
        "inquest", "priest", "crest", "unrest", "behest", "earnest", "bequest", "tempest",
        "midwest", "northwest", "southwest", "manifest", "digest", "latest", "dishonest",
        "immodest", "pretest", "retest", "invest", "suggest", "attest", "detest",
    )
)  # fmt: skip


# "ever", "on record", "in history", "of all time": a ranking over all time, which the
# page must make too ("the highest since 2019" does not back "the highest on record").
_ALL_TIME_RE = re.compile(
    r"\b(?:ever|on record|in (?:recorded )?history|of all[- ]time)\b", re.IGNORECASE
)


_ALL_TIME_BACKED_RE = re.compile(r"\b(?:ever|record|history|all[- ]time)\b", re.IGNORECASE)


def _is_superlative(tok: Token) -> bool:
    """A ranker ("first", "most") or a lower-case -est adjective ("heaviest", "highest")."""
    low = tok.lower
    if low in _RANKERS or (low in _SUPERLATIVES and low.endswith("est")):
        return True
    return (
        len(low) >= 6
        and low.endswith("est")
        and low.isalpha()
        and tok.text.islower()
        and low not in _NOT_SUPERLATIVE
    )


def _unbacked_superlatives(claim: ClaimText, views: Sequence[SourceView]) -> int:
    """Superlatives of the claim ("the largest", "its first", "the heaviest ... ever") no
    best window or title repeats."""
    toks = claim.tokens
    positions = [
        i
        for i, t in enumerate(toks)
        if i > 0 and toks[i - 1].lower in _DETERMINERS and _is_superlative(t)
    ]
    marks = [toks[i].lower for i in positions]
    if positions:
        after = claim.text[toks[positions[0]].end :]
        marks += [f"@{m.group().lower()}" for m in _ALL_TIME_RE.finditer(after)]
    # "beating every open model", "better than any rival": a ranking over a whole class.
    marks += [
        stem(t.lower)
        for i, t in enumerate(toks)
        if stem(t.lower) in _SURPASS and any(n.lower in _EVERY for n in toks[i + 1 : i + 3])
    ]
    if not marks:
        return 0
    seen: set[str] = set()
    all_time = False
    for v in views:
        seen.update(words(v.index.title))
        all_time = all_time or _ALL_TIME_BACKED_RE.search(v.index.title) is not None
        for w in v.windows:
            text = " ".join(v.index.sentences[w.start : w.end])
            seen.update(words(text))
            all_time = all_time or _ALL_TIME_BACKED_RE.search(text) is not None
    seen |= {stem(x) for x in seen}
    return sum(1 for m in marks if not (all_time if m.startswith("@") else m in seen))


_SURPASS = frozenset(("beat", "outperform", "surpass", "exceed", "better", "ahead", "top"))


"""Stems of verbs and comparatives that rank one thing over others."""


_EVERY = frozenset(("every", "all", "any"))


_AGENT_ENDINGS = ("ist", "er", "or", "ian", "ant", "ent")


"""Endings of role nouns ("physicist", "striker", "director", "historian")."""


def _capital(t: Token) -> bool:
    return t.is_word and t.text[0].isupper()


def _slots(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token ranges that can be swapped: name runs, and role nouns beside one.

    A name run is a run of capitalised words after the first token; a role
    noun is a lower-case word with an agent ending right before or after a
    name run ("the physicist Peter Voss", "Voss, a geologist" does not count).
    Each slot needs a word on both sides, the context it is compared in.
    """
    out: list[tuple[int, int]] = []
    i = 1
    while i < len(tokens):
        if not _capital(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and _capital(tokens[j]):
            j += 1
        out.append((i, j))
        for k in (i - 1, j):
            if 0 < k < len(tokens) - 1 and _role_noun(tokens[k]):
                out.append((k, k + 1))
        i = j
    return [
        (a, b)
        for a, b in out
        if a > 0 and b < len(tokens) and tokens[a - 1].is_word and tokens[b].is_word
    ]


def _role_noun(t: Token) -> bool:
    return (
        t.is_word
        and t.text.islower()
        and is_content(t.lower)
        and len(t.lower) > 5
        and t.lower.endswith(_AGENT_ENDINGS)
    )


def _swapped(claim: ClaimText, view: SourceView) -> bool:
    """Whether the best evidence sentence puts another name or role in a claim slot."""
    sentence = _best_sentence(claim, view)
    if sentence is None:
        return False
    theirs = tokenize(sentence)
    there = {t.lower for t in theirs}
    mine = claim.tokens
    claim_lower = {t.lower for t in mine}
    for a, b in _slots(mine):
        slot = [t.lower for t in mine[a:b]]
        if any(w in there for w in slot):
            continue
        left, right = mine[a - 1].lower, mine[b].lower
        role = not _capital(mine[a])
        for i in range(1, len(theirs) - 1):
            if theirs[i - 1].lower != left:
                continue
            j = i
            if role:
                j = i + 1 if _role_noun(theirs[i]) else i
            else:
                while j < len(theirs) and _capital(theirs[j]):
                    j += 1
            if j == i or j >= len(theirs) or theirs[j].lower != right:
                continue
            if not any(t.lower in claim_lower for t in theirs[i:j]):
                return True
    return False


_HONORIFICS = frozenset(
    ("dr", "mr", "mrs", "ms", "miss", "prof", "professor", "cllr", "councillor", "sir", "dame",
     "lord", "lady", "judge", "rev")
)  # fmt: skip


_ROLE_LEXICON = frozenset(
    ("chief", "head", "leader", "director", "chair", "chairman", "chairwoman", "chairperson",
     "member", "minister", "secretary", "officer", "president", "manager", "editor", "captain",
     "coach", "spokesperson", "spokesman", "spokeswoman", "committee", "consultant",
     "executive", "scientist", "founder", "governor", "mayor", "deputy", "cabinet", "board",
     "group", "panel", "commission", "department")
)  # fmt: skip


_UNITS = frozenset(("committe", "board", "panel", "commiss", "depart", "subcommitte"))


"""Stems of bodies a person sits on: their modifiers name which one ("planning committee")."""


_CHAIR_VERBS = frozenset(("chairs", "heads", "leads", "runs", "directs", "manages", "chaired"))


_ROLE_STOPS = frozenset(("at", "in", "with", "on", "from", "since", "who", "which", "and"))


_ROLE_WORDS_MAX = 5


"""Content words of a role phrase ("the council's environment committee")."""


@dataclass(frozen=True, slots=True)
class _Binding:
    name: tuple[str, ...]
    """The name's words without honorifics ("amara", "osei")."""
    role: tuple[str, ...]
    """Stems of the role phrase in order; the last is its head ("committe", "execut")."""


_KIN = frozenset(
    ("father", "mother", "brother", "sister", "daughter", "grandfather", "grandmother",
     "partner", "stepfather", "stepmother")
)  # fmt: skip


def _role_like(lower: str) -> bool:
    if lower in _KIN:
        return False  # "his father, Don Gaetz": a relation, not an office
    return lower in _ROLE_LEXICON or (len(lower) > 5 and lower.endswith(_AGENT_ENDINGS))


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Dr Osei" is "Dr Amara Osei"; "Rocky Aoki" is not "Steve Aoki"."""
    n = min(len(a), len(b))
    return a[-n:] == b[-n:]


def _role_stem(lower: str) -> str:
    return stem(lower.removesuffix("'s").removesuffix("\u2019s"))


def _name_runs(tokens: list[Token]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, words) of person names: an honorific and one word, or two or more words."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        if not _capital(tokens[i]) or tokens[i].lower.endswith(("'s", "\u2019s")):
            i += 1
            continue
        j = i
        while j < len(tokens) and _capital(tokens[j]) and not tokens[j].lower.endswith("'s"):
            j += 1
        start = i
        while start < j and tokens[start].lower.rstrip(".") in _HONORIFICS:
            start += 1
        honorific = start > i
        if start < j and (j - start >= 2 or honorific) and tokens[j - 1].lower.isalpha():
            out.append((i, j, tuple(t.lower for t in tokens[start:j])))
        i = j
    return out


def _collect(tokens: Sequence[Token], *, after: bool) -> tuple[str, ...]:
    """Stems of a role phrase read outwards from a name, up to punctuation or a clause word.

    After a name, articles and "for"/"of" stay inside the phrase ("the trust's
    chief scientist", "cabinet member for finance"); before it, any function
    word ends it ("supporters of Henry VI" binds no role to Henry).
    """
    words: list[str] = []
    for t in tokens:
        if not t.is_word or t.lower in _ROLE_STOPS:
            break
        if not is_content(t.lower):
            if after:
                continue
            break
        if not words and (t.lower.endswith(("ed", "ing")) or t.lower in ("said", "says", "told")):
            break  # "said Dr Osei", "Okafor, speaking at": a verb, not a role
        words.append(t.lower)
        if len(words) == _ROLE_WORDS_MAX:
            break
    if not any(_role_like(w.removesuffix("'s")) for w in words):
        return ()
    return tuple(_role_stem(w) for w in words)


def _sentence_bindings(sentence: str) -> list[_Binding]:
    return _bindings(tokenize(sentence))


def _bindings(tokens: list[Token]) -> list[_Binding]:
    """Person names bound to a role phrase in one sentence.

    "epidemiologist Dr Amara Osei", "The trust's chief executive, Paul
    Greaves", "Dr Helen Marsh, the trust's chief scientist", "Dan Okafor,
    who chairs the environment committee", "Okafor chairs the planning
    committee". A role phrase needs a role word ("chief", "committee", or an
    agent ending: "epidemiologist", "director").
    """
    out: list[_Binding] = []
    for i, j, name in _name_runs(tokens):
        before = list(reversed(tokens[:i]))
        if before and before[0].text == ",":
            before = before[1:]  # "The trust's chief executive, Paul Greaves"
        pre = tuple(reversed(_collect(before, after=False)))
        after = tokens[j:]
        post: tuple[str, ...] = ()
        if after and after[0].text == ",":
            rest = after[1:]
            if len(rest) > 1 and rest[0].lower == "who" and rest[1].lower in _CHAIR_VERBS:
                rest = rest[2:]
            post = _collect(rest, after=True)
        elif after and after[0].lower in _CHAIR_VERBS:
            post = _collect(after[1:], after=True)
        for role in (pre, post):
            if role:
                out.append(_Binding(name=name, role=role))
    return out


# Mutually exclusive scopes, as sets of levels: "local" is compatible with a county or
# a city, "federal" and "national" name the same level.
_SCOPES: dict[str, frozenset[str]] = {
    "federal": frozenset({"national"}),
    "national": frozenset({"national"}),
    "state": frozenset({"state"}),
    "provincial": frozenset({"state"}),
    "regional": frozenset({"regional"}),
    "county": frozenset({"county"}),
    "city": frozenset({"city"}),
    "municipal": frozenset({"city"}),
    "local": frozenset({"county", "city"}),
    "public": frozenset({"public"}),
    "private": frozenset({"private"}),
}


_OWNERS = frozenset(("public", "private"))


# Bodies of government: "the national government" and "the county councils" fund alike.
_GOVERNING = frozenset(("govern", "council", "author", "administr"))


_SCOPE_REACH = 2


"""Content words after a scope word that it may modify ("state literacy grant")."""


def _scoped(tokens: list[Token]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(levels, head stems) for each scope word followed by content words."""
    out: list[tuple[frozenset[str], frozenset[str]]] = []
    for i, t in enumerate(tokens):
        levels = _SCOPES.get(t.lower)
        if levels is None:
            continue
        heads: set[str] = set()
        # Another scope word between does not end the phrase: "local public school".
        after = [n for n in tokens[i + 1 : i + 2 + _SCOPE_REACH] if n.lower not in _SCOPES]
        for nxt in after[:_SCOPE_REACH]:
            if not nxt.is_word or not is_content(nxt.lower):
                break
            h = stem(nxt.lower)
            heads.add("<government>" if h in _GOVERNING else h)
        if heads:
            out.append((levels, frozenset(heads)))
    return out


def _scope_mismatch(claim: ClaimText, view: SourceView) -> bool:
    """The best windows give a noun of the claim another scope, and never the claim's.

    "federal grant" against "state literacy grant": a grant, funded at
    another level. The page must not also give that noun the claim's scope.
    """
    mine = _scoped(claim.tokens)
    if not mine or not view.windows:
        return False
    theirs = [
        p
        for w in view.windows
        for p in _scoped(tokenize(" ".join(view.index.sentences[w.start : w.end])))
    ]
    for levels, heads in mine:
        # Only scopes of one kind exclude each other: a "local public school" is both.
        rivals = [lv for lv, hs in theirs if hs & heads and (lv <= _OWNERS) == (levels <= _OWNERS)]
        if rivals and all(not (lv & levels) for lv in rivals):
            return True
    return False


def _role_mismatch(claim: ClaimText, view: SourceView) -> bool:
    """The page gives the claim's person another role, and the claimed role to someone else.

    For each (name, role) the claim binds, the page's bindings of that
    person ("Dr Osei" is "Dr Amara Osei") must disagree with it: a body of
    the same kind with other words ("planning committee" against
    "environment committee"), or
    another person's role sharing more of the claimed role's words than the
    named person's does ("epidemiologist Dr Osei" where the page has "Dr
    Osei, consultant paediatrician" and "Dr Lindqvist, an epidemiologist").
    A page that binds the name to no role says nothing either way.
    """
    mine = _bindings(claim.tokens)
    if not mine:
        return False
    index = view.index
    rows: set[int] = set()
    for b in mine:
        for s in (stem(b.name[-1]), *b.role):
            rows.update(index.postings.get(s, ()))
    theirs: list[_Binding] = []
    for i in sorted(rows):
        theirs += memo_of(index, "bindings", i, _sentence_bindings)
    for b in mine:
        claimed = set(b.role)
        own = [t for t in theirs if _same_person(t.name, b.name)]
        own_words: set[str] = set().union(*(t.role for t in own))
        if not own or claimed <= own_words:
            continue
        # Another body of the same kind: "planning committee" / "environment committee".
        same_head = b.role[-1] in _UNITS and any(
            t.role[-1] == b.role[-1] and claimed - set(t.role) and set(t.role) - claimed
            for t in own
        )
        overlap = len(claimed & own_words)
        elsewhere = any(
            not _same_person(t.name, b.name) and len(claimed & set(t.role)) > overlap
            for t in theirs
        )
        if same_head or elsewhere:
            return True
    return False


_ORDINALS = (
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th",
)  # fmt: skip


_ORDINAL_RE = "(?:" + "|".join(_ORDINALS) + ")"


def _superlative_patterns(claim: ClaimText) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(ordinal-qualified, as claimed) patterns for each superlative of the claim.

    "the most expensive signing" gives "second-most expensive signing" and
    "most expensive signing"; "the largest city" gives "third largest city";
    "the first archaeal species" gives "second archaeal species". The words
    after the superlative must match too: "his first round match" is not
    contradicted by a "second round".
    """
    toks = claim.tokens
    out: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
    for i, t in enumerate(toks):
        if i == 0 or toks[i - 1].lower not in _DETERMINERS:
            continue
        ranker = t.lower in ("most", "least", "first")
        if not ranker and not (t.lower.endswith("est") and t.lower in _SUPERLATIVES):
            continue
        after = toks[i + 1 : i + (3 if ranker else 2)]
        if len(after) < (2 if ranker else 1) or not all(a.is_word for a in after):
            continue
        tail = "".join(" " + re.escape(a.lower) for a in after)
        word = re.escape(t.lower)
        # "second archaeal species" replaces "first"; "second-most" qualifies "most".
        lead = "" if t.lower == "first" else f"[- ]{word}"
        qualified = rf"\b{_ORDINAL_RE}{lead}{tail}"
        out.append((re.compile(qualified + r"\b"), re.compile(rf"(?<![-\w]){word}{tail}\b")))
    return out


def _ordinal_ranked(claim: ClaimText, view: SourceView) -> bool:
    """Whether the view's best windows rank the claim's superlative second, third ...

    A body sentence of those windows stating the ranking as claimed (ending
    in a full stop, unlike a headline or a related-story link) clears it, as
    does a claim that itself names the ordinal.
    """
    patterns = _superlative_patterns(claim)
    if not patterns:
        return False
    claim_lower = claim.text.lower()
    sentences = [
        view.index.sentences[i].lower()
        for w in view.windows
        for i in range(w.start, w.end)
        if not view.index.heading[i]
    ]
    for qualified, plain in patterns:
        hits = [m.group(0) for s in sentences for m in qualified.finditer(s)]
        if not hits or any(h.split("-")[0].split()[0] in claim_lower for h in hits):
            continue
        stated = any(
            plain.search(s) and not qualified.search(s) and s.rstrip().endswith((".", "!", "?"))
            for s in sentences
        )
        if not stated:
            return True
    return False


# Opposite reporting verbs and stances, as Snowball stems of their forms. Kept
# small on purpose: each pair reads as a contradiction in almost any context.
_ANTONYM_GROUPS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset(("approv",)), frozenset(("reject", "veto"))),
    (frozenset(("accept",)), frozenset(("reject", "declin"))),
    (frozenset(("favour", "favor", "support")), frozenset(("against", "dissent", "oppos"))),
    (frozenset(("rise", "rose", "risen")), frozenset(("fall", "fell", "fallen", "drop"))),
    (frozenset(("improv",)), frozenset(("worsen", "deterior"))),
    (frozenset(("increas", "rais")), frozenset(("decreas", "reduc", "cut"))),
    (frozenset(("win", "won")), frozenset(("lose", "lost"))),
    # Directions of change and position: "the loss widened" against "narrowing".
    (frozenset(("widen",)), frozenset(("narrow",))),
    (frozenset(("grow", "grew", "grown")), frozenset(("shrink", "shrank", "shrunk"))),
    (frozenset(("gain",)), frozenset(("loss",))),
    (frozenset(("profit",)), frozenset(("loss",))),
    (frozenset(("surplus",)), frozenset(("deficit",))),
    (frozenset(("higher",)), frozenset(("lower",))),
    (frozenset(("abov",)), frozenset(("below",))),
)


_DIRECTION_STEMS = frozenset().union(*(a | b for a, b in _ANTONYM_GROUPS))


_NEGATION_SCOPE = 4


"""Tokens after "not", "no", "never" ... whose words it negates ("will not release")."""


def _polarity(tokens: list[Token]) -> tuple[set[str], set[str]]:
    """Stems of the words of a sentence outside and inside the scope of a negation."""
    plain: set[str] = set()
    negated: set[str] = set()
    scope = 0
    quoted = False
    for i, t in enumerate(tokens):
        if t.text in '"\u201c\u201d':
            # A quotation or title ("Never Be like You") is not the sentence's own statement.
            quoted = t.text == "\u201c" or (t.text == '"' and not quoted)
            scope = 0
            continue
        if quoted:
            continue
        if t.text in ".;:!?,":
            scope = 0
            continue
        nxt_text = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if t.lower == "no" and nxt_text == ".":
            continue  # "No. 1"
        if t.lower in NEGATIONS or t.lower.endswith("n't"):
            # "not only", "no longer" and "not just" do not negate what follows.
            nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            scope = 0 if nxt in ("only", "just", "least", "longer") else _NEGATION_SCOPE
            continue
        if not t.is_word or t.lower[0].isdigit():
            continue
        (negated if scope else plain).add(stem(t.lower))
        scope = max(0, scope - 1)
    return plain, negated


def _polarity_conflict(claim: ClaimText, view: SourceView) -> bool:
    """Whether the view's best evidence sentence states the opposite of the claim."""
    sentence = _best_sentence(claim, view, ignore=_DIRECTION_STEMS)
    if sentence is None:
        return False
    c_plain, c_neg = _polarity(claim.tokens)
    s_plain, s_neg = _polarity(tokenize(sentence))
    content = {s for w in claim.words if not w.is_name for s in w.stems}
    if (c_neg & content & s_plain) - s_neg or (c_plain & content & s_neg) - s_plain:
        return True
    s_all = s_plain | s_neg
    c_all = c_plain | c_neg
    for a, b in _ANTONYM_GROUPS:
        for mine, theirs in ((a, b), (b, a)):
            if c_plain & mine and s_plain & theirs and not (s_all & mine or c_all & theirs):
                return True
    return False


def _best_sentence(
    claim: ClaimText, view: SourceView, ignore: frozenset[str] = frozenset()
) -> str | None:
    """The body sentence of the view's best windows sharing the most claim words.

    Words with a stem in ``ignore`` do not count: the direction a sentence
    states is judged in the sentence about the claim's subject, not in a
    neighbour chosen because it shares the direction word ("Barley output
    also fell" against "Average yields fell ..." next to "Barley production
    rose").
    """
    # Each claim word counts once, however many stems it has ("Marchetti-Voss").
    wanted = [(frozenset(w.stems), w.weight) for w in claim.words if not set(w.stems) & ignore]
    best: tuple[float, int] | None = None
    for w in view.windows:
        for i in range(w.start, w.end):
            if view.index.heading[i]:
                continue
            have = view.index.stems[i]
            key = (sum(weight for stems, weight in wanted if stems & have), -i)
            if key[0] > 0 and (best is None or key > best):
                best = key
    return None if best is None else view.index.sentences[-best[1]]


_SUPERLATIVES = frozenset(
    (
        "ahead", "behind", "best", "worst", "most", "least", "first", "last", "only", "largest",
        "biggest", "smallest", "highest", "lowest", "fastest", "cheapest", "oldest", "youngest",
        "longest", "greatest",
    )
)  # fmt: skip


_NOT_COMPARATIVE = frozenset(("rather", "other"))


# "last year", "last week": a time, not a ranking.
_TIME_WORDS = frozenset(
    ("year", "years", "week", "weeks", "month", "months", "season", "night", "day", "decade")
)


def _unbacked_comparisons(claim: ClaimText, views: Sequence[SourceView]) -> int:
    """Comparisons and superlatives of the claim that no best window or title repeats.

    "ahead of every open model", "cheaper to run than any rival", "the first":
    a ranking claim needs a source that ranks, and a page that merely mentions
    the things compared does not back it.
    """
    toks = claim.tokens
    marks = [
        t.lower
        for i, t in enumerate(toks)
        if (
            t.lower in _SUPERLATIVES
            and not (t.lower == "last" and i + 1 < len(toks) and toks[i + 1].lower in _TIME_WORDS)
        )
        or (
            t.is_word
            and t.lower not in _NOT_COMPARATIVE
            and i + 1 < len(toks)
            and toks[i + 1].lower == "than"
            # "more than 300 people" bounds a number (checked as a value); not a ranking.
            and not (i + 2 < len(toks) and toks[i + 2].lower[0].isdigit())
        )
    ]
    if not marks:
        return 0
    seen: set[str] = set()
    for v in views:
        seen.update(words(v.index.title))
        for w in v.windows:
            seen.update(words(" ".join(v.index.sentences[w.start : w.end])))
    return sum(1 for m in marks if m not in seen)
