"""Draft file -> ``models.Draft``: decoding, structure, references, problems.

:func:`load_draft` turns bytes into text (UTF-8 with or without BOM, UTF-16
with BOM, else the encoding charset-normalizer detects, which it names so the
report can say so) and normalises newlines to ``\\n``. Only a regular file is
read, and never past the size limit, so a FIFO or a device (a symlink to
``/dev/zero`` in a pull request) is refused instead of hanging the run. Every
position in the parsed ``Draft`` (offsets, lines, columns) refers to that decoded,
newline-normalised text.

:func:`parse_draft` finds the prose blocks (Markdown via markdown-it-py token
line maps; ``.txt`` drafts by blank lines), the References section and
reference definitions, the ``factcheck: ignore`` directives, and hands the
blocks to ``claims.split_blocks`` for sentences and citations. Code, front
matter, HTML blocks and comments never yield claims or citations. Defects of
the draft (dangling citations, duplicate references...) become ``Problem``
records, never exceptions.
"""

from __future__ import annotations

import bisect
import functools
import html
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from factcheck.authordate import SURNAME, YEAR, Resolver, entry_key
from factcheck.claims import (
    NUMERIC_MARKER,
    SUPERSCRIPT_MARKER,
    Block,
    Candidate,
    CheckWorthiness,
    Citing,
    InlineLink,
    has_marker,
    split_blocks,
)
from factcheck.draft_docx import DOCX_SUFFIXES
from factcheck.draft_html import HTML_SUFFIXES
from factcheck.errors import DraftError
from factcheck.models import Claim, Draft, Problem, ProblemKind, Reference

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from factcheck.rendered import Rendered

PLAIN_SUFFIXES = frozenset({".txt", ".text"})
# Plain-text lines longer than this mean "one paragraph per line" rather than
# hard-wrapped prose, so each line is its own block (bylines stay apart).
HARD_WRAP_WIDTH = 100
# Coherence difference within which charset-normalizer's guesses count as tied.
TIE_MARGIN = 0.01
# Share of control characters above which bytes are "binary", not text.
MAX_CONTROL_SHARE = 0.1

# ---------------------------------------------------------------------------
# Which files are drafts

DRAFT_TYPES: dict[str, str] = {
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".txt": "plain text",
    ".text": "plain text",
    **dict.fromkeys(sorted(HTML_SUFFIXES), "HTML"),
    **dict.fromkeys(sorted(DOCX_SUFFIXES), "Word"),
}
"""Suffixes read as drafts, and what they are read as (``load_draft`` picks the reader).
A reader for another kind of file plugs in here by suffix; folders are searched for
exactly these, and a file of any other type is refused when named and listed as
skipped when found in a folder."""


def unreadable_type(path: Path) -> str | None:
    """Why a file cannot be read as a draft because of its type; None when it can.

    A file without a suffix given by name is read as Markdown (editors' scratch files).
    """
    suffix = path.suffix.lower()
    if not suffix or suffix in DRAFT_TYPES:
        return None
    known = ", ".join(dict.fromkeys(DRAFT_TYPES))
    return f"{suffix} files cannot be read as drafts (factcheck reads {known})"


def unusable(draft: Draft) -> str | None:
    """Why a parsed draft holds nothing to check (empty, or no prose); None when it does."""
    for problem in draft.problems:
        if problem.kind is ProblemKind.EMPTY_DRAFT:
            return problem.message
    return None


# ---------------------------------------------------------------------------
# Reading


def read_draft(path: Path, max_bytes: int) -> str:
    """The draft's text, decoded and with ``\\n`` newlines; ``DraftError`` if unreadable."""
    return normalise_newlines(decode(_file_bytes(path, max_bytes), str(path)))


