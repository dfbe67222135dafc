"""extract.py: HTML cascade, charsets, PDF, JSON, plain text, and hostile inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.perf_corpus import long_report
from factcheck import extract as extract_module
from factcheck.cache import Cache
from factcheck.config import Config
from factcheck.extract import MAX_PARAGRAPH_CHARS, extract
from factcheck.fetch import fetch_all
from factcheck.models import Document, Fetched, FetchFailed, FetchStatus
from tests.server import FixtureServer, make_pdf
from tests.work import calls

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def fetched(body: bytes, content_type: str = "text/html") -> Fetched:
    return Fetched(
        url="https://example.org/a",
        final_url="https://example.org/a",
        http_status=200,
        content_type=content_type,
        body=body,
    )


def document(body: bytes, content_type: str = "text/html") -> Document:
    result = extract(fetched(body, content_type))
    assert isinstance(result, Document), result
    return result


def failure(body: bytes, content_type: str) -> FetchFailed:
    result = extract(fetched(body, content_type))
    assert isinstance(result, FetchFailed), result
    return result


# --------------------------------------------------------------------------- HTML


def test_article_keeps_title_and_paragraphs_and_drops_boilerplate() -> None:
    doc = document((PAGES / "plain.html").read_bytes())
    assert doc.title == "Harbour town opens a solar ferry line"
    starts = [p.split()[0] for p in doc.paragraphs]
    assert starts.count("The") == 2 and "Ferry" in starts  # three separate paragraphs
    assert any(p.startswith("The two ferries each carry up to 120") for p in doc.paragraphs)
    assert "Copyright" not in doc.text
    assert "window.analytics" not in doc.text


def test_headings_stay_separate_paragraphs() -> None:
    doc = document((PAGES / "article.html").read_bytes())
    assert "Weekend plans" in doc.paragraphs
    assert doc.title == "Library extends opening hours"


def test_navigation_page_keeps_its_one_sentence() -> None:
    doc = document((PAGES / "nav.html").read_bytes())
    assert "The bridge reopened on 3 May." in doc.paragraphs


def test_extractor_failure_falls_back_to_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "extract", broken)
    doc = document((PAGES / "plain.html").read_bytes())
    assert any("Lena Okafor" in p for p in doc.paragraphs)
    assert doc.title == "Harbour town opens a solar ferry line"


def test_short_main_text_falls_back_to_all_visible_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The extractor keeps only the headline of a page whose facts sit in a table.
    rows = "".join(f"<tr><td>Line {i}</td><td>{i * 1000} riders</td></tr>" for i in range(40))
    page = f"<html><head><title>Ridership</title></head><body><h1>Ridership</h1><table>{rows}"
    page += "</table></body></html>"
    monkeypatch.setattr(extract_module, "_main_text", lambda text: ["Ridership"])
    doc = document(page.encode())
    assert "39000 riders" in doc.text
    assert doc.title == "Ridership"


def test_enough_main_text_is_used_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    main = [("A paragraph of main text that is long enough to be trusted. " * 5).strip()]
    monkeypatch.setattr(extract_module, "_main_text", lambda text: main)
    page = b"<html><body><nav>Home News</nav><p>ignored by the stub</p></body></html>"
    assert document(page).paragraphs == (main[0],)


def test_figures_left_out_by_the_main_text_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    body = ("The council approved the new tram line after a long debate. " * 5).strip()
    page = (
        "<html><body><nav><a>Home</a><a>Sport</a></nav><p class=date>4 March 2024</p>"
        f"<p>{body}</p><ul><li>Line 4 = 88.1%</li></ul></body></html>"
    ).encode()
    monkeypatch.setattr(extract_module, "_main_text", lambda text: [body])
    doc = document(page)
    assert doc.paragraphs == (body, "4 March 2024", "Line 4 = 88.1%")


def test_og_title_is_preferred_to_the_title_tag() -> None:
    page = (PAGES / "article.html").read_bytes()
    assert document(page).title == "Library extends opening hours"
    assert b"| Riverside Gazette</title>" in page


def test_script_only_page_is_empty() -> None:
    result = failure(
        b"<html><head><script>var a = 1;</script></head><body></body></html>", "text/html"
    )
    assert result.status is FetchStatus.EMPTY


@pytest.mark.parametrize("body", [b"", b"   \n\t "])
def test_empty_body_is_empty(body: bytes) -> None:
    assert failure(body, "text/html").status is FetchStatus.EMPTY


def test_five_megabyte_single_line_page() -> None:
    body = b"<html><body><p>" + b"ferry " * 850_000 + b"</p></body></html>"
    assert len(body) > 5_000_000
    doc = document(body)
    assert all(len(p) <= MAX_PARAGRAPH_CHARS for p in doc.paragraphs)
    assert sum(p.count("ferry") for p in doc.paragraphs) == 850_000


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
def test_deeply_nested_html_keeps_its_text(depth: int) -> None:
    body = b"<html><body>" + b"<div>" * depth + b"deep <b>text</b> here" + b"</div>" * depth
    body += b"<p>after the nesting</p></body></html>"
    doc = document(body)
    assert "deep text here" in doc.text
    assert "after the nesting" in doc.text


def test_html_served_as_octet_stream_is_sniffed() -> None:
    doc = document((PAGES / "plain.html").read_bytes(), "application/octet-stream")
    assert doc.title == "Harbour town opens a solar ferry line"


# --------------------------------------------------------------------------- charsets

_EXPECTED = {
    "latin1": "Le café du théâtre a reçu une médaille d'or à Genève",
    "cp1252": "The “summer pass” costs €45 — a 10% cut on last year’s price.",  # noqa: RUF001
    "sjis": "東京の図書館は三月から平日の開館時間を午後九時まで延長すると発表しました。",
}


@pytest.mark.parametrize("family", sorted(_EXPECTED))
@pytest.mark.parametrize(
    ("page", "query"),
    [("meta", ""), ("bare", "?header"), ("bare", ""), ("meta", "?header")],
    ids=["meta-tag", "http-header", "detected", "header-and-meta"],
)
def test_charsets_decode_from_header_meta_or_detection(
    fixture_server: FixtureServer, fetch_config: Config, family: str, page: str, query: str
) -> None:
    url = fixture_server.url(f"/charset/{family}-{page}{query}")
    result = fetch_all([url], fetch_config)[url]
    assert isinstance(result, Fetched)
    doc = extract(result)
    assert isinstance(doc, Document)
    assert _EXPECTED[family] in doc.text


def test_latin1_label_is_read_as_windows_1252() -> None:
    body = (PAGES / "cp1252-bare.html").read_bytes()
    doc = document(body, "text/html; charset=ISO-8859-1")
    assert "“summer pass” costs €45" in doc.text


def test_unknown_charset_label_falls_back_to_detection() -> None:
    body = "<p>Grüße aus München, wo der Zug um acht Uhr fährt.</p>".encode()
    doc = document(body, "text/html; charset=x-no-such-charset")
    assert "Grüße aus München" in doc.text


# --------------------------------------------------------------------------- other types


def test_pdf_text_and_title(fixture_server: FixtureServer, fetch_config: Config) -> None:
    url = fixture_server.url("/pdf")
    result = fetch_all([url], fetch_config)[url]
    assert isinstance(result, Fetched)
    doc = extract(result)
    assert isinstance(doc, Document)
    assert doc.paragraphs == ("The ferry line opened on Monday.",)
    assert doc.title == "Ferry report"


def test_damaged_pdf_is_unsupported_not_a_crash() -> None:
    body = make_pdf()[:200]
    assert failure(body, "application/pdf").status is FetchStatus.UNSUPPORTED_TYPE


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (bytes(range(256)) * 8, "application/octet-stream"),
        (b"PK\x03\x04" + b"\0" * 100, "application/zip"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
    ],
)
def test_binary_types_are_unsupported(body: bytes, content_type: str) -> None:
    assert failure(body, content_type).status is FetchStatus.UNSUPPORTED_TYPE


def test_binary_file_from_the_server(fixture_server: FixtureServer, fetch_config: Config) -> None:
    url = fixture_server.url("/binary")
    result = fetch_all([url], fetch_config)[url]
    assert isinstance(result, Fetched)
    outcome = extract(result)
    assert isinstance(outcome, FetchFailed)
    assert outcome.status is FetchStatus.UNSUPPORTED_TYPE


@pytest.mark.parametrize("content_type", ["application/json", "text/html; charset=utf-8"])
def test_json_becomes_readable_text(content_type: str) -> None:
    doc = document((PAGES / "data.json").read_bytes(), content_type)
    assert doc.title == "Quarterly ridership"
    assert "Tram ridership rose 8 percent in the third quarter compared with last year." in (
        doc.text
    )
    assert "riders: 2400000" in doc.paragraphs
    assert "{" not in doc.text


def test_deeply_nested_json_does_not_crash() -> None:
    body = b"[" * 50_000 + b'"x"' + b"]" * 50_000
    result = extract(fetched(body, "application/json"))
    assert isinstance(result, Document | FetchFailed)


def test_plain_text_paragraphs() -> None:
    body = b"First paragraph line one\nand line two.\n\nSecond paragraph.\r\n\r\nThird."
    doc = document(body, "text/plain")
    assert doc.paragraphs == (
        "First paragraph line one and line two.",
        "Second paragraph.",
        "Third.",
    )


# --------------------------------------------------------------------------- cache


def test_extracted_text_is_cached_by_body_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    source = fetched((PAGES / "article.html").read_bytes())
    first = extract(source, cache=cache)
    calls: list[int] = []
    real = extract_module._extract

    def counting(item: Fetched) -> Document | FetchFailed:
        calls.append(1)
        return real(item)

    monkeypatch.setattr(extract_module, "_extract", counting)
    assert extract(source, cache=cache) == first
    assert calls == []
    changed = fetched(source.body.replace(b"Weekend", b"Holiday"))
    assert "Holiday plans" in extract(changed, cache=cache).text  # type: ignore[union-attr]
    assert calls == [1]


@pytest.mark.parametrize(
    "label", ["base64", "zlib", "rot13", "uu", "idna", "punycode", "utf-7", "undefined", "x-bogus"]
)
def test_hostile_charset_labels_are_ignored(label: str) -> None:
    body = "<p>Grüße aus München, wo der Zug um acht Uhr fährt.</p>".encode()
    assert "Grüße aus München" in document(body, f"text/html; charset={label}").text
    meta = f'<meta charset="{label}">'.encode() + body
    assert "Grüße aus München" in document(meta, "text/html").text


_ODD_BODIES = {
    "nul byte": b"<html><body><p>hello\x00world text here</p></body></html>",
    "control chars": b"<p>hello\x01\x02\x03 world \x0b\x0c</p>",
    "utf-16 without BOM": "<p>hello world in utf16</p>".encode("utf-16-le"),
    "only a comment": b"<!-- nothing -->",
    "rss": b"<?xml version='1.0'?><rss><channel><item><title>Tram news</title></item>"
    b"</channel></rss>",
    "frameset": b"<html><frameset><frame src='a.html'></frameset></html>",
    "broken pdf": b"%PDF-1.4 garbage",
    "json scalar": b"42",
    "json null": b"null",
    "binary": b"\x00\x01\x02binary",
    "huge attribute": b"<p title='" + b"x" * 3_000_000 + b"'>content here</p>",
    "unclosed tags": b"<p>" * 100_000,
    "entity expansion": b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
    b"<html><body><p>&b;&b;</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(_ODD_BODIES))
@pytest.mark.parametrize("content_type", ["text/html", "application/json", "text/plain", ""])
def test_odd_bodies_give_a_result_never_an_exception(name: str, content_type: str) -> None:
    result = extract(fetched(_ODD_BODIES[name], content_type))
    assert isinstance(result, Document | FetchFailed)
    if isinstance(result, FetchFailed):
        assert result.status in (FetchStatus.EMPTY, FetchStatus.UNSUPPORTED_TYPE)


def test_damaged_text_cache_entry_is_re_extracted(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    source = fetched((PAGES / "plain.html").read_bytes())
    first = extract(source, cache=cache)
    for stored in (tmp_path / "v2" / "text").iterdir():
        stored.write_text('{"version": 1, "paragraphs": "not a list"}')
    assert extract(source, cache=cache) == first


def test_same_bytes_with_another_charset_are_not_confused_in_the_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    body = "<p>Le café du théâtre a reçu une médaille à Genève.</p>".encode("cp1252")
    latin = extract(fetched(body, "text/html; charset=windows-1252"), cache=cache)
    greek = extract(fetched(body, "text/html; charset=iso-8859-7"), cache=cache)
    assert isinstance(latin, Document) and isinstance(greek, Document)
    assert "café" in latin.text and "café" not in greek.text


# --------------------------------------------------------------------------- control characters

_CONTROL_CHARS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
_HOSTILE = (
    "Alpha rose 5 percent in 2024, the company said.\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 "
    "in its \x1b[2Jreport. \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here "
    "\x9b2J and \x9d0;title\x9c and \x1bc reset \x1b(B charset \x07bell\x08back\x7fdel \x00nul."
)


def _assert_no_controls(doc: Document) -> None:
    for text in (doc.title or "", *doc.paragraphs):
        assert not any(ch in text for ch in _CONTROL_CHARS), repr(text)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_HOSTILE.encode(), "text/plain"),
        (f"<html><body><p>{_HOSTILE}</p></body></html>".encode(), "text/html"),
        (f"<html><head><title>{_HOSTILE}</title></head><body><p>{_HOSTILE}</p>"
         f"<p>{'Filler text of the article body. ' * 20}</p></body></html>".encode(), "text/html"),
        (f"# {_HOSTILE}\n\nSecond paragraph.".encode(), "text/markdown"),
    ],
)  # fmt: skip
def test_terminal_escape_sequences_never_reach_the_document(body: bytes, content_type: str) -> None:
    doc = document(body, content_type)
    _assert_no_controls(doc)
    assert "Alpha rose 5 percent in 2024, the company said." in doc.text
    assert "in its report." in doc.text  # the words around a sequence survive, apart
    assert "[31m" not in doc.text and "[2J" not in doc.text  # whole sequences go


def test_json_keys_and_values_lose_control_characters() -> None:
    body = b'{"title": "Head\\u001b[2Jline", "sal\\u001b]0;x\\u0007es": "grew \\u009b1m 7 percent"}'
    doc = document(body, "application/json")
    _assert_no_controls(doc)
    assert doc.title == "Head line"
    assert any("grew" in p and "7 percent" in p for p in doc.paragraphs)


def test_pdf_text_loses_control_characters() -> None:
    doc = document(make_pdf("The ferry\x1b[2J line opened\x07 on Monday."), "application/pdf")
    _assert_no_controls(doc)
    assert "ferry" in doc.text and "Monday" in doc.text


def test_a_cached_document_with_control_characters_is_cleaned(tmp_path: Path) -> None:
    import json

    cache = Cache(tmp_path)
    source = fetched((PAGES / "plain.html").read_bytes())
    assert isinstance(extract(source, cache=cache), Document)
    for stored in (tmp_path / "v2" / "text").iterdir():
        payload = {"version": extract_module.EXTRACT_VERSION, "title": "T\x1b]0;x\x07",
                   "paragraphs": ["Alpha \x1b[2J rose 5 percent.", "\x1b[0m"]}  # fmt: skip
        stored.write_text(json.dumps(payload))
    doc = extract(source, cache=cache)
    assert isinstance(doc, Document)
    _assert_no_controls(doc)
    assert doc.paragraphs == ("Alpha rose 5 percent.",)


def test_strip_controls_is_total_and_leaves_no_control_character() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from factcheck.extract import strip_controls

    alphabet = st.sampled_from([*_CONTROL_CHARS, "[", "]", "0", ";", "m", "a", " ", "\\"])

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=60))
    def check(text: str) -> None:
        cleaned = strip_controls(text)
        assert not any(ch in cleaned for ch in _CONTROL_CHARS if ch not in "\t\n\r")
        assert len(cleaned) <= len(text)

    check()


# --------------------------------------------------------------------------- figures left out


def _left_out(main: list[str], visible: list[str]) -> list[str]:
    return extract_module._left_out_figures(main, visible)


def test_a_figure_the_main_text_kept_in_the_same_words_is_not_repeated() -> None:
    main = ["Filler words. The ferry carried 120 people on Monday, the council said."]
    visible = ["The ferry carried 120 people on Monday", "carried 120 people", "120 people"]
    assert _left_out(main, visible) == []


def test_a_figure_in_other_words_is_kept() -> None:
    main = ["The ferry carried 120 people on Monday, the council said."]
    visible = ["The tram carried 120 people on Sunday", "Updated 4 March 2024", "120 cars"]
    assert _left_out(main, visible) == visible


def test_a_paragraph_is_kept_when_any_one_of_its_figures_is_missing() -> None:
    main = ["Sales rose 5 percent in 2024, the company said."]
    assert _left_out(main, ["Sales rose 5 percent in 2024"]) == []
    assert _left_out(main, ["Sales rose 5 percent in 2024 and 9 percent in 2025"]) == [
        "Sales rose 5 percent in 2024 and 9 percent in 2025"
    ]


def test_a_figure_at_a_main_paragraph_boundary_is_found() -> None:
    # Windows run across main paragraphs, as the old substring test over the joined text did.
    main = ["The report was published.", "4 March 2024", "It covers the ferry line."]
    assert _left_out(main, ["4 March 2024", "published. 4 March"]) == []


def test_left_out_figures_on_a_20000_paragraph_page_is_not_quadratic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 40,000 short visible cells, none in the main text: a substring search of the whole
    # main text per cell took ~45 s here. Now the main text's figures are indexed once and
    # each cell is looked up by its own words; that is what is checked, not the seconds.
    n = 20_000
    main = [f"Paragraph {i} of the report says the ferry carried {i * 7} people."
            for i in range(n)]
    visible = [f"t {i % 10}a" for i in range(2 * n)]  # short data cells the main text lacks
    indexed: list[int] = []
    read: list[int] = []
    windows, kept = extract_module._figure_windows, extract_module._figures_kept

    def index(words: list[str]) -> set[int]:
        indexed.append(len(words))
        return windows(words)

    def look_up(paragraph: str, found: set[int]) -> bool:
        read.append(len(paragraph))
        return kept(paragraph, found)

    monkeypatch.setattr(extract_module, "_figure_windows", index)
    monkeypatch.setattr(extract_module, "_figures_kept", look_up)
    assert len(_left_out(main, visible)) == 2 * n
    assert indexed == [11 * n]  # the main text's words, once
    assert sum(read) == sum(len(v) for v in visible)  # each cell once, and only the cell


def test_extracting_a_long_page_is_linear_in_its_length() -> None:
    # Four times the page is four times the work, counted in calls rather than seconds
    # so a busy machine cannot fail it; benchmarks/perf_bench.py --only parse prints the
    # seconds for 20,000 paragraphs.
    document(long_report(50))  # lazy imports
    small, big = long_report(2_500), long_report(10_000)
    _, small_calls = calls(lambda: document(small))
    doc, big_calls = calls(lambda: document(big))
    assert "Paragraph 9999 of the long report says the ferry carried 69993 people." in doc.text
    assert "Sidebar 999: 2997 tickets" in doc.text  # a figure the main text left out
    assert big_calls <= 1.2 * len(big) / len(small) * small_calls, (small_calls, big_calls)
