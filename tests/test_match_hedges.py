"""Approximate and bounded figures: "about £97", "just under 5 percent", "more than half"."""

from __future__ import annotations

import pytest

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for
from factcheck.normalize import QuantitySet, find_quantities, hedge

CONFIG = Config()

BUDGET = models.Document(
    title="Dunmore council sets its budget",
    paragraphs=(
        "Dunmore Borough Council approved its budget on Tuesday by 28 votes to 12.",
        "Council tax will increase by 4.99%, of which 2% is ring-fenced for adult social care. "
        "The bill for a Band D property will rise to £1,912.40 a year, an increase of £91.27.",
        "Side effects were rare: about one in 20 recipients reported a sore arm.",
        "Overflow discharges at the pumping station fell from 1,030 hours in 2024 to 412 hours.",
        "The scheme vaccinated 4,812 babies in its first season.",
    ),
)


def assess(claim: str) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", BUDGET)])


def verdict(claim: str) -> models.Verdict:
    return verdict_for(assess(claim).score, CONFIG)


def bounds(text: str) -> tuple[float | None, float | None]:
    q = hedge(text, find_quantities(text)[0], CONFIG.approx_tolerance, CONFIG.bound_reach)
    return q.low, q.high


def test_qualifiers_give_bounds() -> None:
    # "About" reaches one step of the last digit stated, at most a tenth of the value.
    assert bounds("about £97") == (96.0, 98.0)
    assert bounds("about 40 per cent") == (36.0, 44.0)
    assert bounds("roughly 650 jobs") == (600.0, 700.0)
    assert bounds("some 3,400 homes") == (3300.0, 3500.0)
    assert bounds("about 8.7 million") == (8.55e6, 8.85e6)
    assert bounds("just under 5 percent") == (4.5, 5.0)
    assert bounds("more than 4,800") == (4800.0, 7200.0)
    assert bounds("fewer than 30") == (15.0, 30.0)
    assert bounds("exactly 97") == (None, None)
    # A stated limit is an exact figure, not an approximation.
    assert bounds("up to $3,000") == (None, None)


def test_one_in_twenty_is_five_percent() -> None:
    page = QuantitySet.build(find_quantities("about one in 20 recipients"))
    claim = "reactions in about 5% of recipients"
    q = hedge(claim, find_quantities(claim)[0], 0.1, 0.5)
    assert page.backs(q)
    assert not page.backs(hedge("about 9%", find_quantities("about 9%")[0], 0.1, 0.5))


def test_hedged_figures_that_fit_are_not_contradicted() -> None:
    for claim in (
        "Council tax will rise by just under 5 percent.",
        "A Band D household will pay about £91 more a year.",
        "More than 4,800 babies were vaccinated in the first season.",
        "About 5% of recipients reported a sore arm.",
        "Overflow discharges were cut by more than half, to 412 hours.",
    ):
        a = assess(claim)
        assert dict(a.parts)["contradicted_values"] == 0.0, claim
        assert verdict_for(a.score, CONFIG) is not models.Verdict.NOT_SUPPORTED, claim


def test_hedged_figures_that_do_not_fit_are_still_contradicted() -> None:
    for claim in (
        "Council tax will rise by just under 4 percent.",
        "A Band D household will pay about £140 more a year.",
        "A Band D household will pay about £94 more a year.",  # £91.27 is not about £94
        "More than 5,000 babies were vaccinated in the first season.",
        "Overflow discharges were cut by more than 70 percent, to 412 hours.",
    ):
        a = assess(claim)
        assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED, claim
    a = assess("Council tax will rise by just under 4 percent.")
    assert dict(a.parts)["contradicted_values"] == 1.0


def test_an_approximate_percentage_needs_a_percentage() -> None:
    # The page's "£91.27" lies within "more than 70 percent" but is not a percentage.
    a = assess("Overflow discharges were cut by more than 70 percent, to 412 hours.")
    assert dict(a.parts)["missing_values"] == 1.0


def test_an_approximate_figure_is_no_closer_than_its_own_digits() -> None:
    """A figure rounded from the page's is backed; one no rounding of it gives is not,
    however close ("some 41 per cent" where the page says 38)."""
    page = QuantitySet.build(find_quantities("they supply 38 per cent of all donated food"))
    for claim, backed in (("some 41 per cent", False), ("about 40 per cent", True),
                          ("nearly 36 per cent", False), ("about 38 per cent", True)):
        q = hedge(claim, find_quantities(claim)[0], CONFIG.approx_tolerance, CONFIG.bound_reach)
        assert page.backs(q) is backed, claim
    page = QuantitySet.build(find_quantities("The scheme vaccinated 4,812 babies."))
    assert page.backs(hedge("about 4,800", find_quantities("about 4,800")[0], 0.1, 0.5))
    assert not page.backs(hedge("about 4,950", find_quantities("about 4,950")[0], 0.1, 0.5))


