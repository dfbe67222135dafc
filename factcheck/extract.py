"""Fetched bytes + content type → ``Document`` (title and paragraphs) or a status.

The kind of a source is decided from its content type and, when that is absent
or generic, from its first bytes: HTML, PDF, JSON (even when served as
text/html), plain text, or binary (``unsupported_type``). Text is decoded with
the charset from the HTTP header, else the page's meta tag, else detection.

HTML goes through an extraction cascade: trafilatura for the main text
(keeping paragraph boundaries and the title), then all visible text (lxml, walked
without recursion) whenever the main text is missing or much smaller than the
page, so evidence is never silently dropped. Any failure of a parser on hostile
input (deep nesting, huge single lines) falls through to the next step; only a
source with no text at all becomes ``empty``. Paragraphs longer than
``MAX_PARAGRAPH_CHARS`` are split at whitespace so no later stage is handed a
multi-megabyte string.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from factcheck.models import Document, Fetched, FetchFailed, FetchStatus

if TYPE_CHECKING:
    from factcheck.cache import Cache

EXTRACT_VERSION = 2
"""Bumped whenever extraction changes, so cached text from older code is not reused
(2: control characters and escape sequences are stripped)."""
MAX_PARAGRAPH_CHARS = 10_000
"""Longer paragraphs are split at whitespace (a 5 MB one-line page becomes many)."""
MIN_MAIN_CHARS = 200
"""Main text shorter than this falls back to all visible text."""
MIN_MAIN_FRACTION = 0.1
"""Main text smaller than this share of the visible text falls back to all visible text."""
MAX_TRAFILATURA_BYTES = 2_000_000
"""Larger HTML skips the main-text extractor (slow on huge trees) and uses visible text."""
MAX_TRAFILATURA_DEPTH = 400
"""Deeper HTML skips the main-text extractor: it is slow and may recurse on such trees."""
MAX_TRAFILATURA_ELEMENTS = 25_000
"""HTML with more elements skips the main-text extractor (seconds per page beyond this;
news articles have a few thousand)."""
FIGURE_CONTEXT_WORDS = 2
"""A figure left out by the main text is one not found there with this many words
of the same context on each side (``_left_out_figures``)."""
SNIFF_BYTES = 2048
DETECT_BYTES = 200_000
"""Charset detection looks at this much of the body; enough to decide, bounded in time."""

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/csv", "text/x-markdown"})
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas"}
)
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
     "summary", "table", "td", "th", "title", "tr", "ul"}
)  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_REFUSED_CODECS = frozenset(
    {"utf-7", "idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape",
     "charmap", "mbcs", "oem", "palmos"}
)  # fmt: skip
_SPACE = re.compile(r"\s+")
# Terminal control sequences in untrusted source text: CSI (ESC [ or C1 CSI, e.g. colours,
# screen clearing), OSC (ESC ] or C1 OSC up to BEL or ST, e.g. window titles, hyperlinks),
# and any other ESC sequence. Each scan stops at the next introducer, so this is linear.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\x9d]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# Every C0 and C1 control character and DEL; tab and line breaks are whitespace that
# the callers already turn into spaces and paragraph breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What no finished paragraph, title or message may contain (line breaks included).
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HAS_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_INVISIBLE_OPEN = re.compile(r"<(script|style|noscript|template|head)\b|<!--", re.I)
# "[^<>]*" rather than "[^>]*": a run of "<" without ">" must not make each match scan
# to the end of the page (quadratic on 100 KB of unclosed tags).
_BLOCK_BREAK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|section|article)\b[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")


def extract(
    fetched: Fetched, *, cache: Cache | None = None, time_limit: float | None = None
) -> Document | FetchFailed:
    """The readable text of one fetched source.

    With a ``cache``, the result is stored under the body's SHA-256, so an
    unchanged page is extracted once across runs. With a ``time_limit`` (seconds),
    a source whose extraction takes longer is reported ``timeout`` (see ``deadline``).
    """
    if time_limit is not None:
        try:
            with deadline(time_limit):
                return extract(fetched, cache=cache)
        except ExtractionTimeout:
            return FetchFailed(
                url=fetched.url, status=FetchStatus.TIMEOUT, http_status=fetched.http_status,
                message=f"reading the text of this source took over {time_limit:g} s and was "
                "stopped; raise extract_timeout to wait longer, or cite a simpler page",
            )
    if cache is None:
        return _without_controls(_extract(fetched))
    from factcheck.cache import sha256_hex

    # The content type takes part: the same bytes with another charset read differently.
    content_type = fetched.content_type.strip().lower().encode("utf-8", errors="replace")
    key = f"{sha256_hex(fetched.body)}-{sha256_hex(content_type)[:16]}"
    if (cached := _cached_document(cache.get_text(key))) is not None:
        return _without_controls(cached)
    result = _without_controls(_extract(fetched))
    if isinstance(result, Document):
        payload: dict[str, Any] = {"version": EXTRACT_VERSION, "title": result.title}
        payload["paragraphs"] = list(result.paragraphs)
        # An unwritable cache costs a re-extraction next time, nothing more.
        with contextlib.suppress(OSError):
            cache.put_text(key, payload)
    return result


class ExtractionTimeout(Exception):
    """Raised inside an extraction that ran past its ``deadline``."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` in this thread once ``seconds`` of real time pass.

    A POSIX interval timer delivers SIGALRM, whose handler raises between two
    bytecodes, or inside a long regular-expression match, which checks for signals;
    so a quadratic pattern or a PDF with 140,000 text operators is stopped, not waited
    out. Only the main thread of a process receives signals: elsewhere (a library
    caller's worker thread, or a platform without ``setitimer``) this does nothing,
    and the size limits alone bound the work. Any timer already set is restored.
    """
    import signal
    import threading

    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, outer)


def _without_controls(result: Document | FetchFailed) -> Document | FetchFailed:
    """The module's output boundary: no control character leaves it, whatever the path.

    Every extractor already cleans its text; this re-checks the finished result (one
    scan, nothing rebuilt in the common case) so a path added later, or a cache entry
    written by other code, cannot hand an escape sequence to a terminal.
    """
    if isinstance(result, FetchFailed):
        if _ANY_CONTROL.search(result.message):
            return replace(result, message=_clean(result.message))
        return result
    texts = (result.title or "", *result.paragraphs)
    if not any(_ANY_CONTROL.search(text) for text in texts):
        return result
    paragraphs = tuple(p for p in (_clean(p) for p in result.paragraphs) if p)
    return Document(title=_clean(result.title or "") or None, paragraphs=paragraphs)


def _cached_document(stored: dict[str, Any] | None) -> Document | None:
    """A Document from a cache payload, or None when absent, stale or malformed."""
    if stored is None or stored.get("version") != EXTRACT_VERSION:
        return None
    title, paragraphs = stored.get("title"), stored.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        return None
    return Document(title=title if isinstance(title, str) else None, paragraphs=tuple(paragraphs))


def _extract(fetched: Fetched) -> Document | FetchFailed:
    if not fetched.body.strip():
        return _empty(fetched, "the source returned an empty body")
    kind = source_kind(fetched.content_type, fetched.body)
    match kind:
        # Controls go before parsing, so every parser in the cascade sees the same text
        # (lxml drops a bare ESC and keeps its "[2J"; trafilatura keeps the ESC).
        case "html":
            document = html_document(
                strip_controls(decode(fetched.body, fetched.content_type, html=True))
            )
        case "pdf":
            return _pdf_or_failure(fetched)
        case "json":
            document = json_document(strip_controls(decode(fetched.body, fetched.content_type)))
        case "text":
            document = text_document(strip_controls(decode(fetched.body, fetched.content_type)))
        case _:
            return FetchFailed(
                url=fetched.url,
                status=FetchStatus.UNSUPPORTED_TYPE,
                message=f"the source is {_mime(fetched.content_type) or 'binary data'}, "
                "which has no readable text; cite an HTML page, a PDF or plain text",
                http_status=fetched.http_status,
            )
    return document if document.paragraphs else _empty(fetched, "no readable text was found")


def _quiet(logger: str) -> None:
    """Keep a parser's warnings about broken input off stderr unless logging is set up.

    Without any handler Python prints warnings through its last-resort handler;
    a NullHandler stops that, while an application's own handlers still get them.
    """
    import logging

    log = logging.getLogger(logger)
    if not log.handlers:
        log.addHandler(logging.NullHandler())


def _empty(fetched: Fetched, why: str) -> FetchFailed:
    return FetchFailed(
        url=fetched.url,
        status=FetchStatus.EMPTY,
        message=f"{why}; the page may need JavaScript or a login, cite another source",
        http_status=fetched.http_status,
    )


def _mime(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def source_kind(content_type: str, body: bytes) -> str:
    """One of ``html``, ``pdf``, ``json``, ``text`` or ``binary``."""
    mime = _mime(content_type)
    head = body[:SNIFF_BYTES].lstrip()
    if mime == "application/pdf" or head.startswith(b"%PDF-"):
        return "pdf"
    if mime == "application/json" or mime.endswith("+json") or _looks_like_json(mime, body):
        return "json"
    if mime in _HTML_TYPES or mime.endswith("+xml"):
        return "html"
    if mime in _TEXT_TYPES or (mime.startswith("text/") and mime not in _HTML_TYPES):
        return "text"
    if mime in _GENERIC_TYPES:
        return _sniff(head)
    return "binary"


def _looks_like_json(mime: str, body: bytes) -> bool:
    # JSON served as text/html or text/plain: parse only when it starts like JSON.
    if mime not in _HTML_TYPES | _TEXT_TYPES | _GENERIC_TYPES:
        return False
    if body.lstrip()[:1] not in (b"{", b"["):
        return False
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


def _sniff(head: bytes) -> str:
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    if b"\0" in head:
        return "binary"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 4:
            return "binary"
    return "text"


# --------------------------------------------------------------------------- decoding


def decode(body: bytes, content_type: str, *, html: bool = False) -> str:
    """Text of ``body``: BOM, then header charset, then meta tag, then UTF-8, then detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    if body.startswith(codecs.BOM_UTF16_BE):
        return body[2:].decode("utf-16-be", errors="replace")
    declared = _known(_header_charset(content_type))
    if declared is None and html:
        declared = _known(_meta_charset(body))
    utf8 = _utf8(body)
    if utf8 is not None and (declared is None or _single_byte(declared)):
        # Bytes that are valid UTF-8 with non-ASCII in them are UTF-8 whatever the label
        # says: a server or CMS that declares ISO-8859-1 by default sends UTF-8 every day,
        # while Latin-1 text that happens to be valid UTF-8 is vanishingly rare.
        return utf8
    if declared is not None and not (declared == "utf-8" and utf8 is None):
        try:
            return body.decode(declared, errors="replace")
        except (UnicodeError, LookupError):
            pass  # a codec that cannot decode with replacement: detect instead
    # Declared UTF-8 but not valid UTF-8 (a Latin-1 page under a UTF-8 header), or no label.
    return body.decode(_detect(body), errors="replace")


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _single_byte(codec: str) -> bool:
    """A legacy one-byte-per-character code page, which any byte sequence decodes under."""
    return codecs.lookup(codec).name.startswith(("cp125", "iso8859", "latin", "mac-", "koi8"))


def _header_charset(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:SNIFF_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _known(label: str | None) -> str | None:
    """A Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    name = info.name
    # A page may name any Python codec: refuse the ones that are not plain charsets
    # (base64, zlib, rot13...) or that browsers refuse too (utf-7, escapes, idna).
    if not getattr(info, "_is_text_encoding", True) or name in _REFUSED_CODECS:
        return None
    # Browsers read these labels as windows-1252 (WHATWG Encoding), and pages rely on it
    # for curly quotes and the euro sign.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def _detect(body: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:DETECT_BYTES]).best()
    return best.encoding if best is not None else "cp1252"


# --------------------------------------------------------------------------- HTML


def html_document(text: str) -> Document:
    """Main text plus any figures it left out; all visible text when the main text is thin."""
    title, visible, shape = _visible(text)
    if not visible:
        visible = _tag_stripped(text)  # the parser gave up (extreme nesting): keep the words
    usable = (
        len(text) <= MAX_TRAFILATURA_BYTES
        and shape.depth <= MAX_TRAFILATURA_DEPTH
        and shape.elements <= MAX_TRAFILATURA_ELEMENTS
    )
    main = _main_text(text) if usable else None
    if main is None:
        return Document(title=title, paragraphs=_bounded(visible))
    main_chars = sum(len(p) for p in main)
    visible_chars = sum(len(p) for p in visible)
    enough = main_chars >= MIN_MAIN_CHARS and main_chars >= MIN_MAIN_FRACTION * visible_chars
    if not enough and main_chars <= visible_chars:
        return Document(title=title, paragraphs=_bounded(visible))
    return Document(title=title, paragraphs=_bounded(main + _left_out_figures(main, visible)))


def _left_out_figures(main: list[str], visible: list[str]) -> list[str]:
    """Visible paragraphs with a figure that the main text dropped (dates, bylines, data).

    Main-text extractors drop datelines and short data lines along with the menus;
    on WiCE-like pages keeping those raised gold evidence kept from 95.8% to 98.5%
    while adding little boilerplate (docs/fetching.md).

    A paragraph counts as kept when every figure in it appears in the main text
    with the same ``FIGURE_CONTEXT_WORDS`` words on each side (fewer at the
    paragraph's edges). That is one set lookup per figure, so the whole check is
    linear in the text; a substring search of the main text per paragraph was
    quadratic (9 s on an 18,000-paragraph page).
    """
    kept = _figure_windows(_WORD.findall(" ".join(main)))
    return [p for p in visible if _HAS_DIGIT.search(p) and not _figures_kept(p, kept)]


def _figure_windows(words: list[str]) -> set[int]:
    """Hashes of every window around a figure in ``words``, clipped 0..context each side.

    The clipped forms are there because a paragraph's edge cuts its windows short.
    Storing 64-bit hashes instead of word tuples keeps this small on huge pages; a
    false match needs a hash collision.
    """
    context = FIGURE_CONTEXT_WORDS
    windows: set[int] = set()
    for at, word in enumerate(words):
        if not _HAS_DIGIT.search(word):
            continue
        for left in range(min(context, at) + 1):
            for right in range(min(context, len(words) - 1 - at) + 1):
                windows.add(hash(tuple(words[at - left : at + right + 1])))
    return windows


def _figures_kept(paragraph: str, kept: set[int]) -> bool:
    words = _WORD.findall(paragraph)
    context, last = FIGURE_CONTEXT_WORDS, len(words) - 1
    return all(
        hash(tuple(words[max(0, at - context) : min(last, at + context) + 1])) in kept
        for at, word in enumerate(words)
        if _HAS_DIGIT.search(word)
    )


def _main_text(text: str) -> list[str] | None:
    """trafilatura's main-text paragraphs, or None when it finds nothing or fails."""
    _quiet("trafilatura")
    import trafilatura
    from lxml.etree import LxmlError

    try:
        # No metadata: its date extraction costs ~60 ms a page; the title comes from lxml.
        body = trafilatura.extract(text, include_comments=False, include_tables=True)
    except (RecursionError, LxmlError, ValueError, TypeError, AttributeError):
        return None  # hostile markup; the visible-text walk copes with it
    if not body:
        return None
    return [p for p in (_clean(line) for line in body.split("\n")) if p]


@dataclass(slots=True)
class _Shape:
    """How big and deep a parsed page is (decides whether the main-text extractor runs)."""

    depth: int = 0
    elements: int = 0


def _visible(text: str) -> tuple[str | None, list[str], _Shape]:
    """The ``<title>``, all visible text (one paragraph per block element), the tree shape."""
    from lxml import etree, html

    try:
        # huge_tree lifts libxml2's default nesting limit of 256 levels.
        root = html.document_fromstring(text, parser=html.HTMLParser(huge_tree=True))
    except (etree.LxmlError, ValueError):
        return None, [], _Shape()
    title = _page_title(root)
    shape = _Shape()
    paragraphs = [p for p in _walk_blocks(root, shape) if p]
    return title or None, paragraphs, shape


def _page_title(root: Any) -> str | None:
    """``og:title`` (the headline without the site name) when present, else ``<title>``."""
    for meta in root.iterfind(".//meta[@property='og:title']"):
        content = _clean(meta.get("content") or "")
        if content:
            return content
    element = root.find(".//title")
    return (_clean(element.text_content()) or None) if element is not None else None


def _walk_blocks(root: Any, shape: _Shape) -> Iterator[str]:
    """Text grouped by block elements, walked with an explicit event stream (no recursion).

    ``shape`` is filled in with the deepest nesting and the number of elements seen.
    """
    from lxml import etree

    buffer: list[str] = []
    skipping = 0
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:  # comment or processing instruction: its text is never shown
            if event == "end" and skipping == 0 and element.tail:
                buffer.append(element.tail)
            continue
        if event == "start":
            depth += 1
            shape.elements += 1
            shape.depth = max(shape.depth, depth)
        else:
            depth -= 1
        if tag in _SKIP_TAGS:
            skipping += 1 if event == "start" else -1
        elif tag in _BLOCK_TAGS and skipping == 0:
            yield _clean("".join(buffer))
            buffer.clear()
        if skipping:
            continue
        if event == "start":
            buffer.append(element.text or "")
        else:
            # A space after every element keeps adjacent links ("Home", "News") apart.
            buffer.append(" " + (element.tail or ""))
    yield _clean("".join(buffer))


def _tag_stripped(text: str) -> list[str]:
    """Last resort for markup no parser accepts: drop invisible blocks and tags, keep words."""
    import html

    text = _without_invisible(text)
    blocks = (_clean(html.unescape(_TAG.sub(" ", b))) for b in _BLOCK_BREAK.split(text))
    return [b for b in blocks if b]


def _without_invisible(text: str) -> str:
    """``text`` without script/style/head blocks and comments, in one left-to-right pass.

    An unclosed one hides the rest of the page, as in a browser. Each closing tag is
    looked for once from where its block opened (``str.find``), so the pass is linear
    however many unclosed ``<script>`` tags a page repeats; the regex it replaces
    retried the whole rest of the page at each of them.
    """
    lowered = text.lower()
    kept: list[str] = []
    pos = 0
    while (match := _INVISIBLE_OPEN.search(text, pos)) is not None:
        kept.append(text[pos:match.start()])
        closing = "-->" if match.group(1) is None else f"</{match.group(1).lower()}"
        end = lowered.find(closing, match.end())
        if end < 0:
            return " ".join(kept)
        close = lowered.find(">", end)
        pos = len(text) if close < 0 else close + 1
        kept.append(" ")
    kept.append(text[pos:])
    return "".join(kept)


def _clean(text: str) -> str:
    """One line of source text: no control characters, whitespace collapsed."""
    return _SPACE.sub(" ", strip_controls(text)).strip()


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (tab, LF, CR kept).

    Source text is untrusted and reaches the editor's terminal: an ``ESC[2J`` or an
    OSC title in a page must never act there. Each sequence or character becomes a
    space, so the words on either side stay apart.
    """
    if text.isprintable():
        return text  # the common case, checked at C speed
    return _CONTROL.sub(" ", _ESCAPE_SEQUENCE.sub(" ", text))


def _bounded(paragraphs: list[str]) -> tuple[str, ...]:
    """Paragraphs no longer than ``MAX_PARAGRAPH_CHARS``, split at whitespace where possible."""
    out: list[str] = []
    for paragraph in paragraphs:
        while len(paragraph) > MAX_PARAGRAPH_CHARS:
            cut = paragraph.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut if cut > MAX_PARAGRAPH_CHARS // 2 else MAX_PARAGRAPH_CHARS
            out.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if paragraph:
            out.append(paragraph)
    return tuple(out)


# --------------------------------------------------------------------------- other kinds


def text_document(text: str) -> Document:
    """Plain text: blank lines separate paragraphs; hard-wrapped lines are joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return Document(title=None, paragraphs=_bounded([_clean(b) for b in blocks if b.strip()]))


def json_document(text: str) -> Document:
    """JSON as readable lines: ``key: value`` for short values, long strings on their own."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text_document(text)
    # Keys are source text too, so every line is cleaned, not only the string values.
    paragraphs = [p for p in map(_clean, _json_lines(data, "")) if p]
    title = data.get("title") or data.get("headline") if isinstance(data, dict) else None
    return Document(
        title=_clean(title) if isinstance(title, str) else None, paragraphs=_bounded(paragraphs)
    )


def _json_lines(data: Any, key: str) -> Iterator[str]:
    # An explicit stack, so deeply nested JSON cannot exhaust the recursion limit.
    stack: list[tuple[str, Any]] = [(key, data)]
    while stack:
        name, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed([(str(k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(name, v) for v in value]))
        elif isinstance(value, str):
            text = _clean(value)
            long_text = len(text) > 80 or not name
            yield text if long_text else f"{name}: {text}"
        elif value is not None and not isinstance(value, bool):
            yield f"{name}: {value}" if name else str(value)


def _pdf_or_failure(fetched: Fetched) -> Document | FetchFailed:
    try:
        document = pdf_document(fetched.body)
    except _PdfUnreadable as exc:
        return FetchFailed(
            url=fetched.url,
            status=FetchStatus.UNSUPPORTED_TYPE,
            message=f"the PDF could not be read ({exc}); cite an HTML version of the document",
            http_status=fetched.http_status,
        )
    if not document.paragraphs:
        return _empty(fetched, "the PDF has no text layer (a scan?)")
    return document


class _PdfUnreadable(Exception):
    pass


def pdf_document(body: bytes) -> Document:
    """Text of every page; blank lines and short sentence-final lines end paragraphs."""
    import io

    _quiet("pypdf")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
        raw_title = reader.metadata.title if reader.metadata else None
    # pypdf raises many kinds of error on damaged files; all mean "unreadable" here.
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            NotImplementedError, RecursionError, zlib.error) as exc:  # fmt: skip
        raise _PdfUnreadable(f"{type(exc).__name__}: {exc}") from None
    paragraphs = [p for page in pages for p in _pdf_paragraphs(page)]
    title = _clean(str(raw_title)) if raw_title else None
    return Document(title=title or None, paragraphs=_bounded(paragraphs))


def _pdf_paragraphs(page: str) -> Iterator[str]:
    lines = [line.strip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    current: list[str] = []
    for line in lines:
        if not line:
            yield _join_lines(current)
            current = []
            continue
        current.append(line)
        # A short line ending a sentence is usually the last line of a paragraph.
        if line.endswith((".", "!", "?", ":")) and len(line) < 0.7 * width:
            yield _join_lines(current)
            current = []
    yield _join_lines(current)


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line  # re-join a word hyphenated at the line end
        else:
            text = f"{text} {line}" if text else line
    return _clean(text)
