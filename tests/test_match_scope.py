"""Substituted scopes: another level of government, or public for private, on the same noun."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for

CONFIG = Config()

PAGE = models.Document(
    title="Tutoring expansion approved",
    paragraphs=(
        "The expansion will cost $3.1 million and will be paid for with a state reading "
        "grant and the district's own budget.",
        "The new ferry terminal is funded by its owners, the Esk and Tarn county councils.",
        "Pupils at private schools are not eligible for the scheme.",
    ),
)


def assess(claim: str) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", PAGE)])


def scope(claim: str) -> float:
    return dict(assess(claim).parts)["scope_mismatch"]


def test_another_level_on_the_same_noun_is_contradicted() -> None:
    a = assess("The expansion will cost $3.1 million, funded by a federal grant.")
    assert dict(a.parts)["scope_mismatch"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert (
        verdict_for(
            assess("The expansion will cost $3.1 million, funded by a state grant.").score, CONFIG
        )
        is models.Verdict.SUPPORTED
    )


def test_bodies_of_government_are_one_noun() -> None:
    assert scope("The new ferry terminal is paid for by the national government.") == 1.0
    assert scope("The new ferry terminal is paid for by the county councils.") == 0.0
    # "local" is compatible with a county or a city.
    assert scope("The new ferry terminal is funded by its local councils.") == 0.0


def test_public_against_private() -> None:
    assert scope("Pupils at public schools are not eligible for the scheme.") == 1.0
    # A scope on a noun the page gives none says nothing.
    assert scope("Pupils at private colleges are not eligible for the scheme.") == 0.0


def test_scopes_of_two_kinds_do_not_exclude_each_other() -> None:
    page = models.Document(
        title=None,
        paragraphs=("Kell Academy, the local public school, won the state title in 2024.",),
    )
    a = default_scorer(CONFIG).assess(
        "Instead of his local school, he chose Kell Academy.", [("1", page)]
    )
    assert dict(a.parts)["scope_mismatch"] == 0.0
