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

# A surname: capitalised, with inner hyphens or apostrophes ("O'Neil", "Smith-Jones"),
# after any nobiliary particles ("van der Berg", "de Souza").
SURNAME = (
    r"(?:(?:van|von|de|der|den|da|di|du|del|della|le|la|ter|ten|bin|al)\s+)*"
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
_LOCATOR = r"(?:\s*,?\s*(?:p|pp|ch|chap|sec|para|fig)\.\s*\d+(?:\s*[-\u2013]\s*\d+)?)"
_PREFIX = r"(?:(?:see(?:\s+also)?|e\.g\.|cf\.|for\s+example|but\s+see),?\s+)"
ITEM = re.compile(rf"(?P<names>{_AUTHORS}),?\s+(?P<years>{_YEARS}){_LOCATOR}?")
PARENTHETICAL = re.compile(
    rf"\({_PREFIX}?{_AUTHORS},?\s+{_YEARS}{_LOCATOR}?"
    rf"(?:\s*;\s*{_PREFIX}?{_AUTHORS},?\s+{_YEARS}{_LOCATOR}?)*\)"
)
"""``(Smith 2020)``, ``(Smith and Jones, 2020, p. 4)``, ``(see Smith et al. 2020; Lee 2021)``."""
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
_INITIALS = re.compile(r"(?:[A-Z](?:\.|\b)[\s\-]*)+|et al\.?|eds?\.|\(eds?\.\)")
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
    surnames: list[str] = []
    for part in _SPLIT_NAMES.split(authors.strip(" .,(")):
        part = _INITIALS.sub(" ", part).strip(" .")
        if not part:
            continue
        # "Chaplot V" and "Chaplot" alike: the surname is the first word (with particles).
        name = re.match(SURNAME, part)
        if name is None:
            continue
        surnames.append(part if re.fullmatch(SURNAME, part) else _longest_name(part))
    if not surnames:
        return None
    return EntryKey(surnames=tuple(surnames), year=year.group(1).replace(" ", ""))


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
            f"add an entry for {cited.key} to the References",
        )
