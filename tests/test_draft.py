"""Reading draft files (bad input, encodings) and draft-level parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.draft import clean_url, parse_draft, read_draft, valid_url
from factcheck.errors import DraftError, FactcheckError
from factcheck.models import ProblemKind

LIMIT = 1_000_000
TEXT = "Café prices rose 5% in São Paulo [1].\n\n## References\n\n[1] https://example.com/café\n"


def write(tmp_path: Path, data: bytes, name: str = "draft.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="not found"):
        read_draft(tmp_path / "nope.md", LIMIT)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="directory"):
        read_draft(tmp_path, LIMIT)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"some text",
    ],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(DraftError, match="binary"):
        read_draft(write(tmp_path, data), LIMIT)


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, b"word " * 300)
    with pytest.raises(DraftError, match="limit"):
        read_draft(path, 1000)
    assert read_draft(path, 1500).startswith("word")


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.md", tmp_path, write(tmp_path, b"\x00\x01binary")):
        with pytest.raises(FactcheckError) as info:
            read_draft(path, LIMIT)
        assert "\n" not in str(info.value)
        assert info.value.exit_code == 2


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252", "crlf", "cr"],
)
def test_encodings_and_newlines(tmp_path: Path, data: bytes) -> None:
    assert read_draft(write(tmp_path, data), LIMIT) == TEXT


def test_latin1_text_is_detected(tmp_path: Path) -> None:
    text = "Le prix a augmenté à Montréal, selon l'étude publiée en été [1].\n" * 5
    assert read_draft(write(tmp_path, text.encode("latin-1")), LIMIT) == text


def test_bad_utf16_with_bom(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="utf-16"):
        read_draft(write(tmp_path, b"\xff\xfe\x00\xd8"), LIMIT)


def test_positions_refer_to_normalised_text(tmp_path: Path) -> None:
    data = "Intro.\r\n\r\nThe dam is 120 metres high [1].\r\n\r\n[1]: https://example.com/dam\r\n"
    text = read_draft(write(tmp_path, data.encode()), LIMIT)
    claim = parse_draft(text, "draft.md").claims[0]
    assert (claim.line, claim.column) == (3, 1)
    assert text[claim.offset :].startswith("The dam")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://example.com/a.", "https://example.com/a"),
        ("https://example.com/a),", "https://example.com/a"),
        ("https://en.example.org/wiki/Foo_(bar))", "https://en.example.org/wiki/Foo_(bar)"),
        ("https://example.com/a]", "https://example.com/a"),
        ("https://example.com/a?b=1;", "https://example.com/a?b=1"),
        ("https://example.com/", "https://example.com/"),
    ],
)
def test_clean_url(raw: str, url: str) -> None:
    assert clean_url(raw) == url


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/x", True),
        ("http://127.0.0.1:8000/x", True),
        ("http://localhost/x", True),
        ("https://exa mple.com", False),
        ("https://example", False),
        ("ftp://example.com/x", False),
        ("https://example.com:99999/", False),
        ("https:///path", False),
    ],
)
def test_valid_url(url: str, ok: bool) -> None:
    assert valid_url(url) is ok


def test_reference_titles() -> None:
    text = (
        "A [1]. B [2]. C [3].\n\n## References\n\n"
        "[1] Editorial — Original article — https://example.com/1\n"
        '[2]: https://example.com/2 "Quarterly Report"\n'
        "3. [Annual review](https://example.com/3). Retrieved 2024.\n"
    )
    refs = parse_draft(text, "d.md").references
    assert [r.title for r in refs] == [
        "Editorial — Original article",
        "Quarterly Report",
        "Annual review. Retrieved 2024",
    ]
    assert [r.line for r in refs] == [5, 6, 7]


def test_every_problem_has_a_line() -> None:
    text = (
        "X rose 5% [1]. Y fell [9].\n\n## References\n\n"
        "[1] https://example.com/1\n[1] https://example.com/dup\n"
        "[2] https://example.com/1\n[3] No URL here\n[4] http//bad\n"
    )
    problems = parse_draft(text, "d.md").problems
    kinds = {p.kind for p in problems}
    assert kinds >= {
        ProblemKind.DANGLING_CITATION,
        ProblemKind.DUPLICATE_REFERENCE,
        ProblemKind.DUPLICATE_URL,
        ProblemKind.REFERENCE_WITHOUT_URL,
        ProblemKind.MALFORMED_URL,
        ProblemKind.UNUSED_REFERENCE,
    }
    assert all(isinstance(p.line, int) and p.line >= 1 for p in problems)
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_references_section_lines_are_not_claims() -> None:
    text = (
        "Intro [1].\n\n# References\n\n"
        "[1] The agency said 40% of firms grew in 2023. https://example.com/1\n"
    )
    draft = parse_draft(text, "d.md")
    assert [c.text for c in draft.claims] == ["Intro."]


def test_plain_text_keeps_indented_lines_as_prose() -> None:
    text = "    The firm hired 40 people in 2023 [1].\n\n[1] https://example.com/1\n"
    assert [c.line for c in parse_draft(text, "d.txt").claims] == [1]
    assert parse_draft(text, "d.md").claims == ()


def test_emphasis_is_dropped_and_a_lone_star_kept() -> None:
    """Paired stars are markup; a star with no partner is the writer's ("Grade II*")."""
    text = ("The hall is Grade II* listed [1]. It was *very* busy and **full** in 2023 [1]. "
            "A rate of 2*3 is quoted [1]. It was ***very*** late [1].\n\n"
            "[1] https://example.com/1\n")
    assert [c.text for c in parse_draft(text, "d.md").claims] == [
        "The hall is Grade II* listed.", "It was very busy and full in 2023.",
        "A rate of 2*3 is quoted.", "It was very late."]


def test_unclosed_fence_hides_the_rest() -> None:
    text = "Before [1].\n\n```\nnot a claim [1].\n\n[1] https://example.com/1\n"
    draft = parse_draft(text, "d.md")
    assert [c.text for c in draft.claims] == ["Before."]


def test_leading_zeros_in_ids_match() -> None:
    draft = parse_draft(
        "Growth was 5% [01].\n\n## References\n\n[01] https://example.com/a\n", "d.md"
    )
    assert draft.claims[0].citations == ("1",)
    assert [r.id for r in draft.references] == ["1"]
    assert draft.problems == ()


def test_ignored_claims_still_use_their_references() -> None:
    text = (
        "<!-- factcheck: ignore quoted from a press call -->\n"
        "Revenue rose 5% [1].\n\n## References\n\n[1] https://example.com/a\n"
    )
    draft = parse_draft(text, "d.md")
    assert draft.claims[0].ignored == "quoted from a press call"
    assert draft.problems == ()


def test_directive_far_from_the_next_claim_ignores_nothing() -> None:
    text = (
        "<!-- factcheck: ignore -->\n\nA plain sentence here.\n\nRevenue rose 5% [1].\n\n"
        "[1]: https://example.com/a\n"
    )
    assert [c.ignored for c in parse_draft(text, "d.md").claims] == [None]


def test_cited_question_is_kept_uncited_question_is_not() -> None:
    text = "Did revenue rise 5% in 2024 [1]? Did costs fall 3% in 2024?\n\n[1]: https://example.com/a\n"
    claims = parse_draft(text, "d.md").claims
    assert [c.citations for c in claims] == [("1",)]
