"""The matcher: verdicts, evidence, unsupported spans, combination and monotonicity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import models
from factcheck.config import Config
from factcheck.match import (
    DEFAULT_WEIGHTS,
    FEATURES,
    Blend,
    LexicalScorer,
    Scorer,
    default_scorer,
    verdict_for,
)
from factcheck.match.model import explain

CONFIG = Config()

HARBOUR = models.Document(
    title="Port of Brellin opens new container terminal",
    paragraphs=(
        "Home | News | Business | Contact",
        "Published 14 March 2025",
        "The Port of Brellin opened its new container terminal on Thursday, the harbour "
        "authority said. The terminal cost 240 million euros and can handle 1.2 million "
        "containers a year.",
        "Harbour director Ilse Varga said the expansion would create about 600 jobs. "
        'She called the project "the biggest change to the waterfront in a century".',
        "Construction began in 2021 and was delayed by flooding in the autumn of 2023.",
        "The authority does not expect cruise traffic to grow.",
    ),
)

SCHOOL = models.Document(
    title="Lakeview school board approves budget",
    paragraphs=(
        "The Lakeview school board voted 7 to 2 on Monday to approve a budget of 18.4 million "
        "dollars for the coming year.",
        "The budget adds twelve teaching posts and renovates the gymnasium.",
    ),
)


def assess(claim: str, *docs: models.Document) -> models.Assessment:
    scorer = default_scorer(CONFIG)
    return scorer.assess(claim, [(str(i + 1), d) for i, d in enumerate(docs)])


def verdict(claim: str, *docs: models.Document) -> models.Verdict:
    return verdict_for(assess(claim, *docs).score, CONFIG)


def test_copied_claim_is_supported() -> None:
    claim = "The terminal cost 240 million euros and can handle 1.2 million containers a year."
    a = assess(claim, HARBOUR)
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    assert a.unsupported_spans == ()
    assert "240 million euros" in a.evidence[0].text


def test_changed_number_is_not_supported_and_is_the_span() -> None:
    claim = "The terminal cost 340 million euros and can handle 1.2 million containers a year."
    a = assess(claim, HARBOUR)
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    start = claim.index("340")
    (span,) = a.unsupported_spans
    assert span.start <= start < start + 3 <= span.end
    assert claim[span.start : span.end] == span.text
    assert "euros" not in span.text and "1.2" not in span.text
    assert dict(a.parts)["contradicted_values"] == 1.0


def test_changed_date_is_not_supported() -> None:
    assert verdict("Construction began in 2019.", HARBOUR) is not models.Verdict.SUPPORTED
    assert verdict("Construction began in 2021.", HARBOUR) is models.Verdict.SUPPORTED


BYLINED = models.Document(
    title="Port of Brellin opens terminal",
    paragraphs=(
        "Published 14 March 2025",
        "Brellin, the port city, had a busy week.",
        "The Port of Brellin opened its new container terminal on 3 March, the authority said.",
    ),
)


def test_byline_date_taken_for_the_event_is_not_supported() -> None:
    claim = "The Port of Brellin opened its new container terminal on 14 March 2025."
    a = assess(claim, BYLINED)
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert [s.text for s in a.unsupported_spans] == ["on 14 March 2025"]
    # The event's own date, or a month compatible with it, is fine.
    for good in ("on 3 March 2025", "in March 2025"):
        claim = f"The Port of Brellin opened its new container terminal {good}."
        assert verdict(claim, BYLINED) is models.Verdict.SUPPORTED


def test_normalised_number_and_date_are_supported() -> None:
    claim = "On 14 March 2025 the Port of Brellin opened a terminal costing €240m."
    assert verdict(claim, HARBOUR) is models.Verdict.SUPPORTED
    claim = "The terminal opened in March 2025 and can handle 1,200,000 containers a year."
    assert verdict(claim, HARBOUR) is models.Verdict.SUPPORTED


def test_words_spelled_as_numbers_match_digits() -> None:
    claim = "The Lakeview budget adds 12 teaching posts."
    assert verdict(claim, SCHOOL) is models.Verdict.SUPPORTED


def test_missing_name_is_unsupported() -> None:
    claim = "Harbour director Ilse Kowalczyk said the expansion would create about 600 jobs."
    a = assess(claim, HARBOUR)
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    assert [s.text for s in a.unsupported_spans] == ["Kowalczyk"]
    assert dict(a.parts)["missing_names"] == 1.0


def test_substituted_name_is_contradicted() -> None:
    wrong = "Harbour director Ilse Kowalczyk said the expansion would create about 600 jobs."
    right = "Harbour director Ilse Varga said the expansion would create about 600 jobs."
    assert dict(assess(wrong, HARBOUR).parts)["frame_speaker"] == 1.0
    assert dict(assess(right, HARBOUR).parts)["frame_speaker"] == 0.0
    # A title the claim itself uses is no other name: "President Brodsky" for
    # "President Anna Brodsky" (a first name the page leaves out).
    page = models.Document(title=None, paragraphs=("Port President Brodsky said it would grow.",))
    titled = "President Anna Brodsky said the port would grow."
    assert dict(assess(titled, page).parts)["missing_names"] == 1.0
    assert dict(assess(titled, page).parts)["frame_speaker"] == 0.0
    # A name merely absent (no other name in its place) is missing, not contradicted.
    absent = "Harbour director Ilse Varga told Reuters the expansion would create about 600 jobs."
    assert dict(assess(absent, HARBOUR).parts)["frame_speaker"] == 0.0


def test_relation_penalties_never_grow_with_another_source() -> None:
    # A source that backs the claim's words without naming a person or a date,
    # then the same claim citing also a source that contradicts the name/date.
    silent = models.Document(
        title="Brellin harbour news",
        paragraphs=(
            "The Port of Brellin opened its new container terminal, the harbour director said.",
            "The expansion would create about 600 jobs.",
        ),
    )
    name = "Harbour director Ilse Kowalczyk said the expansion would create about 600 jobs."
    date = "The Port of Brellin opened its new container terminal on 14 March 2025."
    for claim, contradicting, part in (
        (name, HARBOUR, "frame_speaker"),
        (date, BYLINED, "contradicted_values"),
    ):
        assert dict(assess(claim, contradicting).parts)[part] == 1.0
        one = assess(claim, silent)
        two = assess(claim, silent, contradicting)
        assert dict(two.parts)[part] == 0.0
        assert two.score >= one.score


def test_added_unbacked_comparison_is_not_supported_green() -> None:
    base = "The terminal cost 240 million euros and can handle 1.2 million containers a year"
    plain = assess(base + ".", HARBOUR)
    added = assess(base + ", more than any rival port and the largest in the region.", HARBOUR)
    assert verdict_for(plain.score, CONFIG) is models.Verdict.SUPPORTED
    assert verdict_for(added.score, CONFIG) is not models.Verdict.SUPPORTED
    parts = dict(added.parts)
    assert parts["frame_degree"] == 1.0  # "largest"
    assert parts["unbacked_run"] == 2.0  # "largest ... region" ("port" is on the page)
    assert any("largest" in s.text for s in added.unsupported_spans)


def test_an_added_clause_no_window_backs_holds_the_verdict_at_partial() -> None:
    """A clause after a comma whose words the page does not have is not backed, however
    well the rest of the claim is; the same words scattered as a paraphrase are not a
    clause, and figures in a clause are the value signals' to check."""
    base = "The terminal cost 240 million euros and can handle 1.2 million containers a year"
    plain = assess(base + ".", HARBOUR)
    added = assess(base + ", in return for lower harbour fees.", HARBOUR)
    assert verdict_for(plain.score, CONFIG) is models.Verdict.SUPPORTED
    assert dict(added.parts)["unbacked_clauses"] == 1.0
    assert dict(added.parts)["unbacked_run"] < 3  # no long run: "harbour" is on the page
    assert verdict_for(added.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    assert "a clause of the claim is not in the source" in (
        explain(dict(added.parts), CONFIG) or "")
    reworded = assess("The harbour authority said the Port of Brellin opened its new "
                      "container terminal on Thursday.", HARBOUR)
    assert dict(reworded.parts)["unbacked_clauses"] == 0.0
    figures = assess("Construction began in 2021, and was delayed by flooding in the "
                     "autumn of 2023.", HARBOUR)
    assert dict(figures.parts)["unbacked_clauses"] == 0.0
    # A spaced hyphen ends a clause as a dash does; the colon of a time does not.
    hyphen = assess(base + " - in return for lower harbour fees.", HARBOUR)
    assert dict(hyphen.parts)["unbacked_clauses"] == 1.0
    timed = assess("The Port of Brellin opened its new container terminal at 10:30 on "
                   "Thursday in the presence of harbour staff.", HARBOUR)
    assert dict(timed.parts)["unbacked_clauses"] == 0.0



def test_a_clause_a_connective_opens_is_read_without_a_comma() -> None:
    """"Because", "after", "once" open a clause of their own, comma or not; a clause of
    contrast ("while") joins two facts a page may state apart, and is not read so."""
    base = "The Port of Brellin opened its new container terminal on Thursday"
    cause = assess(base + " because shipping lines had demanded deeper berths.", HARBOUR)
    assert dict(cause.parts)["unbacked_clauses"] == 1.0
    assert verdict_for(cause.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    # The page's own clause after the connective is backed.
    stated = assess("Construction began in 2021 and was delayed after flooding in the autumn "
                    "of 2023.", HARBOUR)
    assert dict(stated.parts)["unbacked_clauses"] == 0.0
    # The word stage does not cut at contrast (the frame stage reads the clause apart).
    words_only = LexicalScorer(replace(CONFIG, spacy_model=""))
    contrast = words_only.assess(base + " while shipping lines had demanded deeper berths.",
                                 [("1", HARBOUR)])
    assert dict(contrast.parts)["unbacked_clauses"] == 0.0
    cause = words_only.assess(base + " because shipping lines had demanded deeper berths.",
                              [("1", HARBOUR)])
    assert dict(cause.parts)["unbacked_clauses"] == 1.0


def test_a_clause_no_evidence_frame_addresses_is_not_backed() -> None:
    """A clause the parse finds, however short and with no comma before it, whose words
    the evidence mostly lacks: "most of it spent on wages". A participle that serves
    as a preposition ("compared with") adds no clause."""
    base = "The terminal cost 240 million euros and can handle 1.2 million containers a year"
    added = assess(base + ", most of it borrowed from pension funds.", HARBOUR)
    assert dict(added.parts)["unbacked_clauses"] == 1.0
    assert verdict_for(added.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    assert any("borrowed" in s.text for s in added.unsupported_spans)
    loaf = models.Document(title="Food prices", paragraphs=(
        "The average price of a white loaf in Halden shops reached £1.54, up from £1.39 a "
        "year earlier.",))
    compared = assess("A white loaf in Halden shops now costs £1.54, compared with £1.39 "
                      "twelve months ago.", loaf)
    assert dict(compared.parts)["unbacked_clauses"] == 0.0


def test_an_added_clause_counts_once_and_speech_is_no_clause() -> None:
    """A connective inside a clause the marks already part off adds no second count; who
    said a thing, in other words than the page's, is the speaker readings' business."""
    bridge = models.Document(title="Bridge reopens", paragraphs=(
        "The Harlow Street bridge reopened to traffic on Monday.",
        "Buses will return to the route next week.",))
    once = assess("The Harlow Street bridge, shut since last spring for the replacement of "
                  "rusted girders, reopened to traffic on Monday.", bridge)
    assert dict(once.parts)["unbacked_clauses"] == 1.0
    library = models.Document(title="Library", paragraphs=(
        "The Caldmoor library will close in June, the council said.",))
    told = assess("A council spokesperson told reporters the Caldmoor library would close "
                  "in June.", library)
    assert dict(told.parts)["unbacked_clauses"] == 0.0

WATER = models.Document(
    title="Kestrel Water raises charges",
    paragraphs=(
        "Kestrel Water has raised its charges for the coming year.",
        "The average household bill will rise by 6 per cent from April.",
        "The company said the rise would pay for repairs to the Hollow Lane reservoir.",
        "Kestrel employs 1,400 people across the region.",
        "Its offices moved to Dunmore in 2019.",
        "The regulator approved the new charges on Monday.",
        "Last winter, floods damaged two pumping stations in the valley.",
        "A consumer group said many families were already struggling with their bills.",
        "Chief executive Mara Quist said the company had no choice.",
        "She said the engineers had warned the board about the dam in 2022.",
    ),
)


def test_a_clause_of_words_no_one_passage_holds_is_not_backed() -> None:
    """An added clause made of the page's own words, each from another part of the page,
    is not stated there; a clause one passage (a sentence and its neighbours) holds is."""
    base = "The average household bill will rise by 6 per cent from April"
    scattered = assess(base + ", a decision the regulator took after warnings from engineers.",
                       WATER)
    assert dict(scattered.parts)["unbacked_clauses"] == 1.0
    assert verdict_for(scattered.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    stated = assess(base + ", after floods last winter damaged two pumping stations in the "
                    "valley.", WATER)
    assert dict(stated.parts)["unbacked_clauses"] == 0.0
    assert verdict_for(stated.score, CONFIG) is models.Verdict.SUPPORTED


def test_a_clause_from_far_off_the_passage_is_not_backed() -> None:
    """A clause whose words a passage far from the one the claim rewords holds (repairs
    to the reservoir, sentences away from Quist's words) links what the page does not; a
    clause from the sentence next to it is the passage's own."""
    base = "Chief executive Mara Quist said the company had no choice"
    far = assess(base + ", as repairs to the Hollow Lane reservoir would cost more.", WATER)
    assert dict(far.parts)["unbacked_clauses"] == 1.0
    assert verdict_for(far.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    near = assess(base + ", and that the engineers had warned the board about the dam.", WATER)
    assert dict(near.parts)["unbacked_clauses"] == 0.0
    assert verdict_for(near.score, CONFIG) is models.Verdict.SUPPORTED


def test_backed_comparison_is_not_penalised() -> None:
    claim = 'Varga called the project "the biggest change to the waterfront in a century".'
    assert dict(assess(claim, HARBOUR).parts)["frame_degree"] == 0.0
    # "more than 600 jobs" bounds a number, which the value signals check; it ranks nothing.
    bound = "Ilse Varga said the expansion would create more than 600 jobs."
    assert dict(assess(bound, HARBOUR).parts)["frame_degree"] == 0.0


def test_quote_must_be_nearly_verbatim() -> None:
    good = 'Varga called it "the biggest change to the waterfront in a century".'
    bad = 'Varga called it "a modest change to the waterfront this decade".'
    assert dict(assess(good, HARBOUR).parts)["missing_quotes"] == 0.0
    assert dict(assess(bad, HARBOUR).parts)["missing_quotes"] == 1.0
    assert assess(bad, HARBOUR).score < assess(good, HARBOUR).score


def test_negation_mismatch_lowers_score() -> None:
    plain = "The authority expects cruise traffic to grow."
    negated = "The authority does not expect cruise traffic to grow."
    assert dict(assess(plain, HARBOUR).parts)["negation_mismatch"] == 1.0
    assert dict(assess(negated, HARBOUR).parts)["negation_mismatch"] == 0.0
    assert assess(plain, HARBOUR).score < assess(negated, HARBOUR).score
    # The editor is told why: the passage's "not", not a missing word (here a claim the
    # frames find no conflict in, its passage ending "does not expect cruise traffic").
    near = ("Flooding in the autumn of 2023 delayed construction, the authority said of "
            "cruise traffic.")
    said = explain(dict(assess(near, HARBOUR).parts), CONFIG) or ""
    assert "negated where the claim is not" in said
    assert explain(dict(assess(negated, HARBOUR).parts), CONFIG) is None
    # Beside a conflict that says it, the passage's negation is not said again.
    both = {"negation_mismatch": 1.0, "frame_polarity": 1.0}
    assert explain(both, CONFIG) == "the source says the opposite (a negation on one side only)"


def test_unrelated_claim_is_not_supported() -> None:
    claim = "The orchestra premiered a symphony by Tomas Ruel in Vienna."
    assert verdict(claim, HARBOUR) is models.Verdict.NOT_SUPPORTED


def test_union_of_two_sources_and_evidence_per_source() -> None:
    claim = (
        "The Port of Brellin terminal cost 240 million euros, and the Lakeview school board "
        "approved a budget of 18.4 million dollars."
    )
    one = assess(claim, HARBOUR)
    both = assess(claim, HARBOUR, SCHOOL)
    assert verdict_for(both.score, CONFIG) is models.Verdict.SUPPORTED
    assert both.score > one.score
    assert {e.source for e in both.evidence} == {"1", "2"}
    assert [e.score for e in both.evidence] == sorted(
        (e.score for e in both.evidence), reverse=True
    )
    assert any("Lakeview" in s.text for s in one.unsupported_spans)
    assert not any("Lakeview" in s.text for s in both.unsupported_spans)


def test_spans_fill_stopwords_between_unsupported_words() -> None:
    claim = "The terminal was designed by the famous architect Mireille Okafor."
    a = assess(claim, HARBOUR)
    texts = [s.text for s in a.unsupported_spans]
    # The auxiliary "was" is the clause's verb, not the start of the unbacked phrase.
    assert texts == ["designed by the famous architect Mireille Okafor"]


def test_span_starts_at_the_preposition_not_the_subject() -> None:
    a = assess("The terminal opened in 2019 with great fanfare.", HARBOUR)
    assert [s.text for s in a.unsupported_spans] == ["in 2019 with great fanfare"]
    a = assess("She opened the terminal in 2019.", HARBOUR)
    assert [s.text for s in a.unsupported_spans] == ["in 2019"]


def test_one_backed_word_does_not_split_an_unbacked_phrase() -> None:
    # "terminal" is on the page, but sits inside the unbacked phrase; a comma ends it.
    claim = "It cost 240 million euros, cheaper than any terminal in the region, and opened."
    texts = [s.text for s in assess(claim, HARBOUR).unsupported_spans]
    assert "cheaper than any terminal in the region" in texts


def test_no_sources_gives_zero_evidence_and_low_score() -> None:
    a = default_scorer(CONFIG).assess("The terminal opened.", [])
    assert a.evidence == ()
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED


def test_verdict_thresholds() -> None:
    cfg = Config(supported_threshold=0.6, partial_threshold=0.3)
    assert verdict_for(0.6, cfg) is models.Verdict.SUPPORTED
    assert verdict_for(0.59, cfg) is models.Verdict.PARTIALLY_SUPPORTED
    assert verdict_for(0.3, cfg) is models.Verdict.PARTIALLY_SUPPORTED
    assert verdict_for(0.29, cfg) is models.Verdict.NOT_SUPPORTED


class ConstantScorer:
    """A toy second scorer, standing in for a user's entailment model."""

    def __init__(self, score: float) -> None:
        self.score = score

    def assess(
        self, claim: str, sources: Sequence[tuple[str, models.Document]]
    ) -> models.Assessment:
        return models.Assessment(score=self.score, evidence=())


def test_blend_combines_a_second_scorer() -> None:
    claim = "The terminal cost 240 million euros."
    base = default_scorer(CONFIG)
    toy: Scorer = ConstantScorer(0.0)
    blended = Blend([(base, 1.0), (toy, 1.0)])
    a = base.assess(claim, [("1", HARBOUR)])
    b = blended.assess(claim, [("1", HARBOUR)])
    assert b.score == a.score / 2
    assert b.evidence == a.evidence
    assert dict(b.parts)["scorer1"] == 0.0


def test_document_index_is_built_once() -> None:
    scorer = LexicalScorer(CONFIG)
    first = scorer.index(HARBOUR)
    scorer.assess("The terminal opened.", [("1", HARBOUR)])
    assert scorer.index(HARBOUR) is first


VOCAB = [
    "terminal", "harbour", "container", "authority", "flooding", "director", "jobs",
    "expansion", "waterfront", "century", "cruise", "traffic", "construction", "Brellin",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    claim_words=st.lists(st.sampled_from(VOCAB), min_size=2, max_size=8, unique=True),
    data=st.data(),
)
def test_more_covered_content_never_lowers_the_score(
    claim_words: list[str], data: st.DataObject
) -> None:
    covered = data.draw(st.lists(st.sampled_from(claim_words), unique=True))
    extra = data.draw(st.sampled_from(claim_words))
    claim = "The " + " and ".join(claim_words) + " changed."
    filler = "Officials met on Monday."
    small = models.Document(title=None, paragraphs=(filler, " ".join(covered) + "."))
    more = models.Document(title=None, paragraphs=(filler, " ".join([*covered, extra]) + "."))
    # The word stage alone: the frame stage may lower a score when more words let it align
    # a frame that conflicts, which is its point.
    scorer = LexicalScorer(replace(CONFIG, spacy_model=""))
    s_small = scorer.assess(claim, [("1", small)]).score
    s_more = scorer.assess(claim, [("1", more)]).score
    assert s_more >= s_small - 1e-12
    assert scorer.assess(claim, [("1", small), ("2", more)]).score >= s_more - 1e-12


def test_span_offsets_are_exact_sorted_and_disjoint() -> None:
    claim = (
        "In 2019 the terminal, designed by Okafor, cost 240 million euros and employs "
        "“roughly 900 dockers”."
    )
    a = assess(claim, HARBOUR)
    spans = a.unsupported_spans
    assert len(spans) >= 2
    for sp in spans:
        assert claim[sp.start : sp.end] == sp.text
    assert all(x.end <= y.start for x, y in pairwise(spans))
    texts = " ".join(sp.text for sp in spans)
    assert "2019" in texts and "Okafor" in texts and "900" in texts
    assert "240" not in texts and "terminal" not in texts


def test_sentence_initial_capitals_are_not_names() -> None:
    a = assess("Construction began in 2021.", HARBOUR)
    assert dict(a.parts)["missing_names"] == 0.0
    b = assess("Construction by Haldane Group began in 2021.", HARBOUR)
    assert dict(b.parts)["missing_names"] == 2.0


def test_cache_is_bounded() -> None:
    scorer = LexicalScorer(Config(match_cache_documents=1))
    first = scorer.index(HARBOUR)
    scorer.index(SCHOOL)
    assert scorer.index(HARBOUR) is not first


LINES = [
    "The harbour authority approved the terminal.",
    "Cruise traffic fell during the flooding.",
    "# Waterfront",
    "Home | News | Jobs",
    "The director said construction would create jobs.",
    "Brellin does not expect a new century of growth.",
    "Expansion of the container yard began in 2021.",
]


@settings(max_examples=60, deadline=None)
@given(
    claim_words=st.lists(st.sampled_from(VOCAB), min_size=2, max_size=6, unique=True),
    first=st.lists(st.sampled_from(LINES), min_size=0, max_size=5),
    second=st.lists(st.sampled_from(LINES), min_size=1, max_size=5),
)
def test_adding_a_source_never_lowers_the_score(
    claim_words: list[str], first: list[str], second: list[str]
) -> None:
    claim = "The " + " and ".join(claim_words) + " changed in 2021."
    one = models.Document(title=None, paragraphs=tuple(first))
    two = models.Document(title="Harbour news", paragraphs=tuple(second))
    scorer = LexicalScorer(CONFIG)
    alone = scorer.assess(claim, [("1", one)]).score
    assert scorer.assess(claim, [("1", one), ("2", two)]).score >= alone - 1e-12


def test_weights_have_the_signs_that_make_the_score_monotonic() -> None:
    w = DEFAULT_WEIGHTS
    assert w.coverage >= 0 and w.page_coverage >= 0
    for name in FEATURES:
        if name not in {"coverage", "page_coverage"}:
            assert getattr(w, name) <= 0, name


def test_changed_date_in_the_same_role_is_contradicted() -> None:
    page = models.Document(
        title="Bridge works",
        paragraphs=("Work on the Osterley bridge began on 3 May 2021 and ended in 2023.",),
    )
    same = assess("Work on the Osterley bridge began on 3 May 2021.", page)
    changed = assess("Work on the Osterley bridge began on 4 May 2021.", page)
    assert verdict_for(same.score, CONFIG) is models.Verdict.SUPPORTED
    assert dict(changed.parts)["contradicted_values"] == 1.0
    assert verdict_for(changed.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert [s.text for s in changed.unsupported_spans] == ["on 4 May 2021"]


BOROUGH = models.Document(
    title="Kellmarsh comprehensive plan",
    paragraphs=(
        "Published March 3, 2026",
        "Kellmarsh is a borough of about six thousand people.",
        "The median household income in the borough is $58,400.",
        "Homeowners can claim a repair grant worth 30% of the project cost up to $2,000 per year.",
        "Construction of the new library is scheduled to begin in spring 2027.",
        "Related stories",
        "Solar panels: save up to $3,000",
    ),
)


def test_value_stated_differently_among_the_same_words_is_contradicted() -> None:
    # The rival value is not next to the same single word ("income" / "borough").
    a = assess("The median household income is $85,400.", BOROUGH)
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert verdict("The median household income is $58,400.", BOROUGH) is models.Verdict.SUPPORTED


def test_value_found_only_elsewhere_on_the_page_is_contradicted() -> None:
    # "$3,000" is on the page, in a sidebar line; the grant sentence says $2,000.
    a = assess("The repair grant covers 30% of the cost, up to $3,000.", BOROUGH)
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    # "2026" is on the page (the byline); the sentence about construction says 2027.
    claim = "Construction of the new library is scheduled to begin in spring 2026."
    a = assess(claim, BOROUGH)
    assert dict(a.parts)["contradicted_values"] == 1.0
    assert "2026" in " ".join(s.text for s in a.unsupported_spans)
    good = "Construction of the new library is scheduled to begin in spring 2027."
    assert verdict(good, BOROUGH) is models.Verdict.SUPPORTED


HOMES = models.Document(
    title="Harcastle Homes half-year results",
    paragraphs=(
        "Harcastle Homes completed 2,140 houses in the half, down from 2,610, while its "
        "average selling price rose 4 per cent to £296,000. Its sales rate was 0.48 a week "
        "per site, compared with 0.57 a year earlier.",
        "Harcastle Homes completed 2,140 houses in the half, down from 2,610, and sold 310 "
        "plots of land, compared with 280 plots a year earlier.",
    ),
)


def test_figures_a_sentence_states_together_are_not_shifted() -> None:
    """Two figures of the claim that one sentence of the window states in the claim's
    order, each counting what the claim says it counts, are the page's own figures for
    this, whatever words surround them; one bound to another noun is still shifted."""
    claim = ("Harcastle Homes handed over 2,140 houses in the period, compared with 2,610 a "
             "year earlier.")
    a = assess(claim, HOMES)
    assert dict(a.parts)["contradicted_values"] == 0.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    rebound = ("Harcastle Homes sold 2,140 plots of land in the half, compared with 2,610 a "
               "year earlier.")
    a = assess(rebound, HOMES)
    assert dict(a.parts)["contradicted_values"] >= 1.0
    assert "2,140" in " ".join(s.text for s in a.unsupported_spans)


LIFEBOAT = models.Document(
    title="Harbour End lifeboat station: annual review",
    paragraphs=(
        "Harbour End lifeboat station: annual review 2024, published 3 March 2025.",
        "The station's crews were launched 96 times in 2024, compared with 81 launches in "
        "2023, the busiest year since the station opened.",
    ),
)


def test_a_year_the_window_gives_the_claims_figure_is_not_shifted() -> None:
    """The window dates the claim's 96 with the claim's 2024, in other words ("launched
    96 times"); the 81 launches of 2023 beside it do not move the year. Another figure
    for 2024 still conflicts."""
    a = assess("Harbour End crews made 96 launches in 2024, up from 81 the year before.", LIFEBOAT)
    assert dict(a.parts)["contradicted_values"] == 0.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    a = assess("Harbour End crews made 81 launches in 2024, down from 96 the year before.",
               LIFEBOAT)
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    # Only the mention of the year that dates the figure: the boathouse opened in 2023.
    boathouse = models.Document(title=LIFEBOAT.title, paragraphs=(
        *LIFEBOAT.paragraphs, "A new boathouse opened in 2023 at a cost of £1.2 million."))
    a = assess("Harbour End crews made 96 launches in 2024 and a new boathouse opened in 2024.",
               boathouse)
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED


PAY_DEAL = models.Document(
    title="Orchestra musicians accept three-year pay deal",
    paragraphs=(
        "Musicians at the Kestrel Philharmonic have accepted a three-year pay deal that "
        "raises salaries by 4.5 % in 2026 and by 3 % in each of 2027 and 2028.",
        "The union had asked for more. Rehearsal hours are unchanged. The board met on "
        "Friday to approve the agreement.",
        "Separately, the orchestra's audience grew 3.8 % last season.",
    ),
)

EVENT = models.Document(
    title="Festival weekend passes off calmly",
    paragraphs=(
        "Medical teams treated 1,214 people over the weekend, compared with 1,380 in 2023. "
        "Police made 37 arrests, most of them for drug offences, down from 52 last year.",
    ),
)


def test_a_figure_of_a_list_by_year_is_compared_with_the_figure_for_its_years() -> None:
    """"By 3.8 % in each of 2027 and 2028" has the page's 3 % for those years in its place,
    the words around them arranged otherwise (3.8 % is the page's, for its audience).
    A year beside another figure does not move a figure the window states elsewhere:
    "from 52 in 2023" is not contradicted by "1,380 in 2023" beside "down from 52"."""
    a = assess("Salaries will rise by 4.5 % in 2026 and by 3.8 % in each of 2027 and 2028.",
               PAY_DEAL)
    assert dict(a.parts)["contradicted_values"] >= 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    assert "3.8" in " ".join(s.text for s in a.unsupported_spans)
    a = assess("Salaries will rise by 4.5 % in 2026 and by 3 % in each of 2027 and 2028.",
               PAY_DEAL)
    assert dict(a.parts)["contradicted_values"] == 0.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    a = assess("Police made 37 arrests over the weekend, down from 52 in 2023.", EVENT)
    assert dict(a.parts)["contradicted_values"] == 0.0


SHORTLIST = models.Document(
    title="Orchestra names its chief conductor",
    paragraphs=(
        "The appointment follows an 18-month search by a 14-member panel. The panel "
        "considered 38 conductors and drew up a shortlist of five, each of whom led the "
        "orchestra in rehearsal.",
        "The closure of the box office affects 14 posts. The orchestra said nine of the "
        "staff concerned have been offered roles elsewhere in the company.",
    ),
)


def test_a_number_word_of_the_window_is_a_figure_in_its_role() -> None:
    """The window's "a shortlist of five" is the figure for the shortlist, written as a
    word: the claim's 14 (the panel's) is in its place. The claim's own number words are
    its figures too: "Nine of the 14 staff" states the window's "nine of the staff"."""
    a = assess("The panel considered 38 conductors and drew up a shortlist of 14.", SHORTLIST)
    assert dict(a.parts)["contradicted_values"] >= 1.0
    assert "14" in " ".join(s.text for s in a.unsupported_spans)
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    a = assess("The panel considered 38 conductors and drew up a shortlist of five.", SHORTLIST)
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    a = assess("Nine of the 14 staff whose posts are affected have been offered other roles "
               "in the company.", SHORTLIST)
    assert dict(a.parts)["contradicted_values"] == 0.0


def test_unrelated_numbers_of_a_page_do_not_contradict() -> None:
    # 30 % and $2,000 are stated; the library year is another role entirely.
    claim = "Homeowners can claim a repair grant worth 30% of the cost, up to $2,000 per year."
    assert dict(assess(claim, BOROUGH).parts)["contradicted_values"] == 0.0


TRANSIT = models.Document(
    title="Council approves rail extension",
    paragraphs=(
        "Of that total, $250 million will come from a Federal Transit Administration "
        "Capital Investment Grant, with the remainder funded locally.",
        "Compared with baseboard heaters, heat pumps use about 50% less electricity.",
    ),
)


def test_acronym_of_a_name_on_the_page_is_backed() -> None:
    a = assess("The FTA grant is worth $250m.", TRANSIT)
    assert dict(a.parts)["missing_names"] == 0.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED
    # Initials of nothing on the page are still a missing name.
    assert dict(assess("The FRA grant is worth $250m.", TRANSIT).parts)["missing_names"] == 1.0


def test_half_is_one_value_backed_by_fifty_percent() -> None:
    a = assess(
        "Compared with baseboard heaters, heat pumps use about half the electricity.", TRANSIT
    )
    assert dict(a.parts)["missing_values"] == 0.0
    assert dict(a.parts)["contradicted_values"] == 0.0


VOTE = models.Document(
    title="Council approves rail extension",
    paragraphs=(
        "The Riverton City Council voted 7 to 2 on Tuesday to approve the Eastline extension.",
        "Councillors Marcus Hale and Priya Nand voted against the Eastline extension.",
        "Lumina will not release the model's weights, a spokesperson confirmed.",
    ),
)


def test_opposite_statement_is_not_supported() -> None:
    for claim in (
        "The Riverton City Council did not approve the Eastline extension.",
        "Lumina confirmed that the model's weights will be released.",
    ):
        a = assess(claim, VOTE)
        assert dict(a.parts)["frame_polarity"] == 1.0, claim
        assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED, claim
    for claim in (
        "The Riverton City Council voted to approve the Eastline extension.",
        "Lumina will not release the model's weights.",
        'The council approved the extension, which critics called "not needed".',
    ):
        assert dict(assess(claim, VOTE).parts)["frame_polarity"] == 0.0, claim


def test_name_on_no_cited_page_caps_the_verdict_at_partial() -> None:
    claim = "The terminal cost 240 million euros and can handle 1.2 million containers a year."
    assert verdict(claim, HARBOUR) is models.Verdict.SUPPORTED
    extra = claim.replace("a year.", "a year, said Ilse Kowalczyk.")
    a = assess(extra, HARBOUR)
    assert dict(a.parts)["absent_names"] == 1.0  # "Ilse" is on the page
    assert verdict_for(a.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    # A name the page has, or a quoted title, is not capped.
    named = claim.replace("a year.", "a year, said Ilse Varga.")
    assert dict(assess(named, HARBOUR).parts)["absent_names"] == 0.0
    quoted = claim.replace("a year.", 'a year, "Tidewater Dreams" said.')
    assert dict(assess(quoted, HARBOUR).parts)["absent_names"] == 0.0


FERRY = models.Document(
    title="Ferry operator orders new vessel",
    paragraphs=(
        "Tollan Sound Ferries has ordered a 38 million pound hybrid ferry. The construction "
        "contract has gone to Bryce Civil Engineering of Merrowick, which was chosen from four "
        "bidders. Bryce will subcontract the steel linkspan to a yard in Dunmere.",
    ),
)


def test_another_name_of_the_page_in_the_place_of_the_right_one() -> None:
    """A name standing where the closest sentence has another, with the words around it
    the same, holds the claim at partially supported; the right name, a name the
    sentence has elsewhere, or a name worded otherwise, does not."""
    claim = ("The construction contract went to Bryce Civil Engineering of {}, which was "
             "picked from four bidders.")
    wrong = assess(claim.format("Dunmere"), FERRY)
    assert dict(wrong.parts)["replaced_names"] == 1.0
    assert verdict_for(wrong.score, CONFIG) is models.Verdict.PARTIALLY_SUPPORTED
    right = assess(claim.format("Merrowick"), FERRY)
    assert dict(right.parts)["replaced_names"] == 0.0
    assert verdict_for(right.score, CONFIG) is models.Verdict.SUPPORTED
    moved = "Bryce Civil Engineering of Merrowick got the construction contract from four bidders."
    assert dict(assess(moved, FERRY).parts)["replaced_names"] == 0.0
    initials = "The construction contract has gone to BCE of Merrowick."
    assert dict(assess(initials, FERRY).parts)["replaced_names"] == 0.0
    # The words after the name reworded too: the names opening both sides, after three
    # words the same, stand in the same place.
    reworded = "The construction contract has gone to {}, picked from four bidders."
    assert dict(assess(reworded.format("Tollan Sound"), FERRY).parts)["replaced_names"] == 1.0
    assert dict(assess(reworded.format("Bryce Civil Engineering"), FERRY).parts)[
        "replaced_names"] == 0.0
    # Without three words the same before them, the names are not read as in one place.
    assert dict(assess("Work went to Tollan Sound, picked from four bidders.", FERRY).parts)[
        "replaced_names"] == 0.0


def test_unbacked_superlative_is_a_conflict() -> None:
    claim = "The terminal cost 240 million euros and can handle 1.2 million containers a year."
    ranked = claim.replace("The terminal", "The largest terminal")
    assert dict(assess(ranked, HARBOUR).parts)["frame_degree"] == 1.0
    # "the biggest change" is on the page: that ranking is backed.
    backed = "Ilse Varga called the project the biggest change to the waterfront in a century."
    assert dict(assess(backed, HARBOUR).parts)["frame_degree"] == 0.0


DEAL = models.Document(
    title="Northwind Energy to acquire Solbright Systems",
    paragraphs=(
        "Northwind Energy today announced that it has agreed to acquire Solbright Systems, "
        "a maker of battery inverters.",
        "Solbright's 350 employees will join Northwind's storage division.",
    ),
)


def test_takeover_stated_the_other_way_round_is_not_supported() -> None:
    a = assess("Solbright Systems has agreed to acquire Northwind Energy.", DEAL)
    assert dict(a.parts)["frame_swap"] == 1.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.NOT_SUPPORTED
    for claim in (
        "Northwind Energy has agreed to acquire Solbright Systems.",
        "Solbright was acquired by Northwind Energy.",
        "Solbright's employees will join Northwind.",
    ):
        a = assess(claim, DEAL)
        assert dict(a.parts)["frame_swap"] == 0.0, claim
        assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED, claim


def test_typographic_apostrophe_negation_is_a_negation() -> None:
    from factcheck.config import Config
    from factcheck.match import default_scorer, verdict_for
    from factcheck.models import Document, Verdict

    page = Document(title="t", paragraphs=("Acme raised prices by 5% in March 2024.",))
    scorer = default_scorer(Config())
    plain = scorer.assess("Acme didn't raise prices by 5% in March 2024.", [("1", page)])
    curly = scorer.assess("Acme didn\u2019t raise prices by 5% in March 2024.", [("1", page)])
    assert curly.score == plain.score
    assert verdict_for(curly.score, Config()) is Verdict.NOT_SUPPORTED


RESULTS = models.Document(
    title="Harwick United annual results",
    paragraphs=(
        "Harwick United posted a pre-tax loss of 9.3 million pounds, narrowing from "
        "a 15.2 million pound loss a year earlier.",
        "Season-ticket sales grew for a third year.",
    ),
)
def test_opposite_direction_is_a_conflict() -> None:
    a = assess("Season-ticket sales shrank for a third year.", RESULTS)
    assert dict(a.parts)["frame_direction"] == 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    a = assess("Season-ticket sales grew for a third year.", RESULTS)
    assert dict(a.parts)["frame_direction"] == 0.0
    assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED


SIGNING = models.Document(
    title="Harwick United sign Tomas Reyes",
    paragraphs=(
        "Harwick United have signed winger Tomas Reyes from Valdora for 28 million euros. "
        "He becomes the club's second-most expensive signing, behind Jon Aske.",
        "It is the third largest fee paid by a Harwick club and the second winger signed "
        "this summer.",
    ),
)


def test_superlative_ranked_otherwise_is_a_conflict() -> None:
    for claim in (
        "Reyes is now the most expensive signing in the club's history.",
        "It is the largest fee paid by a Harwick club.",
    ):
        assert dict(assess(claim, SIGNING).parts)["frame_degree"] == 1.0, claim
    for claim in (
        "Reyes is the club's second-most expensive signing.",
        "It is the third largest fee paid by a Harwick club.",
    ):
        assert dict(assess(claim, SIGNING).parts)["frame_degree"] == 0.0, claim


def test_another_name_in_the_slot_is_a_conflict() -> None:
    # Jon Aske is on the page, in another sentence: the claim's slot still holds Tomas Reyes.
    a = assess("Harwick United have signed winger Jon Aske from Valdora.", SIGNING)
    assert dict(a.parts)["frame_slot"] == 1.0
    assert verdict_for(a.score, CONFIG) is not models.Verdict.SUPPORTED
    for claim in (
        "Harwick United have signed winger Tomas Reyes from Valdora.",
        "Harwick have signed winger Reyes from Valdora.",
    ):
        a = assess(claim, SIGNING)
        assert dict(a.parts)["frame_slot"] == 0.0, claim
        assert verdict_for(a.score, CONFIG) is models.Verdict.SUPPORTED, claim


def test_a_copied_claim_beside_a_negated_sentence_is_still_supported() -> None:
    # The best window holds the sentence before too; its "did not" is not the claim's.
    page = models.Document(
        title="Velol Bank and the Claaryar unions",
        paragraphs=(
            "Velol Bank did not say how many users it would need for the solar array in "
            "Claaryar. The figures have not been independently verified. Unions in Claaryar "
            "have asked Velol Bank to guarantee 4,700 stores for at least 12 years.",
        ),
    )
    claim = ("Unions in Claaryar have asked Velol Bank to guarantee 4,700 stores for at least "
             "12 years.")
    assert verdict(claim, page) is models.Verdict.SUPPORTED


def test_every_sentence_of_a_page_copied_word_for_word_is_supported() -> None:
    # 120 sentences of three generated article pages, each checked against its page as
    # extracted from the HTML. A refit that made 27 of them partial was withdrawn.
    from benchmarks.perf_corpus import _FILLER, make_page
    from factcheck.extract import extract

    scorer = default_scorer(CONFIG)
    items: list[tuple[str, Sequence[tuple[str, models.Document]]]] = []
    for i in range(3):
        page = make_page(1, i)
        doc = extract(models.Fetched(url="u", final_url="u", http_status=200,
                                     content_type="text/html; charset=utf-8",
                                     body=page.html.encode()))
        assert isinstance(doc, models.Document)
        items += [(s, [("1", doc)]) for s in page.sentences if s not in _FILLER]
    assert len(items) == 120
    verdicts = [verdict_for(a.score, CONFIG) for a in scorer.assess_many(items)]
    assert [c for (c, _), v in zip(items, verdicts, strict=True)
            if v is not models.Verdict.SUPPORTED] == []
