"""Word drafts (``.docx``) -> Markdown, with footnotes and endnotes as citations.

Editors and freelancers send Word files whose citations are real footnotes:
a reference mark in the text and the source (often a link) in the note.
python-docx opens the package (zip, content types, relationships, the body
in order with its tables) and the notes are read from their own parts. Each
body paragraph becomes one Markdown paragraph (headings by style, list
paragraphs as items); a footnote mark becomes ``[^n]`` (n: its number as Word
shows it, 1, 2, 3 in order of appearance) and an endnote mark ``[^i]`` (Word's
default i, ii, iii); each note becomes the definition ``[^n]: note text``, so
the link in the note is the reference's URL. ``[n]`` typed in the text and a
References section work as in any Markdown draft; when they number their
entries as Word numbers its footnotes, the draft parser keeps the two apart
(footnote 2 is ``^2``, entry ``[2]`` is ``2``). Hyperlinks, including
``HYPERLINK`` fields, become ``[text](url)``; deleted tracked changes are left
out, inserted ones kept.

Positions: the line of a claim is the number of its paragraph in the body
(every paragraph counts, empty ones and those in table cells included, from 1)
and the column is the character within that paragraph's text (tabs and
breaks count one, note marks none). A note's reference is placed where its
mark is.

The package is opened only after its declared unpacked size is checked
against ``max_draft_bytes`` times :data:`MAX_UNPACKED_RATIO`, so a small
file cannot expand into gigabytes of XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factcheck.errors import DraftError
from factcheck.rendered import MarkdownWriter, Rendered

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

DOCX_SUFFIXES = frozenset({".docx", ".docm"})
MAX_UNPACKED_RATIO = 20
"""A Word file's XML unpacks to at most this many times the draft size limit."""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"([^"]+)"', re.IGNORECASE)
_HEADING = re.compile(r"(?:heading|\u00fcberschrift|titre)\s*(\d)", re.IGNORECASE)
_SKIPPED = frozenset({f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}delText", f"{W}moveFrom",
                      f"{W}instrText", f"{W}commentReference", f"{W}annotationRef"})


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


@dataclass(slots=True)
class _Notes:
    """Footnote and endnote bodies by id, and the labels given in order of first mark."""

    bodies: dict[tuple[str, str], Any]
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def label(self, kind: str, note_id: str, where: tuple[int, int]) -> str:
        key = (kind, note_id)
        if key not in self.labels:
            count = sum(1 for k in self.labels if k[0] == kind) + 1
            label = str(count) if kind == "footnote" else _roman(count)
            self.labels[key] = label
            self.marks[label] = where
        return self.labels[key]


@dataclass(slots=True)
class _Paragraph:
    """One paragraph's text as Markdown pieces: (text, character index, is prose)."""

    pieces: list[tuple[str, int, bool]] = field(default_factory=list)
    chars: int = 0
    field_url: str | None = None
    field_state: str = ""

    def text(self, text: str) -> None:
        self.pieces.append((text, self.chars, True))
        self.chars += len(text)

    def markup(self, text: str) -> None:
        self.pieces.append((text, self.chars, False))


def render_docx(data: bytes, name: str, max_bytes: int) -> Rendered:
    """The draft's body and notes as Markdown; ``DraftError`` if it is not a readable Word file."""
    document = _open(data, name, max_bytes)
    rels = document.part.rels
    notes = _Notes(bodies={**_note_bodies(document, _FOOTNOTES, "footnote"),
                           **_note_bodies(document, _ENDNOTES, "endnote")})
    out = MarkdownWriter()
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        style = _style_name(paragraph)
        parsed = _Paragraph()
        _walk(paragraph._p, parsed, rels, notes, number)
        _write_paragraph(out, parsed, number, _prefix(style, paragraph))
    if not out.length or not out.result().text.strip():
        raise DraftError(f"draft {name} is a Word file with no text in it; nothing to check")
    for (kind, note_id), label in notes.labels.items():
        body = _Paragraph()
        for p in notes.bodies.get((kind, note_id), []):
            _walk(p, body, _note_rels(document, kind), notes, 0, in_note=True)
            body.text(" ")
        line, col = notes.marks[label]
        out.markup(f"[^{label}]: ", line, col)
        out.markup(" ".join("".join(t for t, _, _ in body.pieces).split()) + "\n\n", line, col)
    return out.result()


def _open(data: bytes, name: str, max_bytes: int) -> WordDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as exc:
        raise DraftError(f"draft {name} is not a Word .docx file (not a zip package: {exc}); "
                         "open it in Word and save it as .docx") from exc
    limit = max_bytes * MAX_UNPACKED_RATIO
    if unpacked > limit:
        raise DraftError(f"draft {name} unpacks to {unpacked} bytes, over the {limit}-byte "
                         "limit (max_draft_bytes x 20); split the document or raise "
                         "max_draft_bytes")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile,
            etree.XMLSyntaxError, EOFError) as exc:
        raise DraftError(f"draft {name} is not a readable Word document ({exc}); open it in "
                         "Word and save it as .docx") from exc


