"""Numbers, quantities and dates written differently must normalise to the same value."""

from __future__ import annotations

import pytest

from factcheck.normalize import (
    QuantitySet,
    date_backed,
    date_keys,
    find_dates,
    find_quantities,
    hedge,
    page_quantities,
)
from factcheck.text import split_sentences, stem, tokenize


def values(text: str) -> list[float]:
    return [q.value for q in find_quantities(text, [(d.start, d.end) for d in find_dates(text)])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,712,721 residents", [8_712_721.0]),
        ("8.7 million residents", [8_700_000.0]),
        ("fifty workers", [50.0]),
        ("twenty-one days", [21.0]),
        ("50% of voters", [50.0]),
        ("41.3 per cent", [41.3]),
        ("half of them", [0.5, 50.0]),
        ("a $4.5bn deal", [4.5e9]),
        ("one of the best", []),
        ("one million", [1e6]),
        ("a dozen eggs", [12.0]),
        ("the 2018-19 season", [2018.0]),
        ("the next 12\u201318 months", [12.0, 18.0]),
        ("from 2018-2019", [2018.0, 2019.0]),
    ],
)
def test_quantities(text: str, expected: list[float]) -> None:
    assert values(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("source", "claim", "backed"),
    [
        ("8,712,721 residents", "8.7 million", True),
        ("8,712,721 residents", "9 million", True),
        ("8,712,721 residents", "8.8 million", False),
        ("about 8.7 million residents", "8,712,721", True),
        ("about 8.7 million residents", "8,812,721", False),
        ("fifty workers", "50", True),
        ("half of the budget", "50 %", True),
        ("41.3% in 2016", "41.3 percent", True),
        ("41.3% in 2016", "43.1 percent", False),
        ("260,000 volumes", "250,000", False),
        ("$0.20 per million tokens", "1M", True),
        ("$0.20 per thousand tokens", "1M", False),
        ("3 million people", "1M", False),
    ],
)
def test_quantity_matching(source: str, claim: str, backed: bool) -> None:
    qs = QuantitySet.build(find_quantities(source))
    assert qs.backs(find_quantities(claim)[0]) is backed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("left at 07:40 with 64 passengers", [64.0, 460.0]),
        ("won in 2:14:05.", [8045.0]),
        ("ran 27:41.06 over 10,000 metres", [10_000.0, 1661.06]),
        ("at 7:40 pm", [1180.0]),
        ("took three hours and 24 minutes", [204.0]),
        ("lasting 5 hours and 42 minutes, from 09:14", [342.0, 554.0]),
        ("a 2:1 majority", [2.0, 1.0]),
        ("rested for 9 minutes", [9.0]),
        ("at 9:30 minutes past", [570.0]),  # a time and a duration overlap: one figure
    ],
)
def test_times_and_durations_are_one_figure(text: str, expected: list[float]) -> None:
    """A time or a duration is one figure, its groups read in base 60: "07:40" is not
    a 7 and a 40 that any 7 or 40 of the page would back or contradict."""
    assert values(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("source", "claim", "backed"),
    [
        ("finished in 2 hours 9 minutes 41 seconds", "in 2:09:41", True),
        ("finished in 2 hours 9 minutes 41 seconds", "in 2:09:14", False),
        ("left at 19:40", "left at 7:40 p.m.", True),
        ("left at 07:40 with 64 passengers", "left at 07:45", False),
        ("a draft of 460 pages", "at 07:40", False),
        ("left at 07:40", "460 pages", False),
    ],
)
def test_time_matching(source: str, claim: str, backed: bool) -> None:
    qs = QuantitySet.build(page_quantities(source))
    assert qs.backs(find_quantities(claim)[0]) is backed


@pytest.mark.parametrize(
    ("source", "claim", "backed"),
    [
        ("for about 20 years", "for about two decades", True),
        ("over two decades", "over 20 years", True),
        ("tested for 30 minutes a month", "tested for half an hour", True),
        ("restored within 72 hours", "restored within three days", True),
        ("a 20-year loan", "a loan over two decades", True),
        ("for 18 months", "for a year and a half", False),
        ("for 20 years", "for two days", False),
        # Only a length of time backs a claim's length in another unit: 1,800 seats are
        # no 30 minutes (a plain 30 of the page still backs the 30 as a number).
        ("1,800 seats a year", "for 30 minutes", False),
        # "One and a half hours" is no half hour; an ordinal or an age is no length.
        ("lasted 30 minutes", "lasted one and a half hours", False),
        ("for 2,000 years", "since the 20th century", False),
        ("for three decades", "a 30-year-old driver", False),
        # An approximation's bounds hold in any unit; a one-sided bound ("over 18
        # months", often when rather than how long) is read as its figure only.
        ("for 19 years", "for nearly two decades", True),
        ("over two years", "over 18 months", False),
    ],
)
def test_lengths_of_time_in_other_units(source: str, claim: str, backed: bool) -> None:
    qs = QuantitySet.build(page_quantities(source))
    # As the matcher reads a claim: with its qualifier's bounds ("nearly", "over").
    assert any(qs.backs(hedge(claim, q, 0.1, 0.5)) for q in find_quantities(claim)) is backed


