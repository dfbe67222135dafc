"""Which uncited sentences need a citation (number words, attribution, negation) and which never.

Table-driven: each sentence was written for the rule it exercises. Then the
standfirst rule: a lead that repeats sentences cited later is not a separate
uncited claim (it is kept as an ignored claim that says which ones it repeats).
"""

from __future__ import annotations

import pytest

from factcheck.claims import CheckWorthiness
from factcheck.draft import parse_draft

NEEDS: list[tuple[str, str]] = [
    # Numbers written as words
    ("Inspectors made two inspections before the fire.", "number"),
    ("Forty-two properties were flooded overnight.", "number"),
    ("The council has closed a dozen libraries.", "number"),
    ("Three new stations opened on the line.", "number"),
    ("The club signed eleven players over the summer.", "number"),
    ("Twenty-five schools will share the grant.", "number"),
    ("Half a million passengers used the ferry.", "number"),
    # Attributed statements
    ("A spokesperson said the line would reopen soon.", "attribution"),
    ("According to the ministry, waiting times have fallen.", "attribution"),
    ("Police said the driver had been arrested.", "attribution"),
    ("Officials told reporters the bridge was safe.", "attribution"),
    ("The company confirmed that the plant will close.", "attribution"),
    ("Analysts warned that prices could keep rising.", "attribution"),
    ("The report found that most tenants pay more.", "attribution"),
    ("Researchers say the vaccine protects older adults.", "attribution"),
    # Factual negations
    ("The council did not publish the audit.", "negation"),
    ("The company has never paid a dividend.", "negation"),
    ("No charges were filed against the driver.", "negation"),
    ("The regulator didn't approve the merger.", "negation"),
    ("None of the sensors recorded the tremor.", "negation"),
    ("The bridge was not inspected after the storm.", "negation"),
    ("The operator no longer runs night services.", "negation"),
]

EXEMPT: list[str] = [
    # Contact lines
    "Contact the newsdesk at news@example.org or on 020 7946 0000.",
    "For more information call 0800 123 4567.",
    "Email tips to tips@example.org.",
    "Follow us on social media for updates in 2026.",
    # Notes on conventions
    "Money figures are nominal.",
    "All figures are in 2024 US dollars.",
    "Percentages may not add up to 100 because of rounding.",
    "Times are local and dates are in 2025 unless stated.",
    "Unless otherwise stated, amounts are in euros and rounded to the nearest million.",
    # First-person opinion
    "I think the 2024 budget was a mistake.",
    "We believe the council has spent 40% too much.",
    "In my view the club's best years are behind it.",
    "I don't think the plan will work.",
    # Instructions
    "Call 0800 123 4567 to book a seat.",
    "Visit the library before 9pm on weekdays.",
    "See the table below for the 2024 figures.",
    "Sign up for the newsletter to get three stories a week.",
    "Click here to read the full 40-page report.",
    # Still not claims
    "The team said it was happy.",
    "This is wonderful news.",
]


@pytest.mark.parametrize(("sentence", "reason"), NEEDS, ids=[s for s, _ in NEEDS])
def test_needs_a_citation(sentence: str, reason: str) -> None:
    assert reason in CheckWorthiness().reasons(sentence)


@pytest.mark.parametrize("sentence", EXEMPT)
def test_needs_no_citation(sentence: str) -> None:
    assert CheckWorthiness().reasons(sentence) == ()


def test_new_signals_can_be_switched_off() -> None:
    rules = CheckWorthiness(signals=("number",))
    assert rules.reasons("Police said the driver had been arrested.") == ()
    assert rules.reasons("The council did not publish the audit.") == ()
    assert rules.reasons("Forty-two properties were flooded overnight.") == ("number",)


STANDFIRST = """# Council caps rents on new-build flats

Eastbury will limit annual rent rises on 2,300 new-build flats to 3 per cent.

Eastbury council voted 31 to 12 on Wednesday to limit annual rent rises on new-build flats to \
3 per cent [1]. The cap covers about 2,300 homes completed since 2020 [2].

## Sources

1. Minutes. https://e.example/minutes
2. Policy. https://e.example/policy
"""


def test_standfirst_repeating_cited_sentences_is_not_a_separate_claim() -> None:
    draft = parse_draft(STANDFIRST, "d.md")
    lead = next(c for c in draft.claims if c.text.startswith("Eastbury will limit"))
    assert not lead.citations and lead.ignored is not None
    assert "C2" in lead.ignored and "C3" in lead.ignored
    assert [c.id for c in draft.claims if c.citations] == ["C2", "C3"]


def test_standfirst_with_a_new_figure_still_needs_a_citation() -> None:
    text = STANDFIRST.replace("on 2,300 new-build flats", "on 4,100 new-build flats")
    draft = parse_draft(text, "d.md")
    lead = next(c for c in draft.claims if c.text.startswith("Eastbury will limit"))
    assert lead.ignored is None and lead.check_worthy


def test_a_sentence_after_the_first_citation_is_no_standfirst() -> None:
    text = STANDFIRST.replace(
        "3 per cent [1]. The cap", "3 per cent [1]. Eastbury will limit annual rent rises on "
        "new-build flats to 3 per cent. The cap")
    draft = parse_draft(text, "d.md")
    repeated = [c for c in draft.claims if c.text.startswith("Eastbury will limit")]
    assert repeated[1].ignored is None and repeated[1].check_worthy
