"""Citation styles, table-driven: author-date, letter notes, named footnotes, markers as nouns.

Each row is a small draft written for it and the claims it must yield, as
``(start of the claim text, its citations)``; every cited claim of the draft is
listed, so a citation attached to the wrong sentence or a false one fails.
"""

from __future__ import annotations

import pytest

from factcheck.draft import parse_draft
from factcheck.models import Draft, ProblemKind

AUTHOR_REFS = """
## References

Chaplot, V., Smith, P. and Ruiz, M. (2019). Soil carbon and cover crops. https://a.example/chaplot
Lee, J. (2021). Winter rye on clay. https://a.example/lee
Okafor, N. (2023). Sandy soils. https://a.example/okafor
Okafor, N. and Lindqvist, H. (2021). Carbon accounting. https://a.example/okafor-lindqvist
Smith, A. (2020). Tillage and carbon. https://a.example/smith
Smith, A. and Jones, B. (2020). Nitrogen budgets. https://a.example/smith-jones
van der Berg, K. (2018). Dutch polders. https://a.example/vdberg
World Health Organization (2022). Air quality guidelines. https://a.example/who
"""

ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = [
    ("parenthetical", "Rye stores carbon in sandy soil (Okafor 2023).",
     [("Rye stores carbon", ("Okafor 2023",))]),
    ("two authors with comma and page", "Nitrogen budgets shrink (Smith and Jones, 2020, p. 4).",
     [("Nitrogen budgets shrink", ("Smith & Jones 2020",))]),
    ("ampersand", "Nitrogen budgets shrink (Smith & Jones 2020).",
     [("Nitrogen budgets shrink", ("Smith & Jones 2020",))]),
    ("single author beside a pair", "Tillage releases carbon (Smith 2020).",
     [("Tillage releases carbon", ("Smith 2020",))]),
    ("et al. and a second citation", "Deep layers matter (Chaplot et al. 2019; Lee 2021).",
     [("Deep layers matter", ("Chaplot et al. 2019", "Lee 2021"))]),
    ("see prefix", "Deep layers matter (see Chaplot et al., 2019).",
     [("Deep layers matter", ("Chaplot et al. 2019",))]),
    ("narrative", "Okafor (2023) found that gains vanish on sand.",
     [("Okafor (2023) found", ("Okafor 2023",))]),
    ("narrative et al.", "Chaplot et al. (2019) sampled deeper layers.",
     [("Chaplot et al. (2019) sampled", ("Chaplot et al. 2019",))]),
    ("narrative pair", "Okafor and Lindqvist (2021) reviewed 40 models.",
     [("Okafor and Lindqvist (2021) reviewed", ("Okafor & Lindqvist 2021",))]),
    ("particle surname", "Polders subside (van der Berg 2018).",
     [("Polders subside", ("van der Berg 2018",))]),
    ("organisation", "Fine particles kill millions (World Health Organization 2022).",
     [("Fine particles kill", ("World Health Organization 2022",))]),
    ("two clauses", "Sand loses carbon (Okafor 2023), while clay keeps it (Lee 2021).",
     [("Sand loses carbon", ("Okafor 2023",)), ("while clay keeps it", ("Lee 2021",))]),
    ("month is no author", "Prices rose 4% (March 2021) in the region (Lee 2021).",
     [("Prices rose 4% (March 2021)", ("Lee 2021",))]),
    ("narrative of an unlisted name is prose", "Garcia (2020) is not cited here (Lee 2021).",
     [("Garcia (2020) is not cited", ("Lee 2021",))]),
]

LETTER = """The routes restart on 3 March.[a] They run on Fridays.[b] A survey [c] is pending.

## Notes

[a] Pause notice: https://t.example/pause
[b] Timetable: https://t.example/summary
"""

FOOTNOTES = """The board approved the plan on Tuesday.[^board] Ridership averaged 1,150 trips[^1] \
and the timetable adds stops.[^timetable] Costs are £2.4m a year.[^2][^grant]

[^board]: Minutes. https://t.example/minutes
[^1]: Ridership. https://t.example/ridership
[^timetable]: Timetable. https://t.example/timetable
[^2]: Budget. https://t.example/budget
[^grant]: Grant letter. https://t.example/grant
"""

