"""Document -> DocIndex: sentences, stems, postings, headings and values, built once per page.

Everything retrieval and the signals read from a page is computed here in one pass,
so matching many claims against one page costs one indexing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from factcheck import models
from factcheck.config import Config
from factcheck.normalize import (
    DateMention,
    Quantity,
    QuantitySet,
    date_keys,
    find_dates,
    find_quantities,
)
from factcheck.text import (
    acronyms,
    content_stems,
    fold,
    split_sentences,
)


@dataclass(slots=True)
class DocIndex:
    """Everything the scorer needs from one document, computed once."""

    sentences: list[str]
    stems: list[frozenset[str]]
    postings: dict[str, list[int]]
    heading: list[bool]
    negated: list[bool]
    title: str
    title_stems: frozenset[str]
    all_stems: frozenset[str]
    prefixes: frozenset[str]
    """First letters of long stems, so "Libyan" is backed by "Libya"."""
    sentence_values: dict[int, tuple[QuantitySet, frozenset[str]]]
    """Numbers and date keys of each sentence that has any."""
    quantities: QuantitySet
    dates: frozenset[str]
    head_quantities: QuantitySet
    head_dates: frozenset[str]
    lower_text: str


_NEG_RE = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n't")


def is_heading(sentence: str, whole_line: bool, max_words: int) -> bool:
    """Headings, menus and captions: short lines without final punctuation."""
    if sentence.startswith(("#", "|", "*", "-", "•")) and whole_line:
        return True
    n_words = sum(1 for w in sentence.split() if w[:1].isalnum())
    return whole_line and n_words <= max_words and not sentence.rstrip().endswith((".", "!", "?"))


def _values(text: str) -> tuple[list[Quantity], set[str], list[float]]:
    return _summarise(*_mentions(text))


def _mentions(text: str) -> tuple[list[Quantity], list[DateMention]]:
    dates = find_dates(text)
    # Every number word of a page may back a claim's; only counted ones contradict.
    return find_quantities(text, [(d.start, d.end) for d in dates], every_word=True), dates


def _summarise(
    quantities: list[Quantity], dates: list[DateMention]
) -> tuple[list[Quantity], set[str], list[float]]:
    """Quantities, date keys and years (a year in a date also backs the bare number)."""
    keys: set[str] = set()
    for d in dates:
        keys |= date_keys(d)
    years = [float(d.year) for d in dates if d.year is not None]
    return quantities, keys, years


_SentenceValues = tuple[QuantitySet, frozenset[str]]


def _per_sentence(
    text: str, spans: list[tuple[int, int]]
) -> tuple[dict[int, _SentenceValues], QuantitySet, frozenset[str]]:
    """Values of the whole text and of each sentence, from one pass over the text."""
    quantities, dates = _mentions(text)
    starts = [s for s, _ in spans]
    by_sentence: dict[int, tuple[list[Quantity], list[DateMention]]] = {}
    for quantity in quantities:
        i = bisect.bisect_right(starts, quantity.start) - 1
        by_sentence.setdefault(i, ([], []))[0].append(quantity)
    for date in dates:
        by_sentence.setdefault(bisect.bisect_right(starts, date.start) - 1, ([], []))[1].append(
            date
        )
    per: dict[int, _SentenceValues] = {}
    for i, (qs, ds) in by_sentence.items():
        found, keys, years = _summarise(qs, ds)
        per[i] = (QuantitySet.build(found, years), frozenset(keys))
    found, keys, years = _summarise(quantities, dates)
    return per, QuantitySet.build(found, years), frozenset(keys)


def build_index(doc: models.Document, config: Config) -> DocIndex:
    text = doc.text
    sentences: list[str] = []
    heading: list[bool] = []
    spans = list(split_sentences(text))
    for start, end in spans:
        sentence = text[start:end]
        whole_line = (start == 0 or text[start - 1] == "\n") and (
            end == len(text) or text[end] == "\n"
        )
        sentences.append(sentence)
        heading.append(is_heading(sentence, whole_line, config.heading_max_words))
    # A name's initials count as its words: "FTA" on a page naming the
    # "Federal Transit Administration".
    stems = [frozenset(content_stems(s) | acronyms(s)) for s in sentences]
    postings: dict[str, list[int]] = {}
    for i, sset in enumerate(stems):
        for s in sset:
            postings.setdefault(s, []).append(i)
    title = doc.title or ""
    title_stems = frozenset(content_stems(title) | acronyms(title))
    sentence_values, quantities, keys = _per_sentence(text, spans)
    title_q, title_keys, title_years = _values(title)
    head = title + "\n" + "\n".join(sentences[: config.dateline_sentences])
    head_q, head_keys, head_years = _values(head)
    return DocIndex(
        sentences=sentences,
        stems=stems,
        postings=postings,
        heading=heading,
        negated=[bool(_NEG_RE.search(fold(s))) for s in sentences],
        title=title,
        title_stems=title_stems,
        all_stems=frozenset(postings) | title_stems,
        prefixes=frozenset(
            s[: config.name_prefix]
            for s in (*postings, *title_stems)
            if len(s) >= config.name_prefix
        ),
        sentence_values=sentence_values,
        quantities=quantities.merge(QuantitySet.build(title_q, title_years)),
        dates=keys | title_keys,
        head_quantities=QuantitySet.build(head_q, head_years),
        head_dates=frozenset(head_keys),
        lower_text=squash(title + "\n" + text),
    )


def squash(text: str) -> str:
    """Lower case, straight quotes and single spaces, for verbatim quote search."""
    text = (
        text.lower()
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2019", "'")
        .replace("\u2018", "'")
    )
    return " ".join(text.split())
