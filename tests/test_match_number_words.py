"""Small numbers written as words are values when they count a noun ("five years")."""

from __future__ import annotations

from factcheck import models
from factcheck.config import Config
from factcheck.match import default_scorer, verdict_for
from factcheck.normalize import find_quantities

CONFIG = Config()

PAGE = models.Document(
    title="Harbour museum wins digitisation grant",
    paragraphs=(
        "The Harbour Museum has received a $1.5 million grant from the state arts council.",
        "The money will pay for digitising 40,000 objects over three years, the museum said.",
        "Two of the museum's galleries will close for nine months while the work is done.",
    ),
)


def assess(claim: str) -> models.Assessment:
    return default_scorer(CONFIG).assess(claim, [("1", PAGE)])


def values(text: str) -> list[float]:
    return [q.value for q in find_quantities(text)]


def test_a_number_word_counting_a_noun_is_a_value() -> None:
    assert values("over five years") == [5.0]
    assert values("three new missions") == [3.0]
    assert values("a dozen rockets") == [12.0]
    assert values("three 40-minute sessions a week") == [3.0, 40.0]


def test_ordinary_uses_of_number_words_are_not_values() -> None:
    assert values("two of the galleries") == []
    assert values("two-thirds of voters") == []
    assert values("between two and three") == []
    assert values("one museum") == []
    assert values("the final three frames") == []  # part of a larger set
    assert values("a Formula Three race") == []  # part of a name


def test_a_changed_count_in_words_is_contradicted() -> None:
    a = assess("The grant will pay for digitising 40,000 objects over five years.")
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert dict(a.parts)["contradicted_values"] == 1.0


def test_the_same_count_in_words_or_digits_is_supported() -> None:
    for claim in (
        "The grant will pay for digitising 40,000 objects over three years.",
        "The grant will pay for digitising 40,000 objects over 3 years.",
        "Two galleries will close for nine months while the work is done.",
    ):
        a = assess(claim)
        assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED, claim
        assert dict(a.parts)["contradicted_values"] == 0.0, claim


def test_a_number_word_a_comparison_sets_against_a_figure_is_a_claims_value() -> None:
    """"Compared with three in 2024": the claim's figure, though no noun follows it; a
    page's text read for its figures alone leaves it a word, as before."""
    claim = "nine notices so far in 2025, compared with three in the whole of 2024"
    assert [q.value for q in find_quantities(claim, compared=True)] == [9.0, 2025.0, 3.0,
                                                                          2024.0]
    assert 3.0 not in values(claim)
    notices = models.Document(title="Scrutiny committee", paragraphs=(
        "The council's environmental health team has served nine improvement notices on "
        "Wendale properties so far in 2025, compared with two in the whole of 2024.",))
    wrong = ("The council's environmental health team has served nine improvement notices "
             "on Wendale properties so far in 2025, compared with three in the whole of 2024.")
    a = default_scorer(CONFIG).assess(wrong, [("1", notices)])
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    right = wrong.replace("three", "two")
    b = default_scorer(CONFIG).assess(right, [("1", notices)])
    assert verdict_for(b.score, CONFIG) is models.Verdict.SUPPORTED


def test_a_number_word_at_an_end_of_a_change_is_a_claims_value() -> None:
    """"Fell from six to three", "merged into seven": both ends of a change are figures
    the page must state, though no noun follows them."""
    assert [q.value for q in find_quantities(
        "weekday sailings have fallen from six to three", compared=True)] == [6.0, 3.0]
    assert 7.0 in [q.value for q in find_quantities(
        "the bulletins will be merged into seven", compared=True)]
    ferries = models.Document(title="Winter timetable", paragraphs=(
        "On the Harwell to Dunmoor route, weekday return sailings will drop from six to "
        "four over the winter.",))
    for claim, verdict in (
        ("On the Harwell to Dunmoor route, weekday return sailings will fall from six to "
         "three over the winter.", models.Verdict.NOT_SUPPORTED),
        ("On the Harwell to Dunmoor route, weekday return sailings will fall from six to "
         "four over the winter.", models.Verdict.SUPPORTED),
    ):
        a = default_scorer(CONFIG).assess(claim, [("1", ferries)])
        assert verdict_for(a.score, CONFIG) is verdict, claim


def test_a_number_word_taking_part_of_a_counted_whole_is_a_claims_value() -> None:
    """"Nine of the 118 breaches", "four of them": the claim's figure, which the page
    must give to the same party; "one of the largest" ranks and is not read."""
    assert 9.0 in [q.value for q in find_quantities("responsible for nine of the 118 breaches",
                                                   compared=True)]
    assert 4.0 in [q.value for q in find_quantities("19 vacancies, four of them in maths",
                                                   compared=True)]
    assert 1.0 not in [q.value for q in find_quantities("one of the largest of its 12 sites",
                                                       compared=True)]
    # "Seven of those patients", "eight of the people": a part the page must count.
    for part, value in (("Seven of those patients have left", 7.0),
                        ("eight of the people killed", 8.0)):
        assert value in [q.value for q in find_quantities(part, compared=True)]
    # A rate's denominator is no part ("three in five of", "three out of five of"), nor a
    # number in a name or a selection; a preposition "in" before a figure is no rate.
    for text in ("three in five of the new homes", "Three out of five of the new homes",
                 "Chapter Seven of the Act", "the top three of the teams"):
        assert [q.value for q in find_quantities(text, compared=True)] == [], text
    assert 2.0 in [q.value for q in find_quantities("cancelled in two of the 10 schools",
                                                   compared=True)]
    # "The two of them", "all three of them": the whole group, not a part of it.
    assert find_quantities("The two of them founded the firm", compared=True) == []
    assert find_quantities("all three of them left the board", compared=True) == []
    page = models.Document(title="Noise report", paragraphs=(
        "Harlow Air accounted for 27 of the 96 breaches, more than any other airline, while "
        "Fenmark Jet accounted for six.",))
    wrong = "Harlow Air was responsible for six of the 96 breaches."
    a = default_scorer(CONFIG).assess(wrong, [("1", page)])
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    right = "Harlow Air was responsible for 27 of the 96 breaches."
    b = default_scorer(CONFIG).assess(right, [("1", page)])
    assert verdict_for(b.score, CONFIG) is models.Verdict.SUPPORTED
    # "Seven of those patients" is not the page's nine; a number word above ten is the
    # same figure as the page's digits.
    for written, claim, supported in (("Nine", "Seven", False), ("Nine", "Nine", True),
                                      ("12", "Twelve", True)):
        trial = models.Document(title="Trial pause", paragraphs=(
            f"The hospital had enrolled 27 patients in the study. {written} of those 27 "
            "patients have left the trial since the hold, its investigator said.",))
        a = default_scorer(CONFIG).assess(
            f"{claim} of those patients have left the trial since the hold.", [("1", trial)])
        assert (verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED) is supported, claim
