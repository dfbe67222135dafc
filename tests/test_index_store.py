"""The matcher's index of a page is stored in the cache and read back instead of rebuilt."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.perf_corpus import make_page
from factcheck.cache import Cache
from factcheck.config import Config
from factcheck.extract import extract
from factcheck.match import index as index_module
from factcheck.match import scorer as scorer_module
from factcheck.match.index import INDEX_VERSION, build_index, dump_index, index_key, load_index
from factcheck.match.scorer import LexicalScorer
from factcheck.models import Document, Fetched


def _document(n: int = 3) -> Document:
    page = make_page(1, n)
    doc = extract(Fetched(url="u", final_url="u", http_status=200,
                          content_type="text/html; charset=utf-8", body=page.html.encode()))
    assert isinstance(doc, Document)
    return doc


def _stored(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "v2" / "index").glob("*.json"))


def test_a_stored_index_reads_back_equal_to_a_built_one() -> None:
    doc, config = _document(), Config()
    built = build_index(doc, config)
    key = index_key(doc, config)
    payload = json.loads(json.dumps(dump_index(built, key)))
    loaded = load_index(payload, key, doc, config)
    assert loaded is not None
    assert all(getattr(loaded, f) == getattr(built, f) for f in built.__slots__ if f != "memo")


def test_a_page_without_a_content_word_is_stored_and_checked(tmp_path: Path) -> None:
    """A page of stopwords and marks has no stems and no postings; storing its index
    raised ValueError, which the scorer does not catch, and the run ended in a traceback."""
    from factcheck.match.scorer import STORE_MIN_CHARS

    doc = Document(title="", paragraphs=("... !!! ---", "and of the " * STORE_MIN_CHARS))
    config = Config(cache_dir=tmp_path / "cache")
    key = index_key(doc, config)
    payload = json.loads(json.dumps(dump_index(build_index(doc, config), key)))
    assert payload["postings"] == {}
    assert load_index(payload, key, doc, config) is not None
    a = LexicalScorer(config).assess("The council approved the budget.", [("1", doc)])
    assert a.score < config.supported_threshold
    assert len(_stored(tmp_path)) == 1


def test_storing_an_index_encodes_each_stem_without_making_its_array() -> None:
    """The built postings are one array, each stem's made when a claim asks for it; the
    stored form is read off that array, and equals each stem's numbers encoded alone."""
    from factcheck.match.index import _encoded

    built = build_index(_document(), Config())
    stored = dump_index(built, "k")["postings"]
    assert built.postings._made == {}  # type: ignore[attr-defined]
    assert list(stored) == list(built.postings)
    assert stored == {s: _encoded(ids) for s, ids in built.postings.items()}