def _checked(page: models.Document, claim: str) -> tuple[float, models.Verdict]:
    """The claim's contradicted-values signal and verdict against one page."""
    a = default_scorer(CONFIG).assess(claim, [("1", page)])
    return dict(a.parts)["contradicted_values"], verdict_for(a.score, CONFIG)


HALLS = models.Document(
    title="Students wait for rooms",
    paragraphs=(
        "The students' union says 420 students are on the waiting list for a room in "
        "university halls. The university says it plans to add 600 bed spaces by 2027 "
        "through a partnership with a private developer.",
    ),
)


def test_an_approximate_figure_is_not_cleared_by_the_same_figure_counting_else() -> None:
    """"Some 600 students" is not backed by "600 bed spaces" in the window when the
    window counts the students with another figure; "about 420 students" is."""
    assert _checked(HALLS, "Some 600 students are waiting for a room in university halls.") == (
        1.0, models.Verdict.NOT_SUPPORTED)
    assert _checked(HALLS, "About 420 students are waiting for a room in university halls.") == (
        0.0, models.Verdict.SUPPORTED)


LETTERS = models.Document(
    title="Airport extension goes to committee",
    paragraphs=(
        "The applicant estimates that the works would support 1,100 construction jobs. "
        "Officers had received 1,840 letters of objection and 312 letters of support.",
    ),
)


def test_a_figure_counting_something_else_on_the_page_is_contradicted() -> None:
    """The page's 1,840 counts letters of objection; its letters of support number 312."""
    moved = "Council officers received 1,840 letters of support for the plan."
    assert _checked(LETTERS, moved) == (1.0, models.Verdict.NOT_SUPPORTED)
    for faithful in ("Council officers received 312 letters of support for the plan.",
                     "Council officers received 1,840 letters of objection to the plan."):
        assert _checked(LETTERS, faithful)[0] == 0.0, faithful


DEPOTS = models.Document(
    title="Tram depots to be rebuilt",
    paragraphs=(
        "The tram operator will spend 40 million marks rebuilding its depots. "
        "Harwick Lane depot currently stores 36 of the operator's 90 trams, all of them "
        "high-floor models. Saltbridge depot stores 28 and Quayside depot 26.",
        "Fares at Ostervale Transit rise to 2.40 marks a trip, and at Kell Lines 2.10 marks.",
    ),
)


def test_a_figure_the_page_gives_another_place_is_contradicted() -> None:
    """The page has 28 trams, but at Saltbridge: Harwick Lane's figure, among the
    claim's words, is 36. The figure the claim moved is named."""
    moved = "Harwick Lane depot currently stores 28 of the operator's 90 trams."
    a = default_scorer(CONFIG).assess(moved, [("1", DEPOTS)])
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert "28" in [s.text for s in a.unsupported_spans]
    assert _checked(DEPOTS, "Fares at Ostervale Transit will rise to 2.10 marks a trip.")[0] == 1.0
    for faithful in ("Harwick Lane depot currently stores 36 of the operator's 90 trams.",
                     "Saltbridge depot stores 28 trams and Quayside depot 26."):
        assert _checked(DEPOTS, faithful) == (0.0, models.Verdict.SUPPORTED), faithful
    assert _checked(DEPOTS, "Fares at Kell Lines will rise to 2.10 marks a trip.")[0] == 0.0


def test_a_figure_of_another_clause_is_not_in_the_claims_place() -> None:
    """The page's "1.9 billion" is in the clause after the comma, received in
    contributions: the words before the comma ("to about 127,000 pensioners") are the
    other figure's, and do not place it as paid in pensions."""
    fund = models.Document(title="Pension fund", paragraphs=(
        "The Harlow fund has 312,000 members. It paid Kr 2.3 billion in pensions during the "
        "year to about 127,000 pensioners, and received Kr 1.9 billion in contributions "
        "from its 185,000 working members and their employers.",))
    moved = "In 2024 the Harlow fund paid Kr 1.9 billion in pensions to about 127,000 pensioners."
    assert _checked(fund, moved) == (1.0, models.Verdict.NOT_SUPPORTED)
    right = moved.replace("1.9", "2.3")
    assert _checked(fund, right)[0] == 0.0


