"""Property tests: markers inserted into random prose are all found, at the right place."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.draft import parse_draft

# Plain words with no check-worthiness signal, so uncited sentences never become claims.
_WORD_LIST = (
    "river town council garden bridge market winter engineer letter window forest harbour "
    "painter station village teacher museum orchard ferry valley road kitchen meadow tower "
    "quietly slowly opened closed visited painted crossed built repaired moved watched"
)
WORDS = tuple(_WORD_LIST.split())
PLACEMENTS = ("none", "before", "after", "after_space", "chained", "list", "range", "inside")



@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    placement: str
    ids: tuple[int, ...]

    @property
    def plain(self) -> str:
        return " ".join(self.words).capitalize() + "."

    def cited_ids(self) -> tuple[str, ...]:
        if self.placement == "none":
            return ()
        if self.placement == "range":
            return tuple(str(i) for i in range(self.ids[0], self.ids[0] + 3))
        if self.placement in ("chained", "list"):
            return tuple(dict.fromkeys(str(i) for i in self.ids))
        return (str(self.ids[0]),)

    def render(self) -> str:
        body = self.plain[:-1]
        a, b = self.ids
        match self.placement:
            case "none":
                return self.plain
            case "before":
                return f"{body} [{a}]."
            case "after":
                return f"{body}.[{a}]"
            case "after_space":
                return f"{body}. [{a}]"
            case "chained":
                return f"{body} [{a}][{b}]."
            case "list":
                return f"{body} [{a}, {b}]."
            case "range":
                return f"{body} [{a}-{a + 2}]."
            case _:
                head, tail = " ".join(self.words[:2]), " ".join(self.words[2:])
                return f"{head.capitalize()} [{a}] {tail}."


sentences = st.builds(
    Sentence,
    words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(tuple),
    placement=st.sampled_from(PLACEMENTS),
    ids=st.tuples(st.integers(1, 30), st.integers(1, 30)),
)
# A paragraph: its sentences, the joiner between them, and its container.
Para = tuple[list[Sentence], str, str]
paragraphs = st.lists(
    st.tuples(
        st.lists(sentences, min_size=1, max_size=5),
        st.sampled_from([" ", "\n"]),
        st.sampled_from(["", "> ", "- ", "1. "]),
    ),
    min_size=1,
    max_size=6,
)


def build(paras: list[Para]) -> tuple[str, list[tuple[int, Sentence]]]:
    """The draft text and, for each sentence, the offset where it starts."""
    text = ""
    placed: list[tuple[int, Sentence]] = []
    for sents, joiner, container in paras:
        if text:
            text += "\n\n"
        # Continuation lines repeat a quote marker, or are indented under a list item.
        again = container if container == "> " else " " * len(container)
        text += container
        for n, sentence in enumerate(sents):
            if n:
                text += joiner + (again if joiner == "\n" else "")
            placed.append((len(text), sentence))
            text += sentence.render()
    refs = "\n".join(f"[{i}] Source {i} https://example.com/{i}" for i in range(1, 33))
    return f"{text}\n\n## References\n\n{refs}\n", placed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paras=paragraphs, suffix=st.sampled_from([".md", ".txt"]))
def test_every_marker_is_found_at_its_sentence(paras: list[Para], suffix: str) -> None:
    if suffix == ".txt":
        # Plain text has no containers; its prefixes would be prose.
        paras = [(sents, joiner, "") for sents, joiner, _ in paras]
    text, placed = build(paras)
    draft = parse_draft(text, f"draft{suffix}")
    expected = [(offset, s) for offset, s in placed if s.cited_ids()]
    assert len(draft.claims) == len(expected)
    for claim, (offset, sentence) in zip(draft.claims, expected, strict=True):
        assert claim.offset == offset
        assert claim.citations == sentence.cited_ids()
        assert claim.text == sentence.plain
        assert claim.line == text.count("\n", 0, offset) + 1
        assert claim.column == offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert not [p for p in draft.problems if p.kind.value == "dangling_citation"]


@settings(max_examples=40, deadline=None)
@given(
    paras=paragraphs, prefix=st.sampled_from(["", "---\ntitle: x [43]\n---\n", "# Head [43]\n\n"])
)
def test_markers_in_code_and_comments_are_never_citations(paras: list[Para], prefix: str) -> None:
    text, _ = build(paras)
    noise = "```\ncode [41] here.\n```\n\n<!-- note [42] -->\n\nSee `x[41]` and [41](https://example.com/z).\n\n"
    draft = parse_draft(prefix + noise + text, "draft.md")
    cited = {ref for claim in draft.claims for ref in claim.citations}
    assert not cited & {"41", "42", "43"}


_PIECES = [
    *"ab Z.,;:!?\"'()[]^-|#>*_`<!/\n\t0123456789\u00b2\u2026",
    "[1]",
    "[^x]",
    "<!--",
    "-->",
    "```",
    "https://e.com/a",
    "## References\n",
    "**Sources**\n",
    "\n1. ",
    "\n- ",
    "\n> ",
    "\n|---|---|\n",
    "[citation needed]",
    "[[1]](#a)",
    "[2](#b)",
    "\\[",
    "\u30101\u3011",
    "<sup>1</sup>",
    "\n[1]: ",
    "\n[^x]: ",
    "---\n",
    "<!-- factcheck: ignore -->",
]
MARKDOWNISH = st.lists(st.sampled_from(_PIECES), max_size=150).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=MARKDOWNISH, suffix=st.sampled_from([".md", ".txt"]))
def test_any_text_parses_with_consistent_positions(text: str, suffix: str) -> None:
    draft = parse_draft(text, f"fuzz{suffix}")
    assert [c.id for c in draft.claims] == [f"C{n}" for n in range(1, len(draft.claims) + 1)]
    for claim in draft.claims:
        assert 0 <= claim.offset < len(text)
        assert claim.line == text.count("\n", 0, claim.offset) + 1
        assert claim.column == claim.offset - (text.rfind("\n", 0, claim.offset) + 1) + 1
        assert claim.text.strip()
    assert all(p.line is None or 1 <= p.line <= text.count("\n") + 1 for p in draft.problems)