@pytest.mark.parametrize(
    ("text", "ymd"),
    [
        ("on April 8th, 2026 the", (2026, 4, 8)),
        ("on 8 April 2026 the", (2026, 4, 8)),
        ("on 2026-04-08 the", (2026, 4, 8)),
        ("the 8th of April, 2026", (2026, 4, 8)),
        ("in December 2012", (2012, 12, None)),
        ("Sept. 3", (None, 9, 3)),
    ],
)
def test_dates(text: str, ymd: tuple[int | None, int, int | None]) -> None:
    (date,) = find_dates(text)
    assert (date.year, date.month, date.day) == ymd
    assert text[date.start : date.end].strip()[0].isalnum()


def test_lower_case_may_is_not_a_month() -> None:
    assert find_dates("it may rain in march") == []


def test_date_backing() -> None:
    page = set()
    for d in find_dates("Published 27 December 2012. The ceremony was held on May 3."):
        page |= date_keys(d)
    (month,) = find_dates("in December 2012")
    (day,) = find_dates("on December 27, 2012")
    (other,) = find_dates("in November 2012")
    (no_year_on_page,) = find_dates("on May 3, 2012")
    assert date_backed(month, page)
    assert date_backed(day, page)
    assert not date_backed(other, page)
    # "May 3" with 2012 stated elsewhere on the page counts.
    assert date_backed(no_year_on_page, page)


def test_dates_are_not_also_numbers() -> None:
    assert values("on April 8, 2026 it rained 3 times") == [3.0]


def test_tokens_keep_offsets() -> None:
    text = "Grammy-nominated film, don't miss 8,712,721!"
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    assert [t.text for t in tokenize(text)][:2] == ["Grammy-nominated", "film"]


def test_stems_match_inflections() -> None:
    assert stem("elected") == stem("elects") == stem("electing")
    assert stem("company's") == stem("company")


def test_sentence_splitter_abbreviations_and_lines() -> None:
    text = "Dr. Smith met J. K. Rowling in the U.S. on Monday. It rained.\nMenu line\nLast one"
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == [
        "Dr. Smith met J. K. Rowling in the U.S. on Monday.",
        "It rained.",
        "Menu line",
        "Last one",
    ]


def test_sentence_splitter_across_blank_lines_and_line_breaks() -> None:
    """A line break takes the white space after it (blank lines, odd blanks: \\x85,
    \\u3000, \\x1c), and the word before a full stop is read as r"(\\S+)$" reads it,
    across one line break: "Dr" before ".", on the line above, is still an abbreviation."""
    text = "Dr\n. Smith went\n\n\x85 \u3000\n\x1cNext line.\u2003It ended. ok\n \n"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Dr", ". Smith went", "Next line.", "It ended. ok"]
    text = "x\n\n.\nNo\n. 4 y"
    assert [text[a:b] for a, b in split_sentences(text)] == ["x", ".", "No", ". 4 y"]


def test_sentence_splitter_is_linear() -> None:
    import time

    unit = "The council met on Tuesday. Mr. Jones spoke for 5.5 minutes! Was it enough? "
    small, big = unit * 2_000, unit * 20_000
    t0 = time.process_time()
    n_small = sum(1 for _ in split_sentences(small))
    t1 = time.process_time()
    n_big = sum(1 for _ in split_sentences(big))
    t2 = time.process_time()
    assert (n_small, n_big) == (6_000, 60_000)
    # Ten times the text may take at most ~30x the CPU time (linear, with slack for noise).
    assert (t2 - t1) < 30 * (t1 - t0) + 0.2


