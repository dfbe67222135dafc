"""The table-driven corpus (tests/corpus/cases.txt) and unit tests of claims.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from benchmarks.perf_corpus import depot_draft
from factcheck import claims
from factcheck.claims import CheckWorthiness, block_starts, expand_ids, sentence_starts
from factcheck.draft import parse_draft
from factcheck.models import Draft, ProblemKind
from tests.work import calls

CORPUS = Path(__file__).parent / "corpus" / "cases.txt"


@dataclass
class Case:
    name: str
    path: str = "d.md"
    text: str = ""
    claims: list[str] = field(default_factory=list)
    references: list[str] | None = None
    problems: list[str] = field(default_factory=list)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    case: Case | None = None
    section = ""
    body: list[str] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^=== (case|path|claims|references|problems|end)\b:? ?(.*)$", line)
        if not header:
            if case is None:
                continue
            if section == "text":
                body.append(line)
            elif line.strip():
                getattr(case, section).append(line.strip())
            continue
        kind, value = header.groups()
        if kind == "case":
            case = Case(name=value)
        elif case is None:
            raise ValueError(f"corpus: {line!r} outside a case")
        elif kind == "path":
            case.path, section, body = value, "text", []
        elif kind == "end":
            cases.append(case)
            case = None
        else:
            if section == "text":
                case.text = "\n".join(body) + "\n"
            section = kind
            if kind == "references":
                case.references = []
    return cases


CASES = load_cases()


def render_claims(draft: Draft) -> list[str]:
    out = []
    for claim in draft.claims:
        ids = (
            "?"
            if claim.needs_citation_marker and not claim.citations
            else ",".join(claim.citations)
        )
        ignored = f" {{ignored={claim.ignored}}}" if claim.ignored else ""
        out.append(f"{claim.line}:{claim.column} [{ids}]{ignored} {claim.text}")
    return out


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Case) -> None:
    draft = parse_draft(case.text, case.path)
    assert render_claims(draft) == case.claims
    problems = [f"{p.kind.value} {p.line}" for p in draft.problems]
    assert sorted(problems) == sorted(case.problems)
    if case.references is not None:
        assert [f"{r.id} {r.url or '-'}" for r in draft.references] == case.references


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_positions_point_at_claim_text(case: Case) -> None:
    draft = parse_draft(case.text, case.path)
    lines = case.text.split("\n")
    for claim in draft.claims:
        assert lines[claim.line - 1][claim.column - 1 :].startswith(
            case.text[claim.offset : claim.offset + 1]
        )
        # The first word of the claim is the draft text at its offset.
        first_word = re.match(r"\W*\w+", claim.text)
        assert first_word is not None
        assert case.text[claim.offset :].startswith(first_word.group(0).lstrip("*_"))


def test_uncited_claims_have_reasons_and_cited_claims_keep_markers_out() -> None:
    for case in CASES:
        for claim in parse_draft(case.text, case.path).claims:
            if not claim.citations and not claim.needs_citation_marker:
                assert claim.check_worthy
            outside_code = re.sub(r"`[^`]*`", "", claim.text)
            assert not re.search(r"\[\d", outside_code) or "\\[" in case.text


def test_claim_ids_are_in_document_order() -> None:
    text = "A rose 5% [1]. B fell 3% [2]. C was 7 [3].\n\n## References\n\n[1] https://a.example\n"
    draft = parse_draft(text, "d.md")
    assert [c.id for c in draft.claims] == ["C1", "C2", "C3"]
    assert [c.offset for c in draft.claims] == sorted(c.offset for c in draft.claims)
    kinds = {p.kind for p in draft.problems}
    assert ProblemKind.DANGLING_CITATION in kinds


def test_example_draft_parses_well() -> None:
    # shared/ sits beside the repository on development machines and in CI.
    path = Path(__file__).resolve().parents[2] / "shared" / "examples" / "ai-news-draft.txt"
    if not path.exists():
        pytest.skip(f"example draft not available at {path}")
    from factcheck.draft import read_draft

    draft = parse_draft(read_draft(path, 1_000_000), str(path))
    assert [r.id for r in draft.references] == ["1", "2", "3", "4"]
    assert all(r.url and r.url.startswith("https://") for r in draft.references)
    cited = [c for c in draft.claims if c.citations]
    markers = len(re.findall(r"\[\d\]", draft.text.split("\nReferences\n")[0]))
    assert sum(len(c.citations) for c in cited) == markers
    uncited = [c for c in draft.claims if not c.citations]
    assert any("8,712,721" in c.text for c in uncited)
    assert not any("min read" in c.text or "Back to Newsroom" in c.text for c in draft.claims)
    assert not draft.problems


@pytest.mark.parametrize(
    ("nums", "ids"),
    [
        ("1", ("1",)),
        ("1, 2", ("1", "2")),
        ("1,2", ("1", "2")),
        ("1-3", ("1", "2", "3")),
        ("4\u20136", ("4", "5", "6")),
        ("2, 1-2", ("2", "1")),
        ("1-900", ("1", "900")),
    ],
)
def test_expand_ids(nums: str, ids: tuple[str, ...]) -> None:
    assert expand_ids(nums) == ids


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Dr. Smith went to Washington. He stayed.", 2),
        ("The U.S. economy grew 3.5 percent. Prices rose.", 2),
        ("Acme Inc. hired staff, e.g. engineers. They start soon.", 2),
        ("He paused... Then he spoke.", 2),
        ('She said "It works." Then she left.', 2),
        ("J. R. R. Tolkien wrote it. It sold well.", 2),
    ],
)
def test_sentence_boundaries(text: str, count: int) -> None:
    assert len(sentence_starts(text)) == count


def test_block_starts_are_pysbd_starts_that_begin_a_word() -> None:
    text = "Dr. Smith arrived at 3.5 p.m. in the U.S. office. He left."
    assert block_starts(text) == [0, text.index("He left")]
    # pysbd cuts before the closing quote and the comma: the quote ends the sentence
    # before it, and the comma is inside one.
    quoted = 'The plan is known to everybody." Then he left.'
    assert sentence_starts(quoted) == [0, quoted.index('" Then')]
    assert block_starts(quoted) == [0, quoted.index("Then")]
    assert block_starts('It was "known to everybody."\n') == [0]
    titles = "Her plays include Awake and Sing!, Blackbird and Cloud Nine."
    assert len(sentence_starts(titles)) == 2
    assert block_starts(titles) == [0]
    assert block_starts("") == []


def test_drafts_split_without_loading_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys; from factcheck.draft import parse_draft; "
            "d = parse_draft('Revenue rose 5% [1]. Costs fell 2% [1].\\n\\n"
            "[1]: https://example.com/x\\n', 'd.md'); "
            "print(len(d.claims), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[1])
    assert out.stdout.split() == ["2", "False"]


def test_long_block_is_segmented_in_pieces() -> None:
    text = "Dr. Smith said the U.S. grew 3.5% in 2024. " * 400
    starts = sentence_starts(text)
    assert len(starts) == 400
    assert all(text.startswith("Dr. Smith", s) for s in starts)


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The firm employs 1,200 people.", "number"),
        ("Costs fell by 12% this year.", "percentage"),
        ("Sales fell by ten percent overall.", "percentage"),
        ("The shop opened on 4 March 1998.", "date"),
        ('The chair called it "a very bad idea" today.', "quotation"),
        ("It is the largest port in the region.", "superlative"),
        ("Northwind Energy announced a new chief executive.", "entity_action"),
        ("The board said OpenAI would join.", "entity_action"),
    ],
)
def test_check_worthiness_signals(sentence: str, reason: str) -> None:
    assert reason in CheckWorthiness().reasons(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This is wonderful news.",
        "Why did sales rise 50% in 2024?",
        "April 9, 2026 8 min read",
        "We think it matters a lot.",
        "The team said it was happy.",
        "Ok.",
        "This is the best decision we made all year.",
        "Daily Signal Digest · March 4, 2026 · 6 min read · Produced by a pipeline.",
    ],
)
def test_not_check_worthy(sentence: str) -> None:
    assert CheckWorthiness().reasons(sentence) == ()


def test_check_worthiness_is_tunable() -> None:
    only_numbers = CheckWorthiness(signals=("number",))
    assert only_numbers.reasons("It is the largest port in the region.") == ()
    assert only_numbers.reasons("The port has 12 cranes.") == ("number",)
    extra = CheckWorthiness(signals=(), extra_patterns=(("rumour", r"\breportedly\b"),))
    assert extra.reasons("The deal was reportedly signed.") == ("rumour",)
    loose = CheckWorthiness(require_terminal_punctuation=False)
    assert loose.reasons("The port has 12 cranes") == ("number",)
    assert CheckWorthiness().reasons("The port has 12 cranes") == ()


def test_first_person_opinion_exemption_is_narrow() -> None:
    rules = CheckWorthiness()
    assert rules.reasons("Our largest plant opened in 2019.") == ("number", "date", "superlative")
    assert rules.reasons("Solbright is the largest inverter maker.") == ("superlative",)
    strict = CheckWorthiness(opinions_exempt=False)
    assert strict.reasons("This is the best decision we made all year.") == ("superlative",)


def test_rules_are_passed_through_parse_draft() -> None:
    text = "It is the largest port in the region.\n"
    assert parse_draft(text, "d.md").claims
    assert not parse_draft(text, "d.md", rules=CheckWorthiness(signals=("number",))).claims


@dataclass
class _Counting:
    """The real sentence splitter, counting the characters handed to it."""

    split: Callable[[str], list[int]]
    chars: int = 0

    def __call__(self, text: str) -> list[int]:
        self.chars += len(text)
        return self.split(text)


def test_a_thousand_claims_parse_with_work_linear_in_the_draft(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The work is counted, not timed, so a busy machine cannot fail this; the seconds
    # are printed by benchmarks/perf_bench.py --only parse.
    counting = _Counting(claims.sentence_starts)
    monkeypatch.setattr(claims, "sentence_starts", counting)
    parse_draft(depot_draft(5), "warm.md")  # lazy imports and caches
    texts = {n: depot_draft(n) for n in (62, 250)}
    drafts: dict[int, Draft] = {}
    work: dict[int, int] = {}
    read: dict[int, int] = {}
    for n, text in texts.items():
        counting.chars = 0
        drafts[n], work[n] = calls(partial(parse_draft, text, "big.md"))
        read[n] = counting.chars
    assert len(drafts[250].claims) == 1000 and len(drafts[62].claims) == 248
    assert all(c.citations for c in drafts[250].claims)
    growth = len(texts[250]) / len(texts[62])
    # Four times the draft is about four times the calls (a pass over every claim for
    # each claim would be sixteen), and the splitter reads each sentence once, never the
    # draft again per block.
    assert work[250] <= 1.2 * growth * work[62], (work, growth)
    assert read[250] <= len(texts[250]) and read[62] <= len(texts[62]), (read, growth)
