"""Drafts as editors have them: HTML exports, Word files with footnotes, standard input.

Table-driven tests of each reader (what becomes a claim, which citations it
carries, and the line and column the report points at), then the same draft in
Markdown, HTML and Word checked end to end against the local test server with
the same verdict for every claim, and bad input refused with one line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from factcheck.draft import load_draft
from factcheck.errors import DraftError
from tests.docx_builder import Link, Note, Para, build_docx
from tests.server import FixtureServer
from tests.test_cli import ROOT, assert_one_line_error, run_cli

DRAFTS = ROOT / "fixtures" / "drafts"
PLACEHOLDER = "http://fixture-server.invalid"

Expected = list[tuple[str, tuple[str, ...], tuple[int, int]]]
"""(start of the claim text, its citations, its line and column)."""

HTML_ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...], int]]]] = [
    ("sup link to an anchor",
     '<p>Rents rose 11%<sup><a href="#r1">1</a></sup>.</p>\n<ol><li id="r1">'
     '<a href="https://a.example/r">Rent index</a></li></ol>',
     [("Rents rose 11%.", ("1",), 1)]),
    ("anchor with brackets, sup around",
     '<p>Rents rose 11%.<a href="#cite-1"><sup>[1]</sup></a> Wages rose 3%.<sup>[2]</sup></p>'
     '\n<h2>References</h2><ol><li><a href="https://a.example/r">R</a></li>'
     '<li><a href="https://a.example/w">W</a></li></ol>',
     [("Rents rose 11%.", ("1",), 1), ("Wages rose 3%.", ("2",), 1)]),
    ("[n] typed in the text",
     "<p>The cap covers 2,300 homes [2].</p>\n<h2>Sources</h2>\n<ol>"
     '<li><a href="https://a.example/1">One</a></li><li><a href="https://a.example/2">Two</a>'
     "</li></ol>",
     [("The cap covers 2,300 homes.", ("2",), 1)]),
    ("lines and columns in the source",
     "<html><body>\n<main>\n  <p>First sentence has 4 facts [1].\n"
     "     Second one has 5 [1].</p>\n</main>\n<ol><li>https://a.example/x</li></ol>"
     "</body></html>",
     [("First sentence has 4 facts.", ("1",), 3),
      ("Second one has 5.", ("1",), 4)]),
    ("entities count at their start",
     "<p>Caf&eacute; prices rose 4&nbsp;% in 2025 [1].</p><ol><li>"
     '<a href="https://a.example/c">Caf&eacute; index</a></li></ol>',
     [("Café prices rose 4 % in 2025.", ("1",), 1)]),
    ("boilerplate is ignored",
     '<header><p>Site header with 3 numbers 1, 2 and 2024.</p></header>'
     '<nav><p>Menu item with 2024 dates.</p></nav>'
     '<div class="cookie-banner"><p>We use 12 cookies since 2020.</p></div>'
     "<article><p>The vote was 31 to 12 [1].</p>"
     '<aside class="related"><p>Rents climbed 9% in 2025.</p></aside>'
     '<ol><li><a href="https://a.example/v">Minutes</a></li></ol></article>'
     "<footer><p>Copyright 2026, 3 Quay Street.</p></footer>",
     [("The vote was 31 to 12.", ("1",), 1)]),
    ("scripts and styles are not prose",
     "<style>p { margin: 12px; }</style><script>var x = '2024 figures [1]';</script>"
     '<p>Sales fell 8% [1].</p><ol><li><a href="https://a.example/s">S</a></li></ol>',
     [("Sales fell 8%.", ("1",), 1)]),
    ("ordered list of links without a heading is the references",
     '<p>Exports rose 5% [1], while imports fell 2% [2].</p><ol><li>'
     '<a href="https://a.example/e">Exports</a></li><li><a href="https://a.example/i">'
     "Imports</a></li></ol>",
     [("Exports rose 5%", ("1",), 1), ("while imports fell 2%.", ("2",), 1)]),
    ("a list in the article stays prose",
     "<p>The plan has two parts [1].</p><ul><li>Build 900 homes by 2030 [1].</li>"
     "<li>Cap rents at 3% a year.</li></ul>"
     '<h2>Sources</h2><ol><li><a href="https://a.example/p">Plan</a></li></ol>',
     [("The plan has two parts.", ("1",), 1), ("Build 900 homes by 2030.", ("1",), 1),
      ("Cap rents at 3% a year.", (), 1)]),
    ("footnote backlinks and named ids",
     '<p>Ridership averaged 1,150 trips.<sup id="fnref:t"><a href="#fn:t">1</a></sup></p>'
     '<div class="footnotes"><ol><li id="fn:t">Ridership 2023. '
     '<a href="https://t.example/r">https://t.example/r</a> <a href="#fnref:t">\u21a9</a>'
     "</li></ol></div>",
     [("Ridership averaged 1,150 trips.", ("1",), 1)]),
    ("a directive comment ignores the next claim",
     "<!-- factcheck: ignore figure from a memo -->\n<p>The firm sold 9,000 units [1].</p>"
     '<ol><li><a href="https://a.example/m">Memo</a></li></ol>',
     [("The firm sold 9,000 units.", ("1",), 2)]),
    ("author-date citations in HTML",
     "<p>Sand loses carbon (Okafor 2023).</p><h2>References</h2>"
     "<p>Okafor, N. (2023). Sandy soils. https://a.example/o</p>",
     [("Sand loses carbon.", ("Okafor 2023",), 1)]),
]

DOCX_ROWS: list[tuple[str, list[Para], Expected]] = [
    ("footnotes with links become citations",
     [Para(("Rents rose 11% last year.", Note(("Index: ", Link("rent index",
                                                                  "https://a.example/r"))))),
      Para(("Wages rose 3%.", Note(("https://a.example/w",)))),],
     [("Rents rose 11% last year.", ("1",), (1, 1)), ("Wages rose 3%.", ("2",), (2, 1))]),
    ("a note mid-sentence backs its clause",
     [Para(("Exports rose 5%", Note(("https://a.example/e",)),
            ", while imports fell 2%.", Note(("https://a.example/i",))))],
     [("Exports rose 5%", ("1",), (1, 1)), ("while imports fell 2%.", ("2",), (1, 18))]),
    ("endnotes are numbered i, ii",
     [Para(("The target is 92%.", Note(("https://a.example/t",), endnote=True))),
      Para(("The region meets it for 61%.", Note(("https://a.example/m",), endnote=True)))],
     [("The target is 92%.", ("i",), (1, 1)), ("The region meets it for 61%.", ("ii",), (2, 1))]),
    ("[n] text and a References section work as in Markdown",
     [Para(("Sales fell 8% in 2025 [1].",)), Para(("References",), style="Heading1"),
      Para(("[1] Annual report. https://a.example/ar",))],
     [("Sales fell 8% in 2025.", ("1",), (1, 1))]),
    ("paragraph numbers count empty paragraphs and headings",
     [Para(("Budget 2026",), style="Title"), Para(()), Para(("By a reporter",)),
      Para(("  The budget grows 4% to 2.1 billion.", Note(("https://a.example/b",))))],
     [("The budget grows 4% to 2.1 billion.", ("1",), (4, 3))]),
    ("a second note citing the same source is no duplicate",
     [Para(("Ridership fell 6%.", Note(("https://a.example/r",)))),
      Para(("Fares rose 2%.", Note(("https://a.example/r",)))),
      Para(("Night buses return in 2026.", Note(("Ibid., p. 4.",))))],
     [("Ridership fell 6%.", ("1",), (1, 1)), ("Fares rose 2%.", ("2",), (2, 1)),
      ("Night buses return in 2026.", ("3",), (3, 1))]),
]


def _claims(path: Path) -> list[tuple[str, tuple[str, ...], tuple[int, int]]]:
    draft = load_draft(path, 5_000_000)
    return [(c.text, c.citations, (c.line, c.column)) for c in draft.claims if not c.ignored
                or c.citations]


@pytest.mark.parametrize(("html", "expected"), [r[1:] for r in HTML_ROWS],
                         ids=[r[0] for r in HTML_ROWS])
def test_html_drafts(
    tmp_path: Path, html: str, expected: list[tuple[str, tuple[str, ...], int]]
) -> None:
    path = tmp_path / "d.html"
    path.write_text(html, encoding="utf-8")
    got = _claims(path)
    assert [(t[: len(e[0])], c, line) for (t, c, (line, _)), e in zip(got, expected,
                                                                       strict=False)] == \
        expected, got
    assert len(got) == len(expected), got
    source = html.splitlines()
    for text, _, (line, column) in got:
        # The column points at the claim's first word in the HTML source.
        first = re.match(r"\w+", text)
        assert first and source[line - 1][column - 1 :].startswith(first.group(0)[:3]), text


@pytest.mark.parametrize(("paragraphs", "expected"), [r[1:] for r in DOCX_ROWS],
                             ids=[r[0] for r in DOCX_ROWS])
def test_docx_drafts(tmp_path: Path, paragraphs: list[Para], expected: Expected) -> None:
    path = tmp_path / "d.docx"
    path.write_bytes(build_docx(paragraphs))
    got = _claims(path)
    assert got == expected
    draft = load_draft(path, 5_000_000)
    assert all(r.url for r in draft.references), draft.references
    assert not [p for p in draft.problems if p.kind.value == "duplicate_url"]


REFERENCES = (Para(("References",), style="Heading1"),
              Para(("[1] Export survey. https://refs.example/exports",)),
              Para(("[2] Wage survey. https://refs.example/wages",)))

# Word numbers its footnotes 1, 2, 3 and the References may be numbered [1], [2] too:
# each citation resolves to its own target, the note's source or the entry's.
COLLISION_ROWS: list[tuple[str, list[Para], list[tuple[str, str]]]] = [
    ("footnotes and [n] in one draft",
     [Para(("Rents rose 11% last year.", Note(("https://notes.example/rents",)))),
      Para(("Wages rose 3% in 2025 [2].",)),
      Para(("Exports fell 5% in 2024 [1].",)),
      Para(("Imports fell 2% in 2024.", Note(("Customs data. ", Link(
          "tables", "https://notes.example/imports"))))),
      *REFERENCES],
     [("Rents rose 11% last year.", "https://notes.example/rents"),
      ("Wages rose 3% in 2025.", "https://refs.example/wages"),
      ("Exports fell 5% in 2024.", "https://refs.example/exports"),
      ("Imports fell 2% in 2024.", "https://notes.example/imports")]),
    ("[2] before footnote 2, the same sentence cites both",
     [Para(("Wages rose 3% [2].",)),
      Para(("Rents rose 11%", Note(("https://notes.example/rents",)),
            " and prices 4% [1].", Note(("https://notes.example/prices",)))),
      *REFERENCES],
     [("Wages rose 3%.", "https://refs.example/wages"),
      ("Rents rose 11%", "https://notes.example/rents"),
      ("and prices 4%.", "https://refs.example/exports https://notes.example/prices")]),
    ("endnote i and letter note [i]",
     [Para(("The target is 92%.", Note(("https://notes.example/target",), endnote=True))),
      Para(("The region meets it for 61% [i].",)),
      Para(("Notes",), style="Heading1"),
      Para(("[i] Regional audit. https://refs.example/audit",))],
     [("The target is 92%.", "https://notes.example/target"),
      ("The region meets it for 61%.", "https://refs.example/audit")]),
]


@pytest.mark.parametrize(("paragraphs", "expected"), [r[1:] for r in COLLISION_ROWS],
                         ids=[r[0] for r in COLLISION_ROWS])
def test_docx_footnotes_and_numbered_references_stay_apart(
    tmp_path: Path, paragraphs: list[Para], expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "d.docx"
    path.write_bytes(build_docx(paragraphs))
    draft = load_draft(path, 5_000_000)
    urls = {r.id: r.url for r in draft.references}
    got = [(c.text, " ".join(str(urls.get(i)) for i in c.citations))
           for c in draft.claims if c.citations]
    assert got == expected, (got, draft.references)
    # Every note and every entry is a reference of its own, each cited once.
    assert len(draft.references) == len({u for _, u in expected for u in u.split()})
    assert not draft.problems, draft.problems


def test_markdown_footnotes_and_numbered_references_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text("Rents rose 11%.[^1] Wages rose 3% [1].\n\n[^1]: https://n.example/r\n\n"
                    "## References\n\n1. Wage survey. https://r.example/w\n", encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [(c.text, c.citations) for c in draft.claims] == [
        ("Rents rose 11%.", ("^1",)), ("Wages rose 3%.", ("1",))]
    assert {r.id: r.url for r in draft.references} == {
        "^1": "https://n.example/r", "1": "https://r.example/w"}
    assert not draft.problems, draft.problems


def test_a_footnote_marker_without_a_note_cites_the_numbered_entry(tmp_path: Path) -> None:
    # No footnote definition to clash with: [^1] cites entry 1, as documented.
    path = tmp_path / "d.md"
    path.write_text("Rents rose 11%.[^1]\n\n## References\n\n1. Rent index. "
                    "https://r.example/r\n", encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [c.citations for c in draft.claims] == [("1",)]
    assert not draft.problems, draft.problems


def test_html_draft_fixture_points_into_the_source() -> None:
    path = DRAFTS / "harbour-and-library.html"
    draft = load_draft(path, 5_000_000)
    source = path.read_text(encoding="utf-8").splitlines()
    for claim in draft.claims:
        line = source[claim.line - 1]
        assert line[claim.column - 1 :].startswith(claim.text[:12]), (claim, line)
    assert [r.url for r in draft.references] == [
        f"{PLACEHOLDER}/pages/plain.html", f"{PLACEHOLDER}/pages/article.html",
        f"{PLACEHOLDER}/status/404"]
    assert "Share this story" not in draft.text and "cookies" not in draft.text


SOURCES = '<h2>Sources</h2><ol><li><a href="https://a.example/s">Transit survey</a></li></ol>'

# A bare superscript number: an exponent after a unit that follows a number (or after
# "per m", "m/s", "10"), a citation after a word or punctuation, as CMS editors write it.
SUPERSCRIPT_ROWS: list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = [
    ("area after a number",
     "<p>The reservoir covers 48 km<sup>2</sup> of the valley floor.</p>",
     [("The reservoir covers 48 km\u00b2 of the valley floor.", ())]),
    ("area, then a citation link",
     '<p>The park spans 12 km<sup>2</sup> and drew 9,000 visitors<sup><a href="#s1">1</a>'
     "</sup>.</p>",
     [("The park spans 12 km\u00b2 and drew 9,000 visitors.", ("1",))]),
    ("per square metre, then a bare citation after a year",
     "<p>Office rents reached 31 euros per m<sup>2</sup> in 2025<sup>1</sup>.</p>",
     [("Office rents reached 31 euros per m\u00b2 in 2025.", ("1",))]),
    ("acceleration", "<p>The sled braked at 4 m/s<sup>2</sup> on the slope.<sup>1</sup></p>",
     [("The sled braked at 4 m/s\u00b2 on the slope.", ("1",))]),
    ("a power of ten", "<p>The count reached 3 \u00d7 10<sup>6</sup> cells.<sup>1</sup></p>",
     [("The count reached 3 \u00d7 10\u2076 cells.", ("1",))]),
    ("a volume with a space before the unit",
     "<p>The tank holds 900&nbsp;m<sup>3</sup> of water [1].</p>",
     [("The tank holds 900 m\u00b3 of water.", ("1",))]),
    ("after a word it is a citation", "<p>Ridership grew by a third<sup>1</sup>.</p>",
     [("Ridership grew by a third.", ("1",))]),
    ("after punctuation it is a citation", "<p>Ridership grew 12%.<sup>1</sup></p>",
     [("Ridership grew 12%.", ("1",))]),
]


@pytest.mark.parametrize(("html", "expected"), [r[1:] for r in SUPERSCRIPT_ROWS],
                         ids=[r[0] for r in SUPERSCRIPT_ROWS])
def test_html_superscripts_are_citations_or_powers(
    tmp_path: Path, html: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    path = tmp_path / "d.html"
    path.write_text(html + "\n" + SOURCES, encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [(c.text, c.citations) for c in draft.claims] == expected
    assert not [p for p in draft.problems if p.kind.value == "dangling_citation"]


ARTICLE = ('<article><p>Night buses carried 41,000 riders in March.<sup><a href="#s1">1</a>'
           '</sup> Fares stayed at two euros.<sup><a href="#s2">2</a></sup></p>')
REFS = ('<h2>Sources</h2><ol><li id="s1"><a href="https://t.example/riders">Rider counts</a>'
        '</li><li id="s2"><a href="https://t.example/fares">Fare table</a></li></ol>')
SIDEBAR_ITEMS = ('<ol><li><a href="https://news.example/a">Tram line gets 12 new stops in '
                 'the old town</a></li><li><a href="https://news.example/b">Bridge repairs '
                 'will take 18 months, council says</a></li></ol>')

# Lists of links around an article that are not its References: each row is a page, and
# the References must be the article's two sources with no problem and no sidebar prose.
FURNITURE_ROWS: list[tuple[str, str]] = [
    ("most-read by class, in a rail",
     ARTICLE + REFS + '<div id="right-rail"><div class="most-read"><h4>Most read</h4>'
     + SIDEBAR_ITEMS + "</div></div></article>"),
    ("a heading names it, in a plain box",
     ARTICLE + REFS + '<div class="box"><h3>Popular now</h3>' + SIDEBAR_ITEMS
     + "</div></article>"),
    ("trending, straight in the article",
     ARTICLE + "<h3>Trending</h3>" + SIDEBAR_ITEMS + REFS + "</article>"),
    ("related stories by id", ARTICLE + REFS + '<section id="related-stories">'
     + SIDEBAR_ITEMS + "</section></article>"),
    ("a newsletter box", ARTICLE + REFS + '<div><h3>Newsletter</h3><p>Get the 5 top '
     "stories every morning, free since 2019.</p></div></article>"),
    ("read next, in a div after the sources",
     ARTICLE + REFS + '<div class="x"><h2>Read next</h2>' + SIDEBAR_ITEMS + "</div></article>"),
    ("recommended by class", ARTICLE + '<div class="recommended-for-you">' + SIDEBAR_ITEMS
     + "</div>" + REFS + "</article>"),
    ("a second list no rule names ends the References",
     ARTICLE + REFS + '<div class="box-x">' + SIDEBAR_ITEMS + "</div></article>"),
]


@pytest.mark.parametrize("html", [r[1] for r in FURNITURE_ROWS],
                         ids=[r[0] for r in FURNITURE_ROWS])
def test_html_page_furniture_is_never_references(tmp_path: Path, html: str) -> None:
    path = tmp_path / "d.html"
    path.write_text(html, encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [(r.id, r.url) for r in draft.references] == [
        ("1", "https://t.example/riders"), ("2", "https://t.example/fares")]
    assert not draft.problems, draft.problems
    assert [(c.text, c.citations) for c in draft.claims if c.citations] == [
        ("Night buses carried 41,000 riders in March.", ("1",)),
        ("Fares stayed at two euros.", ("2",))]
    # What the rules name as furniture is not in the draft at all.
    if "box-x" not in html:
        assert "Tram line" not in draft.text and "5 top stories" not in draft.text


def test_an_ordered_list_that_continues_the_numbers_is_one_list(tmp_path: Path) -> None:
    html = (ARTICLE + '<h2>Sources</h2><ol><li><a href="https://t.example/riders">Riders</a>'
            '</li></ol><p>Advertisement</p><ol start="2"><li><a href="https://t.example/fares">'
            "Fares</a></li></ol></article>")
    path = tmp_path / "d.html"
    path.write_text(html, encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [r.id for r in draft.references] == ["1", "2"] and not draft.problems


# A reference whose link shows its own address: the URL is the address, in HTML and in
# Markdown, never "U](U)".
URL_TEXT_ROWS: list[tuple[str, str, str, str]] = [
    ("html, the URL as link text", "d.html",
     '<p>Rents rose 4% [1].</p><ol><li><a href="https://a.example/rent">'
     "https://a.example/rent</a></li></ol>", "https://a.example/rent"),
    ("html, without the scheme", "d.html",
     '<p>Rents rose 4% [1].</p><h2>Sources</h2><ol><li>Rent index, <a href="https://www.'
     'a.example/rent/">a.example/rent</a></li></ol>', "https://www.a.example/rent/"),
    ("markdown, the URL as link text", "d.md",
     "Rents rose 4% [1].\n\n## References\n\n1. [https://a.example/rent](https://a.example/"
     "rent)\n", "https://a.example/rent"),
    ("markdown, after a title", "d.md",
     "Rents rose 4% [1].\n\n## References\n\n1. Rent index, [https://a.example/r?y=2](https://"
     "a.example/r?y=2).\n", "https://a.example/r?y=2"),
]


@pytest.mark.parametrize(("name", "text", "url"), [r[1:] for r in URL_TEXT_ROWS],
                         ids=[r[0] for r in URL_TEXT_ROWS])
def test_link_text_equal_to_its_url_is_the_url(tmp_path: Path, name: str, text: str,
                                               url: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    draft = load_draft(path, 5_000_000)
    assert [(r.id, r.url) for r in draft.references] == [("1", url)]
    assert not draft.problems, draft.problems


# --------------------------------------------------------------------------- end to end


def harbour_docx(base: str = PLACEHOLDER) -> list[Para]:
    """The twin draft as a Word file: every citation a footnote, sources linked in the notes."""
    return [
        Para(("Ferries and late nights: two towns try something new",), style="Title"),
        Para(("The coastal town of Westerhaven opened its first solar-powered ferry line on "
              "Monday.", Note(("Westerhaven Courier, ",
                               Link("Harbour town opens a solar ferry line",
                                    f"{base}/pages/plain.html"))),
              " The line cost 4.2 million euros, half of it paid by a regional climate fund.",
              Note(("Ibid.",)),
              " Tickets will cost three euros in the first year.",
              Note((f"{base}/pages/plain.html",)))),
        Para(("Riverside Central Library will open until nine in the evening on weekdays from "
              "March.", Note(("Riverside Gazette, ", Link("Library extends opening hours",
                                                           f"{base}/pages/article.html"))),
              " The change follows a survey of 2,400 residents.",
              Note((f"{base}/pages/article.html",)),
              " A pilot of Sunday openings is planned for the autumn.",
              Note(("Library board minutes, ", Link("minutes", f"{base}/status/404"))))),
        Para(("The library lends about 40,000 books a year.",)),
    ]


def _verdicts(path: Path, tmp_path: Path) -> list[tuple[str, str]]:
    out = tmp_path / f"{path.name}.json"
    proc = run_cli("check", str(path), "--allow-private", "--cache-dir", str(tmp_path / "c"),
                   "-f", "json", "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    reasons = [s["reason"] for s in report["sources"]]
    assert reasons[-1] == "not_found" and set(reasons[:-1]) == {"ok"}, report["sources"]
    return [(c["text"], c["verdict"]) for c in report["claims"]]


def test_same_verdicts_in_markdown_html_and_word(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    base = fixture_server.url("")
    drafts = []
    for name in ("harbour-and-library.md", "harbour-and-library.html"):
        text = (DRAFTS / name).read_text(encoding="utf-8").replace(PLACEHOLDER, base)
        drafts.append(tmp_path / name)
        drafts[-1].write_text(text, encoding="utf-8")
    word = tmp_path / "harbour-and-library.docx"
    word.write_bytes(build_docx(harbour_docx(base)))
    drafts.append(word)
    markdown, html, docx = (_verdicts(d, tmp_path) for d in drafts)
    assert markdown == [
        ("The coastal town of Westerhaven opened its first solar-powered ferry line on Monday.",
         "supported"),
        ("The line cost 4.2 million euros, half of it paid by a regional climate fund.",
         "supported"),
        ("Tickets will cost three euros in the first year.", "not_supported"),
        ("Riverside Central Library will open until nine in the evening on weekdays from "
         "March.", "supported"),
        ("The change follows a survey of 2,400 residents.", "not_supported"),
        ("A pilot of Sunday openings is planned for the autumn.", "source_unavailable"),
        ("The library lends about 40,000 books a year.", "needs_citation"),
    ]
    assert html == markdown
    assert docx == markdown


def test_standard_input_in_each_format(tmp_path: Path) -> None:
    inputs = {
        "markdown": (DRAFTS / "harbour-and-library.md").read_bytes(),
        "html": (DRAFTS / "harbour-and-library.html").read_bytes(),
        "docx": build_docx(harbour_docx()),
    }
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    for kind, data in inputs.items():
        proc = subprocess.run([sys.executable, "-m", "factcheck", "claims", "-", "-f", "json"],
                              input=data, capture_output=True, cwd=tmp_path, env=env,
                              timeout=120)
        assert proc.returncode == 0, (kind, proc.stderr)
        listing = json.loads(proc.stdout)
        assert listing["draft"] == "<stdin>"
        cited = [c for c in listing["claims"] if c["citations"]]
        assert len(cited) == 6, (kind, cited)


# --------------------------------------------------------------------------- bad input


def _corrupt_docx(tmp_path: Path) -> Path:
    path = tmp_path / "broken.docx"
    path.write_bytes(build_docx([Para(("Sales fell 8% [1].",))])[:700])
    return path


def _not_word(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "not a Word document")
    return path


def _expands_too_far(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b" " * 3_000_000)
    return path


def _html_without_text(tmp_path: Path) -> Path:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>T</title><script>var a = 1;</script></head>"
                    "<body><nav><a href='/'>Home</a></nav><div class='cookie'>Cookies</div>"
                    "</body></html>", encoding="utf-8")
    return path


def _empty_word(tmp_path: Path) -> Path:
    path = tmp_path / "blank.docx"
    path.write_bytes(build_docx([Para(()), Para(("   ",))]))
    return path


def _old_word(tmp_path: Path) -> Path:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return path


@pytest.mark.parametrize("make", [_corrupt_docx, _not_word, _expands_too_far, _html_without_text,
                                  _empty_word, _old_word])
def test_bad_drafts_are_one_line_and_exit_2(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert_one_line_error(run_cli("check", str(path), "--offline"))
    with pytest.raises(DraftError):
        load_draft(path, 100_000)


def test_empty_standard_input_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "factcheck", "claims", "-"], input=b"",
                          capture_output=True, cwd=tmp_path, env=env, timeout=120)
    listing = proc.stdout.decode()
    # An empty draft is reported as such, never as a pass with nothing to say.
    assert "empty" in (listing + proc.stderr.decode()).lower()


# --------------------------------------------------------------------------- hostile HTML


@pytest.mark.parametrize("html", [
    '<p>Sales rose 4% [1].</p><a href="x"',            # unclosed last tag
    "<p>a < b and c > d</p>",                            # a literal < in text
    "<p>x</p><!-- never closed <p>hidden</p>",           # unclosed comment
    "<p>x</p><!-- closed --><p>y</p>",
    "<script>if (a<b) run()</script><p>z</p>",
])
def test_neutralise_keeps_positions_and_complete_tags(html: str) -> None:
    from factcheck.draft_html import neutralise

    out = neutralise(html)
    assert len(out) == len(html)
    kept = [m.group(0) for m in re.finditer(r"<[^<>]*>", out)]
    assert all(tag in html for tag in kept)
    assert out.count("<") + out.count("\ufffc") == html.count("<")


def test_unclosed_tags_by_the_hundred_thousand_are_read_as_text() -> None:
    """Without the linear pre-pass the tokenizer rescans the rest for every '<' (minutes)."""
    from factcheck.draft_html import render_html

    rendered = render_html("<p>Sales rose 4% [1].</p>" + "<a " * 200_000, "hostile.html")
    assert rendered.text.startswith("Sales rose 4% [1].")
    assert rendered.text.count("<a") == 200_000


# Citation forms that once went wrong, in every input format: an author-date citation with
# a locator is one citation of its entry, an apostrophe surname is read whole in the entry
# and in the text, and letter notes side by side are two citations.
FORMS_PROSE = ("Mangroves store 4 times more carbon (Koh 2019, Table 2).",
               "Reef fish counts fell 30% (Hughes and O\u2019Neill 2023).",
               "The ferry runs twice a day.[c][i]")
FORMS_REFS = ("Koh, S. (2019). Mangrove carbon. https://a.example/koh",
              "Hughes, S. and O'Neill, B. (2023). Reef fish. https://a.example/hughes",
              "[c] Fare table. https://a.example/c",
              "[i] Inspection. https://a.example/i")
FORMS_EXPECTED = [("Mangroves store 4 times more carbon.", ("Koh 2019",)),
                  ("Reef fish counts fell 30%.", ("Hughes & O'Neill 2023",)),
                  ("The ferry runs twice a day.", ("c", "i"))]


def _forms_draft(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"forms{suffix}"
    if suffix == ".docx":
        path.write_bytes(build_docx([*(Para((p,)) for p in FORMS_PROSE),
                                     Para(("References",), style="Heading1"),
                                     *(Para((r,)) for r in FORMS_REFS)]))
    elif suffix == ".html":
        path.write_text("".join(f"<p>{p}</p>" for p in FORMS_PROSE) + "<h2>References</h2>"
                        + "".join(f"<p>{r}</p>" for r in FORMS_REFS), encoding="utf-8")
    else:
        path.write_text("\n\n".join(FORMS_PROSE) + "\n\n## References\n\n"
                        + "\n".join(FORMS_REFS) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_citation_forms_in_every_format(tmp_path: Path, suffix: str) -> None:
    draft = load_draft(_forms_draft(tmp_path, suffix), 5_000_000)
    assert [(c.text, c.citations) for c in draft.claims] == FORMS_EXPECTED
    assert [r.id for r in draft.references] == ["Koh 2019", "Hughes & O'Neill 2023", "c", "i"]
    assert not draft.problems, draft.problems


def test_claims_json_of_a_word_draft_carries_the_version(tmp_path: Path) -> None:
    from factcheck.report.json import VERSION

    proc = run_cli("claims", "-f", "json", str(_forms_draft(tmp_path, ".docx")))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["version"] == VERSION
    assert [(c["text"], tuple(c["citations"])) for c in data["claims"]] == FORMS_EXPECTED
