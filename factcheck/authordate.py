"""Author-date citations: ``(Smith 2020)``, ``Smith et al. (2020)``, resolved by surname and year.

Science and policy writing cites by author and year instead of a number:
``(Smith and Jones, 2020, p. 4)``, ``(Smith et al. 2020; Lee 2021)``, or in the
sentence itself, ``Smith (2020) found ...``. This module finds those citations
in prose (:data:`PARENTHETICAL`, :data:`NARRATIVE`), reads the author surnames
and year of each entry of the References list (:func:`entry_key`), and
resolves one to the other (:class:`Resolver`): the first surname and the year
must match, a second named author must be among the entry's authors, and
``et al.`` prefers entries with several authors. A citation that matches no
entry, or several, is kept with its own text as its id, so the claim is
reported ``citation_missing`` with a problem that says which entries were
candidates; it is never attached to a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.models import Problem, ProblemKind

# A surname: capitalised, with inner hyphens or apostrophes ("O'Neill", "O\u2019Brien",
# "Smith-Jones", "McKay"), after any nobiliary particles ("van der Berg", "de la Cruz",
# "dos Santos") or an elided one ("d'Alembert").
_PARTICLES = (
    "van|von|de|der|den|da|das|dos|do|di|du|del|della|degli|le|la|les|ter|ten|zu|bin|ibn|al|el"
)
SURNAME = (
    rf"(?:(?:{_PARTICLES})\s+)*(?:[dl]['\u2019])?"
    r"[A-Z\u00c0-\u00de][^\W\d_]*(?:[-'\u2019][^\W\d_]+)*"
)
_NAMES = (
    rf"{SURNAME}(?:(?:\s*,\s*{SURNAME})*,?\s+(?:and|&)\s+{SURNAME}|\s+et\s+al\.?)?"
)
# An organisation as author, only inside brackets: "(World Health Organization 2022)".
_ORG = rf"{SURNAME}(?:\s+(?:(?:of|for|and|the|on)\s+)?{SURNAME}){{1,6}}"
_AUTHORS = rf"(?:{_NAMES}(?=,?\s+\d)|{_ORG})"
YEAR = r"(?:1[5-9]|20)\d\d[a-z]?(?![\d])"
_YEARS = rf"{YEAR}(?:\s*,\s*{YEAR})*"
# Where in the work, after the year: any short locator, a label of up to three words
# (``p.``, ``pp.``, ``Table``, ``Fig.``, ``sec.``, ``para.``, ``Supp. Table``, ``§``) or
# none, then numbers, roman numerals or figure ids (``4``, ``4\u20136``, ``S2``, ``3.1``,
# ``iv``, ``4, 7``): ``(Koh 2019, Table 2)``, ``(Smith 2020: 45)``, ``(Lee 2021, paras 3
# and 5)``; or a note such as ``emphasis added``. Never a year, so never another author
# and year (``(Smith 2020, Lee 2021)`` is two citations).
_DESIGNATOR = (
    rf"(?!{YEAR})(?:[A-Z]?\d+(?:\.\d+)*[a-z]?|[ivxlc]{{1,6}}|[IVXLC]{{1,6}}|[A-Z])(?![\w'\u2019])"
)
_DESIGNATORS = (
    rf"{_DESIGNATOR}(?:\s*[-\u2010-\u2014]\s*{_DESIGNATOR})?"
    rf"(?:\s*(?:,|&|\band\b)\s*{_DESIGNATOR}(?:\s*[-\u2010-\u2014]\s*{_DESIGNATOR})?)*"
)
_LABEL = r"(?:(?:[A-Za-z]{1,14}\.?\s*){1,3}|[\u00a7\u00b6]{1,2}\s*)"
_LOCATOR_NOTE = (
    r"(?:emphasis|italics)\s+(?:added|in\s+(?:the\s+)?original|original)|original\s+emphasis"
    r"|(?:my|our)\s+translation|n\.\s?p\.|unpaginated|in\s+press"
)
_LOCATOR = (
    rf"(?:\s*[,:]\s*(?!{SURNAME},?\s+{YEAR})(?:{_LABEL}?{_DESIGNATORS}|{_LOCATOR_NOTE}))"
)
_PREFIX = r"(?:(?:see(?:\s+also)?|e\.g\.|cf\.|for\s+example|but\s+see),?\s+)"
ITEM = re.compile(rf"(?P<names>{_AUTHORS}),?\s+(?P<years>{_YEARS}){_LOCATOR}?")
_ONE = rf"{_PREFIX}?{_AUTHORS},?\s+{_YEARS}{_LOCATOR}?"
PARENTHETICAL = re.compile(rf"\({_ONE}(?:\s*[;,]\s*{_ONE})*\)")
"""``(Smith 2020)``, ``(Smith and Jones, 2020, p. 4)``, ``(see Smith et al. 2020; Lee 2021)``,
``(Koh 2019, Table 2)``."""
MAX_TAIL_CHARS = 60
"""Longest free text after a listed author's year that still leaves the brackets a citation."""
LOOSE = re.compile(rf"\({_ONE}\s*[,:;]\s*[^()\n]{{1,{MAX_TAIL_CHARS}}}?\)")
"""``(Smith 2020, and the sources it reviews)``: a citation followed by words no locator
grammar reads; taken only when the author is listed, so a citation is never dropped for
how its locator is written."""
NARRATIVE = re.compile(rf"(?P<names>{_NAMES})\s+\((?P<years>{_YEARS}){_LOCATOR}?\)")
"""``Smith (2020)``, ``Lindqvist et al. (2020, p. 3)``: the author is part of the sentence."""

