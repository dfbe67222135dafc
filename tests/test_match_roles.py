"""Role swaps: the right words on the page, bound to someone else ("role_mismatch")."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for
from factcheck.match.signals.relations import _bindings
from factcheck.text import tokenize

CONFIG = Config()

HOSPITAL = models.Document(
    title="Winter asthma clinic cuts emergency visits",
    paragraphs=(
        "The clinic was set up by Dr Leona Farris, consultant respiratory physician at "
        "Harlow Royal Infirmary.",
        "The results were analysed by Dr Pieter Maas, a statistician at the regional health "
        "authority.",
        "The authority's chief executive, Mark Eddows, thanked the nursing staff.",
        '"This is a model for other wards," said Dr Janet Hale, the authority\'s chief '
        "nursing officer.",
        "Councillor Ravi Sood, who chairs the council's health committee, welcomed the results.",
    ),
)


def assess(claim: str) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", HOSPITAL)])


def mismatch(claim: str) -> float:
    return dict(assess(claim).parts)["role_mismatch"]


def test_bindings_of_a_sentence() -> None:
    found = _bindings(tokenize("The authority's chief executive, Mark Eddows, thanked them."))
    assert [(b.name, b.role[-1]) for b in found] == [(("mark", "eddows"), "execut")]
    # A relation or a preposition binds no role.
    assert _bindings(tokenize("the seat held by his father, Don Bell, since 2010")) == []
    assert _bindings(tokenize("the chief supporters of Henry Tudor")) == []


def test_a_role_the_page_gives_someone_else() -> None:
    a = assess("The clinic was set up by statistician Dr Leona Farris.")
    assert dict(a.parts)["role_mismatch"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert mismatch("Dr Janet Hale, the authority's chief executive, praised the clinic.") == 1.0
    assert mismatch("Chief executive Janet Hale thanked the nursing staff.") == 1.0


def test_another_committee_of_the_same_person() -> None:
    a = assess("Councillor Ravi Sood chairs the council's planning committee.")
    assert dict(a.parts)["role_mismatch"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED


def test_the_right_roles_do_not_fire() -> None:
    for claim in (
        "The clinic was set up by respiratory physician Dr Leona Farris.",
        "Dr Janet Hale, the authority's chief nursing officer, praised the clinic.",
        "Councillor Ravi Sood chairs the council's health committee.",
        "The results were analysed by statistician Dr Pieter Maas.",
        # Not a role the page binds to anyone: nothing to contradict.
        "The clinic was set up by Dr Leona Farris, a keen cyclist.",
    ):
        assert mismatch(claim) == 0.0, claim