NOUNS = [
    ("in [2] and [3]", "The contrasting results in [2] and [3] are explained by soil texture.",
     [("The contrasting results in [2] and [3]", ("2", "3"))]),
    ("as [4] shows", "Clay keeps carbon for a decade, as [4] shows.",
     [("Clay keeps carbon for a decade, as [4] shows", ("4",))]),
    ("sentence-initial", "Rye was sown in May. [2] found that yields fell by 8%.",
     [("[2] found that yields fell", ("2",))]),
    ("see [1]", "The method is described elsewhere (see [1]) and gives 3 t/ha.",
     [("The method is described elsewhere (see [1])", ("1",))]),
    ("noun and clause marker", "According to [1], exports rose 5% [2], while imports fell [3].",
     [("According to [1], exports rose 5%", ("1", "2")), ("while imports fell", ("3",))]),
    ("clause markers stay clause markers", "Exports rose 5% [1], while imports fell 2% [2].",
     [("Exports rose 5%", ("1",)), ("while imports fell 2%", ("2",))]),
]
NUMBERED_REFS = "\n\n## References\n\n" + "".join(
    f"[{n}] Source {n}. https://n.example/{n}\n" for n in range(1, 5))


def _cited(draft: Draft) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.text, c.citations) for c in draft.claims if c.citations]