# Capitalised words that take a year in brackets without being authors: "(March 2020)".
_NOT_AUTHOR_WORDS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter "
    "monday tuesday wednesday thursday friday saturday sunday q1 q2 q3 q4 fy "
    "table figure fig section chapter since in from until before after by the as of "
    "see also cf"
)
NOT_AUTHORS = frozenset(_NOT_AUTHOR_WORDS.split())
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
# Words of an entry's author list that are no surname: "et al.", "(eds.)".
_NOT_NAMES = re.compile(r"\bet al\.?|\(?\beds?\.\)?")
# Initials: dotted ("S.", "J.-P.", "A.B.") or, Vancouver style, capitals after the surname
# ("Hughes SB"); a capital followed by an apostrophe is a surname ("O'Neill"), never an initial.
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.[-\u2010]?)+[A-Z]?\.?")
_BARE_INITIALS = re.compile(r"[A-Z]{1,3}")
_ENTRY_YEAR = re.compile(rf"\(?\b({YEAR}|n\.\s?d\.)\)?")
MAX_AUTHORS_CHARS = 300
"""An entry whose year comes later than this is not an author-date entry."""


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a surname: ``"Müller"`` -> ``"muller"``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u2019", "'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Cited:
    """One author-date citation as written: surnames in order, ``et al.``, year."""

    surnames: tuple[str, ...]
    et_al: bool
    year: str
    text: str

    @property
    def key(self) -> str:
        """How the citation is named in reports: ``Smith et al. 2020``."""
        if self.et_al:
            return f"{self.surnames[0]} et al. {self.year}"
        if len(self.surnames) == 2:
            return f"{self.surnames[0]} & {self.surnames[1]} {self.year}"
        return " ".join((*self.surnames[:1], *(["et al."] if len(self.surnames) > 2 else []),
                         self.year))


def citations_in(text: str) -> list[Cited]:
    """Every author-year pair of one parenthetical or narrative citation."""
    out: list[Cited] = []
    for item in ITEM.finditer(text):
        names = item.group("names")
        et_al = re.search(r"\bet\s+al\b", names) is not None
        names = re.sub(r"\s+et\s+al\.?", "", names)
        surnames = tuple(n for n in _SPLIT_NAMES.split(names) if n)
        if not surnames or fold(surnames[0]) in NOT_AUTHORS:
            continue
        for year in re.findall(YEAR, item.group("years")):
            out.append(Cited(surnames=surnames, et_al=et_al, year=year, text=item.group(0)))
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryKey:
    """The authors and year of one reference entry."""

    surnames: tuple[str, ...]
    year: str

    @property
    def label(self) -> str:
        """A readable id for an unnumbered entry: ``Okafor 2023``, ``Poeplau & Don 2015``."""
        first = self.surnames[0]
        if len(self.surnames) == 1:
            return f"{first} {self.year}"
        if len(self.surnames) == 2:
            return f"{first} & {self.surnames[1]} {self.year}"
        return f"{first} et al. {self.year}"


def entry_key(raw: str) -> EntryKey | None:
    """Surnames and year of an entry such as ``Chaplot, V., Smith, P. and Ruiz, M. (2019).``"""
    text = re.sub(r"^\s*(?:\[[^\]]*\]|\d{1,4}[.)])\s*", "", raw)
    year = _ENTRY_YEAR.search(text)
    if year is None or year.start() > MAX_AUTHORS_CHARS or year.start() == 0:
        return None
    authors = text[: year.start()]
    if not re.match(SURNAME, authors.strip()):
        return None
    surnames = [name for part in _SPLIT_NAMES.split(authors.strip(" .,("))
                if (name := _surname(part)) is not None]
    if not surnames:
        return None
    return EntryKey(surnames=tuple(surnames), year=year.group(1).replace(" ", ""))