def test_acronyms_of_multiword_names() -> None:
    from factcheck.text import acronyms

    found = acronyms(
        "A Federal Transit Administration Capital Investment Grant and the Bank of England."
    )
    assert {"fta", "ftacig", "boe", "be"} <= found
    assert "fa" not in acronyms("Federal aid rose.")  # one capitalised word is no name run
    # Each stretch lowered alone: a final sigma is final in the stretch it ends.
    from factcheck.text import _initials

    assert set(_initials("\u0391lpha \u03a3igma \u0392eta")) == {
        "\u03b1\u03c2", "\u03b1\u03c3\u03b2", "\u03c3\u03b2"}


def test_a_day_with_its_own_year_does_not_back_another_year() -> None:
    from factcheck.normalize import date_backed, date_keys, find_dates

    def keys(text: str) -> set[str]:
        return set().union(*(date_keys(d) for d in find_dates(text)))

    (claim,) = find_dates("on February 9, 2025")
    assert not date_backed(claim, keys("Feb. 9, 2026. Revenue in May 2025."))
    assert date_backed(claim, keys("On February 9 it announced. Revenue in May 2025."))


def test_absurdly_long_numbers_never_raise() -> None:
    from factcheck.config import Config
    from factcheck.match import default_scorer
    from factcheck.models import Document

    page = Document(title="t", paragraphs=(
        "The value is " + "9" * 320 + ".5 units and pi is 3." + "1" * 330 + ".",
        "Acme sold 5 rockets in 2024.",
    ))
    result = default_scorer(Config()).assess("Acme sold 5 rockets in 2024.", [("1", page)])
    assert 0.0 <= result.score <= 1.0


def test_no_date_or_figure_runs_across_a_line() -> None:
    """A page's lines are cut into sentences, so a line's values are its own: the day of
    "Nov 22" is not read into the line before, nor "March" with the next line's year."""
    text = "Fall 2018, Nov 12-18\nNov 22, 15:00\nPublished in March\n2024 figures: 5\nmillion"
    dates = [(d.month, d.day, d.year, text[d.start : d.end]) for d in find_dates(text)]
    assert dates == [(11, 12, None, "Nov 12"), (11, 22, None, "Nov 22")]
    assert 5e6 not in values(text) and 5.0 in values(text)
    assert values("5\nmillion") == [5.0] and values("5 million") == [5e6]


def test_figures_keep_their_offsets_when_lower_case_moves_characters() -> None:
    """Numbers are matched in lower case; "İ" lowers to two characters, so the text is
    then lowered letter for letter and every offset still points at its figure."""
    text = "İstanbul İzmir: 5 MILLION people, One in FIVE of them, 40 Percent"
    found = find_quantities(text)
    assert [(q.value, text[q.start : q.end]) for q in found] == [
        (5e6, "5 MILLION"), (40.0, "40 Percent"), (20.0, "FIVE")]
    assert [q.percent for q in found] == [False, True, True]


def test_a_letter_that_only_matches_case_blind_is_not_a_scale() -> None:
    """"million" written with a dotless i matched case-blind and then missed the scale
    table; numbers are now matched in lower case, where it is no scale word at all."""
    assert values("5 m\u0131ll\u0131on people") == [5.0]


def test_the_word_no_ends_a_page_sentence() -> None:
    text = "A vote follows if Calder Vale votes no. Calder Vale students vote in May. See No. 4."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "A vote follows if Calder Vale votes no.", "Calder Vale students vote in May.",
        "See No. 4."]


def test_a_pages_values_read_once_per_figure_are_the_values_of_every_figure() -> None:
    """``page_quantities`` reads each figure written the same way once; the set of values
    it gives is the one reading every occurrence gives."""
    text = ("Revenue rose 12% to £84.6 million from £75.5 million in 2018-19. Revenue rose 12%\n"
            "again; one in 20 staff left, one in 20 joined, and two of the three sites closed.\n"
            "Two sites, 12 hundred staff, 5 per million and 3,400 jobs; 3,400 jobs on "
            "3 March 2024.")
    skip = [(d.start, d.end) for d in find_dates(text)]
    every = find_quantities(text, skip, every_word=True)
    once = page_quantities(text, skip)
    assert len(once) < len(every)  # repeated figures were read once
    assert QuantitySet.build(once) == QuantitySet.build(every)
    assert {(q.value, q.tolerance, q.percent) for q in once} == {
        (q.value, q.tolerance, q.percent) for q in every}