def test_a_figure_set_off_by_commas_keeps_its_words() -> None:
    """A comma parts a page figure's words only where another figure's clause lies beyond
    it: "spending on agency staff, at £4.2 million, was double that" still says what
    £4.2 million is."""
    spending = models.Document(title="Hospital", paragraphs=(
        "Spending on agency staff at Harlow hospital was £2.1 million in 2022. Last year "
        "spending on agency staff at Harlow hospital, at £4.2 million, was double that.",))
    assert _checked(spending, "Spending on agency staff at Harlow hospital was £4.2 "
                    "million last year.") == (0.0, models.Verdict.SUPPORTED)
    for page in ("At the Leeds depot of Kell Lines, 140 buses are housed.",
                 "The Leeds depot of Kell Lines, the larger, houses 140 buses.",
                 "The Leeds depot of Kell Lines houses, in all, 140 buses."):
        depots = models.Document(title="Depots", paragraphs=(
            "The York depot of Kell Lines houses 90 buses. " + page,))
        assert _checked(depots, "The Leeds depot of Kell Lines houses 140 buses.") == (
            0.0, models.Verdict.SUPPORTED), page


def test_a_figure_beside_the_claims_or_counting_else_is_not_in_its_place() -> None:
    """Two figures of one clause share its words ("70 percent in cash and 30 percent in
    shares"), and "6.2 The closures" counts no branches: neither takes the claim's place."""
    shares = models.Document(title="Deal", paragraphs=(
        "Ostwick Foods agreed to buy the bakery chain Merrin for 80 million crowns. "
        "The price will be paid 70 percent in cash and 30 percent in Ostwick shares.",))
    assert _checked(shares, "Ostwick Foods will pay 70 percent in cash and the rest "
                    "in Ostwick shares for Merrin.")[0] == 0.0
    report = models.Document(title="Library review", paragraphs=(
        "6.1 The proposals were the closure of five branches and shorter opening hours.",
        "6.2 The closures are forecast to save £700,000 a year.",))
    assert _checked(report, "Closing five branches is forecast to save £700,000 a "
                    "year.")[0] == 0.0


def test_a_figure_written_otherwise_is_stated_in_its_place() -> None:
    """The page's own sentence states the claim's figure in other words ("1,500,000" for
    "1.5 million", "4,812" for "about 4,800"): no other figure takes its place."""
    fuel = models.Document(title="Depots", paragraphs=(
        "The northern depot stores 1,500,000 litres of diesel fuel. The southern depot "
        "stores 900,000 litres of diesel fuel.",))
    assert _checked(fuel, "The northern depot stores 1.5 million litres of diesel fuel.") == (
        0.0, models.Verdict.SUPPORTED)
    clinic = models.Document(title="Clinic", paragraphs=(
        "Last winter 4,812 patients attended the walk-in clinic at Fenmoor. The winter "
        "before, 3,900 patients attended the walk-in clinic at Fenmoor.",))
    assert _checked(clinic, "About 4,800 patients attended the walk-in clinic at Fenmoor "
                    "last winter.")[0] == 0.0


def test_a_datelines_date_is_not_the_events() -> None:
    """"LINDHOLM, 9 April 2025" is when the story was written; the event's date is the one
    the story gives it, here the day before."""
    page = models.Document(title="Ferry deal signed", paragraphs=(
        "LINDHOLM, 9 April 2025",
        "The two operators signed the ferry contract in Lindholm on Tuesday, 8 April, after "
        "months of talks, the port authority said.",))
    claim = "The two operators signed the ferry contract in Lindholm on 8 April 2025."
    assert _checked(page, claim) == (0.0, models.Verdict.SUPPORTED)
    assert _checked(page, claim.replace("8 April", "7 April"))[0] > 0.0


def _verdict_on(paragraphs: tuple[str, ...], claim: str) -> models.Verdict:
    return _checked(models.Document(title="Report", paragraphs=paragraphs), claim)[1]


def test_trailing_zeros_state_no_finer_step() -> None:
    """"£3.50" is rounded to halves as "£3.5" is, not to the penny."""
    low, high = bounds("about £3.50")
    assert (low, high) == pytest.approx((3.5 - 0.35 - 0.005, 3.5 + 0.35 + 0.005))
    assert _verdict_on(
        ("The single bus fare will rise from £3.20 to £3.47 in January.",),
        "The single bus fare will rise to about £3.50 in January.",
    ) is models.Verdict.SUPPORTED