def test_second_scorer_reads_the_index_instead_of_building_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, config = _document(), Config(cache_dir=tmp_path / "cache")
    claim = doc.paragraphs[2][:120]
    first = LexicalScorer(config).assess(claim, [("1", doc)])
    assert len(_stored(tmp_path)) == 1

    def refuse(*args: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(scorer_module, "build_index", refuse)
    assert LexicalScorer(config).assess(claim, [("1", doc)]) == first


@pytest.mark.parametrize(
    "damage",
    ["truncate", "other-version", "other-document", "heading", "stem-ids", "stem-beyond"])
def test_a_damaged_or_foreign_index_is_built_again(tmp_path: Path, damage: str) -> None:
    doc, config = _document(), Config(cache_dir=tmp_path / "cache")
    LexicalScorer(config).index(doc)
    [path] = _stored(tmp_path)
    payload = json.loads(path.read_text())
    if damage == "truncate":
        path.write_text(path.read_text()[: len(path.read_text()) // 2])
    elif damage == "other-version":
        path.write_text(json.dumps({**payload, "version": INDEX_VERSION + 1}))
    elif damage == "heading":  # one flag short of the sentences
        payload["heading"] = payload["heading"][:-1]
        path.write_text(json.dumps(payload))
    elif damage == "stem-ids":  # two sentences' stem numbers short of the counts
        payload["stem_ids"] = payload["stem_ids"][:-8]
        path.write_text(json.dumps(payload))
    elif damage == "stem-beyond":  # a number past the stored postings
        ids = bytearray(base64.b64decode(payload["stem_ids"]))
        ids[:4] = len(payload["postings"]).to_bytes(4, "little")
        payload["stem_ids"] = base64.b64encode(bytes(ids)).decode()
        path.write_text(json.dumps(payload))
    else:  # an index of another page saved under this page's name
        other = _document(4)
        path.write_text(json.dumps(dump_index(build_index(other, config),
                                              index_key(other, config))))
    fresh = LexicalScorer(config).index(doc)
    built = build_index(doc, config)
    assert fresh.sentences == built.sentences and fresh.stems == built.stems
    assert fresh.sentence_values == built.sentence_values
    assert json.loads(path.read_text())["version"] == INDEX_VERSION  # stored again, whole


def test_settings_that_shape_the_index_and_the_version_name_another_file(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, config = _document(), Config()
    key = index_key(doc, config)
    assert index_key(doc, replace(config, heading_max_words=9)) != key
    assert index_key(doc, replace(config, supported_threshold=0.5)) == key
    monkeypatch.setattr(index_module, "INDEX_VERSION", INDEX_VERSION + 1)
    assert index_module.index_key(doc, config) != key


def test_snapshot_and_no_cache_runs_store_nothing(tmp_path: Path) -> None:
    doc = _document()
    for config in (Config(cache_dir=tmp_path / "cache", use_cache=False),
                   Config(cache_dir=tmp_path / "cache", snapshot=tmp_path / "snap")):
        LexicalScorer(config).index(doc)
    assert not (tmp_path / "cache").exists()
    assert Cache(tmp_path / "cache").get_index("0" * 64) is None


def test_a_damaged_entry_read_lazily_is_read_from_its_sentence(tmp_path: Path) -> None:
    """Postings are decoded when a claim first asks for them; one damaged on disk is read
    from the sentences instead, never taken as it stands or raised mid-run."""
    doc, config = _document(), Config(cache_dir=tmp_path / "cache")
    built = LexicalScorer(config).index(doc)
    [path] = _stored(tmp_path)
    payload = json.loads(path.read_text())
    stem = max(built.postings, key=lambda s: len(built.postings[s]))
    payload["postings"][stem] = payload["postings"][stem][:-8] + "////////"  # past the end
    other = sorted(built.postings, key=lambda s: len(built.postings[s]))[-2]
    payload["postings"][other] = "not base64!"
    path.write_text(json.dumps(payload))
    loaded = LexicalScorer(config).index(doc)
    assert len(built.postings[stem]) > 2
    assert list(loaded.postings[stem]) == list(built.postings[stem])
    assert list(loaded.postings[other]) == list(built.postings[other])
    assert loaded.stems == built.stems and loaded.stems[1:3] == built.stems[1:3]


def test_a_sentence_read_alone_has_the_values_and_negation_the_text_gives_it() -> None:
    """Each sentence's values, and whether it negates, are read from the sentence when a
    window asks; the page's values come from one pass over the whole text."""
    doc = Document(title="T", paragraphs=(
        "İlhan Öz, the chair, did not sign on 3 March 2024.",
        "Revenue rose 12% to £84.6 million, from £75.5 million in 2022. It is not final",
        "March", "2025 figures"))
    index = build_index(doc, Config())
    assert index.negated == [True, False, True, False, False]
    assert index.sentence_values.get(2) is None and index.sentence_values.get(3) is None
    quantities, keys = index.sentence_values.get(1) or (None, None)
    assert quantities is not None and {84.6e6, 75.5e6, 12.0, 2022.0} <= quantities.exact
    assert quantities.percents == {12.0} and not keys  # a bare year is a number, not a date
    (first, (first_quantities, first_keys)), *_ = index.sentence_values.items()
    assert first == 0 and "D2024-03-03" in first_keys and 2024.0 in first_quantities.exact
    assert "M2025-03" not in index.dates and "D2024-03-03" in index.dates
    assert {84.6e6, 2025.0, 2024.0} <= index.quantities.exact


def test_each_sentence_alone_has_the_values_the_whole_text_gives_it() -> None:
    """Lazy per-sentence values rest on this: no date or figure runs across a sentence's
    ends, so reading a sentence alone finds what one pass over the page finds in it."""
    from bisect import bisect_right

    from factcheck.normalize import find_dates, find_quantities
    from factcheck.text import split_sentences

    def values(text: str, offset: int = 0) -> list[tuple[object, ...]]:
        dates = find_dates(text)
        quantities = find_quantities(text, [(d.start, d.end) for d in dates], every_word=True)
        return sorted([(q.start + offset, q.value, q.tolerance, q.percent) for q in quantities]
                      + [(d.start + offset, d.year, d.month, d.day) for d in dates], key=str)

    root = Path(__file__).parent.parent / "fixtures"
    bodies = sorted(root.glob("fresh1[0-3]/*/*/snapshot/bodies/*"))
    assert len(bodies) > 40
    for body in bodies:
        doc = extract(Fetched(url="u", final_url="u", http_status=200,
                              content_type="text/html; charset=utf-8", body=body.read_bytes()))
        assert isinstance(doc, Document)
        spans = list(split_sentences(doc.text))
        starts = [a for a, _ in spans]
        whole: dict[int, list[tuple[object, ...]]] = {}
        for v in values(doc.text):
            whole.setdefault(bisect_right(starts, int(str(v[0]))) - 1, []).append(v)
        for i, (a, b) in enumerate(spans):
            assert values(doc.text[a:b], a) == sorted(whole.get(i, []), key=str), body.name


def test_postings_hold_if_folding_the_text_moves_its_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should a letter ever fold to two (as "İ" lowers to two), the whole text's fold no
    longer lines up with the sentences: each sentence is then folded alone."""
    from array import array

    from factcheck import text as text_module
    from factcheck.text import sentence_stems, split_sentences, terms

    folded = text_module.fold_in_place
    monkeypatch.setattr(text_module, "fold_in_place", lambda t: "x" + folded(t))
    text = "The Bank of England raised rates. Harwick United signed Reyes.\nPrices rose 4%."
    spans = list(split_sentences(text))
    expected: dict[str, list[int]] = {}
    for i, (a, b) in enumerate(spans):
        for s in sentence_stems(text[a:b]):
            expected.setdefault(s, []).append(i)
    assert terms(text, spans).postings == {s: array("I", ids) for s, ids in expected.items()}


@pytest.mark.parametrize("block", [5_000, 2])
def test_postings_made_from_the_whole_text_are_those_of_each_sentence(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """``terms`` reads the whole text at once (a block of sentences at a time); the
    sentences' own stems (``sentence_stems``) must give the same sentences for every stem,
    and each sentence's numbers (what a window reads) the same stems."""
    from array import array

    from factcheck import text as text_module
    from factcheck.match.index import SentenceStems
    from factcheck.text import sentence_stems, split_sentences, terms

    monkeypatch.setattr(text_module, "_BLOCK", block)

    root = Path(__file__).parent.parent / "fixtures"
    tricky = (
        "İstanbul's FTA cost €5 and £3. The Bank of England\nSaid the Federal Transit "
        "Administration. Long-run pre-war talks\x00 with Mr. Tan. ΣΑΣ. US$4\u00a0bn in "
        "New York Stock\nExchange deals; the Bank of\tEngland and Federal Reserve Board."
    )
    texts = ["", "The of.", tricky,
             "a\x00 b\x01 c\ufdd0 d\ufdd1 Word. \x00 and \x00\x00 alone, ok\x00\x00\x00."]
    for body in sorted(root.glob("fresh1[0-1]/*/*/snapshot/bodies/*")):
        doc = extract(Fetched(url="u", final_url="u", http_status=200,
                              content_type="text/html; charset=utf-8", body=body.read_bytes()))
        assert isinstance(doc, Document)
        texts.append(doc.text)
    assert len(texts) > 20
    for text in texts:
        spans = list(split_sentences(text))
        expected: dict[str, list[int]] = {}
        for i, (a, b) in enumerate(spans):
            for s in sentence_stems(text[a:b]):
                expected.setdefault(s, []).append(i)
        found = terms(text, spans)
        assert found.postings == {s: array("I", ids) for s, ids in expected.items()}
        stems = SentenceStems(list(found.postings), found.ids, found.offsets)
        assert list(stems) == [sentence_stems(text[a:b]) for a, b in spans]
    assert {"fta", "eur", "gbp", "be", "frb"} <= terms(tricky, list(
        split_sentences(tricky))).postings.keys()


@pytest.mark.parametrize("max_words", [0, 1, 3, 6])
def test_a_heading_is_told_from_its_first_words_as_from_all_of_them(max_words: int) -> None:
    """``is_heading`` decides most lines from their first words; it must say what
    counting every word of the line says, whatever blanks part them."""
    from factcheck.match.index import is_heading

    lines = ["Menu", "Home | About", "# Title", "\u2014 " * 7 + "a b",
             "One two three four five six seven", "a\u00a0b\u3000c\x1cd e\x85f g h", "- item",
             "Ends here.", "Ends here. ", "1 2 3 4 5 6 7 8 9", "\u2022 \u2022 \u2022 \u2022 x y",
             "x y z" + " \u2014" * 7, ""]
    for line in lines:
        for whole in (True, False):
            plain = (line.startswith(("#", "|", "*", "-", "\u2022")) and whole) or (
                whole and not line.rstrip().endswith((".", "!", "?"))
                and sum(1 for w in line.split() if w[:1].isalnum()) <= max_words)
            assert is_heading(line, whole, max_words) == plain, (line, whole)
