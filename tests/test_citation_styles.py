"""Citation styles, table-driven: author-date, letter notes, named footnotes, markers as nouns.

Each row is a small draft written for it and the claims it must yield, as
``(start of the claim text, its citations)``; every cited claim of the draft is
listed, so a citation attached to the wrong sentence or a false one fails.
"""

from __future__ import annotations

import pytest

from factcheck.claims import load_nlp
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
    draft = parse_draft(prose + "\n" + AUTHOR_REFS, "d.md", nlp=load_nlp())
    _check(draft, expected)
    assert not [p for p in draft.problems if "citation" in p.kind.value]
    assert {r.id for r in draft.references} >= {"Okafor 2023", "Chaplot et al. 2019"}


def test_author_date_without_an_entry_is_a_missing_citation() -> None:
    draft = parse_draft("Rye fails on sand (Nakamura 2017).\n" + AUTHOR_REFS, "d.md",
                        nlp=load_nlp())
    assert _cited(draft) == [("Rye fails on sand.", ("Nakamura 2017",))]
    assert [p.kind for p in draft.problems if p.line == 1] == [ProblemKind.DANGLING_CITATION]


def test_author_date_matching_two_entries_is_ambiguous() -> None:
    refs = AUTHOR_REFS + "Smith, A. (2020). Another paper the same year. https://a.example/s2\n"
    draft = parse_draft("Tillage releases carbon (Smith 2020).\n" + refs, "d.md", nlp=load_nlp())
    assert _cited(draft) == [("Tillage releases carbon.", ("Smith 2020",))]
    ambiguous = [p for p in draft.problems if p.kind is ProblemKind.AMBIGUOUS_CITATION]
    assert len(ambiguous) == 1 and ambiguous[0].line == 1


def test_year_letters_tell_entries_apart() -> None:
    refs = ("## References\n\nSmith, A. (2020a). One. https://a.example/1\n"
            "Smith, A. (2020b). Two. https://a.example/2\n")
    draft = parse_draft("Soil warms (Smith 2020b). Air cools (Smith 2020a).\n\n" + refs, "d.md",
                        nlp=load_nlp())
    assert _cited(draft) == [("Soil warms.", ("Smith 2020b",)), ("Air cools.", ("Smith 2020a",))]


def test_author_date_beside_numbered_references_resolves_to_the_number() -> None:
    refs = ("## References\n\n[1] Okafor, N. (2023). Sandy soils. https://a.example/o\n"
            "[2] Lee, J. (2021). Clay. https://a.example/l\n")
    draft = parse_draft("Sand loses carbon [1]. Clay keeps it (Lee 2021).\n\n" + refs, "d.md",
                        nlp=load_nlp())
    assert _cited(draft) == [("Sand loses carbon.", ("1",)), ("Clay keeps it.", ("2",))]


def test_letter_notes() -> None:
    draft = parse_draft(LETTER, "d.md", nlp=load_nlp())
    assert _cited(draft) == [("The routes restart on 3 March.", ("a",)),
                             ("They run on Fridays.", ("b",))]
    assert {r.id: r.url for r in draft.references} == {
        "a": "https://t.example/pause", "b": "https://t.example/summary"}
    # "[c]" names no note: it stays text and cites nothing.
    assert not any("c" in c.citations for c in draft.claims)


def test_named_footnotes_next_to_numeric_ones() -> None:
    draft = parse_draft(FOOTNOTES, "d.md", nlp=load_nlp())
    assert _cited(draft) == [
        ("The board approved the plan on Tuesday.", ("board",)),
        ("Ridership averaged 1,150 trips", ("1",)),
        ("and the timetable adds stops.", ("timetable",)),
        ("Costs are £2.4m a year.", ("2", "grant")),
    ]
    assert not [p for p in draft.problems if p.kind is not ProblemKind.NO_REFERENCES]


@pytest.mark.parametrize(("prose", "expected"), [r[1:] for r in NOUNS], ids=[r[0] for r in NOUNS])
def test_markers_used_as_nouns(prose: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    _check(parse_draft(prose + NUMBERED_REFS, "d.md", nlp=load_nlp()), expected)