def _check(draft: Draft, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    cited = _cited(draft)
    assert len(cited) == len(expected), cited
    for (text, ids), (start, want) in zip(cited, expected, strict=True):
        assert text.startswith(start), (text, start)
        assert ids == want, (text, ids)


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_author_date(prose: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    draft = parse_draft(prose + "\n" + AUTHOR_REFS, "d.md")
    _check(draft, expected)
    assert not [p for p in draft.problems if "citation" in p.kind.value]
    assert {r.id for r in draft.references} >= {"Okafor 2023", "Chaplot et al. 2019"}


def test_author_date_without_an_entry_is_a_missing_citation() -> None:
    draft = parse_draft("Rye fails on sand (Nakamura 2017).\n" + AUTHOR_REFS, "d.md")
    assert _cited(draft) == [("Rye fails on sand.", ("Nakamura 2017",))]
    assert [p.kind for p in draft.problems if p.line == 1] == [ProblemKind.DANGLING_CITATION]


def test_author_date_matching_two_entries_is_ambiguous() -> None:
    refs = AUTHOR_REFS + "Smith, A. (2020). Another paper the same year. https://a.example/s2\n"
    draft = parse_draft("Tillage releases carbon (Smith 2020).\n" + refs, "d.md")
    assert _cited(draft) == [("Tillage releases carbon.", ("Smith 2020",))]
    ambiguous = [p for p in draft.problems if p.kind is ProblemKind.AMBIGUOUS_CITATION]
    assert len(ambiguous) == 1 and ambiguous[0].line == 1


def test_year_letters_tell_entries_apart() -> None:
    refs = ("## References\n\nSmith, A. (2020a). One. https://a.example/1\n"
            "Smith, A. (2020b). Two. https://a.example/2\n")
    draft = parse_draft("Soil warms (Smith 2020b). Air cools (Smith 2020a).\n\n" + refs, "d.md")
    assert _cited(draft) == [("Soil warms.", ("Smith 2020b",)), ("Air cools.", ("Smith 2020a",))]


def test_author_date_beside_numbered_references_resolves_to_the_number() -> None:
    refs = ("## References\n\n[1] Okafor, N. (2023). Sandy soils. https://a.example/o\n"
            "[2] Lee, J. (2021). Clay. https://a.example/l\n")
    draft = parse_draft("Sand loses carbon [1]. Clay keeps it (Lee 2021).\n\n" + refs, "d.md")
    assert _cited(draft) == [("Sand loses carbon.", ("1",)), ("Clay keeps it.", ("2",))]


def test_letter_notes() -> None:
    draft = parse_draft(LETTER, "d.md")
    assert _cited(draft) == [("The routes restart on 3 March.", ("a",)),
                             ("They run on Fridays.", ("b",))]
    assert {r.id: r.url for r in draft.references} == {
        "a": "https://t.example/pause", "b": "https://t.example/summary"}
    # "[c]" names no note: it stays text and cites nothing.
    assert not any("c" in c.citations for c in draft.claims)


def test_named_footnotes_next_to_numeric_ones() -> None:
    draft = parse_draft(FOOTNOTES, "d.md")
    assert _cited(draft) == [
        ("The board approved the plan on Tuesday.", ("board",)),
        ("Ridership averaged 1,150 trips", ("1",)),
        ("and the timetable adds stops.", ("timetable",)),
        ("Costs are £2.4m a year.", ("2", "grant")),
    ]
    assert not [p for p in draft.problems if p.kind is not ProblemKind.NO_REFERENCES]


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in NOUNS], ids=[r[0] for r in NOUNS])
def test_markers_used_as_nouns(prose: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    _check(parse_draft(prose + NUMBERED_REFS, "d.md"), expected)


# Surnames as reference lists spell them: apostrophes (straight and curly), hyphens,
# particles, inner capitals, Vancouver initials. Each row: the entry, a sentence citing it,
# and the id both must come to (the entry is read whole, so the citation resolves).
SURNAME_ROWS: list[tuple[str, str, str, str]] = [
    ("apostrophe, second author", "Ferris, L. and O'Keefe, D. (2022). Gull colonies.",
     "Gull colonies grew on the breakwater (Ferris and O'Keefe 2022).", "Ferris & O'Keefe 2022"),
    ("apostrophe, first author", "O'Keefe, D. (2019). Tern counts.",
     "Tern counts fell by a third (O'Keefe 2019).", "O'Keefe 2019"),
    ("curly apostrophe in the entry, straight in the text", "O\u2019Dowd, M. (2020). Kelp.",
     "Kelp beds shrank along the cape (O'Dowd 2020).", "O\u2019Dowd 2020"),
    ("curly apostrophe, narrative pair", "Ruiz, P. and D\u2019Arcy, N. (2018). Sea grass.",
     "Ruiz and D\u2019Arcy (2018) mapped the sea grass.", "Ruiz & D\u2019Arcy 2018"),
    ("elided particle", "d'Ambrosio, F. (2016). Harbour silt.",
     "Silt settles in the inner harbour (d'Ambrosio 2016).", "d'Ambrosio 2016"),
    ("hyphenated pair", "Acosta-Reyes, E. and Lund-Hansen, K. (2021). Ferry wakes.",
     "Ferry wakes erode the banks (Acosta-Reyes and Lund-Hansen 2021).",
     "Acosta-Reyes & Lund-Hansen 2021"),
    ("particles in both names", "van den Broek, J. and de la Fuente, A. (2015). Dune grass.",
     "Dune grass traps sand (van den Broek and de la Fuente 2015).",
     "van den Broek & de la Fuente 2015"),
    ("dos and ter", "dos Reis, C. and ter Laak, W. (2014). Oyster reefs.",
     "Oyster reefs calm the water (dos Reis and ter Laak 2014).", "dos Reis & ter Laak 2014"),
    ("inner capitals, et al.", "MacAulay, R., McIver, S. and O'Rourke, T. (2013). Puffins.",
     "Puffins return in April (MacAulay et al. 2013).", "MacAulay et al. 2013"),
    ("Vancouver initials", "O'Keefe DM, Ferris LA. Storm surges. 2017.",
     "Storm surges reach the quay (O'Keefe and Ferris 2017).", "O'Keefe & Ferris 2017"),
    ("hyphenated initials", "Aubert, J.-L. (2012). Salt marsh.",
     "Salt marsh stores carbon (Aubert 2012).", "Aubert 2012"),
]


@pytest.mark.parametrize(("entry", "prose", "ref_id"), [r[1:] for r in SURNAME_ROWS],
                         ids=[r[0] for r in SURNAME_ROWS])
def test_surnames_with_apostrophes_hyphens_and_particles(entry: str, prose: str,
                                                         ref_id: str) -> None:
    refs = (f"\n## References\n\n{entry} https://c.example/1\n"
            "Lindqvist, H. (2011). A second entry. https://c.example/2\n")
    draft = parse_draft(prose + "\n\nA second claim about the coast (Lindqvist 2011).\n" + refs,
                        "d.md")
    assert [r.id for r in draft.references] == [ref_id, "Lindqvist 2011"]
    assert [c.citations for c in draft.claims if c.citations] == [(ref_id,), ("Lindqvist 2011",)]
    assert not draft.problems, draft.problems


def test_a_near_miss_names_the_entry_it_nearly_matches() -> None:
    refs = ("## References\n\nFerris, L. and O'Keefe, D. (2022). Gulls. https://c.example/1\n"
            "Tanaka, Y. (2019). Terns. https://c.example/2\n")
    draft = parse_draft("Gulls nest here (Ferris and Quill 2022). Terns left (Tanaka 2020).\n\n"
                        + refs, "d.md")
    dangling = [p for p in draft.problems if p.kind is ProblemKind.DANGLING_CITATION]
    assert [p.line for p in dangling] == [1, 1]
    # Each message points at the entry on the line the citation nearly names, not "add one".
    assert "line 5" in dangling[0].message and "Quill" in dangling[0].message
    assert "line 6" in dangling[1].message and "2019" in dangling[1].message


# Locators after the year, in any of the ways writers give them: each row is a sentence
# whose one citation must be found, with the locator gone from the claim text.
LOCATOR_ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("table, two authors", "Yields held on clay (Smith and Jones 2020, Table 2).",
     "Yields held on clay.", ("Smith & Jones 2020",)),
    ("table, one author", "Yields held on clay (Lee 2021, Table 4).", "Yields held on clay.",
     ("Lee 2021",)),
    ("section", "Roots reach 2 m (Okafor 2023, sec. 3).", "Roots reach 2 m.", ("Okafor 2023",)),
    ("paragraph", "The levy is lawful (Lee 2021, para. 14).", "The levy is lawful.",
     ("Lee 2021",)),
    ("page range with an en dash", "Rye needs little nitrogen (Lee 2021, pp. 4\u20136).",
     "Rye needs little nitrogen.", ("Lee 2021",)),
    ("colon page", "Carbon moved downward (Okafor 2023: 45).", "Carbon moved downward.",
     ("Okafor 2023",)),
    ("figure with a letter", "Clay held more carbon (Chaplot et al. 2019, Fig. 3b).",
     "Clay held more carbon.", ("Chaplot et al. 2019",)),
    ("supplementary table", "Sand lost carbon (Okafor 2023, Supp. Table S2).",
     "Sand lost carbon.", ("Okafor 2023",)),
    ("section sign", "The rule binds landlords (Lee 2021, \u00a7 12).", "The rule binds landlords.",
     ("Lee 2021",)),
    ("appendix letter", "Samples were dried (Smith 2020, Appendix B).", "Samples were dried.",
     ("Smith 2020",)),
    ("chapter in roman numerals", "Polders sink (van der Berg 2018, ch. iv).", "Polders sink.",
     ("van der Berg 2018",)),
    ("several pages, then a second citation",
     "Cover crops help (Lee 2021, pp. 4, 7; Okafor 2023, Table 1).", "Cover crops help.",
     ("Lee 2021", "Okafor 2023")),
    ("comma between two citations", "Cover crops help (Lee 2021, Okafor 2023).",
     "Cover crops help.", ("Lee 2021", "Okafor 2023")),
    ("a note, not a locator", "Gains are small (Lee 2021, emphasis added).", "Gains are small.",
     ("Lee 2021",)),
    ("free words after a listed author", "Gains vanish on sand (Okafor 2023, and studies cited "
     "there).", "Gains vanish on sand.", ("Okafor 2023",)),
    ("secondary citation", "Tillage hurts (Smith 2020, cited in Lee 2021).", "Tillage hurts.",
     ("Smith 2020", "Lee 2021")),
    ("narrative with a locator", "Lee (2021, Table 3) found lower yields.",
     "Lee (2021, Table 3) found lower yields.", ("Lee 2021",)),
    ("mid-sentence with a locator", "Rye (Lee 2021, Table 3) and oats (Okafor 2023) differ.",
     "Rye", ("Lee 2021",)),
]