def test_an_approximate_figure_within_a_stated_range_is_backed() -> None:
    homes = "The survey estimates that between {} and {} homes in the district are empty."
    for page, claim, backed in (
        (homes.format("4,600", "5,000"), "About 4,800 homes in the district are empty.", True),
        ("Forecasters put growth at 1.9% to 2.3% next year.",
         "Forecasters expect growth of about 2.1% next year.", True),
        ("The repairs will cost between £4.4 million and £5.2 million, the council said.",
         "The repairs will cost about £4.8 million, the council said.", True),
        # Not outside it, nor within a range that says little.
        (homes.format("4,600", "5,000"), "About 5,400 homes in the district are empty.", False),
        (homes.format("1,000", "9,000"), "About 4,800 homes in the district are empty.", False),
    ):
        got = _verdict_on((page,), claim)
        assert (got is models.Verdict.SUPPORTED) is backed, (page, claim, got)


def test_a_figure_the_page_states_in_other_words_is_not_moved() -> None:
    """The page's 4,812 is a total in other words, the 3,900 beside it another winter's;
    "4,000 people over the weekend" names nothing the claim does not say."""
    for page, claim in (
        ("Last winter's total of 4,812 was a record for the emergency department. "
         "The winter before, 3,900 patients attended.",
         "About 4,800 patients attended the emergency department last winter."),
        ("This year's festival drew 4,000 people over the weekend, the organisers said. "
         "Last year 3,500 people attended.",
         "4,000 people attended this year's festival."),
    ):
        assert _verdict_on((page,), claim) is models.Verdict.SUPPORTED, claim


def test_figures_whose_words_are_only_reworded_are_not_contradicted() -> None:
    """The claim's own way round; verbs exchanged for synonyms; one holder in two words
    ("the works", "Harrowgate"); one holder at two times ("420 pounds next season, up from
    380"); two figures side by side; words between the two figures, which may be said of
    either."""
    for page, claim in (
        ("A day ticket at the museum costs 14 euros, compared with 9 euros at the Varrow "
         "Gallery.",
         "A day ticket at the museum costs 14 euros, against 9 euros at the Varrow Gallery."),
        ("Kelby Airport handled 2.1 million passengers in 2024, 8 per cent more than the "
         "1.95 million it served in 2023.",
         "Kelby Airport served 2.1 million passengers in 2024, 8 per cent more than the "
         "1.95 million it handled in 2023."),
        ("Kiln 2 is the larger of the two kilns at Harrowgate, firing about 1.4 million "
         "bricks a month, or 60 per cent of the works' output.",
         "Kiln 2 is the larger of the works' two kilns, firing about 1.4 million bricks a "
         "month, or 60 per cent of Harrowgate's output."),
        ("A season ticket will cost 420 pounds next season; this year Harwell Rovers "
         "charged 380 pounds.",
         "Harwell Rovers will charge 420 pounds next season, up from 380 pounds for a season "
         "ticket this year."),
        ("Harwell Water increased its repair crews to 90 staff from 64.",
         "Harwell Water increased its repair crews from 64 to 90 staff."),
        ("Around 150 farmers drove 60 tractors to the Orrin depot and blocked its entrance "
         "for nine hours.",
         "About 150 farmers using 60 tractors blocked the Orrin depot entrance for nine "
         "hours."),
    ):
        page_doc = models.Document(title="Figures", paragraphs=(page,))
        assert _checked(page_doc, claim)[0] == 0.0, claim


def test_over_a_period_after_an_amount_is_no_bound() -> None:
    """"£8.5 million over four years" spreads the money over four years: the four is
    exact, and the page's "over five years" does not back it. "For over five years"
    with no amount before it is still "more than five"."""
    def period(text: str) -> tuple[float | None, float | None]:
        q = find_quantities(text)[-1]
        h = hedge(text, q, CONFIG.approx_tolerance, CONFIG.bound_reach)
        return h.low, h.high

    assert period("a budget of £8.5 million over four years") == (None, None)
    assert period("a grant of 12 million crowns paid over three years") == (None, None)
    assert period("she has lived in the town for over five years")[0] == 5.0
    page = models.Document(title="Noise", paragraphs=(
        "The noise scheme has a budget of £8.5 million over five years.",))
    assert _checked(page, "The noise scheme has a budget of £8.5 million over four "
                    "years.")[1] is models.Verdict.NOT_SUPPORTED
    assert _checked(page, "The noise scheme has a budget of £8.5 million over five "
                    "years.")[1] is models.Verdict.SUPPORTED
