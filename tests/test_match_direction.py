"""Direction errors that keep the right figures: "dropping to 1.9 m", "66 dB, quieter than 64"."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for
from factcheck.match.claim import analyse
from factcheck.match.signals.values import comparison_against_its_figures

CONFIG = Config()

LAKE = models.Document(
    title="Tarrow Water monitoring report 2025",
    paragraphs=(
        "Algal bloom warnings were issued on 19 days in 2025, down from 37 days in 2024.",
        "Water clarity also improved: the average Secchi depth rose to 2.6 metres from "
        "2.1 metres in 2024.",
        "Volunteers sampled the inflow streams every week during the summer.",
    ),
)
DRYER = models.Document(
    title="Lab test: the Corvane D7 heat-pump dryer",
    paragraphs=(
        "Our testers measured the noise at 67 dB, slightly louder than the 65 dB Corvane claims.",
        "The fluff filter needs cleaning after every cycle, and the water tank holds 5.1 litres.",
    ),
)


def assess(claim: str, doc: models.Document) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", doc)])


def verdict(claim: str, doc: models.Document) -> models.Verdict:
    return verdict_for(assess(claim, doc).score, CONFIG)


def test_a_date_of_the_start_of_a_change_is_not_the_date_of_its_end() -> None:
    page = models.Document(title="Harrowgate Sound Group annual report 2023", paragraphs=(
        "The group published its annual report for the year ended 31 December 2023.",
        "Group revenue rose 12 per cent to £84.6 million, from £75.5 million in 2022.",
    ))
    claim = "The group lifted its revenue by 12 per cent to £84.6 million in {}."
    assert dict(assess(claim.format(2023), page).parts)["contradicted_values"] == 0.0
    assert verdict(claim.format(2021), page) is not models.Verdict.SUPPORTED
    # The year of the start is still read against the start's.
    start = "Group revenue was £75.5 million in {}."
    assert dict(assess(start.format(2022), page).parts)["contradicted_values"] == 0.0


def test_the_start_of_a_change_is_not_its_end() -> None:
    # 2.1 is on the page, but as the "from" value; the "to" value is 2.6.
    a = assess("The average Secchi depth fell to 2.1 metres.", LAKE)
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert verdict("The average Secchi depth rose to 2.6 metres from 2.1 metres.", LAKE) is (
        models.Verdict.SUPPORTED
    )
    assert verdict("The average Secchi depth rose from 2.1 metres.", LAKE) is not (
        models.Verdict.NOT_SUPPORTED
    )


def test_opposite_direction_of_change_conflicts() -> None:
    a = assess("Water clarity worsened, with the average Secchi depth at 2.6 metres.", LAKE)
    assert dict(a.parts)["frame_direction"] == 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert verdict("Water clarity improved: the Secchi depth rose to 2.6 metres.", LAKE) is (
        models.Verdict.SUPPORTED
    )


def test_a_comparison_its_own_figures_contradict() -> None:
    bad = "Testers measured noise at 67 dB, quieter than the claimed 65 dB."
    a = assess(bad, DRYER)
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    good = "Testers measured noise at 67 dB, louder than the claimed 65 dB."
    assert dict(assess(good, DRYER).parts)["contradicted_values"] == 0.0
    # Different units are not compared.
    other = "It weighs 67 kg, lighter than rivals with 65 litre drums."
    assert not comparison_against_its_figures(analyse(other, CONFIG))


def test_a_comparison_with_no_figure_after_than_is_not_read_against_the_next_one() -> None:
    # "than a year earlier" compares with a time; the next figure belongs to another clause.
    for text in (
        "The carrier flew 14.3 million passengers, 9 per cent more than a year earlier, "
        "and filled 87.4 per cent of its seats.",
        "Online sales were 11% higher than a year earlier and now make up 14% of revenue.",
    ):
        assert not comparison_against_its_figures(analyse(text, CONFIG))
    # A figure a few words after "than" is still its object.
    own = "Testers measured noise at 66 dB, quieter than Verdane's claimed 64 dB."
    assert comparison_against_its_figures(analyse(own, CONFIG))


def test_a_frequency_with_another_count() -> None:
    """"Every five cycles" against "after every cycle": the count the page does not state
    is a missing value, named, and the claim is not green (read as a value, not as a
    frequency of its own)."""
    a = assess("The fluff filter needs cleaning every five cycles.", DRYER)
    assert dict(a.parts)["missing_values"] == 1.0
    assert "five" in " ".join(s.text for s in a.unsupported_spans)
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert verdict("The fluff filter needs cleaning after every cycle.", DRYER) is (
        models.Verdict.SUPPORTED
    )
    a = assess("Volunteers sampled the inflow streams every two weeks.", LAKE)
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED


CROPS = models.Document(
    title="Final crop report",
    paragraphs=(
        "Average yields fell to 6.3 tonnes per hectare, from 7.1 tonnes in 2025.",
        "Oat production rose 6 percent to 1.4 million tonnes, helped by a mild spring.",
        "The carrier said it would reduce its Varna service from 14 weekly flights to 10.",
    ),
)


def test_direction_is_read_in_the_sentence_about_the_subject() -> None:
    # "fell" is on the page, but about yields; the oat sentence says rose.
    a = assess("Oat output also fell, by 6%.", CROPS)
    assert dict(a.parts)["frame_direction"] == 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert verdict("Oat output rose by 6%.", CROPS) is models.Verdict.SUPPORTED


def test_increase_against_reduce() -> None:
    a = assess("The carrier will increase its Varna service.", CROPS)
    assert dict(a.parts)["frame_direction"] == 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert dict(assess("The carrier will cut its Varna service.", CROPS).parts)[
        "frame_direction"] == 0.0


def test_a_figure_in_millions_is_one_number_for_its_direction() -> None:
    """"2.9 million" is one figure: another figure's "million" moving the claim's way
    ("dropped to 1.8 million") does not back "slipped to 2.9 million" where the page has
    2.9 million rising."""
    harvest = models.Document(title="Harvest 2024", paragraphs=(
        "Potato production dropped 15% to 1.8 million tonnes.",
        "Sugar beet was the exception, with production rising 4% to 2.9 million tonnes, "
        "helped by late-summer rain.",
    ))
    a = assess("Sugar beet production slipped 4% to 2.9 million tonnes.", harvest)
    assert dict(a.parts)["frame_direction"] >= 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert verdict("Sugar beet production rose 4% to 2.9 million tonnes.", harvest) is (
        models.Verdict.SUPPORTED
    )


def test_a_change_to_a_figure_in_millions_keeps_its_own_figure() -> None:
    """"By 300,000 to 1.5 million": the 300,000 is a figure of its own, not part of the
    1.5 million, so "fell by 300,000" against it is still a reversed direction."""
    from factcheck.config import Config as _Config
    from factcheck.match.parser import Parser

    moves = Parser(_Config(use_cache=False)).sentences(
        ["Visitors rose by 300,000 to 1.5 million."])[0].moves
    assert any(v == "1.5 million" for v, _ in moves)
    assert not any("300000" in v and "million" in v for v, _ in moves)