def _file_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``; ``DraftError`` otherwise."""
    import os
    import stat

    if not path.exists():
        raise DraftError(f"draft {path} not found; check the path")
    if path.is_dir():
        raise DraftError(f"draft {path} is a directory; give a text or Markdown file")
    try:
        # Non-blocking, so opening a FIFO returns at once; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DraftError(f"draft {path} cannot be read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise DraftError(f"draft {path} is not a regular file (a device, FIFO or socket); "
                             "give a text or Markdown file")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise DraftError(f"draft {path} cannot be read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise DraftError(f"draft {path} is over the {max_bytes}-byte limit; {RAISE_LIMIT}")
    return data


RAISE_LIMIT = ("to check it, raise the max_draft_bytes setting (max_draft_bytes in "
               ".factcheck.toml, or the FACTCHECK_MAX_DRAFT_BYTES environment variable)")
STDIN = "-"
"""The draft argument that reads the draft from standard input."""
STDIN_NAME = "<stdin>"
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<article|<main|<meta)",
    re.IGNORECASE | re.DOTALL,
)


def load_draft(
    path: Path,
    max_bytes: int,
    *,
    rules: CheckWorthiness | None = None,
) -> Draft:
    """Read and parse one draft in any format it comes in.

    Markdown and plain text as they are; ``.html`` (a CMS export) and ``.docx``
    (Word, footnotes included) rendered to Markdown by their readers, with
    positions kept in the original; ``-`` reads standard input and tells the
    format from the bytes (a zip package is Word, a page is HTML, anything
    else Markdown). The encoding a text draft was read in is kept (``Draft.encoding``).
    """
    data, name = read_bytes(path, max_bytes)
    return parse_bytes(data, name, max_bytes, rules=rules)


def parse_bytes(
    data: bytes,
    name: str,
    max_bytes: int,
    *,
    rules: CheckWorthiness | None = None,
) -> Draft:
    """Parse a draft's bytes as read by ``read_bytes``: the format from ``name``'s suffix
    (or, for standard input, from the bytes). Split from ``load_draft`` so the reading
    and the parsing can happen in different processes (a cluster's client and worker)."""
    from factcheck.draft_docx import render_docx
    from factcheck.draft_html import render_html

    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise DraftError(f"draft {name} is an old binary Word file; save it as .docx")
    if suffix in DOCX_SUFFIXES or (name == STDIN_NAME and data.startswith(b"PK\x03\x04")):
        rendered = render_docx(data, name, max_bytes)
        return parse_draft(rendered.text, name, rules=rules, origin=rendered)
    text, encoding = decode_as(data, name)
    text = normalise_newlines(text)
    if suffix in HTML_SUFFIXES or (name == STDIN_NAME and _HTML_START.match(data[:2048])):
        rendered = render_html(text, name)
        return parse_draft(rendered.text, name, rules=rules, origin=rendered,
                           encoding=encoding)
    return parse_draft(text, name, rules=rules, encoding=encoding)


def read_bytes(path: Path, max_bytes: int) -> tuple[bytes, str]:
    """The draft's bytes and the name reports give it; ``-`` is standard input."""
    import sys

    if str(path) != STDIN:
        return _file_bytes(path, max_bytes), str(path)
    if sys.stdin is None or sys.stdin.isatty():
        raise DraftError("no draft on standard input; pipe one in, e.g. "
                         "'cat draft.md | factcheck check -'")
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DraftError(f"the draft on standard input is over the {max_bytes}-byte limit; "
                         f"{RAISE_LIMIT}")
    return data, STDIN_NAME


def decode(data: bytes, name: str) -> str:
    """Decode draft bytes: BOMs first, then UTF-8, then a detected encoding."""
    return decode_as(data, name)[0]


def decode_as(data: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)``: BOMs first, then UTF-8, then the encoding charset-normalizer
    finds most coherent (cp1252 winning a tie, as editors' tools write it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data or _control_share(data) > MAX_CONTROL_SHARE:
        raise DraftError(
            f"draft {name} looks like a binary file, not text; give a text or Markdown file"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DraftError(
            f"draft {name} is not UTF-8 and its encoding could not be detected; save it as UTF-8"
        )
    # Short Western texts score the same under several code pages, and the detector's
    # pick among them is close to a coin toss (cp775 for curly quotes and a euro sign);
    # the one editors' tools actually write is cp1252, so it wins whenever the text reads
    # as a Western language in it.
    western = _western_cp1252(data)
    if western is not None and best.language in WESTERN_LANGUAGES:
        return western, "cp1252"
    for match in results:
        tie = match.chaos <= best.chaos and match.coherence >= best.coherence - TIE_MARGIN
        if tie and match.encoding == "cp1252":
            return str(match), "cp1252"
    return str(best), best.encoding


WESTERN_LANGUAGES = frozenset({
    "English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Swedish",
    "Danish", "Norwegian", "Finnish", "Icelandic", "Catalan", "Unknown",
})
"""Languages charset-normalizer names for text that cp1252 covers."""
MAX_ACCENTED_SHARE = 0.3
"""In Western text most letters are ASCII; a cp1251 (Cyrillic) or cp1253 (Greek) draft read
as cp1252 would be nearly all accented letters."""


def _western_cp1252(data: bytes) -> str | None:
    """The cp1252 reading of ``data`` when it looks like Western text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # a byte cp1252 leaves undefined
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if not ch.isascii())
    if not letters or accented / len(letters) >= MAX_ACCENTED_SHARE:
        return None
    # A symbol inside a word ("Wroc³aw", "du¿e") is a Central European letter misread.
    return None if _SYMBOL_IN_WORD.search(text) else text


_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f\w\s\u2019\u00b7](?=[^\W\d_])")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DraftError(
            f"draft {name} has a {encoding} byte-order mark but is not valid {encoding}: "
            f"{exc.reason}"
        ) from exc


def _control_share(data: bytes) -> float:
    sample = data[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


# ---------------------------------------------------------------------------
# Line geometry


@dataclass(frozen=True, slots=True, kw_only=True)
class Lines:
    """Offsets of line starts, for offset <-> (line, column) conversion."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        return cls(text=text, starts=(0, *(m.end() for m in re.finditer("\n", text))))

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def column_of(self, offset: int) -> int:
        return offset - self.starts[self.line_of(offset) - 1] + 1

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        return self.line_of(offset), self.column_of(offset)

    def start(self, index: int) -> int:
        """Offset of 0-based line ``index``."""
        return self.starts[index]

    def end(self, index: int) -> int:
        """Offset just past the content of 0-based line ``index`` (before ``\\n``)."""
        nxt = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return nxt

    def get(self, index: int) -> str:
        return self.text[self.start(index) : self.end(index)]


# ---------------------------------------------------------------------------
# Regions that never hold claims

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DIRECTIVE = re.compile(
    r"<!--\s*factcheck:\s*(ignore-next-line|ignore)\b\s*(.*?)\s*-->", re.DOTALL | re.IGNORECASE
)
_LINK_DEF = re.compile(r"^ {0,3}\[(?P<id>\d+|[a-z]{1,2})\]:\s*\S")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^(?P<id>[^\]\s]+)\]:")


def _fenced_lines(lines: Lines) -> set[int]:
    """0-based indexes of lines inside fenced code (fences included)."""
    inside: set[int] = set()
    fence: str | None = None
    for i in range(len(lines)):
        match = _FENCE.match(lines.get(i))
        if fence is None and match:
            fence = match.group(1)
            inside.add(i)
        elif fence is not None:
            inside.add(i)
            if match and match.group(1).startswith(fence[0]) and len(match.group(1)) >= len(fence):
                fence = None
    return inside


def _front_matter_lines(lines: Lines) -> set[int]:
    """Lines of a YAML (``---``) or TOML (``+++``) front matter block at the very start."""
    opener = lines.get(0).rstrip()
    if opener not in ("---", "+++"):
        return set()
    for i in range(1, len(lines)):
        if lines.get(i).rstrip() in (opener, "..."):
            return set(range(i + 1))
    return set()


def _definition_lines(lines: Lines, skip: set[int]) -> set[int]:
    """Lines of ``[1]: url`` and ``[^n]: text`` definitions (with indented continuations)."""
    found: set[int] = set()
    in_footnote = False
    for i in range(len(lines)):
        line = lines.get(i)
        if i in skip:
            in_footnote = False
            continue
        if _LINK_DEF.match(line) or _FOOTNOTE_DEF.match(line):
            found.add(i)
            in_footnote = bool(_FOOTNOTE_DEF.match(line))
        elif in_footnote and line.startswith(("    ", "\t")):
            found.add(i)
        elif line.strip():
            in_footnote = False
    return found


# ---------------------------------------------------------------------------
# References

REFERENCE_HEADINGS = re.compile(
    r"(?:references?|sources?|notes|bibliography|works\s+cited|citations?|footnotes?|endnotes|"
    r"reference\s+list|sources\s+cited|literature\s+cited|"
    r"notes\s+and\s+references|references\s+and\s+notes|sources\s+and\s+notes)",
    re.IGNORECASE,
)
_HEADING_LINE = re.compile(r"^ {0,3}(?P<hashes>#{1,6})?\s*(?P<body>.*?)\s*#*\s*$")
_ATX = re.compile(r"^ {0,3}(#{1,6})\s")
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_SUSPECT_URL = re.compile(
    r"\b(?:(?:h?t?tps?|hxxps?|ftp)\s*[:;]?/{1,3}|www\.)[^\s<>\"']+", re.IGNORECASE
)
_OTHER_SCHEME = re.compile(
    r"(?<![\w.+-])(?:file|ftp|ftps|sftp|javascript|data|mailto|gopher|ssh|smb|about|blob|chrome|"
    r"vbscript):[^\s<>\"'`]+",
    re.IGNORECASE,
)
_ENTRY_BRACKET = re.compile(
    r"^\s*(?:[-*+]\s+)?\[(?P<caret>\^)?(?P<id>[^\]\s]+)\][:.)]?(?:\s+|$)(?P<rest>.*)$"
)
_ENTRY_NUMBER = re.compile(r"^\s*(?:[-*+]\s+)?(?P<id>\d{1,4})[.)]\s+\^?\s*(?P<rest>.*)$")
# A reference list copied from a rendered wiki page: "^ a b Title ..." lines, numbered by position.
_ENTRY_CARET = re.compile(r"^\s*\^\s*(?:Jump up to:\s*)?(?:[a-z]{1,2}\s+)*(?P<rest>\S.*)$")
_ENTRY_BULLET = re.compile(r"^\s*[-*+]\s+(?P<rest>\S.*)$")
_QUOTED_TITLE = re.compile(r"[\"\u201c(](?P<title>[^\"\u201d)]+)[\"\u201d)]\s*$")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)[^)]*\)")


