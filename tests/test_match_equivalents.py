"""Equivalent forms that must not downgrade a faithful claim: EUR and €, t/ha, twelve months,
lengths of time in other units."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for
from factcheck.text import content_stems, stem

CONFIG = Config()

PAGE = models.Document(
    title="Grain market report",
    paragraphs=(
        "Feed barley traded at €188 a tonne on the Nordhafen exchange, up from €161 a year "
        "earlier.",
        "Average yields fell to 5.4 tonnes per hectare, from 6.2 tonnes in 2025.",
        "Bread prices rose 7.2 percent in the year to August, the fastest rate since 2022.",
        "The co-operative has run the Nordhafen grain store for 20 years, and its dryers are "
        "serviced for about 30 minutes every week.",
    ),
)


def verdict(claim: str) -> models.Verdict:
    return verdict_for(default_scorer(CONFIG).assess(claim, [("1", PAGE)]).score, CONFIG)


def test_currency_code_is_backed_by_its_symbol() -> None:
    assert stem("eur") in content_stems("traded at €188")
    assert stem("gbp") not in content_stems("traded at €188")
    assert verdict("Feed barley traded at EUR 188 a tonne on the Nordhafen exchange.") is (
        models.Verdict.SUPPORTED
    )


def test_unit_abbreviation_is_its_name() -> None:
    assert stem("ha") == stem("hectares")
    assert verdict("Average yields fell to 5.4 t/ha, from 6.2 tonnes in 2025.") is (
        models.Verdict.SUPPORTED
    )


def test_twelve_months_is_a_year() -> None:
    assert verdict("Bread prices rose 7.2 percent in the twelve months to August.") is (
        models.Verdict.SUPPORTED
    )
    # Another count of months is still a figure the page must state.
    assert verdict("Bread prices rose 7.2 percent in the 18 months to August.") is not (
        models.Verdict.SUPPORTED
    )


def test_a_length_of_time_in_other_units_is_the_same_figure() -> None:
    for claim in ("The co-operative has run the Nordhafen grain store for two decades.",
                  "The dryers at the Nordhafen grain store are serviced for about half an hour "
                  "every week."):
        assert verdict(claim) is not models.Verdict.NOT_SUPPORTED, claim
    # Another length is still a changed figure.
    assert verdict("The co-operative has run the Nordhafen grain store for three decades.") is (
        models.Verdict.NOT_SUPPORTED
    )


def test_long_pieces_are_stemmed_but_not_kept() -> None:
    """A data URI or a minified script is one long piece: stemmed, never cached."""
    from factcheck import text

    blob = "data:image/png;base64," + "QUJD" * 5_000
    assert stem("scheme") in content_stems(f"The scheme {blob}")
    assert blob.lower() not in text._PIECE_STEMS and "scheme" in text._PIECE_STEMS
