"""A superlative a page does not make caps the verdict: any "the <adj>-est", and
"ever", "on record", "in history" or "of all time" after one."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for

CONFIG = Config()

PAGE = models.Document(
    title="Lander reaches the lunar south pole",
    paragraphs=(
        "The Selene-3 lander, weighing 1,840 kilograms, touched down near the lunar south "
        "pole on Tuesday, the agency said.",
        "Active listings in the region reached 4,260 at the end of September, the highest "
        "level since 2019.",
        "The agency's interest in the polar ice goes back a decade.",
    ),
)

ALL_TIME = models.Document(
    title="Listings hit a record",
    paragraphs=(
        "Active listings in the region reached 4,260 at the end of September, the highest "
        "level ever recorded.",
    ),
)


def assess(claim: str, page: models.Document = PAGE) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", page)])


def unbacked(claim: str, page: models.Document = PAGE) -> float:
    return dict(assess(claim, page).parts)["unbacked_superlatives"]


def test_any_est_superlative_the_page_does_not_make_is_unbacked() -> None:
    claim = "Selene-3 is the heaviest lander to touch down near the lunar south pole."
    assert unbacked(claim) == 1.0
    assert verdict_for(assess(claim).score, CONFIG) is not models.Verdict.SUPPORTED


def test_an_all_time_intensifier_the_page_does_not_make_is_unbacked() -> None:
    claim = (
        "Active listings reached 4,260 at the end of September, the highest level on record."
    )
    assert unbacked(claim) == 1.0
    assert verdict_for(assess(claim).score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    # The same claim against a page that does rank over all time.
    assert unbacked(claim, ALL_TIME) == 0.0
    assert verdict_for(assess(claim, ALL_TIME).score, CONFIG) is models.Verdict.SUPPORTED


def test_backed_superlative_and_est_words_that_are_not_superlatives() -> None:
    assert unbacked("Active listings reached 4,260, the highest level since 2019.") == 0.0
    assert unbacked("The agency's interest in the polar ice goes back a decade.") == 0.0
    # "ever" without a superlative before it is not a ranking.
    assert unbacked("The lander touched down near the lunar south pole, if ever.") == 0.0