@pytest.mark.parametrize(("prose", "text", "ids"), [r[1:] for r in LOCATOR_ROWS],
                         ids=[r[0] for r in LOCATOR_ROWS])
def test_any_short_locator_after_the_year(prose: str, text: str, ids: tuple[str, ...]) -> None:
    draft = parse_draft(prose + "\n" + AUTHOR_REFS, "d.md")
    first = draft.claims[0]
    assert (first.text, first.citations) == (text, ids)
    assert not [p for p in draft.problems if "citation" in p.kind.value]


def test_an_unlisted_name_with_free_words_stays_text() -> None:
    draft = parse_draft("Trade slowed (Brexit 2016, and after).\n" + AUTHOR_REFS, "d.md")
    assert [(c.text, c.citations) for c in draft.claims[:1]] == [
        ("Trade slowed (Brexit 2016, and after).", ())]


# Letter notes side by side, and the reference-link syntax they resemble. Each row: a
# paragraph and every claim it must give, as (text, citations); nothing may vanish.
LETTER_NOTES = """

[survey]: https://h.example/survey

## Notes

[a] Harbour notice. https://h.example/a
[b] Ferry timetable. https://h.example/b
[c] Fare table. https://h.example/c
[i] Inspection. https://h.example/i
[1] Port statistics. https://h.example/1
"""