def _reference_heading(line: str) -> int | None:
    """Heading level (1-6, or 7 for a bold or plain line) if ``line`` heads a References section."""
    match = _HEADING_LINE.match(line)
    if not match:
        return None
    # "## 5. References", "**Sources:**", "REFERENCES"
    # (and "<h2>References</h2>", an HTML heading inside Markdown).
    raw = re.sub(r"<[^<>]+>", "", match.group("body")).strip("*_ :")
    body = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", raw)
    if not REFERENCE_HEADINGS.fullmatch(body):
        return None
    return len(match.group("hashes")) if match.group("hashes") else 7


def _sections(lines: Lines, skip: set[int]) -> list[tuple[int, int]]:
    """0-based ``[first, last)`` line ranges of References sections (heading included)."""
    sections: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        level = None if i in skip else _reference_heading(lines.get(i))
        if level is None or (i > 0 and lines.get(i - 1).strip() and level == 7):
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            atx = None if j in skip else _ATX.match(lines.get(j))
            if atx and (len(atx.group(1)) <= level or level == 7):
                break
            j += 1
        sections.append((i, j))
        i = j
    return sections or _trailing_section(lines, skip)


def _trailing_section(lines: Lines, skip: set[int]) -> list[tuple[int, int]]:
    """Without a heading, a final run of ``[n] ... https://`` lines is the reference list."""
    end = len(lines)
    first = end
    for i in range(end - 1, -1, -1):
        line = lines.get(i)
        if i in skip:
            break
        if not line.strip():
            continue
        if _ENTRY_BRACKET.match(line) and _URL.search(line):
            first = i
            continue
        break
    return [(first, end)] if first < end else []


@dataclass(slots=True)
class _Entry:
    id: str | None
    line: int
    parts: list[str]
    numbered: bool = False
    more_lines: list[int] = field(default_factory=list)
    """0-based indexes of continuation lines."""
    note: bool = False
    """A footnote: two notes may cite one source (Word has no other way to cite it twice)."""


def _entries(lines: Lines, first: int, last: int, skip: set[int]) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    prev_blank = True
    for i in range(first, last):
        line = lines.get(i)
        if i in skip or _reference_heading(line) is not None:
            prev_blank, current = True, None
            continue
        if not line.strip():
            prev_blank = True
            continue
        entry = _entry_start(line, i)
        if entry is None and _AUTHOR_ENTRY.match(line) and (
            current is None or prev_blank or _complete(current)
        ):
            entry = _Entry(id=None, line=i, parts=[line.strip()])
        if entry is not None:
            current = entry
            entries.append(entry)
        elif current is not None and (
            not prev_blank or line[:1] in " \t" or _url_only(line, current)
        ):
            current.parts.append(line.strip())
            current.more_lines.append(i)
        elif _URL.search(line):
            current = _Entry(id=None, line=i, parts=[line.strip()])
            entries.append(current)
        else:
            current = None
        prev_blank = False
    return entries


def _complete(entry: _Entry) -> bool:
    """An entry that already has its URL, or ends like a finished citation."""
    text = " ".join(entry.parts).rstrip()
    return bool(_URL.search(text)) or text.endswith((".", ">", ")"))


def _url_only(line: str, entry: _Entry) -> bool:
    """A lone URL line after an entry that has none yet continues that entry."""
    match = _URL.fullmatch(line.strip(" <>"))
    return match is not None and not any(_URL.search(part) for part in entry.parts)


def _ref_id(label: str) -> str:
    """``"01"`` -> ``"1"``, as citations ``[01]`` are read; footnote labels as they are."""
    return str(int(label)) if label.isdigit() else label


def _entry_start(line: str, index: int) -> _Entry | None:
    match = _ENTRY_BRACKET.match(line)
    if match and (match.group("caret") or match.group("id").isdigit()
                  or _LETTER_ID.fullmatch(match.group("id"))):
        return _Entry(id=_ref_id(match.group("id")), line=index, parts=[match.group("rest")],
                      note=match.group("caret") is not None)
    match = _ENTRY_NUMBER.match(line)
    if match:
        return _Entry(
            id=_ref_id(match.group("id")),
            line=index,
            parts=[match.group("rest")],
            numbered=True,
        )
    match = _ENTRY_BULLET.match(line) or _ENTRY_CARET.match(line)
    if match:
        return _Entry(id=None, line=index, parts=[match.group("rest")])
    return None


def _number_entries(entries: list[_Entry]) -> None:
    """Unnumbered entries take their position; ``1. 1. 1.`` lists are renumbered."""
    numbered = [e for e in entries if e.numbered]
    lazy = len(numbered) > 1 and all(e.id == "1" for e in numbered)
    for position, entry in enumerate(entries, start=1):
        if entry.id is None or (lazy and entry.numbered):
            entry.id = str(position)


_OPENER = {")": "(", "]": "[", "}": "{"}
_IBID = re.compile(r"\s*(?:ibid|ibidem)\b", re.IGNORECASE)
# Letter notes: "[a] The pause followed a driver shortage; see https://...".
_LETTER_ID = re.compile(r"[a-z]{1,2}")
# An author-date entry starting a line: "Chaplot, V., Smith, P. (2019).", "Lee J, Kim S. 2021.",
# "Okafor et al. 2020.", "World Health Organization (2020).".
_AUTHOR_ENTRY = re.compile(
    rf"^\s*(?:[-*+]\s+)?{SURNAME}(?:,?\s+(?:[A-Z]\.?[\s-]?){{1,3}}[,.(]|,\s+[A-Z][a-z]+[\s,]"
    rf"|\s+et\s+al\.|(?:\s+(?:of|for|and|the|[A-Z][\w-]*))*\.?\s+\(?{YEAR}\)?[.,:])"
)