def _surname(part: str) -> str | None:
    """The surname in one author of an entry: ``"O'Neill, B."`` part ``"O'Neill"`` ->
    ``"O'Neill"``, ``"Chaplot V"`` -> ``"Chaplot"``, ``"S."`` -> None (initials alone)."""
    words = _NOT_NAMES.sub(" ", part).replace(".", ". ").split()
    words = [w for w in (w.strip(",") for w in words) if w]
    joined: list[str] = []
    for word in words:  # "J. -P." was split above: glue the pieces of one initial back
        if joined and word.startswith(("-", "\u2010")) and _DOTTED_INITIALS.fullmatch(joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    names = [w for w in joined if not _initials(w, alone=len(joined) == 1)]
    if not names:
        return None
    name = " ".join(names).strip(" .")
    if not re.match(SURNAME, name):
        return None
    return name if re.fullmatch(SURNAME, name) else _longest_name(name)


def _initials(word: str, *, alone: bool) -> bool:
    """Whether ``word`` of an author is initials; a lone ``"WHO"`` is a name, ``"SB"`` is not."""
    if _DOTTED_INITIALS.fullmatch(word):
        return True
    return bool(_BARE_INITIALS.fullmatch(word)) and (not alone or len(word) <= 2)


def _longest_name(part: str) -> str:
    """An organisation as author keeps all its words ("World Health Organization")."""
    words = part.split()
    if all(w[:1].isupper() or w in ("of", "for", "and", "the") for w in words):
        return part
    return words[0]


@dataclass(slots=True)
class Resolver:
    """Resolves author-date citations to reference ids, recording the ones it cannot."""

    entries: list[tuple[str, EntryKey, int]]
    """(reference id, its key, its line) for each entry read as author-date."""
    line_of: Callable[[int], int]
    """Line of an offset into the draft text, for the problems."""
    author_date_list: bool = False
    """Most entries are author-date: then any ``(Name 2020)`` is a citation, listed or not."""
    problems: list[Problem] = field(default_factory=list)
    unresolved: set[str] = field(default_factory=set)
    _reported: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def known_author(self, surname: str) -> bool:
        return any(fold(k.surnames[0]) == fold(surname) for _, k, _ in self.entries)

    def resolve(self, cited: Cited, offset: int) -> str:
        """The id of the one entry ``cited`` names, else its key (reported as a problem)."""
        matches = self._candidates(cited)
        line = self.line_of(offset)
        if len(matches) == 1:
            return matches[0][0]
        key = cited.key
        self.unresolved.add(key)
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(self._problem(cited, matches, line))
        return key

    def _candidates(self, cited: Cited) -> list[tuple[str, EntryKey, int]]:
        first = fold(cited.surnames[0])
        same = [e for e in self.entries if fold(e[1].surnames[0]) == first]
        exact = [e for e in same if e[1].year == cited.year]
        if not exact and cited.year[-1].isdigit():
            exact = [e for e in same if e[1].year[:-1] == cited.year]  # 2020 for 2020a
        others = {fold(s) for s in cited.surnames[1:]}
        if others:
            exact = [e for e in exact if others <= {fold(s) for s in e[1].surnames}]
        if len(exact) > 1:
            wanted = 3 if cited.et_al else (len(cited.surnames) or 1)
            fitting = [e for e in exact if (len(e[1].surnames) >= 3) == (wanted >= 3)
                       and (wanted >= 3 or len(e[1].surnames) == wanted)]
            exact = fitting or exact
        return exact

    def _problem(self, cited: Cited, matches: list[tuple[str, EntryKey, int]],
                 line: int) -> Problem:
        if matches:
            lines = ", ".join(str(m[2]) for m in matches)
            return Problem(
                kind=ProblemKind.AMBIGUOUS_CITATION, line=line,
                message=f"citation ({cited.text}) matches {len(matches)} references "
                f"(lines {lines}); add a letter to the years (2020a, 2020b) or name a "
                "second author so it names one",
            )
        return Problem(
            kind=ProblemKind.DANGLING_CITATION, line=line,
            message=f"citation ({cited.text}) matches no reference by surname and year; "
            + self._nearest(cited),
        )

    def _nearest(self, cited: Cited) -> str:
        """What to do about a citation that matches no entry: the entry it nearly names
        (same first author and year, other co-authors; or another year), else add one."""
        first = fold(cited.surnames[0])
        same = [e for e in self.entries if fold(e[1].surnames[0]) == first]
        year = [e for e in same if e[1].year[:4] == cited.year[:4]]  # 2020a is 2020
        if year:
            _, key, ref_line = year[0]
            missing = [s for s in cited.surnames[1:]
                       if fold(s) not in {fold(n) for n in key.surnames}]
            return (f"the reference on line {ref_line} ({key.label}) does not name "
                    f"{' and '.join(missing)}; check how the authors are spelt in both places")
        if same:
            years = ", ".join(sorted({f"{k.year} (line {n})" for _, k, n in same}))
            return (f"the References list {cited.surnames[0]} only for {years}; "
                    "check the year")
        return f"add an entry for {cited.key} to the References"