def _paragraphs(document: WordDocument) -> Any:
    """Body paragraphs in order, those in table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(container: Any) -> Any:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                for row in item.rows:
                    for cell in _unique_cells(row):
                        yield from walk(cell)

    yield from walk(document)


def _unique_cells(row: Any) -> list[Any]:
    """A merged cell appears once per grid column it spans; read it once."""
    seen: set[int] = set()
    cells = []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _note_bodies(document: WordDocument, reltype: str, kind: str) -> dict[tuple[str, str], Any]:
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return {(kind, note.get(f"{W}id")): note.findall(f"{W}p")
                    for note in root.findall(f"{W}{kind}")
                    if note.get(f"{W}type") in (None, "normal")}
    return {}


def _note_rels(document: WordDocument, kind: str) -> Any:
    reltype = _FOOTNOTES if kind == "footnote" else _ENDNOTES
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part.rels
    return {}


def _style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        style = None
    if style is not None and style.name:
        return str(style.name)
    ppr = paragraph._p.pPr
    return str(ppr.pStyle.val) if ppr is not None and ppr.pStyle is not None else ""


def _prefix(style: str, paragraph: Any) -> str:
    heading = _HEADING.search(style)
    if heading:
        return "#" * min(int(heading.group(1)), 6) + " "
    if style.lower() in ("title",):
        return "# "
    ppr = paragraph._p.pPr
    if (ppr is not None and ppr.numPr is not None) or style.lower().startswith("list"):
        return "- "
    return ""


def _walk(element: Any, out: _Paragraph, rels: Any, notes: _Notes, number: int,
          *, in_note: bool = False) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            out.text(child.text or "")
        elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out.text(" ")
        elif tag == f"{W}noBreakHyphen":
            out.text("-")
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            if not in_note:
                kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
                label = notes.label(kind, child.get(f"{W}id") or "", (number, out.chars + 1))
                out.markup(f"[^{label}]")
        elif tag == f"{W}hyperlink":
            _link(child, out, rels, notes, number, in_note)
        elif tag == f"{W}fldChar":
            _field_char(child, out)
        elif tag == f"{W}fldSimple":
            found = _HYPERLINK_FIELD.search(child.get(f"{W}instr") or "")
            url = found.group(1) if found and re.match(r"https?://", found.group(1)) else None
            out.markup("[" if url else "")
            _walk(child, out, rels, notes, number, in_note=in_note)
            out.markup(f"]({url.replace(' ', '%20')})" if url else "")
        else:
            if tag == f"{W}r" and out.field_state == "code":
                _field_code(child, out)
            _walk(child, out, rels, notes, number, in_note=in_note)


def _link(element: Any, out: _Paragraph, rels: Any, notes: _Notes, number: int,
          in_note: bool) -> None:
    rel_id = element.get(R_ID)
    url = None
    if rel_id and rel_id in rels and rels[rel_id].is_external:
        url = rels[rel_id].target_ref
    if not url or not re.match(r"https?://", url, re.IGNORECASE):
        _walk(element, out, rels, notes, number, in_note=in_note)
        return
    out.markup("[")
    _walk(element, out, rels, notes, number, in_note=in_note)
    out.markup(f"]({url.replace(' ', '%20').replace(')', '%29')})")


def _field_char(element: Any, out: _Paragraph) -> None:
    """Complex fields: ``begin`` code ``separate`` result ``end``; HYPERLINK results are links."""
    kind = element.get(f"{W}fldCharType")
    if kind == "begin":
        out.field_state, out.field_url = "code", None
    elif kind == "separate":
        out.field_state = "result"
        if out.field_url:
            out.markup("[")
    elif kind == "end":
        if out.field_state == "result" and out.field_url:
            out.markup(f"]({out.field_url})")
        out.field_state, out.field_url = "", None


def _field_code(run: Any, out: _Paragraph) -> None:
    code = "".join(t.text or "" for t in run.iter(f"{W}instrText"))
    found = _HYPERLINK_FIELD.search(code)
    if found and re.match(r"https?://", found.group(1), re.IGNORECASE):
        out.field_url = found.group(1).replace(" ", "%20")


def _write_paragraph(out: MarkdownWriter, paragraph: _Paragraph, number: int,
                     prefix: str) -> None:
    pieces = paragraph.pieces
    # Leading spaces would make Markdown read an indented paragraph as code.
    while pieces and pieces[0][2] and not pieces[0][0].strip():
        pieces = pieces[1:]
    if pieces and pieces[0][2]:
        text, col, _ = pieces[0]
        stripped = text.lstrip()
        pieces = [(stripped, col + len(text) - len(stripped), True), *pieces[1:]]
    if not any(t.strip() for t, _, _ in pieces):
        return
    if prefix:
        out.markup(prefix, number, 1)
    for text, col, prose in pieces:
        if prose:
            out.text(text, number, col + 1)
        else:
            out.markup(text, number, col + 1)
    out.markup("\n\n", number, paragraph.chars + 1)