ADJACENT_ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = [
    ("two notes after the full stop",
     "The ferry runs twice a day.[a][b] Tickets cost 4 euros.[c]",
     [("The ferry runs twice a day.", ("a", "b")), ("Tickets cost 4 euros.", ("c",))]),
    ("two notes before the full stop", "The quay was rebuilt in 2019 [a][i].",
     [("The quay was rebuilt in 2019.", ("a", "i"))]),
    ("three notes", "Fares rose by a fifth in 2024.[a][b][c] The quay reopened.",
     [("Fares rose by a fifth in 2024.", ("a", "b", "c"))]),
    ("a note beside a number", "The port moved 9,000 cars [c][1].",
     [("The port moved 9,000 cars.", ("c", "1"))]),
    ("reference link to a note", "The timetable is set out in [the harbour notice][b].",
     [("The timetable is set out in the harbour notice.", ("b",))]),
    ("an undefined letter stays text", "Boats moor at pier [x][a] since 2021.",
     [("Boats moor at pier [x] since 2021.", ("a",))]),
    ("an undefined label is text, not a link", "The pier holds 40 boats [see][nolabel].",
     [("The pier holds 40 boats [see][nolabel].", ())]),
    ("a defined label is a link", "The pier holds 40 boats, as [the survey][survey] found.",
     [("The pier holds 40 boats, as the survey found.", ())]),
]


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in ADJACENT_ROWS],
                         ids=[r[0] for r in ADJACENT_ROWS])
def test_letter_notes_side_by_side(prose: str,
                                   expected: list[tuple[str, tuple[str, ...]]]) -> None:
    draft = parse_draft(prose + LETTER_NOTES, "d.md")
    assert [(c.text, c.citations) for c in draft.claims] == expected
    assert not [p for p in draft.problems if p.kind is ProblemKind.DANGLING_CITATION]