@pytest.mark.parametrize("block", [0, 1, 3, 1 << 20])
def test_a_number_is_sought_where_one_can_start_and_found_as_the_plain_scan_finds_it(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """``_number_matches`` tries ``_NUMBER_RE`` only after a character that is no part of a
    word or figure, ``_odds`` "one in" only at "1" or "one": they must find exactly what
    trying at every character finds, with the regex scan (``block`` 0) or the numpy one
    a long text gets (in blocks of ``block`` characters), also past ASCII: digits of other
    scripts, blanks, letters."""
    from factcheck import normalize
    from factcheck.normalize import _NUMBER_RE, _ONE_IN_RE, _number_matches, _odds, _scanned
    from factcheck.text import fold_in_place

    if block:
        monkeypatch.setattr(normalize, "_SCAN_FROM", 0)
        monkeypatch.setattr(normalize, "_SCAN_BLOCK", block)
    text = fold_in_place(
        "5 6,7.8 one hundred one in 20, x1 in 3, one-in-four twenty-one per million per cent "
        "5% 3m 2bn seventy five thousand 12th, 1,234,567.89 10% .5 ,5 5,,6 two-thirds half a "
        "dozen %5 a1 often tent someone 4\n5 (7) [eight] \u201cnine\u201d -3 ten-fold "
        "\u0663\u0664 x\u0663 \u00e95 \u00e9one one\u00a0hundred \u2009six\u3000ten forty fort "
        "for\u00e9 thousand\U0001f600 \U0001f6007 \u00b2 \u2167 \u0130\u0130 eleven\x00 "
        "\x00twelve 9"
    )
    numbers = _scanned(text)[0]
    assert (numbers is None) == (block == 0)
    plain = [(m.span(), m.groupdict()) for m in _NUMBER_RE.finditer(text)]
    assert len(plain) > 35
    assert [(m.span(), m.groupdict()) for m in _number_matches(text, numbers)] == plain
    odds_text = text + " .1 in 5, \u00e91 in 4 one\u00a0in every 7 (1 in 30) xone in 6 1 in 1"
    plain_odds = [m.span("n") for m in _ONE_IN_RE.finditer(odds_text)]
    assert len(plain_odds) == 5
    assert [(q.start, q.end) for q in _odds(odds_text, _scanned(odds_text)[1])] == [
        span for span in plain_odds if span != plain_odds[-1]]  # "1 in 1" is no rate


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("on 5   of   May 2020 it", ["5   of   May 2020"]),
        ("3 of 5 May", ["5 May"]),
        ("1 May 2 June", ["1 May", "2 June"]),
        ("May 5, June 6", ["May 5", "June 6"]),
        ("the 4th of July, 1776", ["4th of July, 1776"]),
        ("12th\tOctober 2019", ["12th\tOctober 2019"]),
        ("5 May\n2020", ["5 May"]),
        ("Dec. 4, 2019 and Decade 4", ["Dec. 4, 2019"]),
        ("a 15 May20201 b", []),
        ("x2020-03-04 and 2020-03-04", ["2020-03-04"]),
    ],
)
def test_dates_are_found_from_the_names_of_months(text: str, found: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_dates(text)] == found


def test_a_number_written_out_to_the_unit_is_one_figure() -> None:
    """"One hundred and eighty-six" is 186, exact, as a page opening a sentence writes it;
    read as "one hundred" (100, give or take 50) and "eighty-six", a claim of 186 looked
    contradicted. "Two hundred and three hundred" stays two figures."""
    def read(text: str) -> list[tuple[float, float]]:
        return [(q.value, q.tolerance) for q in find_quantities(text, every_word=True)]

    assert read("One hundred and eighty-six objects will travel.") == [(186.0, 0.0)]
    assert read("a hundred and twenty days") == [(120.0, 0.0)]
    assert read("nine hundred and ninety-nine seats") == [(999.0, 0.0)]
    assert read("between two hundred and three hundred") == [(200.0, 50.0), (300.0, 50.0)]
    assert read("two hundred people") == [(200.0, 50.0)]
    assert read("one hundred and twenty five families") == [(125.0, 0.0)]
    assert read("one hundred and twenty  five families") == [(125.0, 0.0)]
    # An ordinal's or a rough figure's tens are not the figure's; nor are tens before a
    # scale, which are not composed ("one hundred and twenty five thousand").
    assert (120.0, 0.0) not in read("the one hundred and twenty-first anniversary")
    assert (150.0, 0.0) not in read("a hundred and fifty-odd people")
    assert (120.0, 0.0) not in read("one hundred and twenty five thousand")
    assert [q.value for q in page_quantities("One hundred and eighty-six objects")] == [186.0]
    # Its length of time is the whole figure's.
    [q] = find_quantities("two hundred and fifty years", every_word=True)
    assert q.span == find_quantities("250 years")[0].span