def clean_url(raw: str) -> str:
    """A URL without trailing punctuation or unbalanced closing brackets."""
    url = raw
    while url:
        last = url[-1]
        trailing = last in ".,;:!?*_'\u2019\u201d"
        unbalanced = last in ")]}" and url.count(last) > url.count(_OPENER[last])
        if not (trailing or unbalanced):
            break
        url = url[:-1]
    return url


def valid_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.split(".")
    return len(labels) > 1 and all(
        re.fullmatch(r"[a-z0-9\-\u00a1-\uffff]+", label) for label in labels
    )


def _entry_url(text: str) -> tuple[str | None, bool]:
    """``(url, malformed)`` of a reference entry; url is None when it has none.

    A URL of another scheme (``file:``, ``ftp:``, ``javascript:``, ``data:``...) is
    kept as it is, so the source is reported as an unsupported scheme, not as missing.
    A Markdown link's target is the URL, whatever its text shows
    (``[https://x/a](https://x/a)`` is ``https://x/a``, not ``https://x/a](https://x/a)``).
    """
    for link in _LINK.finditer(text):
        target = link.group("target").strip("<>")
        if _URL.fullmatch(target):
            return target, not valid_url(target)
    match = _URL.search(text)
    if match:
        url = clean_url(match.group(0))
        return url, not valid_url(url)
    other = _OTHER_SCHEME.search(text)
    if other:
        return clean_url(other.group(0)), False
    suspect = _SUSPECT_URL.search(text)
    if suspect:
        return clean_url(suspect.group(0)), True
    return None, False


def _entry_title(text: str, url: str | None) -> str | None:
    text = _MD_LINK.sub(lambda m: m.group("text"), text)
    if url:
        head, _, tail = text.partition(url)
        quoted = _QUOTED_TITLE.search(tail)
        if quoted and not head.strip(" <>"):
            return quoted.group("title").strip() or None
        # The brackets that held the URL go with it: "release (https://...)".
        text = re.sub(r"[(<\[]\s*$", "", head) + " " + re.sub(r"^\s*[)>\]]", "", tail)
    text = re.sub(r"\s+", " ", text).strip(" \t<>|,;:.\u2014\u2013-")
    return text or None


def _references(
    entries: Iterable[_Entry], lines: Lines, where: Callable[[int], tuple[int, int]]
) -> tuple[list[Reference], list[Problem]]:
    references: list[Reference] = []
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    seen_urls: dict[str, str] = {}
    previous: str | None = None
    for entry in entries:
        raw = " ".join(p for p in entry.parts if p)
        url, malformed = _entry_url(raw)
        if url is None and _IBID.match(raw):
            url = previous  # "Ibid." cites the source of the note before it
        previous = url
        ref_id = entry.id or ""
        line = where(lines.start(entry.line))[0]
        if ref_id in seen_ids:
            problems.append(
                _problem(
                    ProblemKind.DUPLICATE_REFERENCE,
                    line,
                    f"reference {ref_id} is defined again (first on line {seen_ids[ref_id]}); "
                    "the first one is used",
                )
            )
            continue
        seen_ids[ref_id] = line
        problems.extend(_url_problems(ref_id, url, malformed, line,
                                      {} if entry.note else seen_urls))
        references.append(
            Reference(id=ref_id, url=url, title=_entry_title(raw, url), line=line, raw=raw)
        )
    return references, problems


def _url_problems(
    ref_id: str, url: str | None, malformed: bool, line: int, seen: dict[str, str]
) -> Iterator[Problem]:
    if url is None:
        yield _problem(
            ProblemKind.REFERENCE_WITHOUT_URL,
            line,
            f"reference {ref_id} has no URL; its claims cannot be checked",
        )
        return
    if malformed:
        yield _problem(
            ProblemKind.MALFORMED_URL,
            line,
            f"reference {ref_id} has a malformed URL {url!r}; fix it so the source can be fetched",
        )
        return
    key = _url_key(url)
    if key in seen:
        yield _problem(
            ProblemKind.DUPLICATE_URL,
            line,
            f"reference {ref_id} has the same URL as reference {seen[key]}; cite one number",
        )
    else:
        seen[key] = ref_id


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{(parts.hostname or '').removeprefix('www.')}{path}{query}"


def _problem(kind: ProblemKind, line: int | None, message: str) -> Problem:
    return Problem(kind=kind, line=line, message=message)


# ---------------------------------------------------------------------------
# Prose blocks