# A marker right after another marker, at a sentence end: the first backs the sentence
# before; the second opens the next sentence as its subject when a verb follows, and
# backs the sentence before too when a capitalised word follows. Rows list every claim.
RUN_ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = [
    ("subject after a marker and a space",
     "Rye was cut early in spring.[1] [2] found that the gain vanished on sand.",
     [("Rye was cut early in spring.", ("1",)),
      ("[2] found that the gain vanished on sand.", ("2",))]),
    ("subject glued to the marker before",
     "Rye was cut early in spring.[1][2] showed the opposite on clay.",
     [("Rye was cut early in spring.", ("1",)), ("[2] showed the opposite on clay.", ("2",))]),
    ("subject after a marker before the full stop",
     "Oats failed in 2021 [1]. [2] and [3] found the same on clay.",
     [("Oats failed in 2021.", ("1",)), ("[2] and [3] found the same on clay.", ("2", "3"))]),
    ("letter note then a numbered subject",
     "Barley yields dipped.[a] [4] reported a recovery by 2023.",
     [("Barley yields dipped.", ("a",)), ("[4] reported a recovery by 2023.", ("4",))]),
    ("a capital after two markers starts the next sentence",
     "Rye was cut early in spring.[1] [2] The trial ran for 6 years.",
     [("Rye was cut early in spring.", ("1", "2")), ("The trial ran for 6 years.", ())]),
    ("a capital after a spaced marker",
     "Soil carbon held steady. [3] The authors sampled 9 farms.",
     [("Soil carbon held steady.", ("3",)), ("The authors sampled 9 farms.", ())]),
]


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in RUN_ROWS],
                         ids=[r[0] for r in RUN_ROWS])
def test_a_marker_after_a_marker(prose: str,
                                 expected: list[tuple[str, tuple[str, ...]]]) -> None:
    refs = NUMBERED_REFS + "[a] A note. https://n.example/a\n"
    draft = parse_draft(prose + refs, "d.md")
    assert [(c.text, c.citations) for c in draft.claims] == expected


# Clean claim text: a clause never ends inside brackets or quotes, brackets that held only
# markers go with them, and a marker starting a wrapped line leaves no space before the
# full stop. Rows list every claim of the paragraph.
CLEAN_ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = [
    ("marker closing a parenthesis",
     "Losses are larger where frost comes late (in upland valleys it lasts into May [1]) "
     "and smaller near the coast [2].",
     [("Losses are larger where frost comes late (in upland valleys it lasts into May)", ("1",)),
      ("and smaller near the coast.", ("2",))]),
    ("two markers inside one parenthesis",
     "Yields rose (by 4% on clay [1] and 6% on loam [2]) while costs fell [3].",
     [("Yields rose (by 4% on clay and 6% on loam)", ("1", "2")), ("while costs fell.", ("3",))]),
    ("curly quotes", "The minister called it \u201ca fix for 10 years [1]\u201d and left [2].",
     [("The minister called it \u201ca fix for 10 years\u201d", ("1",)), ("and left.", ("2",))]),
    ("a marker alone in brackets", "The levy was dropped in 2022 ([3]).",
     [("The levy was dropped in 2022.", ("3",))]),
    ("two markers alone in brackets", "The levy was dropped in 2022 ( [1], [3] ).",
     [("The levy was dropped in 2022.", ("1", "3"))]),
    ("brackets with a word stay", "The levy was dropped in 2022 (see [3]).",
     [("The levy was dropped in 2022 (see [3]).", ("3",))]),
    ("a marker starting a wrapped line",
     "The rural effect has barely been\nstudied\n[2]. Later trials found 3 sites\n[1], not 4.",
     [("The rural effect has barely been studied.", ("2",)),
      ("Later trials found 3 sites, not 4.", ("1",))]),
    ("a wrapped line in a block quote",
     "> The rural effect has barely been studied\n> [2]. It rose 4% [1].",
     [("The rural effect has barely been studied.", ("2",)), ("It rose 4%.", ("1",))]),
]


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in CLEAN_ROWS],
                         ids=[r[0] for r in CLEAN_ROWS])
def test_claim_text_is_clean(prose: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    draft = parse_draft(prose + NUMBERED_REFS, "d.md")
    assert [(c.text, c.citations) for c in draft.claims] == expected
    for claim in draft.claims:
        # Each claim starts where the draft shows its first word.
        assert draft.text[claim.offset : claim.offset + 3] == claim.text[:3]