_CONTAINER = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_FIRST_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?"
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = re.compile(
    r"\[(?P<text>[^\[\]]*)\]\((?P<target>(?:[^()\s]|\([^()]*\))*)(?:\s+\"[^\"]*\")?\)"
)
_ANCHOR_CITATION = re.compile(r"\[(?P<inner>\[[^\[\]]+\])\]\(#[^()\s]*\)")
_REF_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\[(?P<label>[^\[\]]*)\]")
_AUTOLINK = re.compile(r"<https?://[^>\s]+>")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_HTML_LINK = re.compile(
    r"<a\s[^<>]*?\bhref\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))[^<>]*>"
    r"(?P<text>[^<]*(?:<(?!/a\b)[^<]*)*)</a\s*>",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# A paragraph that opens like this lists links to other pages, it does not cite them.
_RELATED = re.compile(
    r"\W*(?:related|see\s+also|read\s+more|more\s+(?:from|on|stories)|further\s+reading|"
    r"also\s+read|recommended|you\s+may\s+also\s+like)\b",
    re.IGNORECASE,
)
_STRONG = re.compile(r"\*\*\*|\*\*|__")
# A single "*" opens emphasis before a word and closes it after one; it is markup only
# when an opener finds a closer ("*word*"): "Grade II* listed" keeps its star.
_EM_OPEN = re.compile(r"(?<![\w*])\*(?=[^\s*])")
_EM_CLOSE = re.compile(r"(?<=[^\s*])\*(?![\w*])")
_ESCAPED = re.compile(r"\\[\[\]]")
# Wiki maintenance tags that are neither citations nor prose: dropped from claims.
_WIKI_TAG = re.compile(
    r"\[(?:when|who|which|where|why|how|according to whom|by whom|clarification needed|"
    r"dubious[^\[\]]{0,20}|original research|vague|specify|page needed|year needed|"
    r"needs update|update needed|disputed[^\[\]]{0,20})\??\]",
    re.IGNORECASE,
)
_NUMBERS = re.compile(r"[\d,;\s\-\u2013]+")


@dataclass(frozen=True, slots=True)
class _Para:
    first: int
    last: int
    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Labels:
    """What ``[x]`` names in this draft: letter notes, and link reference definitions."""

    letters: frozenset[str] = frozenset()
    """Letter ids the Notes or References define (``[a] ...``): ``[a]`` is a citation."""
    links: frozenset[str] = frozenset()
    """Normalised labels of ``[label]: url`` definitions: ``[text][label]`` is a link."""

    def citation(self, label: str) -> bool:
        """``label`` in brackets is a citation marker: ``[2]``, ``[^note]``, ``[a]`` (defined)."""
        return bool(_NUMBERS.fullmatch(label)) or label.startswith("^") or label in self.letters

    def link(self, label: str) -> bool:
        return _link_label(label) in self.links


def _link_label(label: str) -> str:
    """CommonMark matches link labels case-insensitively, with whitespace collapsed."""
    return " ".join(label.split()).casefold()


_ANY_LINK_DEF = re.compile(r"^ {0,3}\[(?!\^)(?P<label>[^\[\]]{1,999})\]:", re.MULTILINE)


def _labels(visible: str, lines: Lines, code: set[int], letters: frozenset[str]) -> _Labels:
    links = frozenset(_link_label(m.group("label")) for m in _ANY_LINK_DEF.finditer(visible)
                      if lines.line_of(m.start()) - 1 not in code)
    return _Labels(letters=letters, links=links)


@dataclass(slots=True)
class _Inline:
    """Spans of one block's inline Markdown: dropped from the prose, or never cited."""

    text: str
    start: int
    end: int
    labels: _Labels = field(default_factory=_Labels)
    delete: list[tuple[int, int]] = field(default_factory=list)
    protected: list[tuple[int, int]] = field(default_factory=list)
    links: list[InlineLink] = field(default_factory=list)

    def free(self, pos: int) -> bool:
        return not any(a <= pos < b for a, b in self.protected)

    def matches(self, rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of ``rx`` that do not start inside an already protected span."""
        return (m for m in rx.finditer(self.text, self.start, self.end) if self.free(m.start()))

    def drop(self, *spans: tuple[int, int]) -> None:
        self.delete.extend(spans)

    def hide(self, a: int, b: int) -> None:
        self.protected.append((a, b))


def _inline(text: str, start: int, end: int, labels: _Labels | None = None) -> _Inline:
    """Deleted and protected spans, and citing links, of the inline syntax in a block."""
    spans = _Inline(text, start, end, labels or _Labels())
    spans.protected.extend(m.span() for m in _CODE_SPAN.finditer(text, start, end))
    for rx in (_COMMENT, _IMAGE):
        for m in spans.matches(rx):
            spans.drop(m.span())
            spans.hide(*m.span())
    _links(spans)
    _tags(spans)
    for m in spans.matches(_URL):
        spans.hide(*m.span())
    for m in _ESCAPED.finditer(text, start, end):
        spans.hide(m.start() + 1, m.end())
        spans.drop((m.start(), m.start() + 1))
    for m in spans.matches(_WIKI_TAG):
        spans.drop(m.span())
        spans.hide(*m.span())
    for m in spans.matches(_STRONG):
        spans.drop(m.span())
    spans.drop(*_emphasis(spans))
    spans.links = citing_links(text[start:end], spans.links)
    return spans


def _emphasis(spans: _Inline) -> list[tuple[int, int]]:
    """The single stars of a block that pair as emphasis, each opener with the next
    closer after it; a star with no partner is text."""
    opens = {m.start() for m in spans.matches(_EM_OPEN)}
    closes = {m.start() for m in spans.matches(_EM_CLOSE)}
    out: list[tuple[int, int]] = []
    opener: int | None = None
    for pos in sorted(opens | closes):
        if opener is not None and pos in closes:
            out += [(opener, opener + 1), (pos, pos + 1)]
            opener = None
        elif pos in opens:
            opener = pos
    return out


def _links(spans: _Inline) -> None:
    """Links keep their text; links that are citations keep their marker."""
    for m in spans.matches(_ANCHOR_CITATION):
        # ``[[1]](#ref-1)`` is a citation wrapped in an in-page link: keep the marker.
        spans.drop((m.start(), m.start() + 1), (m.end("inner"), m.end()))
        spans.hide(m.end("inner"), m.end())
    for m in spans.matches(_LINK):
        if m.group("target").startswith("#") and _NUMBERS.fullmatch(m.group("text")):
            # ``[1](#ref-1)``: the marker stays (claims.py reads it), the anchor goes.
            spans.drop((m.end("text") + 1, m.end()))
            spans.hide(m.end("text") + 1, m.end())
        else:
            spans.hide(*m.span())
            spans.drop((m.start(), m.start() + 1), (m.end("text"), m.end()))
            spans.links.append(InlineLink(pos=m.end(), url=m.group("target"),
                                          text=m.group("text")))
    for m in spans.matches(_REF_LINK):
        _reference_link(spans, m)


def _reference_link(spans: _Inline, m: re.Match[str]) -> None:
    """``[text][label]``: two markers side by side, a citation, a link, or plain text.

    As CommonMark reads it, it is a link only when ``label`` (or ``text``, for
    ``[text][]``) is defined by a ``[label]: url`` line; otherwise both brackets are
    text, and are left as written so nothing vanishes from the claim.
    """
    text, labels = m.group("text"), spans.labels
    if labels.citation(text) or (_LETTER_ID.fullmatch(text) and not labels.link(text)):
        # ``[1][2]``, ``[^2][^grant]``, ``[c][i]``: markers side by side, not a link
        # (an undefined ``[c]`` stays text, and claims.py reads the marker after it).
        return
    label = m.group("label") or text
    if labels.citation(label) and not label.startswith("^"):
        # ``[the report][2]``, ``[the notice][b]`` cite that reference: keep the
        # marker, drop the brackets around the text.
        spans.drop((m.start(), m.start() + 1), (m.end("text"), m.end("text") + 1))
    elif labels.link(label):
        spans.hide(*m.span())
        spans.drop((m.start(), m.start() + 1), (m.end("text"), m.end()))


def citing_links(block: str, links: Iterable[InlineLink]) -> list[InlineLink]:
    """The links of a block that cite their URL, in order; navigation is left out.

    Navigation is a link that is not to an http(s) page, whose text is a bare URL or
    an email address, or that sits in a block made only of links or opening like a
    list of related articles ("Related:", "See also", "Read more"). Any reader (the
    Markdown one here, an HTML or Word one) hands its links to this one rule.
    """
    candidates = [link for link in links
                  if valid_url(clean_url(link.url)) and link.url == link.url.strip()
                  and not _URL.fullmatch(link.text.strip(" <>"))
                  and not _EMAIL.fullmatch(link.text.strip())
                  and re.search(r"[^\W\d_]", link.text)]  # "[1](https://...)" is no prose
    if not candidates:
        return []
    rest = _TAG.sub(" ", _HTML_LINK.sub(" ", _LINK.sub(" ", block)))
    if not re.search(r"[^\W\d_]{2}", rest) or _RELATED.match(block):
        return []
    return sorted(candidates, key=lambda link: link.pos)


def inline_references(
    claims: list[Claim], references: list[Reference], links: Iterable[InlineLink],
    where: Callable[[int], tuple[int, int]],
) -> tuple[list[Claim], list[Reference]]:
    """Give each URL cited by an inline link its reference id, and a reference to cite.

    A URL that the References list also has takes that entry's id, so ``[1]`` and a
    link to the same page are one source; other URLs become references ``L1``, ``L2``...
    in order of first use, titled with the link's text. Links in sentences that were
    not kept as claims (navigation, ignored) make no reference.
    """
    by_url = {link.url: link for link in links}
    if not by_url:
        return claims, references
    known = {r.url: r.id for r in references if r.url}
    taken = {r.id for r in references}
    ids: dict[str, str] = {}
    added: list[Reference] = []
    for claim in claims:
        for cited in claim.citations:
            if cited not in by_url or cited in ids:
                continue
            url = clean_url(cited)
            if url in known:
                ids[cited] = known[url]
                continue
            n = len(added) + 1
            while f"L{n}" in taken:
                n += 1
            ids[cited] = f"L{n}"
            taken.add(ids[cited])
            link = by_url[cited]
            added.append(Reference(id=ids[cited], url=url, title=link.text.strip() or None,
                                   line=where(link.pos)[0], raw=f"[{link.text}]({cited})"))
    renamed = [replace(c, citations=tuple(dict.fromkeys(ids.get(x, x) for x in c.citations)))
               for c in claims]
    return renamed, [*references, *added]


def _tags(spans: _Inline) -> None:
    """Inline HTML tags go (except ``<sup>1</sup>`` citations); ``<https://...>`` keeps its URL."""
    sup_citations = [
        m.span() for m in SUPERSCRIPT_MARKER.finditer(spans.text, spans.start, spans.end)
    ]
    for m in spans.matches(_HTML_LINK):
        url = next((g for g in m.group("dq", "sq", "bare") if g is not None), "")
        spans.links.append(InlineLink(pos=m.end(), url=html.unescape(url),
                                      text=_TAG.sub("", m.group("text"))))
    for m in spans.matches(_TAG):
        if not any(a <= m.start() < b for a, b in sup_citations):
            spans.hide(*m.span())
            spans.drop(m.span())
    for m in spans.matches(_AUTOLINK):
        spans.hide(*m.span())
        spans.drop((m.start(), m.start() + 1), (m.end() - 1, m.end()))


def _block(text: str, lines: Lines, para: _Para, labels: _Labels) -> Block | None:
    first_start = lines.start(para.first)
    prefix = _FIRST_PREFIX.match(text, first_start, lines.end(para.first))
    start = prefix.end() if prefix else first_start
    end = lines.end(para.last - 1)
    while end > start and text[end - 1] in " \t":
        end -= 1
    if end <= start:
        return None
    spans = _inline(text, start, end, labels)
    for i in range(para.first + 1, para.last):
        container = _CONTAINER.match(text, lines.start(i), lines.end(i))
        if container and container.end() > container.start():
            spans.delete.append(container.span())
    return Block(start=start, end=end, kind=para.kind, delete=tuple(spans.delete),
                 protected=tuple(spans.protected), links=tuple(spans.links))


def _cell_blocks(text: str, lines: Lines, index: int, labels: _Labels) -> Iterator[Block]:
    line_start, line_end = lines.start(index), lines.end(index)
    line = text[line_start:line_end]
    if re.fullmatch(r"[\s|:\-]*", line):
        return
    code = [m.span() for m in _CODE_SPAN.finditer(line)]
    cuts = [
        i
        for i, ch in enumerate(line)
        if ch == "|" and (i == 0 or line[i - 1] != "\\") and not any(a <= i < b for a, b in code)
    ]
    for a, b in zip([-1, *cuts], [*cuts, len(line)], strict=True):
        cell = line[a + 1 : b]
        if not cell.strip():
            continue
        start = line_start + a + 1 + len(cell) - len(cell.lstrip())
        end = line_start + a + 1 + len(cell.rstrip())
        spans = _inline(text, start, end, labels)
        yield Block(start=start, end=end, kind="cell", delete=tuple(spans.delete),
                    protected=tuple(spans.protected), links=tuple(spans.links))


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).enable("table")
    # Only block structure and line maps are used; inline parsing is most of the cost.
    md.disable("inline")
    return md


def _markdown_paras(text: str) -> tuple[list[_Para], list[int]]:
    """Paragraph line ranges and table row lines, from markdown-it token maps."""
    paras: list[_Para] = []
    rows: list[int] = []
    tokens: list[Token] = _markdown().parse(text)
    in_item = in_footnote = 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "footnote_open":
            in_footnote += 1
        elif token.type == "footnote_close":
            in_footnote -= 1
        elif token.type == "tr_open" and token.map:
            rows.append(token.map[0])
        elif (
            token.type == "inline"
            and token.map
            and tokens[i - 1].type == "paragraph_open"
            and not in_footnote
        ):
            paras.append(_Para(token.map[0], token.map[1], "item" if in_item else "paragraph"))
    return paras, rows


def _plain_paras(lines: Lines, skip: set[int]) -> list[_Para]:
    """Runs of non-blank lines; one block per line when lines are unwrapped paragraphs."""
    paras: list[_Para] = []
    run: list[int] = []
    for i in [*range(len(lines)), -1]:
        if i >= 0 and i not in skip and lines.get(i).strip():
            run.append(i)
            continue
        if run:
            if max(len(lines.get(j)) for j in run) > HARD_WRAP_WIDTH:
                paras.extend(_Para(j, j + 1, "paragraph") for j in run)
            else:
                paras.append(_Para(run[0], run[-1] + 1, "paragraph"))
            run = []
    return paras


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces (newlines kept), so lengths match."""
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        parts += [text[pos:a], _NOT_NEWLINE.sub(" ", text[a:b])]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\n]")


# ---------------------------------------------------------------------------
# Assembly


@dataclass(frozen=True, slots=True, kw_only=True)
class _Directive:
    reason: str
    end: int
    next_line: bool


def _directives(text: str, lines: Lines, code: set[int]) -> list[_Directive]:
    found = []
    for m in _DIRECTIVE.finditer(text):
        if lines.line_of(m.start()) - 1 in code:
            continue
        reason = m.group(2).strip() or "ignored"
        found.append(
            _Directive(
                reason=reason, end=m.end(), next_line=m.group(1).lower() == "ignore-next-line"
            )
        )
    return found


def _ignored(
    claims: list[Candidate], directives: list[_Directive], lines: Lines
) -> list[str | None]:
    reasons: list[str | None] = [None] * len(claims)
    offsets = [c.offset for c in claims]
    for d in directives:
        if d.next_line:
            target = _next_text_line(lines, lines.line_of(d.end))
            for i, c in enumerate(claims):
                if lines.line_of(c.offset) == target:
                    reasons[i] = d.reason
        else:
            # The directive covers the sentence that starts right after it.
            i = bisect.bisect_left(offsets, d.end)
            nearest = _next_text_line(lines, lines.line_of(d.end) - 1)
            if i < len(claims) and lines.line_of(claims[i].offset) <= max(
                nearest, lines.line_of(d.end) + 1
            ):
                reasons[i] = d.reason
    return reasons


def _next_text_line(lines: Lines, line: int) -> int:
    for i in range(line, len(lines)):
        if lines.get(i).strip():
            return i + 1
    return len(lines) + 1


def parse_draft(
    text: str,
    path: str,
    *,
    rules: CheckWorthiness | None = None,
    encoding: str = "utf-8",
    origin: Rendered | None = None,
) -> Draft:
    """Claims, references and problems of a decoded draft (see module docstring).

    ``encoding`` is what the text was decoded from; anything but UTF-8 is noted as a
    ``draft_encoding`` problem so every report says how the bytes were read.
    ``origin`` is given when ``text`` is Markdown rendered from an HTML or Word
    draft: lines and columns then point into that original, not into ``text``.
    """
    draft = _parse(text, path, rules=rules, origin=origin)
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8", "ascii"):
        return draft
    note = _problem(ProblemKind.DRAFT_ENCODING, 1,
                    f"the draft is not UTF-8; it was read as {_NAMES.get(encoding, encoding)}. "
                    "If any character looks wrong, save the draft as UTF-8")
    return replace(draft, problems=(note, *draft.problems), encoding=encoding)


_NAMES = {"cp1252": "cp1252 (Windows Western European, which includes Latin-1)",
          "utf-16": "UTF-16 (it has a byte-order mark)"}


def _parse(
    text: str, path: str, *, rules: CheckWorthiness | None,
    origin: Rendered | None,
) -> Draft:
    lines = Lines.of(text)
    where = origin.locate if origin is not None else lines.locate
    if not text.strip():
        return Draft(
            path=path,
            text=text,
            claims=(),
            references=(),
            problems=(
                _problem(ProblemKind.EMPTY_DRAFT, 1, "the draft is empty; nothing to check"),
            ),
        )
    plain = PurePath(path).suffix.lower() in PLAIN_SUFFIXES
    code = _front_matter_lines(lines) | (set() if plain else _fenced_lines(lines))
    comments = [
        m.span() for m in _COMMENT.finditer(text) if lines.line_of(m.start()) - 1 not in code
    ]
    # Comments and code are blanked so headings, definitions and blocks are found only in prose.
    visible = _blanked(text, comments)
    vlines = Lines.of(visible)
    defs = _definition_lines(vlines, code)
    sections = _sections(vlines, code | defs)
    section_lines = {i for a, b in sections for i in range(a, b)}
    entries = [e for a, b in sections for e in _entries(vlines, a, b, code)]
    entries += _definition_entries(vlines, defs - section_lines)
    prose = (i for i in range(len(vlines)) if i not in code | defs | section_lines)
    if not any(NUMERIC_MARKER.search(vlines.get(i)) for i in prose):
        _label_author_entries(entries)
    _number_entries(entries)
    notes = _notes_apart(entries)
    references, problems = _references(sorted(entries, key=lambda e: e.line), lines, where)
    citing = _citing(references, lambda offset: where(offset)[0], notes)
    # Lines of a References section that are no entry but cite something
    # (a note such as "a. The figure excludes suburbs [3].") stay prose.
    entry_lines = {i for e in entries for i in (e.line, *e.more_lines)}
    cited_notes = {
        i for i in section_lines - entry_lines if has_marker(vlines.get(i)) and i not in code
    }
    skip = code | defs | (section_lines - cited_notes)
    labels = _labels(visible, vlines, code, citing.letters)
    blocks = _blocks(text, visible, lines, vlines, skip, plain, labels)
    candidates = list(split_blocks(text, blocks, rules=rules, citing=citing))
    ignored = _ignored(candidates, _directives(text, lines, code), lines)
    claims = _standfirst(_claims(candidates, ignored, where), rules or CheckWorthiness())
    claims, references = inline_references(
        claims, references, (link for b in blocks for link in b.links), where)
    resolver = citing.authors
    assert resolver is not None
    problems += resolver.problems
    problems += _citation_problems(claims, references, has_prose=bool(blocks),
                                   reported=resolver.unresolved)
    # A draft-wide defect (no References, nothing to check) comes first: it is the cause.
    problems.sort(key=lambda p: (p.kind not in _DRAFT_WIDE, p.line or 0, p.kind))
    return Draft(
        path=path,
        text=text,
        claims=tuple(claims),
        references=tuple(references),
        problems=tuple(problems),
    )


_DRAFT_WIDE = frozenset({ProblemKind.EMPTY_DRAFT, ProblemKind.NO_REFERENCES})


def _standfirst(claims: list[Claim], rules: CheckWorthiness) -> list[Claim]:
    """A lead that repeats sentences cited later is not a separate uncited claim.

    Only uncited check-worthy claims before the first cited one count as the
    standfirst; each is kept as an ignored claim naming the cited claims it
    repeats, so the report still shows it and why it was not flagged.
    """
    first = next((i for i, c in enumerate(claims) if c.citations), None)
    if first is None:
        return claims
    cited = [c for c in claims[first:] if c.citations and c.ignored is None]
    out = list(claims)
    for i, claim in enumerate(claims[:first]):
        if claim.ignored or claim.needs_citation_marker or not claim.check_worthy:
            continue
        repeated = _repeated_by(claim.text, cited, rules.standfirst_overlap)
        if repeated:
            names = " and ".join(c.id for c in repeated)
            out[i] = replace(claim, ignored=f"standfirst: repeats {names}, cited later")
    return out


_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")


def _repeated_by(text: str, cited: list[Claim], overlap: float) -> tuple[Claim, ...]:
    """The one or two cited claims that hold ``overlap`` of ``text``'s words and all its figures."""
    from factcheck.text import content_stems

    words = content_stems(text)
    figures = set(_FIGURE.findall(text))
    if not words:
        return ()
    stems = [content_stems(c.text) for c in cited]
    numbers = [set(_FIGURE.findall(c.text)) for c in cited]
    pairs: list[tuple[int, ...]] = [(i,) for i in range(len(cited))]
    pairs += [(i, j) for i in range(len(cited)) for j in range(i + 1, min(i + 4, len(cited)))]
    for pair in pairs:
        covered = set().union(*(stems[k] for k in pair))
        shown = set().union(*(numbers[k] for k in pair))
        if figures <= shown and len(words & covered) >= overlap * len(words):
            return tuple(cited[k] for k in pair)
    return ()


def _label_author_entries(entries: list[_Entry]) -> None:
    """Unnumbered author-date entries are named as they are cited: ``Okafor 2023``.

    Only when the prose cites no numbers, so a bullet list cited as ``[1]`` keeps
    its positional ids.
    """
    seen: set[str] = set()
    for entry in entries:
        key = entry_key(" ".join(entry.parts)) if entry.id is None else None
        if key is not None and key.label not in seen:
            seen.add(key.label)
            entry.id = key.label


def _notes_apart(entries: list[_Entry]) -> frozenset[str]:
    """Footnote labels that other entries use too, kept apart: footnote ``2`` becomes ``^2``.

    A Word file numbers its footnotes 1, 2, 3 and its References may be ``[1]``,
    ``[2]`` as well (so may a Markdown draft with ``[^1]:`` notes and a numbered
    list): ``[^2]`` then cites the note and ``[2]`` the entry, never each other.
    Without a clash a footnote keeps its label, and ``[^2]`` may cite entry ``2``.
    """
    clash = {e.id for e in entries if e.note} & {e.id for e in entries if not e.note}
    for entry in entries:
        if entry.note and entry.id in clash:
            entry.id = f"^{entry.id}"
    return frozenset(i for i in clash if i is not None)


def _citing(references: list[Reference], line_of: Callable[[int], int],
            notes: frozenset[str] = frozenset()) -> Citing:
    """Letter notes, author-date keys and footnotes kept apart, for the splitter."""
    keyed = [(r.id, key, r.line) for r in references if (key := entry_key(r.raw)) is not None]
    resolver = Resolver(entries=keyed, line_of=line_of,
                        author_date_list=2 * len(keyed) >= len(references) > 0)
    letters = frozenset(r.id for r in references if _LETTER_ID.fullmatch(r.id))
    return Citing(letters=letters, authors=resolver, notes=notes)


def _definition_entries(lines: Lines, indexes: set[int]) -> list[_Entry]:
    entries: list[_Entry] = []
    for i in sorted(indexes):
        line = lines.get(i)
        start = (
            _ENTRY_BRACKET.match(line)
            if (_LINK_DEF.match(line) or _FOOTNOTE_DEF.match(line))
            else None
        )
        if start:
            entries.append(
                _Entry(id=_ref_id(start.group("id")), line=i, parts=[start.group("rest")],
                       note=start.group("caret") is not None)
            )
        elif entries:
            entries[-1].parts.append(line.strip())
    return entries


def _blocks(
    text: str, visible: str, lines: Lines, vlines: Lines, skip: set[int], plain: bool,
    labels: _Labels,
) -> list[Block]:
    if plain:
        paras, rows = _plain_paras(vlines, skip), list[int]()
    else:
        paras, rows = _markdown_paras(visible)
    blocks: list[Block] = []
    for para in paras:
        # Skipped lines (definitions, reference entries) cut a paragraph into runs.
        for run in _runs([i for i in range(para.first, para.last) if i not in skip]):
            block = _block(text, lines, _Para(run[0], run[-1] + 1, para.kind), labels)
            if block is not None:
                blocks.append(block)
    for row in rows:
        if row not in skip:
            blocks.extend(_cell_blocks(text, lines, row, labels))
    blocks.sort(key=lambda b: b.start)
    return blocks


def _runs(indexes: list[int]) -> Iterator[list[int]]:
    """Consecutive runs: ``[1, 2, 5]`` -> ``[1, 2]``, ``[5]``."""
    run: list[int] = []
    for i in indexes:
        if run and i != run[-1] + 1:
            yield run
            run = []
        run.append(i)
    if run:
        yield run


def _claims(
    candidates: list[Candidate],
    ignored: list[str | None],
    where: Callable[[int], tuple[int, int]],
) -> list[Claim]:
    return [
        Claim(
            id=f"C{n}",
            text=c.text,
            line=where(c.offset)[0],
            column=where(c.offset)[1],
            offset=c.offset,
            citations=c.citations,
            check_worthy=c.check_worthy,
            needs_citation_marker=c.needs_citation_marker,
            ignored=reason,
        )
        for n, (c, reason) in enumerate(zip(candidates, ignored, strict=True), start=1)
    ]


def _citation_problems(
    claims: list[Claim],
    references: list[Reference],
    *,
    has_prose: bool,
    reported: set[str] | None = None,
) -> list[Problem]:
    if not has_prose and not claims:
        return [_problem(ProblemKind.EMPTY_DRAFT, 1, "the draft has no prose to check")]
    known = {r.id for r in references}
    cited = [c for c in claims if c.citations]
    if not references and cited:
        # One cause, stated once: the markers have nothing to point to. (Listing each
        # marker as dangling would bury it.)
        marks = ", ".join(f"[{i}]" for i in dict.fromkeys(x for c in cited for x in c.citations))
        return [_problem(ProblemKind.NO_REFERENCES, cited[0].line,
                         f"the draft has no References section, so its citations {marks} point "
                         "nowhere; add a References list with one URL per cited number")]
    if not references and claims:
        return [_problem(ProblemKind.NO_REFERENCES, claims[0].line,
                         "the draft cites no source (no References section, no inline links) "
                         "for its check-worthy sentences; add citations")]
    problems: list[Problem] = []
    used: set[str] = set()
    for claim in claims:
        for ref_id in claim.citations:
            used.add(ref_id)
            if ref_id not in known and ref_id not in (reported or ()):
                problems.append(
                    _problem(
                        ProblemKind.DANGLING_CITATION,
                        claim.line,
                        f"citation [{ref_id}] in claim {claim.id} has no entry in the References",
                    )
                )
    for ref in references:
        if ref.id not in used:
            problems.append(
                _problem(
                    ProblemKind.UNUSED_REFERENCE, ref.line, f"reference {ref.id} is never cited"
                )
            )
    return problems
